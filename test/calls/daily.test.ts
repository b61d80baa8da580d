/** The overview's chart and the ids of new syncs, in the user's terms. */
import { describe, expect, it } from 'vitest'
import { dailyStats } from '../../src/main/calls/daily'
import { idFrom } from '../../src/main/calls/syncs'
import type { Run } from '../../src/shared/domain'

const run = (endedAt: string, counts: Partial<Run['counts']>, extra: Partial<Run> = {}): Run => ({
  id: `r-${endedAt}`, syncId: 's', trigger: 'watch', startedAt: endedAt, endedAt, status: 'ok', dryRun: false,
  counts: { read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 0, ...counts }, ...extra
})

describe('records synced and errors per day', () => {
  const now = Date.parse('2026-11-25T12:00:00Z')

  it('has one entry per day, oldest first, with empty days at zero', () => {
    const days = dailyStats([run('2026-11-25T09:00:00Z', { created: 3, updated: 2 })], 7, now, 'UTC')
    expect(days.map((d) => d.date)).toEqual(['2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'])
    expect(days[6]).toEqual({ date: '2026-11-25', synced: 5, errors: 0, runs: 1, bySync: { s: 5 } })
    expect(days.slice(0, 6).every((d) => d.synced === 0 && d.runs === 0)).toBe(true)
  })

  it('counts failed records, and a run that failed outright as one error', () => {
    const days = dailyStats([run('2026-11-24T10:00:00Z', { created: 1, failed: 2 }, { status: 'partial' }), run('2026-11-24T11:00:00Z', {}, { status: 'failed' })], 2, now, 'UTC')
    expect(days[0]).toEqual({ date: '2026-11-24', synced: 1, errors: 3, runs: 2, bySync: { s: 1 } })
  })

  it('leaves out previews and skipped runs, which changed nothing', () => {
    const days = dailyStats([run('2026-11-25T09:00:00Z', { created: 9 }, { dryRun: true }), run('2026-11-25T09:30:00Z', {}, { status: 'cancelled' })], 1, now, 'UTC')
    expect(days).toEqual([{ date: '2026-11-25', synced: 0, errors: 0, runs: 0, bySync: {} }])
  })

  it('keeps each sync’s records moved per day apart', () => {
    const days = dailyStats(
      [run('2026-11-25T08:00:00Z', { created: 2 }, { syncId: 'shop' }), run('2026-11-25T09:00:00Z', { updated: 3, deleted: 1 }, { syncId: 'crm' }), run('2026-11-25T10:00:00Z', { created: 1 }, { syncId: 'shop' }), run('2026-11-25T11:00:00Z', {}, { syncId: 'quiet' })],
      1,
      now,
      'UTC'
    )
    expect(days[0].bySync).toEqual({ shop: 3, crm: 4 })
    expect(days[0].synced).toBe(7)
  })

  it('puts a run on the day it ended in the user’s time zone', () => {
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    const days = dailyStats([run('2026-11-24T23:30:00Z', { updated: 4 })], 2, now, 'Europe/Berlin')
    expect(days.find((d) => d.date === '2026-11-25')?.synced).toBe(4)
  })
})

describe('the id of a new sync or connection', () => {
  it('comes from its name, in lower-case letters, digits and dashes', () => {
    expect(idFrom('Payments → Books (nightly)', new Set())).toBe('payments-books-nightly')
    expect(idFrom('Café ⇄ CRM', new Set())).toBe('cafe-crm')
  })

  it('never clashes with an existing one', () => {
    expect(idFrom('CRM', new Set(['crm', 'crm-2']))).toBe('crm-3')
  })

  it('is still an id when the name has no letters', () => {
    expect(idFrom('→ ⇄', new Set())).toBe('item')
  })
})
