/**
 * Salesforce contacts through the engine against the fake org: the first run pages through
 * every contact with nextRecordsUrl, later runs query SystemModstamp and getDeleted only,
 * edits and creates go out through sObject Collections, a refused record goes to Failures,
 * an external-id field makes creates upserts, and a sync idle for more than 15 days says so
 * and reads everything again.
 */
import { describe, expect, it } from 'vitest'
import { seedSalesforce } from '../../../src/main/stand-ins/salesforce'
import { fakeSalesforce, openSalesforce, syncWorld } from './helpers'

const api = (path: string) => path.replace(/^\/services\/data\/v66\.0/, '')

describe('Salesforce contacts through the engine', () => {
  it('reads every contact page by page, then only what changed, and writes edits and creates back in collections', async () => {
    const fake = await fakeSalesforce()
    const ids = seedSalesforce(fake.org, 12)
    const w = await syncWorld(fake)
    const first = await w.run()
    expect(first.run.counts).toMatchObject({ read: 12, created: 12, failed: 0 })
    const pages = fake.recorder.take().filter((e) => e.path.includes('/query'))
    // 12 contacts, 5 a page: the query, then two nextRecordsUrl pages.
    expect(pages.map((e) => api(e.path).replace(/01g\w+-/, 'LOCATOR-'))).toEqual(['/query', '/query/LOCATOR-5', '/query/LOCATOR-10'])
    expect(String(pages[0].query.q)).toMatch(/FROM Contact ORDER BY SystemModstamp, Id$/)

    fake.org.update(ids[3], { FirstName: 'Agnieszka' })
    const member = w.members.all().find((m) => m.fields.email === fake.org.find(ids[7])!.record.Email)!
    w.members.put(member.id, { last: 'Fairweather' })
    w.members.put('N1', { email: 'nia.okafor@lantern.example', first: 'Nia', last: 'Okafor' })
    w.members.put('N2', { email: 'no-last-name@lantern.example', first: 'Solo', last: null })
    const second = await w.run()
    expect(second.run.status).toBe('partial')
    expect(second.run.counts).toMatchObject({ updated: 2, created: 1, failed: 1 })
    const sent = fake.recorder.take()
    const incremental = sent.find((e) => api(e.path) === '/query')
    expect(String(incremental?.query.q)).toMatch(/WHERE SystemModstamp > \d{4}-\d\d-\d\dT[\d:]+Z ORDER BY SystemModstamp, Id$/)
    expect(sent.find((e) => e.method === 'PATCH' && api(e.path) === '/composite/sobjects')?.requestBody).toMatchObject({ allOrNone: false, records: [{ attributes: { type: 'Contact' }, id: ids[7], LastName: 'Fairweather' }] })
    const create = sent.find((e) => e.method === 'POST' && api(e.path) === '/composite/sobjects')
    expect((create?.requestBody as { records: unknown[] }).records).toHaveLength(2)
    expect(fake.org.find(ids[7])!.record.LastName).toBe('Fairweather')
    expect(fake.org.all('Contact').find((c) => c.Email === 'nia.okafor@lantern.example')).toMatchObject({ FirstName: 'Nia', LastName: 'Okafor' })
    expect(w.members.all().find((m) => m.fields.email === fake.org.find(ids[3])!.record.Email)?.fields.first).toBe('Agnieszka')
    const failures = w.state.data.failures
    expect(failures).toHaveLength(1)
    expect(failures[0].message).toMatch(/Salesforce refused this contact: Required fields are missing: \[LastName\] \(REQUIRED_FIELD_MISSING\)/)
  })

  it('reports contacts deleted in Salesforce through getDeleted, and deletes them on the other side', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z')
    const fake = await fakeSalesforce({ now: () => now })
    const ids = seedSalesforce(fake.org, 6)
    const w = await syncWorld(fake, { tuning: { now: () => now }, sync: { deletes: 'propagate' } })
    await w.run()
    now += 5 * 60_000
    fake.org.remove(ids[2])
    now += 2 * 60_000
    fake.recorder.take()
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ deleted: 1, failed: 0 })
    expect(w.members.all()).toHaveLength(5)
    const deleted = fake.recorder.take().find((e) => e.path.endsWith('/sobjects/Contact/deleted/'))
    expect(deleted?.query).toMatchObject({ start: '2026-12-01T10:00:00+00:00', end: '2026-12-01T10:07:00+00:00' })
    expect(w.seen.notes).toEqual([])
  })

  it('says so and reads every contact again when the sync last looked more than 15 days ago', async () => {
    let now = Date.parse('2026-11-10T09:00:00Z')
    const fake = await fakeSalesforce({ now: () => now })
    const ids = seedSalesforce(fake.org, 8)
    const w = await syncWorld(fake, { tuning: { now: () => now }, sync: { deletes: 'propagate' } })
    await w.run()
    now = Date.parse('2026-11-27T09:00:00Z')
    fake.org.remove(ids[1])
    fake.org.remove(ids[4])
    fake.recorder.take()
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ deleted: 2, failed: 0 })
    expect(w.members.all()).toHaveLength(6)
    const sent = fake.recorder.take()
    expect(sent.some((e) => e.path.includes('/deleted'))).toBe(false)
    expect(String(sent.find((e) => api(e.path) === '/query')?.query.q)).not.toMatch(/WHERE/)
    expect(w.seen.notes).toEqual([
      'Salesforce lists deleted contacts for 15 days only and this sync last looked 17 days ago, so Patchbay is reading every contact again to find the ones deleted meanwhile. This run takes longer than usual.'
    ])
    // The stand-in refuses such a window as Salesforce does.
    const tooOld = await fetch(`${fake.url}/services/data/v66.0/sobjects/Contact/deleted/?start=2026-11-10T09:00:00Z&end=2026-11-27T09:00:00Z`, { headers: { authorization: `Bearer ${fake.oauth.issue().accessToken}` } })
    expect(tooOld.status).toBe(400)
    expect(await tooOld.json()).toEqual([{ errorCode: 'INVALID_REPLICATION_DATE', message: 'startDate cannot be more than 15 days ago' }])
  })

  it('creates through upsert on the external-id field the owner named, so a repeat cannot make a second contact', async () => {
    const fake = await fakeSalesforce()
    const w = await syncWorld(fake, {
      settings: { externalIds: { contacts: 'Patchbay_Key__c' } },
      sync: {
        mapping: [
          { name: 'email', left: 'Email', right: 'email', fromLeft: [{ kind: 'lower' }], fromRight: [{ kind: 'lower' }] },
          { name: 'key', left: 'Patchbay_Key__c', right: 'email', fromRight: [{ kind: 'lower' }] },
          { name: 'last', left: 'LastName', right: 'last' }
        ]
      }
    })
    w.members.put('N1', { email: 'Ines.Costa@example.com', last: 'Costa' })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ created: 1, failed: 0 })
    const upsert = fake.recorder.all().find((e) => e.method === 'PATCH' && e.path.endsWith('/composite/sobjects/Contact/Patchbay_Key__c'))
    expect(upsert?.requestBody).toMatchObject({ allOrNone: false, records: [{ attributes: { type: 'Contact' }, Patchbay_Key__c: 'ines.costa@example.com', LastName: 'Costa' }] })
    expect(upsert?.responseBody).toMatchObject([{ success: true, created: true }])
    // The same upsert again (an answer lost on the way) updates the one contact.
    const again = await fetch(`${fake.url}${upsert!.path}`, { method: 'PATCH', headers: { authorization: `Bearer ${fake.oauth.issue().accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(upsert!.requestBody) })
    expect(await again.json()).toMatchObject([{ success: true, created: false }])
    expect(fake.org.all('Contact')).toHaveLength(1)
  })

  it('offers leads and accounts too: fields from describe, reads by SystemModstamp, writes with their own required fields', async () => {
    const fake = await fakeSalesforce()
    seedSalesforce(fake.org, 3, 7, { leads: 4, accounts: 2 })
    const { session } = await openSalesforce(fake)
    expect(await session.objectNames()).toEqual(['contacts', 'leads', 'accounts'])
    const leads = session.object('leads')
    expect((await leads.fields()).find((f) => f.name === 'HasOptedOutOfEmail')).toEqual({ name: 'HasOptedOutOfEmail', label: 'Email Opt Out', type: 'boolean' })
    const feed = await leads.listChanged(null)
    const read = []
    for await (const page of feed.pages) read.push(...page.records)
    expect(feed.complete).toBe(true)
    expect(read.map((r) => r.fields.Company)).toHaveLength(4)
    const accounts = session.object('accounts')
    const out = await accounts.write([
      { op: 'create', ref: 'a', fields: { Name: 'Harbour Bakery Wholesale', Website: 'https://harbour.example' } },
      { op: 'create', ref: 'b', fields: { Website: 'https://no-name.example' } }
    ])
    expect(out[0]).toMatchObject({ ok: true, id: expect.stringMatching(/^001/) })
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'RECORD', message: 'Salesforce refused this account: Required fields are missing: [Name] (REQUIRED_FIELD_MISSING)' } })
    expect(fake.org.all('Account').map((a) => a.Name)).toContain('Harbour Bakery Wholesale')
  })
})
