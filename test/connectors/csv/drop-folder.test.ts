/**
 * A drop folder: a till leaves dated exports in a folder; each run reads those that have
 * finished arriving (oldest first, a newer export's record wins), an export still being
 * written waits with a plain message, and what a committed run read is filed under
 * processed/<date>/ and never read twice.
 */
import { execFile } from 'node:child_process'
import { cp, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import iconv from 'iconv-lite'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundled } from '../../support/bundle'
import { processedFolder } from '../../../src/main/connectors/csv/drop-folder'
import { runSync } from '../../../src/main/engine/run'
import { openDropWorld, dropSync } from './fixtures/drop-world'
import { openCsv, tempFolder } from './helpers'

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)

/** Writes an export and dates it `age` minutes ago (a finished export), or now when `age` is 0 (one still arriving). */
async function drop(dir: string, name: string, text: string, age: number): Promise<void> {
  const file = path.join(dir, 'drop', name)
  await writeFile(file, text)
  if (age > 0) await utimes(file, minutesAgo(age), minutesAgo(age))
}

async function ledger(dir: string): Promise<Record<string, string>[]> {
  return parse(await readFile(path.join(dir, 'ledger.csv')), { columns: true }) as Record<string, string>[]
}

/** A till's week: three dated exports (S12 corrected on the 3rd) and the 4th still being written. */
async function tillWorld(): Promise<string> {
  const dir = await tempFolder()
  await mkdir(path.join(dir, 'drop'))
  await writeFile(path.join(dir, 'ledger.csv'), 'sale,customer,amount\n')
  await drop(dir, 'sales-2026-12-01.csv', 'sale;customer;amount\r\nS10;Zoë;12,50\r\nS11;Ann;3,00\r\n', 30)
  await drop(dir, 'sales-2026-12-02.csv', 'sale;customer;amount\r\nS12;Bo;7,25\r\n', 20)
  await drop(dir, 'sales-2026-12-03.csv', 'sale;customer;amount\r\nS12;Bo;7,30\r\nS13;Cy;1,00\r\n', 10)
  await drop(dir, 'sales-2026-12-04.csv', 'sale;customer;amount\r\nS14;Di;4,', 0)
  return dir
}

