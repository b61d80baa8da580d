/**
 * Two CSV "systems", a CRM and a mailing list keyed by `id`, with a contacts sync between them
 * matched by email, opened in a real app on a fresh data folder (secrets in memory). The
 * world several service and log tests start from.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openApp, type App } from '../../src/main/app'
import type { SyncInput } from '../../src/shared/domain'

/** Options of `csvContacts`. */
export interface CsvContactsOptions {
  /** The CRM file's content, header first; the mailing list starts with the same header and no rows. */
  crm: string
  /** The synced fields, mapped by the same name on both sides; `email` is the match field. */
  fields: string[]
  /** More of the sync (direction, policies). */
  sync?: Partial<SyncInput>
  /** The log's level; tests that read the log want 'info'. @default 'error' */
  logLevel?: 'info' | 'error'
}

/** Writes the files, opens the app and saves the two connections and the `contacts` sync. */
export async function csvContacts(o: CsvContactsOptions): Promise<{ app: App; dir: string; home: string; crm: string; mail: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-contacts-'))
  const home = join(dir, 'home')
  const crm = join(dir, 'crm.csv')
  const mail = join(dir, 'mail.csv')
  await writeFile(crm, o.crm)
  await writeFile(mail, `${o.crm.split('\n')[0]}\n`)
  const app = await openApp({ home, secrets: 'memory', logLevel: o.logLevel ?? 'error' })
  const s = app.service
  await s.saveConnection({ id: 'crm', system: 'csv', label: 'CRM', settings: { file: crm, keyColumn: 'id' } })
  await s.saveConnection({ id: 'mail', system: 'csv', label: 'Mail', settings: { file: mail, keyColumn: 'id' } })
  await s.saveSync({
    id: 'contacts', name: 'Contacts', left: { connectionId: 'crm', object: 'crm' }, right: { connectionId: 'mail', object: 'mail' },
    mapping: o.fields.map((name) => ({ name, left: name, right: name })),
    match: { field: 'email' },
    ...o.sync
  })
  return { app, dir, home, crm, mail }
}
