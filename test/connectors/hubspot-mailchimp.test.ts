/**
 * The seed's two-way example made real: HubSpot contacts ⇄ Mailchimp audience members,
 * through the engine, against both fakes. Initial sync matched by email, edits on both
 * sides, a conflict queued and settled, deletes propagated, reruns that read only what
 * changed, and the same under faults on both sides, converging.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { syncSchema, type SyncInput } from '../../src/shared/domain'
import { createMailchimpConnector } from '../../src/main/connectors/mailchimp'
import { SyncState } from '../../src/main/engine/state'
import { runSync } from '../../src/main/engine/run'
import { seedContacts, type FakeHubspot } from '../../src/main/stand-ins/hubspot'
import { ManualClock, mailchimpUser, seedMembers, startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { fakeHubspot, openSession } from './hubspot/helpers'
import { connectionTo, FAST_RETRY } from './mailchimp/helpers'

let mailchimp: MailchimpFake | undefined
afterEach(async () => {
  await mailchimp?.close()
  mailchimp = undefined
})

const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]
const phone = [{ kind: 'e164' as const, defaultCountry: 'GB' }]

/** HubSpot contacts (left) ⇄ Mailchimp members (right), matched by email. */
function hubspotMailchimp(over: Partial<SyncInput> = {}) {
  return syncSchema.parse({
    id: 'hubspot-mailchimp',
    name: 'HubSpot ⇄ Mailchimp',
    left: { connectionId: 'crm', object: 'contacts' },
    right: { connectionId: 'mail', object: 'members' },
    mapping: [
      { name: 'email', left: 'email', right: 'email_address', fromLeft: lower, fromRight: lower },
      { name: 'first', left: 'firstname', right: 'FNAME' },
      { name: 'last', left: 'lastname', right: 'LNAME' },
      { name: 'phone', left: 'phone', right: 'PHONE', fromLeft: phone, fromRight: phone }
    ],
    match: { field: 'email' },
    ...over
  })
}

async function world(over: Partial<SyncInput> = {}) {
  const hubspot: FakeHubspot = await fakeHubspot()
  const clock = new ManualClock(Date.now())
  mailchimp = await startMailchimpFake({ now: clock.now })
  const crm = await openSession(hubspot)
  const mail = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(mailchimp, { pageSize: 20 }), secrets: { apiKey: mailchimp.apiKey } })
  const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-hs-mc-')))
  const sync = hubspotMailchimp(over)
  const mc = mailchimp
  const read = { hubspot: 0, mailchimp: 0 }
  return {
    hubspot,
    mailchimp: mc,
    clock,
    state,
    read,
    user: mailchimpUser(mc),
    async run() {
      read.hubspot = 0
      read.mailchimp = 0
      clock.advance(1000)
      const result = await runSync({
        sync, state, trigger: 'manual',
        adapters: { left: crm.object('contacts'), right: mail.object('members') },
        onProgress: (p) => {
          if (p.kind === 'pull') read[p.side === 'left' ? 'hubspot' : 'mailchimp'] = p.done
        }
      })
      return result.run
    },
    contact: (email: string) => hubspot.store.findUnique('contacts', 'email', email)
  }
}

type World = Awaited<ReturnType<typeof world>>

/** Both systems hold the same people, each once, with the same names. */
function expectSame(w: World) {
  const contacts = w.hubspot.store.live('contacts')
  const members = w.user.live()
  const emails = contacts.map((c) => c.properties.email.toLowerCase()).sort()
  expect(new Set(emails).size).toBe(emails.length)
  expect(members.map((m) => m.email.toLowerCase()).sort()).toEqual(emails)
  for (const m of members) {
    const c = w.contact(m.email)!
    expect([m.merge.FNAME, m.merge.LNAME], m.email).toEqual([c.properties.firstname ?? '', c.properties.lastname ?? ''])
  }
}

