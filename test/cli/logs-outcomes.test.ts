/**
 * What a person must be able to find in the log (issue 9, point 12), in the real log files
 * of a data folder, read back through the app's `logs:query` call and `patchbay logs` in a
 * child process: a record the other system refused is an error with its key (so the
 * Errors filter and the Errors and warnings filter both show it while it waits in
 * Failures), and settling one field across a sync's conflicts logs each conflict settled,
 * by its record's key. (Conflicts by key, single settlements, read problems and previews
 * are in logs-records.test.ts; undos in undo.test.ts.)
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, beforeAll } from 'vitest'
import type { CallResults } from '../../src/shared/contract'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { ensureBuilt } from '../e2e/helpers'
import { runPatchbay, type CliResult } from '../support/patchbay-cli'
import { csvContacts } from '../support/csv-contacts'

// The built command, rebuilt first if the sources changed (a child starts far faster than through tsx).
beforeAll(ensureBuilt, 300_000)

let app: App | undefined
let mailchimp: MailchimpFake | undefined
afterEach(async () => {
  await app?.close()
  await mailchimp?.close()
  app = mailchimp = undefined
})

async function patchbay(home: string, ...args: string[]): Promise<CliResult> {
  return runPatchbay(home, args)
}

describe('a record another system refused', () => {
  it('is logged as an error with its key: the Errors and the Errors and warnings filters show it, and so does a search for it', async () => {
    mailchimp = await startMailchimpFake({ accountName: 'Harbour Bakery' })
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-log-refused-'))
    const home = join(dir, 'data')
    const shop = join(dir, 'customers.csv')
    // Mailchimp refuses an address that looks made up.
    await writeFile(shop, 'email,first\nann@harbour-bakery.co.uk,Ann\ntest@harbour-bakery.co.uk,Tess\n')
    app = await openApp({ home, secrets: 'memory' })
    const s = app.service
    await s.saveConnection({ id: 'shop', system: 'csv', label: 'Shop customers', settings: { file: shop, keyColumn: 'email' } })
    await s.saveConnection({ id: 'news', system: 'mailchimp', label: 'Newsletter', authKind: 'api-key', settings: { listId: mailchimp.listId, baseUrl: mailchimp.baseUrl } }, { apiKey: mailchimp.apiKey })
    await s.saveSync({
      id: 'shop-news', name: 'Customers → newsletter', direction: 'left-to-right',
      left: { connectionId: 'shop', object: 'customers' }, right: { connectionId: 'news', object: 'members' },
      mapping: [{ name: 'email', left: 'email', right: 'email_address' }, { name: 'first', left: 'first', right: 'FNAME' }],
      match: { field: 'email' }
    })
    const h = makeHandlers(app)
    const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>

    const { run } = await call('sync:run', { syncId: 'shop-news' })
    expect(run).toMatchObject({ status: 'partial', counts: { created: 1, failed: 1 } })
    const [failure] = await call('failures:list', { syncId: 'shop-news' })
    expect(failure).toMatchObject({ status: 'open', message: expect.stringMatching(/looks fake or invalid/) })

    // In the app: the Errors filter, and the Errors and warnings filter.
    const refused = /^Could not create test@harbour-bakery\.co\.uk in Newsletter: .*looks fake or invalid/
    for (const level of ['error', 'warn'] as const) {
      const { entries } = await call('logs:query', { level, syncId: 'shop-news' })
      expect(entries, level).toContainEqual(expect.objectContaining({ level: 'error', event: 'record', msg: expect.stringMatching(refused), runId: run.id }))
    }
    // The run's end is a warning: some records failed.
    expect((await call('logs:query', { level: 'warn', syncId: 'shop-news' })).entries).toContainEqual(expect.objectContaining({ level: 'warn', event: 'run-end', msg: expect.stringMatching(/partial.*failed 1/) }))

    // On the command line, from the same files, by level and by the record's key.
    const errors = await patchbay(home, 'logs', '--level', 'error')
    expect(errors.stdout).toMatch(/ERROR\s+shop-news\s+Could not create test@harbour-bakery\.co\.uk in Newsletter: .*looks fake or invalid/)
    expect(errors.stdout).not.toContain('ann@harbour-bakery.co.uk')
    const byKey = await patchbay(home, 'logs', '--text', 'test@harbour-bakery.co.uk')
    expect(byKey.stdout).toMatch(/ERROR\s+shop-news\s+Could not create test@harbour-bakery\.co\.uk/)
  }, 120_000)
})

describe('settling one field across conflicts', () => {
  it('logs each conflict it settles, by its record’s key, so a search for the contact finds the conflict and how it was settled', async () => {
    const world = await csvContacts({ crm: 'id,email,name,phone\n1,ann@x.com,Ann,111\n2,bob@x.com,Bob,222\n', fields: ['email', 'name', 'phone'], sync: { conflictPolicy: 'ask' }, logLevel: 'info' })
    app = world.app
    const { home, crm, mail } = world
    const s = app.service
    await s.runSync('contacts')
    // Both sides change both phones: two conflicts.
    const rows = (await readFile(mail, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','))
    const rid = (email: string) => rows.find((r) => r.includes(email))![0]
    await writeFile(crm, 'id,email,name,phone\n1,ann@x.com,Ann,112\n2,bob@x.com,Bob,223\n')
    await writeFile(mail, `id,email,name,phone\n${rid('ann@x.com')},ann@x.com,Ann,113\n${rid('bob@x.com')},bob@x.com,Bob,224\n`)
    await s.runSync('contacts')

    // The app's "Keep Mail's phone for all" (the CLI's `settle contacts phone --right` calls the same).
    const settled = await handle(makeHandlers(app), 'conflicts:settle-field', { syncId: 'contacts', field: 'phone', pick: 'right' })
    expect(settled).toHaveLength(2)
    const bob = (await patchbay(home, 'logs', '--text', 'bob@x.com')).stdout
    expect(bob).toMatch(/WARN\s+contacts\s+Conflict on bob@x\.com: phone is "223" in CRM and "224" in Mail/)
    expect(bob).toMatch(/INFO\s+contacts\s+Settled the conflict on bob@x\.com in Contacts: kept Mail's phone \("224"\)/)
    expect((await patchbay(home, 'logs', '--text', 'ann@x.com')).stdout).toMatch(/INFO\s+contacts\s+Settled the conflict on ann@x\.com in Contacts: kept Mail's phone \("113"\)/)
  }, 120_000)
})

describe('an undo', () => {
  it('logs each record it put back, and each it kept, by the record’s key', async () => {
    const world = await csvContacts({ crm: 'id,email,name\n1,ann@x.com,Ann\n2,bob@x.com,Bob\n', fields: ['email', 'name'], sync: { direction: 'left-to-right' }, logLevel: 'info' })
    app = world.app
    const { home, crm, mail } = world
    const s = app.service
    await s.runSync('contacts')
    await writeFile(crm, 'id,email,name\n1,ann@x.com,Anne\n2,bob@x.com,Bobby\n')
    const { run } = await s.runSync('contacts')
    expect(run.counts.updated).toBe(2)
    // Someone edits Bob in Mail after the run: the undo keeps that edit.
    await writeFile(mail, (await readFile(mail, 'utf8')).replace('Bobby', 'Robert'))
    await handle(makeHandlers(app), 'run:undo', { runId: run.id })
    expect((await patchbay(home, 'logs', '--text', 'ann@x.com')).stdout).toMatch(/INFO\s+contacts\s+Undo put back ann@x\.com in Mail: its values from before the run are back/)
    const { entries } = await app.queryLogs({ text: 'bob@x.com', limit: 50 })
    expect(entries).toContainEqual(expect.objectContaining({ level: 'info', event: 'undo-skipped', msg: 'Undo kept bob@x.com in Mail: it was changed after the run; your later edit is kept' }))
  }, 120_000)
})
