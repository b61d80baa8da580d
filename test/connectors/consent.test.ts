/**
 * Nobody who unsubscribed is subscribed again (CAN-SPAM, GDPR, CASL). Through the fakes'
 * HTTP: a two-way HubSpot ⇄ Mailchimp sync where HubSpot says subscribed and Mailchimp
 * says unsubscribed keeps the member unsubscribed and turns HubSpot's opt-out on, under
 * every conflict policy; the same for a CSV column; and the Mailchimp stand-in refuses a
 * direct attempt as Mailchimp does.
 */
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { connectionSchema, syncSchema, type ConflictPolicy } from '../../src/shared/domain'
import { openCsvSession } from '../../src/main/connectors/csv'
import { createMailchimpConnector } from '../../src/main/connectors/mailchimp'
import { SyncState } from '../../src/main/engine/state'
import { runSync } from '../../src/main/engine/run'
import { mailchimpUser, startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { fakeHubspot, openSession } from './hubspot/helpers'
import { connectionTo, FAST_RETRY } from './mailchimp/helpers'

let mailchimp: MailchimpFake | undefined
afterEach(async () => {
  await mailchimp?.close()
  mailchimp = undefined
})

const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]
/** HubSpot's opt-out box ⇄ the canonical consent values. */
const optOutIn = [{ kind: 'lookup' as const, table: { true: 'unsubscribed', false: 'subscribed' }, fallback: 'keep' as const }]
const optOutOut = [{ kind: 'lookup' as const, table: { unsubscribed: 'true', cleaned: 'true', subscribed: 'false', pending: 'false' }, fallback: 'keep' as const }]

async function openMailchimp() {
  mailchimp = await startMailchimpFake()
  const session = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(mailchimp), secrets: { apiKey: mailchimp.apiKey } })
  return { fake: mailchimp, session, user: mailchimpUser(mailchimp) }
}

