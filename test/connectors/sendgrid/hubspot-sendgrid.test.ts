/**
 * HubSpot contacts ⇄ SendGrid contacts through the engine, against both stand-ins, with the
 * fields of the HubSpot ⇄ SendGrid template (its consent mapping included): a
 * two-way sync with a conflict, deletes both ways and faults, converging; an import job
 * failing halfway in a run; and consent: an unsubscribe in SendGrid reaches HubSpot's opt-out
 * and no later CRM edit, policy or direction takes it back.
 */
import { describe, expect, it } from 'vitest'
import { syncSchema, type SyncInput } from '../../../src/shared/domain'
import { runSync } from '../../../src/main/engine/run'
import { TEMPLATES } from '../../../src/main/calls/templates'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession } from '../hubspot/helpers'
import { fakeSendgrid, freshState, openSendgrid } from './helpers'

/** The HubSpot ⇄ SendGrid template's fields, each with its first-named field on both sides, as the New sync form makes them. */
const template = TEMPLATES.find((t) => t.id === 'hubspot-sendgrid')!
const mapping = template.fields.map((f) => ({ name: f.name, left: f.left[0], right: f.right[0], fromLeft: f.fromLeft ?? [], fromRight: f.fromRight ?? [], toLeft: f.toLeft ?? [], toRight: f.toRight ?? [] }))

async function world(over: Partial<SyncInput> = {}) {
  const hubspot = await fakeHubspot()
  const { fake: sendgrid, user } = await fakeSendgrid()
  const crm = await openSession(hubspot)
  const mail = await openSendgrid(sendgrid)
  const state = await freshState()
  const sync = syncSchema.parse({
    id: 'hubspot-sendgrid', name: 'HubSpot ⇄ SendGrid', left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'mail', object: 'contacts' },
    mapping,
    match: { field: template.matchField },
    ...over
  })
  return {
    hubspot, sendgrid, user, state,
    run: async () => (await runSync({ sync, state, trigger: 'manual', adapters: { left: crm.object('contacts'), right: mail.object('contacts') } })).run,
    contact: (email: string) => hubspot.store.findUnique('contacts', 'email', email),
    /** Both systems hold the same people, each once, with the same names. */
    expectSame() {
      const emails = hubspot.store.live('contacts').map((c) => c.properties.email.toLowerCase()).sort()
      expect(new Set(emails).size).toBe(emails.length)
      expect(user.all().map((c) => c.email).sort()).toEqual(emails)
      for (const c of user.all()) expect([c.reserved.first_name ?? '', c.reserved.last_name ?? ''], c.email).toEqual([this.contact(c.email)!.properties.firstname ?? '', this.contact(c.email)!.properties.lastname ?? ''])
    }
  }
}