describe('a drop folder of dated exports', () => {
  it('reads the finished exports, waits for the one being written, files each away after its run, and reads nothing twice', async () => {
    const dir = await tillWorld()
    const notes: string[] = []
    const run = async () => {
      const world = await openDropWorld(dir, notes)
      const { run: r } = await runSync({ sync: dropSync, ...world, trigger: 'manual' })
      expect(r.status, JSON.stringify(r.error)).toBe('ok')
      return r
    }

    const first = await run()
    expect(first.counts).toMatchObject({ created: 4, failed: 0 })
    expect(await ledger(dir)).toEqual([
      { sale: 'S10', customer: 'Zoë', amount: '12,50' },
      { sale: 'S11', customer: 'Ann', amount: '3,00' },
      { sale: 'S12', customer: 'Bo', amount: '7,30' }, // the newer export's correction
      { sale: 'S13', customer: 'Cy', amount: '1,00' }
    ])
    expect(notes).toEqual(['sales-2026-12-04.csv is still being written (it changed just now), so it waits for the next run; Patchbay reads an export once it has been left alone for 60 seconds'])

    // The till finishes the 4th export; the next run files the first three away and reads it.
    await drop(dir, 'sales-2026-12-04.csv', 'sale;customer;amount\r\nS14;Di;4,00\r\n', 1)
    notes.length = 0
    const second = await run()
    expect(second.counts).toMatchObject({ created: 1, updated: 0, failed: 0 })
    const processed = processedFolder(path.join(dir, 'drop'), new Date())
    expect((await readdir(processed)).sort()).toEqual(['sales-2026-12-01.csv', 'sales-2026-12-02.csv', 'sales-2026-12-03.csv'])
    expect(notes).toEqual([`Filed 3 processed exports under ${path.join(dir, 'drop', 'processed')}: sales-2026-12-01.csv, sales-2026-12-02.csv, sales-2026-12-03.csv`])
    expect((await ledger(dir)).map((r) => r.sale)).toEqual(['S10', 'S11', 'S12', 'S13', 'S14'])

    const third = await run()
    expect(third.counts).toMatchObject({ read: 0, created: 0, updated: 0 })
    expect(await readdir(path.join(dir, 'drop'))).toEqual(['processed'])
    expect((await readdir(processed)).sort()).toEqual(['sales-2026-12-01.csv', 'sales-2026-12-02.csv', 'sales-2026-12-03.csv', 'sales-2026-12-04.csv'])
  })

  it('reads again, and does not file away, what a run that failed had read', async () => {
    const dir = await tillWorld()
    await writeFile(path.join(dir, 'ledger.csv'), 'number,customer\n') // the ledger lost its key column: the run fails
    const world = await openDropWorld(dir)
    expect((await runSync({ sync: dropSync, ...world, trigger: 'manual' })).run.status).toBe('failed')
    await writeFile(path.join(dir, 'ledger.csv'), 'sale,customer,amount\n')
    const again = await runSync({ sync: dropSync, ...(await openDropWorld(dir)), trigger: 'manual' })
    expect(again.run.counts).toMatchObject({ created: 4 })
    expect((await readdir(path.join(dir, 'drop'))).filter((n) => n.endsWith('.csv'))).toHaveLength(4)
  })

  it('tries a sale the ledger refused again from its filed export, once the owner fixed the cause', async () => {
    const dir = await tillWorld()
    await drop(dir, 'sales-2026-12-02.csv', 'sale;customer;amount\r\nS12;Bo;7,25\r\nS15;Łukasz;2,00\r\n', 20)
    // The ledger is kept in Windows-1252, which has no Ł: that one sale fails, the others are written.
    const first = await runSync({ sync: dropSync, ...(await openDropWorld(dir, [], { encoding: 'windows-1252' })), trigger: 'manual' })
    expect(first.run).toMatchObject({ status: 'partial', counts: { created: 4, failed: 1 } })
    // The owner saves the ledger as UTF-8; the next run files the exports away and still finds S15 to try again.
    await writeFile(path.join(dir, 'ledger.csv'), iconv.decode(await readFile(path.join(dir, 'ledger.csv')), 'windows-1252'))
    const second = await runSync({ sync: dropSync, ...(await openDropWorld(dir)), trigger: 'manual' })
    expect(second.run).toMatchObject({ status: 'ok', counts: { created: 1, failed: 0 } })
    expect(await readdir(processedFolder(path.join(dir, 'drop'), new Date()))).toHaveLength(3)
    expect((await ledger(dir)).find((r) => r.sale === 'S15')).toEqual({ sale: 'S15', customer: 'Łukasz', amount: '2,00' })
  })

  it('says in Test connection how many exports wait and how the newest reads; refuses writes', async () => {
    const dir = await tillWorld()
    const session = await openCsv({ dropFolder: path.join(dir, 'drop'), pattern: 'sales-*.csv', keyColumn: 'sale' })
    expect((await session.test()).message).toBe(
      '3 exports ready and 1 still being written; the newest ready is sales-2026-12-03.csv (2 rows; plain text, accents written as UTF-8, semicolons, Windows line breaks). Patchbay worked out how each file is saved; if that is wrong, set the connection\'s "encoding" or "delimiter" setting.'
    )
    await expect(session.object('sales').write([{ op: 'create', ref: 'c', fields: { sale: 'S1' } }])).rejects.toThrow(/only reads the exports in the drop folder/)
    await expect(openCsv({ dropFolder: dir })).rejects.toThrow('A drop folder needs a "pattern" naming its exports, such as "sales-*.csv"')
    await expect(openCsv({ dropFolder: dir, pattern: 'exports/sales-*.csv' })).rejects.toThrow('setting "pattern" is wrong: a file name pattern such as "sales-*.csv", without a folder')
  })
})

