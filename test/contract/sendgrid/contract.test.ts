/**
 * Contract test: every request the SendGrid connector made and every answer the stand-in
 * gave, across a sync's life (first run, edits, a refused record, a job failing halfway,
 * deletes, unsubscribes globally and to a group, list changes, faults, a wrong key),
 * checked against SendGrid's own OpenAPI descriptions, which share no code with either.
 */
import { describe, expect, it } from 'vitest'
import { syncSchema } from '../../../src/shared/domain'
import { MemoryTable } from '../../../src/main/connectors/memory'
import { runSync } from '../../../src/main/engine/run'
import { fakeSendgrid, freshState, openSendgrid } from '../../connectors/sendgrid/helpers'
import { checkExchange, checkExchanges, operationOf } from './contract'

const lower = [{ kind: 'trim' as const }, { kind: 'lower' as const }]

describe('SendGrid contract', () => {
  it('every exchange of a sync’s life keeps to SendGrid’s descriptions', async () => {
    const { fake, user } = await fakeSendgrid()
    user.put('ann@shop.test', { first_name: 'Ann' }, { plan: 'pro' }, ['Newsletter'])
    user.put('old@shop.test', { first_name: 'Old' })
    user.unsubscribe('old@shop.test')
    user.put('bounced@shop.test')
    user.bounce('bounced@shop.test')
    const session = await openSendgrid(fake, { settings: { unsubscribeGroupId: 7 } })
    expect((await session.test()).message).toBe('Connected; 3 contacts')
    const crm = new MemoryTable({ idPrefix: 'N' })
    crm.put('C1', { email: 'ann@shop.test', name: 'Ann', plan: 'pro', lists: 'Newsletter', consent: 'subscribed' })
    crm.put('C2', { email: 'bea@shop.test', name: 'Bea', plan: 'basic', lists: '', consent: 'unsubscribed' })
    crm.put('C3', { email: 'cy@shop.test', name: 'Cy', plan: 'basic', lists: '', consent: 'subscribed' })
    crm.put('C4', { email: 'dee@shop.test', name: 'Dee', plan: 'basic', lists: 'No such list', consent: 'subscribed' })
    const sync = syncSchema.parse({
      id: 's', name: 'CRM ⇄ SendGrid', left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'mail', object: 'contacts' },
      mapping: [
        { name: 'email', left: 'email', right: 'email', fromLeft: lower, fromRight: lower },
        { name: 'first', left: 'name', right: 'first_name' },
        { name: 'plan', left: 'plan', right: 'plan' },
        { name: 'lists', left: 'lists', right: 'lists' },
        { name: 'marketingConsent', left: 'consent', right: 'marketing_consent' }
      ],
      match: { field: 'email' }, conflictPolicy: 'prefer-left', deletes: 'propagate'
    })
    const state = await freshState()
    const run = () => runSync({ sync, state, trigger: 'manual', adapters: { left: crm, right: session.object('contacts') } })
    fake.faults.serverErrors(1).rateLimits(1).jobFailsHalfway()
    expect((await run()).run.status).toBe('partial')
    crm.put('C1', { lists: '' })
    crm.put('C3', { consent: 'unsubscribed' })
    crm.remove('C2')
    fake.faults.rateLimits(1)
    expect((await run()).run.counts).toMatchObject({ created: 1, updated: 1, deleted: 1, failed: 1 })
    const wrong = await openSendgrid(fake, { apiKey: 'SG.wrong.key' })
    expect((await wrong.test()).ok).toBe(false)

    const all = fake.recorder.all()
    expect(checkExchanges(all)).toEqual([])
    const hit = new Set(all.filter((e) => e.status !== null && e.status < 300).map(operationOf))
    for (const op of [
      'PUT /v3/marketing/contacts', 'DELETE /v3/marketing/contacts', 'GET /v3/marketing/contacts/imports/{id}', 'POST /v3/marketing/contacts/search/emails',
      'POST /v3/marketing/contacts/exports', 'GET /v3/marketing/contacts/exports/{id}', 'GET /v3/marketing/contacts/count', 'GET /v3/marketing/field_definitions',
      'GET /v3/marketing/lists', 'DELETE /v3/marketing/lists/{id}/contacts', 'GET /v3/suppression/unsubscribes', 'GET /v3/asm/suppressions',
      'GET /v3/suppression/bounces', 'POST /v3/asm/groups/{group_id}/suppressions', 'GET /files/exports/…', 'GET /files/import-errors/…'
    ]) expect(hit, op).toContain(op)
    expect(all.some((e) => e.status === 429) && all.some((e) => e.status === 503) && all.some((e) => e.status === 401)).toBe(true)
  })

  it('catches a request or answer SendGrid would not recognise', () => {
    const base = { seq: 1, query: {}, requestHeaders: { authorization: 'Bearer [redacted]' }, responseHeaders: {}, status: 202 }
    expect(checkExchange({ ...base, method: 'PUT', path: '/v3/marketing/contacts', requestBody: { contacts: [{ email: 'a@b.co', first_name: 7 }] }, responseBody: { job_id: 'j' } })).toEqual([
      'PUT /v3/marketing/contacts request /contacts/0/first_name: must be string'
    ])
    expect(checkExchange({ ...base, method: 'PUT', path: '/v3/marketing/contacts', requestBody: { contacts: [] }, responseBody: { job_id: 'j' } })[0]).toMatch(/must NOT have fewer than 1 items/)
    expect(checkExchange({ ...base, status: 200, method: 'GET', path: '/v3/marketing/contacts/imports/j1', requestBody: undefined, responseBody: { id: 'j1', status: 'pending', results: { errored_count: '2' } } })).toEqual(['GET /v3/marketing/contacts/imports/j1 → 200: /results/errored_count: must be number'])
    expect(checkExchange({ ...base, status: 200, method: 'GET', path: '/v3/marketing/contacts/everyone', query: { since: '1' }, requestBody: undefined, responseBody: {} })[0]).toMatch(/query parameter "since"|no such operation/)
    expect(checkExchange({ ...base, status: 200, method: 'GET', path: '/files/exports/x.json', requestBody: undefined, responseBody: '' })).toEqual(['/files/exports/x.json: a pre-signed download was sent the API key'])
  })
})