describe('HubSpot ⇄ SendGrid', () => {
  it('syncs both ways: match by email, a conflict settled, deletes both ways, and faults on both sides converging', async () => {
    const w = await world({ deletes: 'propagate', conflictPolicy: 'ask' })
    const contacts = seedContacts(w.hubspot.store, 12, { seed: 3 })
    for (const c of contacts.slice(0, 3)) w.user.put(c.properties.email.toUpperCase(), { first_name: c.properties.firstname, last_name: c.properties.lastname })
    w.user.put('only@sendgrid.test', { first_name: 'Only', last_name: 'Here' })
    expect(await w.run()).toMatchObject({ status: 'ok', counts: { created: 10, failed: 0 } })
    w.expectSame()

    // The same first name changed differently on both sides: a conflict waits; a person picks SendGrid's.
    const was = contacts[1].properties.firstname
    w.hubspot.store.update(contacts[1], { firstname: 'Hubert' })
    w.user.put(contacts[1].properties.email, { first_name: 'Sandy' })
    w.hubspot.store.update(contacts[2], { lastname: 'Edited-In-HubSpot' })
    const conflicted = await w.run()
    expect(conflicted.counts).toMatchObject({ conflicts: 1, failed: 0 })
    expect(w.user.find(contacts[2].properties.email)!.reserved.last_name).toBe('Edited-In-HubSpot')
    const [conflict] = w.state.data.conflicts
    expect(conflict.fields).toEqual([{ name: 'first_name', base: was, left: 'Hubert', right: 'Sandy' }])
    conflict.status = 'resolved'
    conflict.resolution = { pick: 'right' }
    await w.state.save()
    expect((await w.run()).status).toBe('ok')
    expect(w.contact(contacts[1].properties.email)!.properties.firstname).toBe('Sandy')

    // Deletes, as configured: a contact deleted in SendGrid goes from HubSpot, and back.
    w.user.remove(contacts[4].properties.email)
    w.hubspot.store.archive(contacts[5])
    expect((await w.run()).counts).toMatchObject({ deleted: 2, failed: 0 })
    expect(w.contact(contacts[4].properties.email)).toBeUndefined()
    expect(w.user.find(contacts[5].properties.email)).toBeUndefined()

    // Faults on both sides while edits and new people wait: runs fail or go partial, then converge.
    w.hubspot.store.update(contacts[6], { firstname: 'Stormy' })
    w.user.put('new@sendgrid.test', { first_name: 'New' })
    w.hubspot.store.create('contacts', { email: 'new@hubspot.test', firstname: 'Fresh' })
    w.hubspot.faults.next('5xx', 2)
    w.hubspot.faults.next('reset-after', 1)
    // (429s, with and without a wait, are in ./contacts.test.ts and HubSpot's own tests: each costs a second's hold.)
    w.sendgrid.faults.serverErrors(2).resets(1, 'after').jobFailsHalfway()
    const statuses: string[] = []
    for (let i = 0; i < 5 && statuses.at(-1) !== 'ok'; i++) statuses.push((await w.run()).status)
    expect(statuses.at(-1), statuses.join()).toBe('ok')
    await w.run()
    expect((await w.run()).counts).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 })
    w.expectSame()
    expect(w.user.find('new@hubspot.test')!.reserved.first_name).toBe('Fresh')
    expect(w.user.find(contacts[6].properties.email)!.reserved.first_name).toBe('Stormy')
  })

  it('an import job that fails halfway: the run is partial, the failed records are Failures, the rest are written, and the next run writes them', async () => {
    const w = await world({ direction: 'left-to-right' })
    seedContacts(w.hubspot.store, 8, { seed: 5 })
    w.sendgrid.faults.jobFailsHalfway()
    const first = await w.run()
    expect(first).toMatchObject({ status: 'partial', counts: { created: 4, failed: 4 } })
    expect(w.user.all()).toHaveLength(4)
    const failures = w.state.data.failures
    expect(failures).toHaveLength(4)
    expect(failures.every((f) => f.side === 'right' && f.op === 'create' && f.code === 'RECORD' && /^SendGrid did not import .+: processing stopped/.test(f.message))).toBe(true)
    expect(await w.run()).toMatchObject({ status: 'ok', counts: { created: 4, failed: 0 } })
    expect(w.user.all()).toHaveLength(8)
    expect(w.state.data.failures).toEqual([])
  })

  it('an unsubscribe in SendGrid reaches HubSpot and is never undone by a later CRM edit, even when HubSpot wins conflicts', async () => {
    const w = await world({ conflictPolicy: 'prefer-left' })
    w.hubspot.store.create('contacts', { email: 'ada@lovelace.org', firstname: 'Ada', hs_email_optout: 'false' })
    w.hubspot.store.create('contacts', { email: 'bob@kim.org', firstname: 'Bob', hs_email_optout: 'false' })
    w.hubspot.store.create('contacts', { email: 'cy@bounce.test', firstname: 'Cy', hs_email_optout: 'false' })
    w.hubspot.store.create('contacts', { email: 'dee@group.test', firstname: 'Dee', hs_email_optout: 'false' })
    expect((await w.run()).status).toBe('ok')
    expect(w.user.all()).toHaveLength(4)
    // Ada unsubscribes from everything, Cy's address bounces, Dee leaves one unsubscribe group.
    w.user.unsubscribe('ada@lovelace.org')
    w.user.bounce('cy@bounce.test')
    w.user.leaveGroup(7, 'dee@group.test')
    expect((await w.run()).status).toBe('ok')
    const optOut = (email: string) => w.contact(email)!.properties.hs_email_optout
    expect([optOut('ada@lovelace.org'), optOut('bob@kim.org'), optOut('cy@bounce.test'), optOut('dee@group.test')]).toEqual(['true', 'false', 'true', 'true'])
    // Someone in the CRM unticks Ada's opt-out and renames her: the name flows, the opt-out comes back on.
    w.hubspot.store.update(w.contact('ada@lovelace.org')!, { hs_email_optout: 'false', firstname: 'Augusta' })
    expect((await w.run()).status).toBe('ok')
    await w.run()
    expect(w.user.find('ada@lovelace.org')!.reserved.first_name).toBe('Augusta')
    expect(w.user.suppressed('ada@lovelace.org')).toBe(true)
    expect(optOut('ada@lovelace.org')).toBe('true')
    expect(w.state.data.conflicts).toEqual([])
    expect(w.sendgrid.requests.filter((r) => r.method === 'DELETE' && r.route.startsWith('/v3/asm'))).toEqual([])
    // HubSpot's opt-out and SendGrid's bounce are two words for "no email": they agree, so a further run writes nothing.
    const from = w.sendgrid.requests.length
    expect((await w.run()).counts).toMatchObject({ updated: 0, created: 0, conflicts: 0 })
    expect(w.sendgrid.requests.slice(from).filter((r) => r.method !== 'GET' && !r.route.includes('search') && !r.route.includes('exports'))).toEqual([])
  })

  it('one way from HubSpot: a CRM that says "subscribed" never subscribes a SendGrid unsubscribe again, and a CRM opt-out becomes a suppression', async () => {
    const w = await world({ direction: 'left-to-right', conflictPolicy: 'prefer-left' })
    w.user.put('ada@lovelace.org', { first_name: 'Ada' })
    w.user.unsubscribe('ada@lovelace.org')
    w.hubspot.store.create('contacts', { email: 'ada@lovelace.org', firstname: 'Ada', hs_email_optout: 'false' })
    w.hubspot.store.create('contacts', { email: 'eve@shop.test', firstname: 'Eve', hs_email_optout: 'true' })
    expect((await w.run()).status).toBe('ok')
    w.hubspot.store.update(w.contact('ada@lovelace.org')!, { firstname: 'Augusta', hs_email_optout: 'false' })
    expect((await w.run()).status).toBe('ok')
    expect(w.user.find('ada@lovelace.org')!.reserved.first_name).toBe('Augusta')
    expect(w.user.suppressed('ada@lovelace.org')).toBe(true)
    expect(w.user.suppressed('eve@shop.test')).toBe(true)
    // One way: the CRM's own box is the CRM's; the difference stays visible instead of being written either way.
    expect(w.contact('ada@lovelace.org')!.properties.hs_email_optout).toBe('false')
  })

  it('one way from SendGrid: an unsubscribe reaches HubSpot, and HubSpot unticking the box is put right at the next run', async () => {
    const w = await world({ direction: 'right-to-left' })
    w.hubspot.store.create('contacts', { email: 'ada@lovelace.org', firstname: 'Ada', hs_email_optout: 'false' })
    w.user.put('ada@lovelace.org', { first_name: 'Ada' })
    w.user.unsubscribe('ada@lovelace.org')
    expect((await w.run()).status).toBe('ok')
    expect(w.contact('ada@lovelace.org')!.properties.hs_email_optout).toBe('true')
    w.hubspot.store.update(w.contact('ada@lovelace.org')!, { hs_email_optout: 'false' })
    expect((await w.run()).status).toBe('ok')
    expect(w.contact('ada@lovelace.org')!.properties.hs_email_optout).toBe('true')
    expect(w.user.suppressed('ada@lovelace.org')).toBe(true)
  })
})
