/**
 * Salesforce contacts ⇄ SendGrid contacts through the engine, against both stand-ins: a
 * two-way sync with a conflict, deletes both ways (getDeleted on the Salesforce side) and
 * faults on both sides converging with nobody twice; and consent: an unsubscribe in SendGrid
 * reaches Salesforce's HasOptedOutOfEmail and no later CRM edit takes it back.
 */
import { describe, expect, it } from 'vitest'
import { syncSchema, type SyncInput } from '../../../src/shared/domain'
import { runSync } from '../../../src/main/engine/run'
import { seedSalesforce } from '../../../src/main/stand-ins/salesforce'
import { fakeSendgrid, freshState, openSendgrid } from '../sendgrid/helpers'
import { fakeSalesforce, openSalesforce } from './helpers'

const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]
/** Salesforce's Email Opt Out box ⇄ the canonical consent values. */
const optOutIn = [{ kind: 'lookup' as const, table: { true: 'unsubscribed', false: 'subscribed' }, fallback: 'keep' as const }]
const optOutOut = [{ kind: 'lookup' as const, table: { unsubscribed: 'true', cleaned: 'true', subscribed: 'false', pending: 'false' }, fallback: 'keep' as const }]

async function world(over: Partial<SyncInput> = {}) {
  let now = Date.parse('2026-12-03T09:00:00Z')
  const sf = await fakeSalesforce({ now: () => now })
  const { fake: sendgrid, user } = await fakeSendgrid()
  const { session: crm } = await openSalesforce(sf, { tuning: { now: () => now } })
  const mail = await openSendgrid(sendgrid)
  const state = await freshState()
  const sync = syncSchema.parse({
    id: 'salesforce-sendgrid', name: 'Salesforce ⇄ SendGrid', left: { connectionId: 'sf', object: 'contacts' }, right: { connectionId: 'mail', object: 'contacts' },
    mapping: [
      { name: 'email', left: 'Email', right: 'email', fromLeft: lower, fromRight: lower },
      { name: 'first', left: 'FirstName', right: 'first_name' },
      { name: 'last', left: 'LastName', right: 'last_name' },
      { name: 'marketingConsent', left: 'HasOptedOutOfEmail', right: 'marketing_consent', fromLeft: optOutIn, toLeft: optOutOut }
    ],
    match: { field: 'email' },
    ...over
  })
  return {
    sf, sendgrid, user, state,
    /** Moves both clocks on (the org stamps and getDeleted windows follow it). */
    later(ms = 2 * 60_000) {
      now += ms
    },
    run: async () => (await runSync({ sync, state, trigger: 'manual', adapters: { left: crm.object('contacts'), right: mail.object('contacts') } })).run,
    contact: (email: string) => sf.org.all('Contact').find((c) => String(c.Email).toLowerCase() === email.toLowerCase()),
    /** Both systems hold the same people, each once, with the same names. */
    expectSame() {
      const emails = sf.org.all('Contact').map((c) => String(c.Email).toLowerCase()).sort()
      expect(new Set(emails).size).toBe(emails.length)
      expect(user.all().map((c) => c.email).sort()).toEqual(emails)
      for (const c of user.all()) expect([c.reserved.first_name ?? '', c.reserved.last_name ?? ''], c.email).toEqual([this.contact(c.email)!.FirstName ?? '', this.contact(c.email)!.LastName ?? ''])
    }
  }
}

