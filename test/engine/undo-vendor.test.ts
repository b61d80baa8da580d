/**
 * Undo, then run, through real connectors over HTTP: HubSpot contacts ⇄ Mailchimp members
 * against both stateful fakes. Their cursors are `updated since` times, not file hashes,
 * so only a full re-read after the undo lets the next run see what the undo left.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { syncSchema } from '../../src/shared/domain'
import { createMailchimpConnector } from '../../src/main/connectors/mailchimp'
import { SyncState } from '../../src/main/engine/state'
import { runSync } from '../../src/main/engine/run'
import { undoRun } from '../../src/main/engine/undo'
import { seedContacts } from '../../src/main/stand-ins/hubspot'
import { ManualClock, mailchimpUser, startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { fakeHubspot, openSession } from '../connectors/hubspot/helpers'
import { connectionTo, FAST_RETRY } from '../connectors/mailchimp/helpers'

let mailchimp: MailchimpFake | undefined
afterEach(async () => {
  await mailchimp?.close()
  mailchimp = undefined
})

const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]

async function world() {
  const hubspot = await fakeHubspot()
  const clock = new ManualClock(Date.now())
  mailchimp = await startMailchimpFake({ now: clock.now })
  const crm = await openSession(hubspot)
  const mail = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(mailchimp, { pageSize: 20 }), secrets: { apiKey: mailchimp.apiKey } })
  const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-undo-vendor-')))
  const sync = syncSchema.parse({
    id: 'hubspot-mailchimp', name: 'HubSpot ⇄ Mailchimp',
    left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'mail', object: 'members' },
    mapping: [
      { name: 'email', left: 'email', right: 'email_address', fromLeft: lower, fromRight: lower },
      { name: 'first', left: 'firstname', right: 'FNAME' },
      { name: 'last', left: 'lastname', right: 'LNAME' }
    ],
    match: { field: 'email' }
  })
  const adapters = { left: crm.object('contacts'), right: mail.object('members') }
  const user = mailchimpUser(mailchimp)
  const run = async () => {
    clock.advance(1000)
    return (await runSync({ sync, state, trigger: 'manual', adapters })).run
  }
  const contacts = seedContacts(hubspot.store, 6, { seed: 9 })
  await run()
  await run()
  const c = contacts[2]
  const email = c.properties.email
  const before = c.properties.firstname
  hubspot.store.update(c, { firstname: 'Robertina' })
  const edited = await run()
  expect(edited.counts.updated).toBe(1)
  expect(user.find(email)?.merge.FNAME).toBe('Robertina')
  clock.advance(1000)
  const report = await undoRun(edited.id, state, adapters, () => new Date(clock.now()), sync)
  return { hubspot, user, state, run, email, before, report, contact: () => hubspot.store.findUnique('contacts', 'email', email)! }
}

describe('undo, then run, HubSpot ⇄ Mailchimp', () => {
  it('the undo puts Mailchimp back and queues what HubSpot still says; a run then writes it again and both agree', async () => {
    const w = await world()
    expect(w.user.find(w.email)?.merge.FNAME).toBe(w.before)
    expect(w.report.differences).toMatchObject([{ kind: 'fields', side: 'left', key: w.email, fields: [{ name: 'first', kept: 'Robertina', restored: w.before }] }])
    expect(w.state.data.conflicts.filter((c) => c.status === 'open')).toHaveLength(1)
    const next = await w.run()
    expect(next.counts.updated).toBe(1)
    expect(w.user.find(w.email)?.merge.FNAME).toBe('Robertina')
    expect(w.contact().properties.firstname).toBe('Robertina')
    expect(w.state.data.conflicts.filter((c) => c.status === 'open')).toHaveLength(0)
  })

  it('keeping the undone value writes it to HubSpot too', async () => {
    const w = await world()
    const c = w.state.data.conflicts.find((x) => x.status === 'open')!
    c.status = 'resolved'
    c.resolution = { pick: 'right' }
    await w.state.save()
    await w.run()
    expect(w.contact().properties.firstname).toBe(w.before)
    expect(w.user.find(w.email)?.merge.FNAME).toBe(w.before)
  })
})
