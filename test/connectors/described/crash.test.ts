/**
 * Nothing lost, nothing doubled on a described API: a two-way sync between a CSV file and
 * the Till stand-in is killed (a real SIGKILL of a real child process) just after its first
 * write call to the Till, before the links are recorded, then run again; the Till, kept
 * alive in this process, must hold each person once and both sides what an uninterrupted
 * run leaves. A described API creates by match key, so the rerun finds what was made.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/engine/run'
import { bundled } from '../../support/bundle'
import { describeTill, openTillWorld, tillSync } from './fixtures/till-world'
import { startTill, type TillStandIn } from './stand-in'

const run = promisify(execFile)
let child = ''
const dirs: string[] = []
beforeAll(async () => {
  child = await bundled(join(import.meta.dirname, 'fixtures', 'crash-child.ts'))
})
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

/** A Till with three people (one also in the file, edited there) and a file with three more. */
async function world(): Promise<{ dir: string; till: TillStandIn }> {
  const till = await startTill([
    { email: 'ann@example.com', first: 'Ann', last: 'Lee' },
    { email: 'bob@example.com', first: 'Bob', last: 'Stone' },
    { email: 'cy@example.com', first: 'Cy', last: 'Young' }
  ])
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-described-crash-'))
  dirs.push(dir)
  await writeFile(join(dir, 'people.csv'), 'id,email,first,last\n1,ann@example.com,Ann,Lee-Smith\n2,dee@example.com,Dee,Ray\n3,eve@example.com,Eve,Hart\n4,fay@example.com,Fay,Wu\n')
  await describeTill(dir, till.url)
  return { dir, till }
}

async function runChild(dir: string, key: string, crashAt: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await run(process.execPath, [child, dir, key, String(crashAt)], { timeout: 30_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

/** Both sides as comparable text: people by email, ids left out. */
async function snapshot(dir: string, till: TillStandIn): Promise<{ file: string[]; till: string[] }> {
  const rows = (await readFile(join(dir, 'people.csv'), 'utf8')).trim().split('\n').slice(1)
  return {
    file: rows.map((r) => r.split(',').slice(1).join(',')).sort(),
    till: [...till.contacts.values()].map((c) => `${c.email},${c.name.first},${c.name.last}`).sort()
  }
}

describe('a described API sync killed while it writes', () => {
  it('ends, after a rerun, where an uninterrupted run ends, with nobody made twice', async () => {
    // The uninterrupted run, here in the test process.
    const reference = await world()
    const { adapters, state } = await openTillWorld(reference.dir, reference.till.key)
    expect((await runSync({ sync: tillSync, adapters, state, trigger: 'manual', chunkSize: 2 })).run.status).toBe('ok')
    const want = await snapshot(reference.dir, reference.till)
    await reference.till.close()
    expect(want.till).toHaveLength(6)
    expect(want.till).toContain('ann@example.com,Ann,Lee-Smith')
    expect(want.file).toEqual(want.till)

    // Killed after its first write call to the Till (of two): records made there, no links recorded yet.
    const { dir, till } = await world()
    try {
      expect((await runChild(dir, till.key, 1)).killed, 'the first write call was reached').toBe(true)
      expect(till.contacts.size).toBeGreaterThan(3)
      const again = await openTillWorld(dir, till.key)
      const rerun = await runSync({ sync: tillSync, adapters: again.adapters, state: again.state, trigger: 'manual' })
      expect(rerun.run.status, JSON.stringify(rerun.run.error)).toBe('ok')
      expect(await snapshot(dir, till)).toEqual(want)
    } finally {
      await till.close()
    }
  }, 30_000)
})
