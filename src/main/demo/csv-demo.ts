/**
 * A sample workspace a newcomer can try in one command: a "web form export" and a
 * "mailing list" as two CSV files, a two-way sync between them with a conflict to
 * settle and a bad row to see in Failures.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { openApp } from '../app'
import { formatConflicts, formatFailures, formatRun } from '../cli/format'

const FIRST = ['Ann', 'Bob', 'Cara', 'Dev', 'Eli', 'Fay', 'Gus', 'Hana', 'Ian', 'Jo', 'Kai', 'Lena', 'Max', 'Nia', 'Omar', 'Pia']
const LAST = ['Lee', 'Stone', 'Okafor', 'Patel', 'Nguyen', 'Berg', 'Rossi', 'Kim', 'Walsh', 'Diaz']

/** Writes the sample files, imports the workspace and runs it, printing what happens. */
export async function createDemoWorkspace(dir: string | undefined, out: (s: string) => void): Promise<void> {
  const root = resolve(dir ?? join(tmpdir(), `patchbay-demo-${Date.now()}`))
  const files = join(root, 'files')
  await mkdir(files, { recursive: true })
  const people = Array.from({ length: 40 }, (_, i) => ({ first: FIRST[i % FIRST.length], last: LAST[(i * 7) % LAST.length], email: `${FIRST[i % FIRST.length].toLowerCase()}.${LAST[(i * 7) % LAST.length].toLowerCase()}${i}@example.com`, phone: `020 7946 ${String(1000 + i).slice(-4)}` }))
  const crm = ['id,full_name,email,phone', ...people.slice(0, 30).map((p, i) => `${i + 1},${p.first} ${p.last},${p.email},${p.phone}`), '31,"Broken ""quote,nobody@example.com,']
  const list = ['email,first_name,last_name,phone', ...people.slice(20).map((p) => `${p.email.toUpperCase()},${p.first},${p.last},${p.phone}`)]
  await writeFile(join(files, 'customers.csv'), crm.join('\n') + '\n')
  await writeFile(join(files, 'mailing-list.csv'), list.join('\n') + '\n')
  const config = {
    connections: [
      { id: 'shop-crm', system: 'csv', label: 'Shop customers (CSV export)', settings: { file: join(files, 'customers.csv'), keyColumn: 'id' } },
      { id: 'newsletter', system: 'csv', label: 'Newsletter list (CSV)', settings: { file: join(files, 'mailing-list.csv'), keyColumn: 'email' } }
    ],
    syncs: [
      {
        id: 'customers-newsletter', name: 'Customers ⇄ newsletter',
        left: { connectionId: 'shop-crm', object: 'customers' }, right: { connectionId: 'newsletter', object: 'mailing-list' },
        direction: 'both', trigger: { kind: 'manual' },
        mapping: [
          { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
          { name: 'name', left: 'full_name', combine: { side: 'right', parts: ['first_name', 'last_name'] } },
          { name: 'phone', left: 'phone', right: 'phone', fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] }
        ],
        match: { field: 'email' }, conflictPolicy: 'ask', deletes: 'ask'
      }
    ]
  }
  await writeFile(join(root, 'workspace.json'), JSON.stringify(config, null, 2))
  const app = await openApp({ home: join(root, 'data'), secrets: 'memory' })
  try {
    const svc = app.service
    await svc.importFile(join(root, 'workspace.json'))
    out(`Demo workspace in ${root}\n  customers:    ${join(files, 'customers.csv')}\n  mailing list: ${join(files, 'mailing-list.csv')}\n`)
    const first = await svc.runSync('customers-newsletter', { trigger: 'manual' })
    out(formatRun(first.run, 'First run') + '\n')
    // Someone edits the same customer in both files: a conflict for a person to settle.
    const { readFile } = await import('node:fs/promises')
    const crmNow = await readFile(join(files, 'customers.csv'), 'utf8')
    await writeFile(join(files, 'customers.csv'), crmNow.replace('020 7946 1021', '020 7946 5555'))
    const listNow = await readFile(join(files, 'mailing-list.csv'), 'utf8')
    await writeFile(join(files, 'mailing-list.csv'), listNow.replace('020 7946 1021', '020 7946 7777'))
    const second = await svc.runSync('customers-newsletter', { trigger: 'manual' })
    out(formatRun(second.run, 'After editing one phone number in both files') + '\n')
    out('Conflicts waiting:\n' + formatConflicts(await svc.conflicts()) + '\n')
    out('Failures:\n' + formatFailures(await svc.failures()) + '\n')
    out(`Try it yourself:\n  export PATCHBAY_HOME=${join(root, 'data')}\n  node bin/patchbay.js status\n  node bin/patchbay.js resolve <conflict id> --left\n  node bin/patchbay.js run customers-newsletter\n  node bin/patchbay.js logs --limit 20`)
  } finally {
    await app.close()
  }
}
