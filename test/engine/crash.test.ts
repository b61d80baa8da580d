/**
 * Nothing lost, nothing doubled: a two-way CSV sync is killed (a real SIGKILL of a real
 * child process) at every write and commit point of its apply phase, then run again.
 * Afterwards both files must hold exactly what a run that never crashed produces.
 */
import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../src/main/engine/run'
import { csvSync, openCsvWorld } from './fixtures/csv-world'
import { bundled } from '../support/bundle'

const run = promisify(execFile)
// Bundled once: every crash point starts a new child, and one file loads far faster than tsx compiling the sources.
let child = ''
beforeAll(async () => {
  child = await bundled(join(import.meta.dirname, 'fixtures', 'crash-child.ts'))
})

async function runChild(dir: string, crashAt: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await run(process.execPath, [child, dir, String(crashAt)], { timeout: 60_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

async function finishInProcess(dir: string): Promise<void> {
  const { adapters, state } = await openCsvWorld(dir)
  const { run: r } = await runSync({ sync: csvSync, adapters, state, trigger: 'manual' })
  expect(r.status, JSON.stringify(r.error)).toBe('ok')
}

/** Both files as comparable content: rows by email, generated ids left out. */
async function snapshot(dir: string) {
  const read = async (f: string) => parse(await readFile(join(dir, f), 'utf8'), { columns: true }) as Record<string, string>[]
  const left = await read('customers.csv')
  const right = await read('list.csv')
  const norm = (rows: Record<string, string>[], cols: string[]) => rows.map((r) => cols.map((c) => (c === 'email' ? r[c].trim().toLowerCase() : r[c])).join('|')).sort()
  return { left: norm(left, ['email', 'full_name', 'phone', 'city']), right: norm(right, ['email', 'first_name', 'last_name', 'phone', 'city']) }
}

let seed: string

beforeAll(async () => {
  // A synced starting point, then a day of edits on both sides: updates, creates, deletes, a conflict.
  seed = await mkdtemp(join(tmpdir(), 'patchbay-crash-seed-'))
  const people = Array.from({ length: 60 }, (_, i) => ({ id: `c${1000 + i}`, email: `p${i}@shop.test`, first: `First${i}`, last: `Last${i}`, phone: `+4420794600${String(i).padStart(2, '0')}`, city: ['Leeds', 'York', 'Hull'][i % 3] }))
  await writeFile(join(seed, 'customers.csv'), ['id,full_name,email,phone,city', ...people.slice(0, 45).map((p) => `${p.id},${p.first} ${p.last},${p.email},${p.phone},${p.city}`)].join('\n') + '\n')
  await writeFile(join(seed, 'list.csv'), ['email,first_name,last_name,phone,city', ...people.slice(20).map((p) => `${p.email},${p.first},${p.last},${p.phone},${p.city}`)].join('\n') + '\n')
  await finishInProcess(seed)
  let crm = await readFile(join(seed, 'customers.csv'), 'utf8')
  let list = await readFile(join(seed, 'list.csv'), 'utf8')
  for (let i = 0; i < 60; i += 4) crm = crm.replace(`,p${i}@shop.test,`, `,p${i}@shop.test,`).replace(new RegExp(`(First${i} Last${i},p${i}@shop\\.test,[^,]*),(\\w+)`), `$1,Bristol`)
  for (let i = 2; i < 60; i += 6) list = list.replace(new RegExp(`(p${i}@shop\\.test,First${i},Last${i}),([^,]*)`), `$1,+447700900${String(i).padStart(3, '0')}`)
  crm = crm.replace(/\n[^\n]*,p5@shop\.test,[^\n]*/, '') + Array.from({ length: 12 }, (_, i) => `n${i},New Person${i},new${i}@shop.test,,Leeds`).join('\n') + '\n'
  list = list.replace(/\np50@shop\.test,[^\n]*/, '') + Array.from({ length: 9 }, (_, i) => `fresh${i}@list.test,Fresh,Sub${i},,York`).join('\n') + '\n'
  await writeFile(join(seed, 'customers.csv'), crm)
  await writeFile(join(seed, 'list.csv'), list)
})

describe('a two-way CSV sync killed while it writes', () => {
  it('ends, after a rerun, exactly where an uninterrupted run ends, at every crash point', async () => {
    const reference = await mkdtemp(join(tmpdir(), 'patchbay-crash-ref-'))
    await cp(seed, reference, { recursive: true })
    const clean = await runChild(reference, 0)
    expect(clean.status).toBe('ok')
    const points = clean.points!
    expect(points).toBeGreaterThan(10)
    const want = await snapshot(reference)
    expect(want.left.length).toBeGreaterThan(60)
    expect(new Set(want.left.map((r) => r.split('|')[0])).size).toBe(want.left.length)

    for (let at = 1; at <= points; at++) {
      const dir = await mkdtemp(join(tmpdir(), `patchbay-crash-${at}-`))
      await cp(seed, dir, { recursive: true })
      const first = await runChild(dir, at)
      expect(first.killed, `crash point ${at} was reached`).toBe(true)
      // Crash again during recovery at the same point when there is one, then finish.
      await runChild(dir, at)
      await finishInProcess(dir)
      const got = await snapshot(dir)
      expect(got, `state after crash at point ${at} of ${points}`).toEqual(want)
      // And a further run finds nothing left to do.
      const { adapters, state } = await openCsvWorld(dir)
      const again = await runSync({ sync: csvSync, adapters, state, trigger: 'manual' })
      expect(again.run.counts, `no leftover work after crash ${at}`).toMatchObject({ created: 0, updated: 0, deleted: 0 })
    }
  }, 600_000)
})