describe('a drop folder sync killed mid-run (a real SIGKILL of a real child process)', () => {
  let child = ''
  beforeAll(async () => {
    child = await bundled(path.join(import.meta.dirname, 'fixtures', 'drop-crash-child.ts'))
  })

  const runChild = async (dir: string, crashAt: string): Promise<{ killed: boolean; points?: string[] }> => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [child, dir, crashAt], { timeout: 60_000 })
      return { killed: false, ...(JSON.parse(stdout.trim().split('\n').pop()!) as { points: string[] }) }
    } catch (e) {
      const err = e as { signal?: string; stderr?: string }
      if (err.signal === 'SIGKILL') return { killed: true }
      throw new Error(`child failed: ${err.stderr}`)
    }
  }

  it('neither loses nor doubles an export when killed between writing and filing away, or half-way through filing', async () => {
    const seed = await tempFolder()
    await mkdir(path.join(seed, 'drop'))
    await writeFile(path.join(seed, 'ledger.csv'), 'sale,customer,amount\n')
    await drop(seed, 'sales-2026-12-01.csv', 'sale;customer;amount\r\nS10;Zoë;12,50\r\nS11;Ann;3,00\r\n', 30)
    await drop(seed, 'sales-2026-12-02.csv', 'sale;customer;amount\r\nS12;Bo;7,25\r\n', 20)
    await drop(seed, 'sales-2026-12-03.csv', 'sale;customer;amount\r\nS12;Bo;7,30\r\nS13;Cy;1,00\r\n', 10)
    // Read but not written; written but not committed; committed but not filed away; one of three filed away.
    // After the first two the exports are read again (4 sales); after the others they are not read at all.
    const chosen: [string, number][] = [
      ['run 1: ledger writing #1', 4],
      ['run 1: ledger written #1', 4],
      ['run 1: state saved #2', 0],
      ['run 2: filed sales-2026-12-01.csv #1', 0]
    ]
    for (const [crashAt, readAgain] of chosen) {
      const dir = await tempFolder()
      await cp(seed, dir, { recursive: true, preserveTimestamps: true })
      const child = await runChild(dir, crashAt)
      expect(child.killed, `${crashAt} not reached; the points were ${child.points?.join(' | ')}`).toBe(true)
      for (let n = 0; n < 2; n++) {
        const world = await openDropWorld(dir)
        let exportsRead = 0
        const list = world.adapters.left.listChanged.bind(world.adapters.left)
        world.adapters.left.listChanged = async (cursor) => {
          const feed = await list(cursor)
          exportsRead += feed.total ?? 0
          return feed
        }
        const { run } = await runSync({ sync: dropSync, ...world, trigger: 'manual' })
        expect(run.status, `${crashAt}: ${JSON.stringify(run.error)}`).toBe('ok')
        expect(exportsRead, `${crashAt}: sales read from the exports on run ${n + 1} after the crash`).toBe(n === 0 ? readAgain : 0)
      }
      expect(await ledger(dir), crashAt).toEqual([
        { sale: 'S10', customer: 'Zoë', amount: '12,50' },
        { sale: 'S11', customer: 'Ann', amount: '3,00' },
        { sale: 'S12', customer: 'Bo', amount: '7,30' },
        { sale: 'S13', customer: 'Cy', amount: '1,00' }
      ])
      expect(await readdir(path.join(dir, 'drop')), crashAt).toEqual(['processed'])
      const processed = processedFolder(path.join(dir, 'drop'), new Date())
      expect((await readdir(processed)).sort(), crashAt).toEqual(['sales-2026-12-01.csv', 'sales-2026-12-02.csv', 'sales-2026-12-03.csv'])
    }
  })
})