describe('consent to email', () => {
  for (const policy of ['prefer-left', 'prefer-right', 'newest', 'ask'] as ConflictPolicy[]) {
    it(`an unsubscribe in Mailchimp wins over HubSpot's "subscribed" (${policy}) and turns HubSpot's opt-out on`, async () => {
      const hubspot = await fakeHubspot()
      const mc = await openMailchimp()
      const crm = await openSession(hubspot)
      // HubSpot still says subscribed (opt-out off, and edited later); Mailchimp says the person left.
      mc.user.add('ada@lovelace.org', { FNAME: 'Ada' })
      mc.user.unsubscribe('ada@lovelace.org')
      hubspot.store.create('contacts', { email: 'ada@lovelace.org', firstname: 'Ada', hs_email_optout: 'false' })
      mc.user.add('bob@kim.org', { FNAME: 'Bob' })
      hubspot.store.create('contacts', { email: 'bob@kim.org', firstname: 'Bob', hs_email_optout: 'false' })
      const sync = syncSchema.parse({
        id: 'crm-news', name: 'HubSpot ⇄ Mailchimp', left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'mail', object: 'members' },
        mapping: [
          { name: 'email', left: 'email', right: 'email_address', fromLeft: lower, fromRight: lower },
          { name: 'first', left: 'firstname', right: 'FNAME' },
          { name: 'marketingConsent', left: 'hs_email_optout', right: 'status', fromLeft: optOutIn, toLeft: optOutOut }
        ],
        match: { field: 'email' }, conflictPolicy: policy
      })
      const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-consent-')))
      const run = () => runSync({ sync, state, trigger: 'manual', adapters: { left: crm.object('contacts'), right: mc.session.object('members') } })
      const first = await run()
      expect(first.run.status).toBe('ok')
      expect(mc.user.find('ada@lovelace.org')?.status).toBe('unsubscribed')
      expect(hubspot.store.findUnique('contacts', 'email', 'ada@lovelace.org')?.properties.hs_email_optout).toBe('true')
      expect(state.data.conflicts.filter((c) => c.status === 'open')).toEqual([])
      // Bob never left: he stays subscribed on both sides.
      expect(mc.user.find('bob@kim.org')?.status).toBe('subscribed')
      expect(hubspot.store.findUnique('contacts', 'email', 'bob@kim.org')?.properties.hs_email_optout).toBe('false')

      // A later edit in the CRM that unticks the opt-out does not subscribe her again either.
      hubspot.store.update(hubspot.store.findUnique('contacts', 'email', 'ada@lovelace.org')!, { hs_email_optout: 'false', firstname: 'Augusta' })
      await run()
      await run()
      expect([mc.user.find('ada@lovelace.org')?.status, mc.user.find('ada@lovelace.org')?.merge.FNAME]).toEqual(['unsubscribed', 'Augusta'])
      expect(hubspot.store.findUnique('contacts', 'email', 'ada@lovelace.org')?.properties.hs_email_optout).toBe('true')
    })
  }

  it('an unsubscribe in Mailchimp reaches a CSV consent column, and the CSV never subscribes anyone again', async () => {
    const mc = await openMailchimp()
    mc.user.add('ada@lovelace.org', { FNAME: 'Ada' })
    mc.user.unsubscribe('ada@lovelace.org')
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-consent-csv-'))
    const file = join(dir, 'customers.csv')
    await writeFile(file, 'email,name,newsletter\nada@lovelace.org,Ada,subscribed\n')
    const csv = await openCsvSession({ connection: connectionSchema.parse({ id: 'shop', system: 'csv', label: 'Shop', authKind: 'none', settings: { file, keyColumn: 'email' } }) })
    const sync = syncSchema.parse({
      id: 'shop-news', name: 'Shop ⇄ Mailchimp', left: { connectionId: 'shop', object: 'customers' }, right: { connectionId: 'mail', object: 'members' },
      mapping: [
        { name: 'email', left: 'email', right: 'email_address', fromLeft: lower, fromRight: lower },
        { name: 'first', left: 'name', right: 'FNAME' },
        { name: 'marketingConsent', left: 'newsletter', right: 'status' }
      ],
      match: { field: 'email' }, conflictPolicy: 'prefer-left'
    })
    const state = await SyncState.open(join(dir, 'state'))
    const r = await runSync({ sync, state, trigger: 'manual', adapters: { left: csv.object('customers'), right: mc.session.object('members') } })
    expect(r.run.status).toBe('ok')
    expect(mc.user.find('ada@lovelace.org')?.status).toBe('unsubscribed')
    expect(await readFile(file, 'utf8')).toContain('ada@lovelace.org,Ada,unsubscribed')
  })

  it('Mailchimp refuses to subscribe an unsubscribed or cleaned member, one at a time and in a batch', async () => {
    const mc = await openMailchimp()
    mc.user.add('ada@lovelace.org')
    mc.user.unsubscribe('ada@lovelace.org')
    const auth = { Authorization: `Basic ${Buffer.from(`anystring:${mc.fake.apiKey}`).toString('base64')}`, 'Content-Type': 'application/json' }
    const hash = createHash('md5').update('ada@lovelace.org').digest('hex')
    const put = await fetch(`${mc.fake.baseUrl}/lists/${mc.fake.listId}/members/${hash}`, {
      method: 'PUT', headers: auth, body: JSON.stringify({ email_address: 'ada@lovelace.org', status: 'subscribed' })
    })
    expect(put.status).toBe(400)
    expect(await put.json()).toMatchObject({ title: 'Member In Compliance State', status: 400 })
    const batch = await fetch(`${mc.fake.baseUrl}/lists/${mc.fake.listId}`, {
      method: 'POST', headers: auth, body: JSON.stringify({ update_existing: true, members: [{ email_address: 'ada@lovelace.org', status: 'subscribed' }] })
    })
    expect(batch.status).toBe(200)
    const answer = (await batch.json()) as { errors: { email_address: string; error: string }[]; total_updated: number }
    expect(answer.total_updated).toBe(0)
    expect(answer.errors[0]).toMatchObject({ email_address: 'ada@lovelace.org' })
    expect(answer.errors[0].error).toMatch(/compliance state/)
    expect(mc.user.find('ada@lovelace.org')?.status).toBe('unsubscribed')

    // The connector, asked to write "subscribed" over her, leaves her as she is and says so by succeeding quietly.
    const [out] = await mc.session.object('members').write([{ op: 'update', ref: 'r1', id: (await mc.session.object('members').findByKey('email_address', ['ada@lovelace.org'], (v) => String(v).toLowerCase()))[0].id, fields: { status: 'subscribed', FNAME: 'Ada' } }])
    expect(out.ok).toBe(true)
    expect(mc.user.find('ada@lovelace.org')).toMatchObject({ status: 'unsubscribed', merge: { FNAME: 'Ada' } })
  })
})
