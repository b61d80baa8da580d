/**
 * Undo and restores as an owner meets them in the CSV demo, with real `patchbay`
 * processes and real files: an undo never leaves the two files silently different, is
 * never taken for a successful run, and a damaged sync state is told and read afresh.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, beforeAll } from 'vitest'
import { ensureBuilt } from '../e2e/helpers'
import { runPatchbay, type CliResult } from '../support/patchbay-cli'

// The built command, rebuilt first if the sources changed (a child starts far faster than through tsx).
beforeAll(ensureBuilt, 300_000)

async function demo() {
  const root = await mkdtemp(join(tmpdir(), 'patchbay-undo-'))
  const home = join(root, 'data')
  const files = join(root, 'files')
  const patchbay = (...args: string[]): Promise<CliResult> => runPatchbay(home, args)
  expect((await patchbay('demo', '--dir', root)).code).toBe(0)
  const customers = join(files, 'customers.csv')
  const list = join(files, 'mailing-list.csv')
  const read = async (f: string) => readFile(f, 'utf8')
  const edit = async (f: string, from: string, to: string) => {
    const text = await read(f)
    expect(text).toContain(from)
    await writeFile(f, text.replace(from, to))
  }
  return { root, home, files, customers, list, read, edit, patchbay }
}

/** Bob Kim renamed Robert Kim in customers.csv, synced, then undone. */
async function renamedAndUndone() {
  const d = await demo()
  await d.edit(d.customers, 'Bob Kim', 'Robert Kim')
  const run = await d.patchbay('run', 'customers-newsletter')
  expect(run.stdout).toMatch(/updated 1 /)
  expect(await d.read(d.list)).toMatch(/bob\.kim1@example\.com,Robert,Kim/i)
  const runId = /run id: (\S+)/.exec(run.stdout)![1]
  const undo = await d.patchbay('undo', runId)
  return { ...d, runId, undo }
}

describe('patchbay undo in the CSV demo', () => {
  it('says what still differs, pauses the sync, queues the difference in Conflicts, is no success and is logged', async () => {
    const d = await renamedAndUndone()
    expect(d.undo.stdout).toContain('Shop customers (CSV export) still says Robert Kim; Newsletter list (CSV) is back to Bob Kim.')
    expect(d.undo.stdout).toContain('The sync is paused: settle the difference in Conflicts, or resume it and the next run writes Robert Kim again.')
    expect(d.undo.code).toBe(2)
    expect(await d.read(d.list)).toMatch(/bob\.kim1@example\.com,Bob,Kim/i)
    expect(await d.read(d.customers)).toContain('Robert Kim')
    expect((await d.patchbay('conflicts')).stdout).toMatch(/name: Bob Kim → left Robert Kim \| right Bob Kim/)
    const status = await d.patchbay('status')
    expect(status.stdout).toMatch(/customers-newsletter\s+Paused/)
    expect(status.stdout).toContain('still says Robert Kim')

    // The undo is not the last run: LAST RUN still tells the run it undid (it wrote one record; the
    // customers file's broken row failed), and a run that wrote records is the last success, not "never".
    const row = status.stdout.split('\n').find((l) => l.startsWith('customers-newsletter'))!
    expect(row).toMatch(/Paused\s+1 written, 1 failed, just now\s+just now\s/)
    const runs = JSON.parse(await d.read(join(d.home, 'runs.json'))).data.runs as { id: string; undoOf?: string }[]
    expect(runs.filter((r) => r.undoOf === d.runId)).toHaveLength(1)

    // The log has it at info level, with the run, its counts and each record left different.
    const logs = (await d.patchbay('logs', '--text', 'Undid run')).stdout
    expect(logs).toMatch(/INFO/)
    expect(logs).toContain(d.runId)
    expect(logs).toMatch(/1 put back, 0 skipped/)
    expect((await d.patchbay('logs', '--text', 'bob.kim1@example.com')).stdout).toMatch(/differs between the two sides/)
  })

  it('a run after the undo writes the owner’s edit again: both files agree, nothing waits, the sync runs by itself again', async () => {
    const d = await renamedAndUndone()
    const again = await d.patchbay('run', 'customers-newsletter')
    expect(again.stdout).toMatch(/updated 1 /)
    expect(await d.read(d.list)).toMatch(/bob\.kim1@example\.com,Robert,Kim/i)
    expect((await d.patchbay('conflicts')).stdout).not.toContain('Robert Kim')
    const status = (await d.patchbay('status')).stdout
    expect(status).not.toMatch(/customers-newsletter\s+Paused/)
    expect(status).not.toContain('still says')
  })

  it('keeping the undone value writes it back to customers.csv: both files say Bob Kim', async () => {
    const d = await renamedAndUndone()
    const conflicts = (await d.patchbay('conflicts')).stdout
    const block = conflicts.split(/\n(?=c-)/).find((b) => b.includes('Robert Kim'))!
    const cid = /^(c-\S+)/.exec(block)![1]
    expect((await d.patchbay('resolve', cid, '--right')).code).toBe(0)
    await d.patchbay('run', 'customers-newsletter')
    expect(await d.read(d.customers)).toContain('Bob Kim')
    expect(await d.read(d.customers)).not.toContain('Robert Kim')
    expect(await d.read(d.list)).toMatch(/bob\.kim1@example\.com,Bob,Kim/i)
    expect((await d.patchbay('run', 'customers-newsletter')).stdout).toMatch(/updated 0 /)
  })
})
