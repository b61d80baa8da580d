/** The engine over real CSV files: what only files can do to a sync. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runSync } from '../../src/main/engine/run'
import { csvSync, openCsvWorld } from './fixtures/csv-world'

async function world(customers: string, list: string) {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-csv-engine-'))
  await writeFile(join(dir, 'customers.csv'), customers)
  await writeFile(join(dir, 'list.csv'), list)
  const run = async () => {
    const { adapters, state } = await openCsvWorld(dir)
    return (await runSync({ sync: csvSync, adapters, state, trigger: 'manual' })).run
  }
  return { dir, run, read: (f: string) => readFile(join(dir, f), 'utf8') }
}

describe('two-way sync between CSV files', () => {
  it('a row that became unreadable is reported, and its partner is not deleted', async () => {
    const w = await world('id,full_name,email,phone,city\n1,Ann Lee,ann@x.com,,Leeds\n2,Bob Stone,bob@x.com,,York\n', 'email,first_name,last_name,phone,city\n')
    expect((await w.run()).status).toBe('ok')
    expect(await w.read('list.csv')).toContain('bob@x.com')
    // Someone breaks Bob's row in a spreadsheet (an extra column) and the other row by a stray quote.
    await writeFile(join(w.dir, 'customers.csv'), 'id,full_name,email,phone,city\n1,Ann Lee,ann@x.com,,Leeds\n2,Bob Stone,bob@x.com,,York,extra\n')
    const run = await w.run()
    expect(run.status).toBe('partial')
    expect(run.counts.deleted).toBe(0)
    expect(await w.read('list.csv')).toContain('bob@x.com')
    await writeFile(join(w.dir, 'customers.csv'), 'id,full_name,email,phone,city\n1,Ann Lee,ann@x.com,,Leeds\n"2,Bob Stone,bob@x.com,,York\n')
    const blind = await w.run()
    expect(blind.counts.deleted).toBe(0)
    expect(await w.read('list.csv')).toContain('bob@x.com')
  })

  it('a record deleted from one file is deleted from the other (deletes: propagate)', async () => {
    const w = await world('id,full_name,email,phone,city\n1,Ann Lee,ann@x.com,,Leeds\n2,Bob Stone,bob@x.com,,York\n', 'email,first_name,last_name,phone,city\n')
    await w.run()
    await writeFile(join(w.dir, 'customers.csv'), 'id,full_name,email,phone,city\n1,Ann Lee,ann@x.com,,Leeds\n')
    const run = await w.run()
    expect(run.counts.deleted).toBe(1)
    expect(await w.read('list.csv')).not.toContain('bob@x.com')
  })
})
