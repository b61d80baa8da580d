/** What a run leaves for the owner reaches the log, each line findable by the record's key (real processes, real files). */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from '../e2e/helpers'
import { runPatchbay, type CliResult } from '../support/patchbay-cli'

// The built command, rebuilt first if the sources changed (a child starts far faster than through tsx).
beforeAll(ensureBuilt, 300_000)
let home: string
let files: string

async function patchbay(...args: string[]): Promise<CliResult> {
  return runPatchbay(home, args)
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'patchbay-logs-home-'))
  files = await mkdtemp(join(tmpdir(), 'patchbay-logs-files-'))
  await writeFile(join(files, 'form.csv'), 'email,name\nann@x.com,Ann\nbob@x.com,Bob\ndan@x.com,Dan\ndan@x.com,Daniel\n')
  await writeFile(join(files, 'crm.csv'), 'id,email,name\n1,ann@x.com,Ann Old\n')
  await writeFile(join(files, 'setup.json'), JSON.stringify({
    connections: [
      { id: 'form', system: 'csv', label: 'Web form export', settings: { file: join(files, 'form.csv'), keyColumn: 'email' } },
      { id: 'crm', system: 'csv', label: 'CRM', settings: { file: join(files, 'crm.csv'), keyColumn: 'id' } }
    ],
    syncs: [{
      id: 'form-crm', name: 'Web form ⇄ CRM', left: { connectionId: 'form', object: 'form' }, right: { connectionId: 'crm', object: 'crm' },
      mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }],
      match: { field: 'email' }, conflictPolicy: 'ask'
    }]
  }))
  expect((await patchbay('import', join(files, 'setup.json'))).code).toBe(0)
}, 120_000)

describe('the log of a run', () => {
  it('marks every line of a preview as a preview and says "would create", not "created"', async () => {
    const r = await patchbay('run', 'form-crm', '--dry-run')
    expect(r.stdout).toMatch(/would|preview/i)
    const logs = await patchbay('logs', '--sync', 'form-crm', '--limit', '100')
    const lines = logs.stdout.trim().split('\n')
    expect(lines.length).toBeGreaterThan(1)
    for (const line of lines) expect(line).toMatch(/Preview/)
    expect(logs.stdout).toMatch(/would create 2\b/)
    expect(logs.stdout).not.toMatch(/created 2\b/)
    expect(logs.stdout).toMatch(/WARN .*Preview: Could not read dan@x\.com/)
  }, 120_000)

  it('puts a record that could not be read under Errors, and a conflict under its email, then its settlement', async () => {
    const run = await patchbay('run', 'form-crm')
    expect(run.code).toBe(2)
    const errors = await patchbay('logs', '--level', 'error', '--sync', 'form-crm')
    expect(errors.stdout).toMatch(/ERROR .*Could not read dan@x\.com .*from Web form export/)
    expect(errors.stdout).not.toMatch(/Preview/)

    const ann = await patchbay('logs', '--text', 'ann@x.com')
    expect(ann.stdout).toMatch(/WARN .*Conflict on ann@x\.com: name is "Ann" in Web form export and "Ann Old" in CRM/)

    const conflicts = await patchbay('conflicts')
    const id = /c-[0-9a-f]{8}/.exec(conflicts.stdout)![0]
    expect((await patchbay('resolve', id, '--left')).code).toBe(0)
    const settled = await patchbay('logs', '--text', 'ann@x.com', '--level', 'info')
    expect(settled.stdout).toMatch(/INFO .*Settled the conflict on ann@x\.com in Web form ⇄ CRM: kept Web form export's values/)

    // Changed their mind before the next run: the settlement is undone and the conflict waits again, in the log too.
    const undo = await patchbay('unsettle', id)
    expect(undo.code).toBe(0)
    expect(undo.stdout).toMatch(new RegExp(`${id} waits for you again in Web form ⇄ CRM`))
    expect((await patchbay('conflicts')).stdout).toMatch(new RegExp(`${id}\\s+form-crm\\s+open`))
    expect((await patchbay('logs', '--text', 'ann@x.com', '--level', 'info')).stdout).toMatch(/Undid the settlement of the conflict on ann@x\.com/)
    // Nothing was written meanwhile: the CRM still has its own name.
    expect((await patchbay('unsettle', 'c-00000000')).stderr).toMatch(/no conflict "c-00000000"/)
    // Once a run has written a choice, only undoing that run puts it back.
    expect((await patchbay('resolve', id, '--left')).code).toBe(0)
    await patchbay('run', 'form-crm')
    const late = await patchbay('unsettle', id)
    expect(late.code).not.toBe(0)
    expect(late.stderr).toMatch(/a run already wrote your choice \(undo that run: `patchbay runs`/)
    // `patchbay runs` gives the run ids that undo takes, newest first, narrowed by outcome.
    const runs = await patchbay('runs', '--sync', 'form-crm')
    expect(runs.code).toBe(0)
    expect(runs.stdout.split('\n')[0]).toMatch(/^RUN\s+STARTED\s+SYNC\s+OUTCOME\s+RECORDS/)
    expect(runs.stdout).toMatch(/run-\S+\s+.+Web form ⇄ CRM\s+some records failed or deletes held/)
    const partial = await patchbay('runs', '--status', 'partial')
    expect(partial.stdout.trim().split('\n').slice(1).every((l) => /some records failed/.test(l))).toBe(true)
    expect((await patchbay('runs', '--status', 'undo')).stdout).toMatch(/No runs match/)
    expect((await patchbay('runs', '--limit', 'x')).stderr).toMatch(/--limit needs a whole number/)
  }, 180_000)
})
