/**
 * The contract test: every request the HubSpot connector made and every response the
 * fake gave, over a session that reaches every endpoint (reads, writes, 207s, whole-batch
 * refusals, 401, 429, 5xx), checked against schemas written from HubSpot's reference.
 */
import { describe, expect, it } from 'vitest'
import { checkExchanges, endpointsHit } from '../check'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, syncWorld } from '../../connectors/hubspot/helpers'
import { HUBSPOT_ENDPOINTS } from './endpoints'

async function exercise(): Promise<Exchange[]> {
  const recorded: Exchange[] = []
  const fake = await fakeHubspot({ faults: { seed: 5, rates: { '5xx': 0.1 }, retryAfterSec: 0.02 } })
  const contacts = seedContacts(fake.store, 130)
  const session = await openSession(fake)
  await session.test()
  await session.object('contacts').fields()
  fake.faults.next('429', 2)
  const w = await syncWorld(fake, { deletes: 'propagate' }, session)
  await w.run()
  w.members.put('N1', { email: 'priya.walker@maple.example', first: 'Priya', last: 'Walker', phone: null })
  w.members.put('N2', { email: 'bad-address', first: 'Bad', last: 'Address', phone: null })
  const someone = w.members.all().find((m) => m.fields.email === contacts[4].properties.email)!
  w.members.put(someone.id, { last: 'Renamed' })
  w.members.remove(w.members.all().find((m) => m.fields.email === contacts[7].properties.email)!.id)
  fake.store.update(contacts[9], { firstname: 'Changed' })
  fake.store.archive(contacts[10])
  await w.run()
  const object = session.object('contacts')
  await object.get([contacts[1].id, '999999'])
  await object.findByKey('email', [String(contacts[2].properties.email)], (v) => String(v).toLowerCase())
  const companies = session.object('companies')
  await companies.write([{ op: 'create', ref: 'c1', fields: { name: 'Corner Books', domain: 'cornerbooks.example' } }])
  await companies.findByKey('domain', ['cornerbooks.example'], (v) => String(v).toLowerCase())
  await (await openSession(fake, { token: 'pat-eu1-wrong' })).test()
  recorded.push(...fake.recorder.take())

  // HubSpot refusing whole batches (no multi-status) and its 404 for an unknown object.
  const strict = await fakeHubspot({ multiStatus: false })
  seedContacts(strict.store, 4)
  const ws = await syncWorld(strict)
  await ws.run()
  ws.members.put('N9', { email: 'nope', first: 'No', last: 'Pe', phone: null })
  ws.members.put('N8', { email: 'fine@kiln.example', first: 'Fi', last: 'Ne', phone: null })
  await ws.run()
  recorded.push(...strict.recorder.take())
  return recorded
}

describe('HubSpot contract: the connector and the fake against HubSpot\'s reference', () => {
  it('every recorded exchange keeps the documented shapes', async () => {
    const exchanges = await exercise()
    expect(checkExchanges(exchanges, HUBSPOT_ENDPOINTS)).toEqual([])
    expect(endpointsHit(exchanges, HUBSPOT_ENDPOINTS)).toEqual(['account details', 'batch archive', 'batch create', 'batch read', 'batch update', 'batch upsert', 'list', 'properties', 'search'])
    const statuses = new Set(exchanges.map((e) => e.status))
    for (const s of [200, 201, 204, 207, 400, 401, 429]) expect(statuses).toContain(s)
    expect(exchanges.some((e) => e.fault === '5xx')).toBe(true)
  })

  it('is not vacuous: it names what breaks the reference', () => {
    const base = { query: {}, requestHeaders: { authorization: 'Bearer [redacted]' }, responseHeaders: {} }
    const bad: Exchange[] = [
      { ...base, seq: 1, method: 'POST', path: '/crm/objects/2026-03/contacts/search', requestBody: { filterGroups: [], sorts: ['-createdate'], properties: [], limit: 500, after: '0' }, status: 200, responseBody: { total: 0, results: [] } },
      { ...base, seq: 2, method: 'POST', path: '/crm/objects/2026-03/companies/batch/create', requestBody: { inputs: [{ properties: { name: 'x' } }] }, status: 201, responseBody: { status: 'COMPLETE', results: [] } },
      { ...base, seq: 3, method: 'GET', path: '/crm/v3/objects/contacts', requestBody: undefined, status: 200, responseBody: {} },
      { ...base, seq: 4, method: 'POST', path: '/crm/objects/2026-03/contacts/batch/archive', requestBody: { inputs: [{ id: '1' }] }, status: 200, responseBody: {} }
    ]
    const found = checkExchanges(bad, HUBSPOT_ENDPOINTS).map((v) => `${v.seq} ${v.where} ${v.message}`)
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^1 request sorts\.0: /),
        expect.stringMatching(/^1 request limit: /),
        expect.stringMatching(/^2 request inputs\.0\.associations: /),
        expect.stringMatching(/^2 response 201: startedAt: /),
        '3 route no documented endpoint has this method and path',
        '4 status status 200 is not documented for this endpoint'
      ])
    )
  })
})
