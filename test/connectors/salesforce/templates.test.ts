/**
 * The Salesforce templates as the New sync form fills them in, run against the stand-ins:
 * Salesforce ⇄ Mailchimp finds every field on both sides and carries consent (a Mailchimp
 * unsubscribe ticks Email Opt Out, and a new Mailchimp member arrives as a contact); web-form
 * CSV → Salesforce brings the form's people in once, matched by email.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectionSchema, syncSchema } from '../../../src/shared/domain'
import { csvConnector } from '../../../src/main/connectors/csv'
import { createMailchimpConnector } from '../../../src/main/connectors/mailchimp'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import { syncFromTemplate } from '../../../src/main/demo/from-template'
import { runSync } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { mailchimpUser, startMailchimpFake } from '../../../src/main/stand-ins/mailchimp'
import { connectionTo, FAST_RETRY } from '../mailchimp/helpers'
import { fakeSalesforce, openSalesforce, tempDir } from './helpers'

const setupOf = (sessions: Record<string, ConnectorSession>) => ({ fields: (c: string, o: string) => sessions[c].object(o).fields(), timeZone: 'UTC' })

describe('Salesforce templates', () => {
  it('Salesforce ⇄ Mailchimp: every field found, a Mailchimp unsubscribe ticks Email Opt Out, a new member becomes a contact', async () => {
    const sf = await fakeSalesforce()
    const mailchimp = await startMailchimpFake()
    try {
      const inMailchimp = mailchimpUser(mailchimp)
      sf.org.create('Contact', { Email: 'ada@lovelace.org', FirstName: 'Ada', LastName: 'Lovelace', HasOptedOutOfEmail: false })
      inMailchimp.add('ada@lovelace.org', { FNAME: 'Ada', LNAME: 'Lovelace' })
      inMailchimp.add('grace@hopper.org', { FNAME: 'Grace', LNAME: 'Hopper' })
      const { session } = await openSalesforce(sf)
      const mail = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(mailchimp), secrets: { apiKey: mailchimp.apiKey } })
      const sync = syncSchema.parse(await syncFromTemplate(setupOf({ sf: session, mail }), { template: 'salesforce-mailchimp', id: 'sm', name: 'Salesforce ⇄ Mailchimp', left: { connectionId: 'sf', object: 'contacts' }, right: { connectionId: 'mail', object: 'members' } }))
      expect(sync.mapping.map((m) => [m.name, m.left, m.right])).toEqual([
        ['email', 'Email', 'email_address'],
        ['first_name', 'FirstName', 'FNAME'],
        ['last_name', 'LastName', 'LNAME'],
        ['phone', 'Phone', 'PHONE'],
        ['marketingConsent', 'HasOptedOutOfEmail', 'status']
      ])
      const state = await SyncState.open(await tempDir())
      const run = async () => (await runSync({ sync, state, trigger: 'manual', adapters: { left: session.object('contacts'), right: mail.object('members') } })).run
      expect(await run()).toMatchObject({ status: 'ok', counts: { created: 1, failed: 0 } })
      expect(sf.org.all('Contact').find((c) => c.Email === 'grace@hopper.org')).toMatchObject({ FirstName: 'Grace', LastName: 'Hopper', HasOptedOutOfEmail: false })
      inMailchimp.unsubscribe('ada@lovelace.org')
      expect((await run()).status).toBe('ok')
      expect(sf.org.all('Contact').find((c) => c.Email === 'ada@lovelace.org')?.HasOptedOutOfEmail).toBe(true)
    } finally {
      await mailchimp.close()
    }
  })

  it('web form → Salesforce: each person once, matched by email, with the lead source', async () => {
    const sf = await fakeSalesforce()
    sf.org.create('Contact', { Email: 'ada@lovelace.org', FirstName: 'Ada', LastName: 'Lovelace' })
    const dir = await tempDir()
    await writeFile(join(dir, 'signups.csv'), 'email,first_name,last_name,phone,source\nADA@lovelace.org,Ada,Lovelace,07700 900123,Website\nbob@kim.org,Bob,Kim,,Website\n')
    const form = await csvConnector.open({ connection: connectionSchema.parse({ id: 'form', system: 'csv', label: 'Form', settings: { file: join(dir, 'signups.csv'), keyColumn: 'email' } }), secrets: {} })
    const { session } = await openSalesforce(sf)
    const sync = syncSchema.parse(await syncFromTemplate(setupOf({ form, sf: session }), { template: 'form-to-salesforce', id: 'fs', name: 'Form → Salesforce', left: { connectionId: 'form', object: 'signups' }, right: { connectionId: 'sf', object: 'contacts' } }))
    const state = await SyncState.open(join(dir, 'state'))
    const { run } = await runSync({ sync, state, trigger: 'manual', adapters: { left: form.object('signups'), right: session.object('contacts') } })
    expect(run).toMatchObject({ status: 'ok', counts: { created: 1, updated: 1, failed: 0 } })
    expect(sf.org.all('Contact').map((c) => [c.Email, c.LastName, c.Phone ?? null, c.LeadSource ?? null]).sort()).toEqual([
      ['ada@lovelace.org', 'Lovelace', '+447700900123', 'Website'],
      ['bob@kim.org', 'Kim', null, 'Website']
    ])
  })
})
