import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { LogEntry } from '../../src/main/logs/entry'
import { closeLogger, createLogger, flushLogger } from '../../src/main/logs/logger'
import { queryLogs, type LogQuery } from '../../src/main/logs/query'
import { Redactor } from '../../src/main/logs/redact'
import { readAll, tempDir } from './helpers'

const T0 = Date.parse('2025-03-01T09:00:00.000Z')
const at = (minutes: number): number => T0 + minutes * 60_000
const iso = (minutes: number): string => new Date(at(minutes)).toISOString()

/** Writes lines into `patchbay[.index].ndjson` as the logger would have. */
async function writeLog(dir: string, index: number, lines: (Record<string, unknown> | string)[]): Promise<void> {
  const name = index === 0 ? 'patchbay.ndjson' : `patchbay.${index}.ndjson`
  await writeFile(join(dir, name), lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line)) + '\n').join(''))
}

/**
 * Two syncs over three files, one line a minute, oldest in patchbay.2.ndjson:
 * minutes 0-3 (file 2), 4-7 (file 1), 8-11 (file 0).
 */
async function fixture(): Promise<string> {
  const dir = await tempDir()
  const line = (minute: number): Record<string, unknown> => ({
    level: [20, 30, 40, 50][minute % 4],
    time: at(minute),
    pid: 1,
    syncId: minute % 2 === 0 ? 'contacts' : 'invoices',
    runId: `run-${Math.floor(minute / 6)}`,
    event: 'record',
    record: { side: 'right', op: 'update', id: `REC-${minute}`, key: `person${minute}@Example.com`, outcome: 'ok' },
    msg: `Updated record number ${minute}`
  })
  await writeLog(dir, 2, [0, 1, 2, 3].map(line))
  await writeLog(dir, 1, [4, 5, 6, 7].map(line))
  await writeLog(dir, 0, [8, 9, 10, 11].map(line))
  return dir
}

const minutesOf = (entries: LogEntry[]): number[] => entries.map((e) => (Date.parse(e.time) - T0) / 60_000)

/** Every page of a query, following the cursors. */
async function allPages(dir: string, query: LogQuery): Promise<{ pages: LogEntry[][]; entries: LogEntry[] }> {
  const pages: LogEntry[][] = []
  let before: string | undefined
  do {
    const page = await queryLogs(dir, { ...query, before })
    pages.push(page.entries)
    before = page.nextCursor
    expect(pages.length).toBeLessThan(1_000)
  } while (before)
  return { pages, entries: pages.flat() }
}

