/**
 * The contract test: every request the Salesforce connector made and every answer the fake
 * org gave, over a session that reaches every endpoint Patchbay uses (sign-in refresh,
 * query and queryMore, getDeleted, describe, sObject Collections create / update / delete /
 * upsert, per-record refusals, an expired session, REQUEST_LIMIT_EXCEEDED, 5xx), checked
 * against schemas written by hand from Salesforce's REST API guide (./endpoints.ts says
 * which page each comes from: Salesforce publishes no OpenAPI file for it). Every API
 * answer also carries `Sforce-Limit-Info: api-usage=N/M`.
 */
import { describe, expect, it } from 'vitest'
import { checkExchanges, endpointsHit } from '../check'
import { seedSalesforce } from '../../../src/main/stand-ins/salesforce'
import { fakeSalesforce, syncWorld } from '../../connectors/salesforce/helpers'
import { SALESFORCE_ENDPOINTS } from './endpoints'

describe("Salesforce contract: the connector and the fake against Salesforce's REST API guide", () => {
  it('every recorded exchange keeps the documented shapes, and every API answer reports the allowance', async () => {
    let now = Date.parse('2026-12-02T08:00:00Z')
    const fake = await fakeSalesforce({ now: () => now, faults: { seed: 3, rates: { '5xx': 0.08 }, only: /\/query/ } })
    const ids = seedSalesforce(fake.org, 14)
    const w = await syncWorld(fake, { sync: { deletes: 'propagate' }, settings: { externalIds: { contacts: 'Patchbay_Key__c' } }, tuning: { now: () => now } })
    await w.session.object('contacts').fields()
    await w.run()
    now += 10 * 60_000
    fake.org.update(ids[2], { FirstName: 'Changed' })
    fake.org.remove(ids[3])
    w.members.put('N1', { email: 'priya.walker@maple.example', first: 'Priya', last: 'Walker' })
    w.members.put('N2', { email: 'bad-address', first: 'Bad', last: 'Address' })
    w.members.put(w.members.all().find((m) => m.fields.email === fake.org.find(ids[5])!.record.Email)!.id, { last: 'Renamed' })
    w.members.remove(w.members.all().find((m) => m.fields.email === fake.org.find(ids[6])!.record.Email)!.id)
    fake.faults.next('session-expired')
    await w.run()
    now += 5 * 60_000
    await w.session.object('contacts').write([{ op: 'create', ref: 'u1', fields: { Patchbay_Key__c: 'key-1', LastName: 'Upserted' } }])
    await w.session.object('leads').findByKey('Email', ['lead0@example.org'], (v) => String(v).toLowerCase())
    fake.faults.next('limit-exceeded')
    await w.run()
    const exchanges = fake.recorder.take()

    expect(checkExchanges(exchanges, SALESFORCE_ENDPOINTS)).toEqual([])
    expect(endpointsHit(exchanges, SALESFORCE_ENDPOINTS)).toEqual(['collections create', 'collections delete', 'collections update', 'collections upsert', 'describe', 'get deleted', 'query', 'query more', 'token'])
    const statuses = new Set(exchanges.map((e) => e.status))
    for (const s of [200, 401, 403]) expect(statuses).toContain(s)
    expect(exchanges.some((e) => e.fault === '5xx')).toBe(true)
    // Per-record refusal inside a 200 answer, in Salesforce's words.
    expect(exchanges.flatMap((e) => (Array.isArray(e.responseBody) ? e.responseBody : [])).some((r: { errors?: Array<{ statusCode: string }> }) => r.errors?.[0]?.statusCode === 'INVALID_EMAIL_ADDRESS')).toBe(true)
    const api = exchanges.filter((e) => e.path.startsWith('/services/data/') && e.status !== null && e.fault !== '5xx' && e.status !== 401)
    for (const e of api) expect(e.responseHeaders['sforce-limit-info'], `${e.method} ${e.path}`).toMatch(/^api-usage=\d+\/15000$/)
  })
})