describe('HubSpot contacts ⇄ Mailchimp members', () => {
  it('a first run into an empty audience makes only the calls it must (its one read-back lists just what changed since its read, to catch anyone else’s edit); the rerun reads none of its own writes', async () => {
    const w = await world({ direction: 'left-to-right' })
    seedContacts(w.hubspot.store, 1_100, { seed: 4 })
    w.hubspot.recorder.take()
    const first = await w.run()
    expect(first).toMatchObject({ status: 'ok', counts: { created: 1_100, failed: 0 } })
    const hubspotCalls = w.hubspot.recorder.take()
    expect(hubspotCalls.map((e) => `${e.method} ${e.path}`)).toEqual(Array(11).fill('GET /crm/objects/2026-03/contacts'))
    // One read of the empty audience, its merge fields (checked before anything is sent), three batch writes,
    // then one listing of what changed since the read: only this run's writes, so the cursor moves past them.
    const calls = w.mailchimp.requests.map((r) => `${r.method} ${r.route}`)
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual(['POST /lists/:list_id', 'POST /lists/:list_id', 'POST /lists/:list_id'])
    expect(calls.filter((c) => c === 'GET /lists/:list_id/merge-fields')).toHaveLength(1)
    // (This world reads 20 members a page; the real default is 1,000, so 2 pages for these 1,100.)
    expect(calls.filter((c) => c === 'GET /lists/:list_id/members')).toHaveLength(1 + Math.ceil(1_100 / 20))
    expect(calls).toHaveLength(4 + 1 + Math.ceil(1_100 / 20))
    expect(w.user.live()).toHaveLength(1_100)

    // Nothing changed: no member this sync wrote comes back as a change. (Those written in the
    // last second are listed again, to catch anyone else's change in that same second.)
    const from = w.mailchimp.requests.length
    const quiet = await w.run()
    expect(quiet.counts).toMatchObject({ read: 0, created: 0, updated: 0 })
    expect(new Set(w.mailchimp.requests.slice(from).map((r) => `${r.method} ${r.route}`))).toEqual(new Set(['GET /lists/:list_id/members']))
  })

  it('syncs both ways: match by email, edits, a conflict settled, deletes, and reruns that read only what changed', async () => {
    const w = await world({ deletes: 'propagate' })
    const contacts = seedContacts(w.hubspot.store, 30, { seed: 21 })
    // Five people are on both systems already, typed differently.
    for (const c of contacts.slice(0, 5)) w.user.add(c.properties.email.toUpperCase(), { FNAME: c.properties.firstname, LNAME: c.properties.lastname })
    seedMembers(w.mailchimp.store, w.mailchimp.store.audience(w.mailchimp.listId), { count: 8, seed: 5 })
    const first = await w.run()
    expect(first).toMatchObject({ status: 'ok', counts: { created: 33, failed: 0 } })
    expect(w.user.live()).toHaveLength(38)
    expect(w.hubspot.store.live('contacts')).toHaveLength(38)
    expectSame(w)

    // Our own writes come back from HubSpot once (it has no way to tell them apart); then nothing.
    await w.run()
    const quiet = await w.run()
    expect(quiet.counts).toMatchObject({ read: 0, created: 0, updated: 0 })

    // Edits on both sides flow; each side reads just its one change.
    w.hubspot.store.update(contacts[10], { firstname: 'Evangeline' })
    w.user.edit(contacts[20].properties.email, { merge_fields: { LNAME: 'Featherstonehaugh' } })
    const edits = await w.run()
    expect(edits.counts).toMatchObject({ updated: 2, conflicts: 0, failed: 0 })
    expect(w.read).toEqual({ hubspot: 1, mailchimp: 1 })
    expect(w.user.find(contacts[10].properties.email)?.merge.FNAME).toBe('Evangeline')
    expect(w.contact(contacts[20].properties.email)?.properties.lastname).toBe('Featherstonehaugh')
    await w.run()

    // Both sides change the same phone differently: a conflict waits; the rest flows.
    const c = contacts[3]
    w.hubspot.store.update(c, { phone: '+44 7700 900111', lastname: 'Hyphen-Smith' })
    w.user.edit(c.properties.email.toUpperCase(), { merge_fields: { PHONE: '+44 7700 900222' } })
    const conflicted = await w.run()
    expect(conflicted.counts.conflicts).toBe(1)
    expect(w.user.find(c.properties.email)?.merge.LNAME).toBe('Hyphen-Smith')
    const [conflict] = w.state.data.conflicts
    expect(conflict.fields).toEqual([{ name: 'phone', base: expect.any(String), left: '+447700900111', right: '+447700900222' }])
    conflict.status = 'resolved'
    conflict.resolution = { pick: 'right' }
    await w.state.save()
    const settled = await w.run()
    expect(settled.status).toBe('ok')
    expect(w.state.data.conflicts).toHaveLength(0)
    expect(w.contact(c.properties.email)?.properties.phone).toBe('+447700900222')

    // Deletes, as configured (propagate): archived in Mailchimp → archived in HubSpot, and back.
    w.user.archive(contacts[7].properties.email)
    w.hubspot.store.archive(contacts[8])
    const deletes = await w.run()
    expect(deletes.counts).toMatchObject({ deleted: 2, failed: 0 })
    expect(w.contact(contacts[7].properties.email)).toBeUndefined()
    expect(w.user.find(contacts[8].properties.email)?.status).toBe('archived')
    await w.run()
    const last = await w.run()
    expect(last.counts).toMatchObject({ read: 0, created: 0, updated: 0, deleted: 0 })
    expectSame(w)
  })

  it('converges under faults on both sides, with no duplicate and no lost change', async () => {
    const w = await world()
    const contacts = seedContacts(w.hubspot.store, 150, { seed: 8 })
    seedMembers(w.mailchimp.store, w.mailchimp.store.audience(w.mailchimp.listId), { count: 60, seed: 6 })
    const storm = async () => {
      w.hubspot.faults.set({ seed: 5, rates: { '5xx': 0.2, reset: 0.03, 'reset-after': 0.03 } })
      w.hubspot.faults.next('429', 2)
      w.hubspot.faults.next('5xx', 2)
      w.hubspot.faults.next('reset-after', 1)
      w.mailchimp.faults.set({ serverErrorRate: 0.2, resetRate: 0.06 }, 9).rateLimits(2, 1).resets(2, 'after')
      const statuses: string[] = []
      for (let i = 0; i < 8 && statuses.at(-1) !== 'ok'; i++) statuses.push((await w.run()).status)
      expect(statuses.at(-1), statuses.join()).toBe("ok")
      w.hubspot.faults.clear()
      w.mailchimp.faults.clear()
    }
    await storm()
    await w.run()
    expectSame(w)
    expect(w.user.live()).toHaveLength(210)

    for (let i = 0; i < 6; i++) w.hubspot.store.update(contacts[i], { lastname: `Crm${i}` })
    const members = w.user.live().filter((m) => !contacts.some((c) => c.properties.email === m.email))
    for (let i = 0; i < 6; i++) w.user.edit(members[i].email, { merge_fields: { FNAME: `Mc${i}` } })
    w.user.add('new.walkin@icloud.com', { FNAME: 'New', LNAME: 'Walkin' })
    await storm()
    await w.run()
    const final = await w.run()
    expect(final.counts).toMatchObject({ created: 0, updated: 0, failed: 0, conflicts: 0 })
    expectSame(w)
    expect(w.user.live()).toHaveLength(211)
    expect(w.user.find(contacts[4].properties.email)?.merge.LNAME).toBe('Crm4')
    expect(w.contact(members[2].email)?.properties.firstname).toBe('Mc2')
    expect(w.contact('new.walkin@icloud.com')?.properties.lastname).toBe('Walkin')
    expect(w.mailchimp.faults.counts.resets).toBeGreaterThanOrEqual(4)
    expect(w.mailchimp.faults.counts.serverErrors).toBeGreaterThan(4)
    expect(w.hubspot.faults.injected['429']).toBe(4)
    expect(w.hubspot.faults.injected['5xx']).toBeGreaterThanOrEqual(4)
    expect(w.mailchimp.stats.throttled).toBe(0)
    expect(w.hubspot.throttled).toBe(0)
  })
})