describe('Salesforce ⇄ SendGrid', () => {
  it('syncs both ways: match by email, a conflict settled, deletes both ways, and faults on both sides converging', async () => {
    const w = await world({ deletes: 'propagate', conflictPolicy: 'ask' })
    const ids = seedSalesforce(w.sf.org, 10, 3)
    const email = (i: number) => String(w.sf.org.find(ids[i])!.record.Email)
    for (const i of [0, 1, 2]) w.user.put(email(i).toUpperCase(), { first_name: String(w.sf.org.find(ids[i])!.record.FirstName), last_name: String(w.sf.org.find(ids[i])!.record.LastName) })
    w.user.put('only@sendgrid.test', { first_name: 'Only', last_name: 'Here' })
    expect(await w.run()).toMatchObject({ status: 'ok', counts: { created: 8, failed: 0 } })
    w.expectSame()

    // The same first name changed differently on both sides: a conflict waits; a person picks SendGrid's.
    w.later()
    const was = w.sf.org.find(ids[1])!.record.FirstName
    w.sf.org.update(ids[1], { FirstName: 'Hubert' })
    w.user.put(email(1), { first_name: 'Sandy' })
    w.sf.org.update(ids[2], { LastName: 'Edited-In-Salesforce' })
    const conflicted = await w.run()
    expect(conflicted.counts).toMatchObject({ conflicts: 1, failed: 0 })
    expect(w.user.find(email(2))!.reserved.last_name).toBe('Edited-In-Salesforce')
    const [conflict] = w.state.data.conflicts
    expect(conflict.fields).toEqual([{ name: 'first', base: was, left: 'Hubert', right: 'Sandy' }])
    conflict.status = 'resolved'
    conflict.resolution = { pick: 'right' }
    await w.state.save()
    w.later()
    expect((await w.run()).status).toBe('ok')
    expect(w.sf.org.find(ids[1])!.record.FirstName).toBe('Sandy')

    // Deletes, as configured: one deleted in SendGrid goes from Salesforce; one deleted in Salesforce (getDeleted) goes from SendGrid.
    w.later()
    const gone = [email(4), email(5)]
    w.user.remove(gone[0])
    w.sf.org.remove(ids[5])
    w.later()
    expect((await w.run()).counts).toMatchObject({ deleted: 2, failed: 0 })
    expect(w.contact(gone[0])).toBeUndefined()
    expect(w.user.find(gone[1])).toBeUndefined()
    expect(w.sf.recorder.all().some((e) => e.path.endsWith('/sobjects/Contact/deleted/') && (e.responseBody as { deletedRecords: unknown[] }).deletedRecords.length === 1)).toBe(true)

    // Faults on both sides while edits and new people wait: a create whose answer is lost,
    // a 5xx, a 429, an expired session; runs fail or go partial, then converge, nobody twice.
    w.later()
    w.sf.org.update(ids[6], { FirstName: 'Stormy' })
    w.user.put('new@sendgrid.test', { first_name: 'New', last_name: 'Person' })
    w.sf.org.create('Contact', { Email: 'new@salesforce.test', FirstName: 'Fresh', LastName: 'Lead' })
    w.sf.faults.next('session-expired')
    w.sf.faults.next('429')
    w.sf.faults.next('5xx', 2)
    w.sf.faults.set({ only: /\/composite\/sobjects$/, retryAfterSec: 0.02 })
    w.sf.faults.next('reset-after')
    w.sendgrid.faults.serverErrors(2).rateLimits(2).resets(1, 'after')
    const statuses: string[] = []
    for (let i = 0; i < 6 && statuses.at(-1) !== 'ok'; i++) {
      w.later()
      statuses.push((await w.run()).status)
    }
    expect(statuses.at(-1), statuses.join()).toBe('ok')
    w.sf.faults.clear()
    w.later()
    await w.run()
    w.later()
    expect((await w.run()).counts).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 })
    w.expectSame()
    expect(w.sf.org.all('Contact').filter((c) => c.Email === 'new@sendgrid.test')).toHaveLength(1)
    expect(w.user.find('new@salesforce.test')!.reserved.first_name).toBe('Fresh')
    expect(w.user.find(email(6))!.reserved.first_name).toBe('Stormy')
    expect(w.sf.oauth.grants).toContain('refresh_token')
    expect(w.sf.faults.injected).toMatchObject({ 'session-expired': 1, '429': 1, '5xx': 2, 'reset-after': 1 })
    expect(w.sf.recorder.all().find((e) => e.fault === 'reset-after')?.method).toBe('POST')
  })

  it('an unsubscribe in SendGrid reaches HasOptedOutOfEmail and is never undone by a later CRM edit, even when Salesforce wins conflicts', async () => {
    const w = await world({ conflictPolicy: 'prefer-left' })
    for (const [Email, FirstName] of [['ada@lovelace.org', 'Ada'], ['bob@kim.org', 'Bob'], ['cy@bounce.test', 'Cy']]) w.sf.org.create('Contact', { Email, FirstName, LastName: 'Test', HasOptedOutOfEmail: false })
    expect((await w.run()).status).toBe('ok')
    expect(w.user.all()).toHaveLength(3)
    // Ada unsubscribes from everything, Cy's address bounces.
    w.user.unsubscribe('ada@lovelace.org')
    w.user.bounce('cy@bounce.test')
    w.later()
    expect((await w.run()).status).toBe('ok')
    const optOut = (email: string) => w.contact(email)!.HasOptedOutOfEmail
    expect([optOut('ada@lovelace.org'), optOut('bob@kim.org'), optOut('cy@bounce.test')]).toEqual([true, false, true])
    // The write sent a JSON boolean, as Salesforce's checkbox wants.
    const update = w.sf.recorder.all().find((e) => e.method === 'PATCH' && e.path.endsWith('/composite/sobjects'))
    expect((update?.requestBody as { records: Array<Record<string, unknown>> }).records.map((r) => r.HasOptedOutOfEmail)).toEqual([true, true])
    // Someone in Salesforce unticks Ada's opt-out and renames her: the name flows, the opt-out comes back on.
    w.later()
    w.sf.org.update(w.contact('ada@lovelace.org')!.Id, { HasOptedOutOfEmail: false, FirstName: 'Augusta' })
    w.later()
    expect((await w.run()).status).toBe('ok')
    w.later()
    await w.run()
    expect(w.user.find('ada@lovelace.org')!.reserved.first_name).toBe('Augusta')
    expect(w.user.suppressed('ada@lovelace.org')).toBe(true)
    expect(optOut('ada@lovelace.org')).toBe(true)
    expect(w.state.data.conflicts).toEqual([])
    expect(w.sendgrid.requests.filter((r) => r.method === 'DELETE' && r.route.startsWith('/v3/asm'))).toEqual([])
  })
})