describe('queryLogs', () => {
  it('returns friendly entries, newest first, across the rotated files', async () => {
    const dir = await fixture()
    const page = await queryLogs(dir)
    expect(minutesOf(page.entries)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
    expect(page.nextCursor).toBeUndefined()
    expect(page.skipped).toBe(0)
    expect(page.entries[0]).toEqual({
      time: '2025-03-01T09:11:00.000Z',
      level: 'error',
      msg: 'Updated record number 11',
      syncId: 'invoices',
      runId: 'run-1',
      event: 'record',
      record: { side: 'right', op: 'update', id: 'REC-11', key: 'person11@Example.com', outcome: 'ok' }
    })
  })

  it('reads a folder with no log yet as an empty page', async () => {
    expect(await queryLogs(join(await tempDir(), 'never-created'))).toEqual({ entries: [], skipped: 0 })
  })

  it.each<[string, LogQuery, number[]]>([
    ['sync', { syncId: 'contacts' }, [10, 8, 6, 4, 2, 0]],
    ['run', { runId: 'run-0' }, [5, 4, 3, 2, 1, 0]],
    ['sync and run together', { syncId: 'invoices', runId: 'run-1' }, [11, 9, 7]],
    ['minimum level warn', { level: 'warn' }, [11, 10, 7, 6, 3, 2]],
    ['minimum level error', { level: 'error' }, [11, 7, 3]],
    ['minimum level debug (everything)', { level: 'debug' }, [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    ['since, inclusive', { since: iso(9) }, [11, 10, 9]],
    ['until, inclusive', { until: iso(2) }, [2, 1, 0]],
    ['a window across files', { since: iso(3), until: iso(8) }, [8, 7, 6, 5, 4, 3]],
    ['text in the message, any case', { text: 'NUMBER 1' }, [11, 10, 1]],
    ['text in the record key', { text: 'person7@example' }, [7]],
    ['text in the record id', { text: 'rec-5' }, [5]],
    ['text that is nowhere', { text: 'no such thing' }, []]
  ])('filters by %s', async (_what, query, minutes) => {
    const page = await queryLogs(await fixture(), query)
    expect(minutesOf(page.entries)).toEqual(minutes)
  })

  it('pages across rotated files without gaps or repeats', async () => {
    const dir = await fixture()
    for (const limit of [1, 3, 5, 12, 13]) {
      const { pages, entries } = await allPages(dir, { limit })
      expect(minutesOf(entries)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0])
      expect(pages.length).toBe(Math.ceil(12 / limit))
      expect(pages.every((page) => page.length > 0)).toBe(true)
    }
  })

  it('pages a filtered query, passing the same criteria each time', async () => {
    const { pages, entries } = await allPages(await fixture(), { syncId: 'contacts', level: 'info', limit: 2 })
    expect(minutesOf(entries)).toEqual([10, 6, 2])
    expect(pages.map((page) => page.length)).toEqual([2, 1])
  })

  it('pages what the logger wrote across real rotations', async () => {
    const dir = await tempDir()
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes: 1_500, maxFiles: 20 })
    for (let n = 0; n < 120; n++) log.info({ syncId: n % 3 === 0 ? 'a' : 'b', record: { id: `r${n}` } }, `line ${n}`)
    await closeLogger(log)
    expect(Object.keys(await readAll(dir)).length).toBeGreaterThan(5)

    const { entries } = await allPages(dir, { limit: 7 })
    expect(entries.map((e) => e.msg)).toEqual(Array.from({ length: 120 }, (_, i) => `line ${119 - i}`))
    const filtered = await allPages(dir, { syncId: 'a', limit: 4 })
    expect(filtered.entries.map((e) => e.record?.id)).toEqual(Array.from({ length: 40 }, (_, i) => `r${117 - 3 * i}`))
  })

  it('keeps its place when the log rotates between two pages', async () => {
    const dir = await tempDir()
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes: 1_000, maxFiles: 50 })
    for (let n = 0; n < 30; n++) log.info(`old ${n}`)
    await flushLogger(log)
    const first = await queryLogs(dir, { limit: 10 })
    expect(first.entries.map((e) => e.msg)).toEqual(Array.from({ length: 10 }, (_, i) => `old ${29 - i}`))

    const before = Object.keys(await readAll(dir)).length
    for (let n = 0; n < 60; n++) log.info(`new ${n}`)
    await closeLogger(log)
    expect(Object.keys(await readAll(dir)).length).toBeGreaterThan(before)

    const second = await queryLogs(dir, { limit: 10, before: first.nextCursor })
    expect(second.entries.map((e) => e.msg)).toEqual(Array.from({ length: 10 }, (_, i) => `old ${19 - i}`))
  })

  it('ends the paging when the page it pointed into was rotated away', async () => {
    const dir = await tempDir()
    const log = createLogger({ dir, redactor: new Redactor(), maxBytes: 600, maxFiles: 1 })
    for (let n = 0; n < 6; n++) log.info(`old ${n}`)
    await flushLogger(log)
    const first = await queryLogs(dir, { limit: 2 })
    expect(first.nextCursor).toBeDefined()
    for (let n = 0; n < 60; n++) log.info(`new ${n}`)
    await closeLogger(log)
    expect(await queryLogs(dir, { limit: 2, before: first.nextCursor })).toEqual({ entries: [], skipped: 0 })
  })

  it('skips and counts lines that are not log lines, and never throws on them', async () => {
    const dir = await tempDir()
    await writeLog(dir, 1, [
      { level: 30, time: at(0), msg: 'oldest' },
      'not json at all',
      '{"level":30,"time":',
      { msg: 'no level or time' }
    ])
    await writeLog(dir, 0, ['42', { level: 30, time: at(1), msg: 'newest' }])
    // A crash mid-write leaves half a line at the end.
    await appendFile(join(dir, 'patchbay.ndjson'), '{"level":30,"ti')
    const page = await queryLogs(dir)
    expect(page.entries.map((e) => e.msg)).toEqual(['newest', 'oldest'])
    expect(page.skipped).toBe(5)
  })

  it('names levels as the UI does and keeps the error code and hint', async () => {
    const dir = await tempDir()
    await writeLog(dir, 0, [
      { level: 10, time: at(0), msg: 'trace reads as debug' },
      { level: 60, time: at(1), msg: 'fatal' },
      { level: 50, time: at(2), msg: 'failed', err: { code: 'AUTH', message: 'token revoked', hint: 'Reconnect HubSpot.', stack: 'x' } },
      { level: 30, time: at(3), record: 'not an object', syncId: 7 }
    ])
    const { entries } = await queryLogs(dir)
    expect(entries.map((e) => e.level)).toEqual(['info', 'error', 'fatal', 'debug'])
    expect(entries[1].err).toEqual({ code: 'AUTH', message: 'token revoked', hint: 'Reconnect HubSpot.' })
    // Wrong-typed fields are dropped, the line is kept.
    expect(entries[0]).toEqual({ time: iso(3), level: 'info', msg: '' })
  })

  it.each<[string, LogQuery]>([
    ['a cursor it did not make', { before: 'bm90IGEgY3Vyc29y' }],
    ['a limit of zero', { limit: 0 }],
    ['a limit too large', { limit: 100_000 }],
    ['a since that is not a time', { since: 'yesterday-ish' }]
  ])('refuses %s', async (_what, query) => {
    await expect(queryLogs(await fixture(), query)).rejects.toThrow(RangeError)
  })
})
