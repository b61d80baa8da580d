/**
 * How the connector reads changes through HubSpot's search: by key on lastmodifieddate,
 * so records changed during the walk, thousands of records stamped in the same
 * millisecond, and writes that reach search late are all read exactly once.
 */
import { describe, expect, it } from 'vitest'
import type { SourceRecord } from '../../../src/main/connectors/types'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, testTuning } from './helpers'

/** A cursor that makes the next read an incremental one from `since`. */
const cursorFrom = (since: number) => `hubspot:1:${JSON.stringify({ since, seen: {}, gone: {} })}`

async function drain(pages: AsyncIterable<{ records: SourceRecord[]; cursor: string | null }>) {
  const records: SourceRecord[] = []
  let cursor: string | null = null
  for await (const page of pages) {
    records.push(...page.records)
    if (page.cursor !== null) cursor = page.cursor
  }
  return { records, cursor }
}

describe('reading HubSpot changes through search', () => {
  it('walks 450 records stamped in the same millisecond by id, each once', async () => {
    let clock = Date.parse('2026-11-20T12:00:00Z')
    const fake = await fakeHubspot({ now: () => clock })
    const contacts = seedContacts(fake.store, 450)
    for (const c of contacts) fake.store.update(c, { jobtitle: 'Owner' }, clock)
    clock += 60_000
    const feed = await (await openSession(fake)).object('contacts').listChanged(cursorFrom(clock - 120_000))
    expect(feed).toMatchObject({ complete: false, total: 450 })
    const { records } = await drain(feed.pages)
    expect(records).toHaveLength(450)
    expect(new Set(records.map((r) => r.id)).size).toBe(450)
    const bodies = fake.recorder.all().filter((e) => e.path.endsWith('/search')).map((e) => e.requestBody as { filterGroups: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }> })
    // By time: a full page all at one instant, too many to leave out by id; so by id within
    // that instant (the first page again, skipped, then the rest); then past it.
    expect(bodies.map((b) => b.filterGroups[0].filters.map((f) => `${f.propertyName} ${f.operator}`).join(' & '))).toEqual([
      'lastmodifieddate GTE',
      'lastmodifieddate EQ & hs_object_id GT',
      'lastmodifieddate EQ & hs_object_id GT',
      'lastmodifieddate EQ & hs_object_id GT',
      'lastmodifieddate GT'
    ])
  })

  it('leaves out what it already read at the last instant, so batch-stamped records cost no extra pages', async () => {
    let clock = Date.parse('2026-11-20T12:00:00Z')
    const fake = await fakeHubspot({ now: () => clock })
    const contacts = seedContacts(fake.store, 1000, { until: clock - 86_400_000 })
    // Ten batch updates of 100: HubSpot stamps each batch's records with one time.
    contacts.forEach((c, i) => fake.store.update(c, { city: 'Exeter' }, clock + Math.floor(i / 100)))
    clock += 60_000
    const feed = await (await openSession(fake)).object('contacts').listChanged(cursorFrom(clock - 120_000))
    const { records } = await drain(feed.pages)
    expect(new Set(records.map((r) => r.id)).size).toBe(1000)
    expect(records).toHaveLength(1000)
    const searches = fake.recorder.all().filter((e) => e.path.endsWith('/search'))
    // 1,000 records at 200 a page, and one last query that finds nothing more.
    expect(searches).toHaveLength(6)
    const second = searches[1].requestBody as { filterGroups: Array<{ filters: Array<{ operator: string; values?: string[] }> }> }
    expect(second.filterGroups[0].filters.map((f) => f.operator)).toEqual(['GTE', 'NOT_IN'])
    expect(second.filterGroups[0].filters[1].values).toHaveLength(100)
  })

  it('does not skip a record when one already read changes during the walk', async () => {
    let clock = Date.parse('2026-11-20T12:00:00Z')
    const fake = await fakeHubspot({ now: () => clock })
    const contacts = seedContacts(fake.store, 500, { until: clock - 1000, spanMs: 0 })
    contacts.forEach((c, i) => fake.store.update(c, { city: 'York' }, clock + i))
    clock += 10_000
    const feed = await (await openSession(fake)).object('contacts').listChanged(cursorFrom(clock - 60_000))
    const seen = new Set<string>()
    let edited = false
    for await (const page of feed.pages) {
      for (const r of page.records) seen.add(r.id)
      if (!edited) {
        // The first record read changes again: with offset paging, everything behind it would shift.
        fake.store.update(contacts[0], { city: 'Leeds' }, clock++)
        edited = true
      }
    }
    expect(seen.size).toBe(500)
  })

  it('picks up a write that reached search after a later one, in the next run, and reads each once', async () => {
    let clock = Date.parse('2026-11-20T12:00:00Z')
    const fake = await fakeHubspot({ now: () => clock })
    seedContacts(fake.store, 20, { until: clock - 3_600_000 })
    const object = (await openSession(fake, { settings: { searchLagMs: 120_000 } })).object('contacts')
    const full = await drain((await object.listChanged(null)).pages)
    expect(full.records).toHaveLength(20)
    clock += 10_000
    fake.store.indexLagMs = 30_000
    const slow = fake.store.create('contacts', { email: 'grace.white@fernleaf.example', firstname: 'Grace' }, clock)
    fake.store.indexLagMs = 0
    const quick = fake.store.create('contacts', { email: 'oscar.green@fernleaf.example', firstname: 'Oscar' }, clock + 1000)
    clock += 5_000
    // Search shows the later write but not yet the earlier one.
    const first = await drain((await object.listChanged(full.cursor)).pages)
    expect(first.records.map((r) => r.id)).toEqual([quick.id])
    clock += 60_000
    const second = await drain((await object.listChanged(first.cursor)).pages)
    expect(second.records.map((r) => r.id)).toEqual([slow.id])
    const third = await drain((await object.listChanged(second.cursor)).pages)
    expect(third.records).toEqual([])
  })

  it('finds companies by a non-unique property with IN, splitting values when one query would pass the cap', async () => {
    const fake = await fakeHubspot({ searchCap: 50 })
    for (let i = 0; i < 120; i++) fake.store.create('companies', { name: `Branch ${i}`, domain: `chain${i % 4}.example` })
    const companies = (await openSession(fake, { tuning: { ...testTuning(), searchResultCap: 50, searchPageSize: 20 } })).object('companies')
    const found = await companies.findByKey('domain', ['chain0.example', 'chain1.example', 'chain2.example'], (v) => String(v).toLowerCase())
    expect(found).toHaveLength(90)
    expect(new Set(found.map((r) => r.id)).size).toBe(90)
    const searches = fake.recorder.all().filter((e) => e.path.endsWith('/search'))
    expect(searches.every((e) => e.status === 200)).toBe(true)
    expect(searches.map((e) => (e.requestBody as { filterGroups: Array<{ filters: Array<{ values: string[] }> }> }).filterGroups[0].filters[0].values.length)).toContain(1)
  })

  it('reads and writes companies, which have no unique key: plain batch create', async () => {
    const fake = await fakeHubspot()
    const companies = (await openSession(fake)).object('companies')
    const [made] = await companies.write([{ op: 'create', ref: 'r1', fields: { name: 'Harbour Bakery', domain: 'harbourbakery.example' } }])
    expect(made).toMatchObject({ ok: true })
    const create = fake.recorder.all().find((e) => e.path.endsWith('/companies/batch/create'))
    expect(create?.requestBody).toEqual({ inputs: [{ properties: { name: 'Harbour Bakery', domain: 'harbourbakery.example' }, associations: [], objectWriteTraceId: 'r1' }] })
    const { records } = await drain((await companies.listChanged(null)).pages)
    expect(records.map((r) => r.fields.name)).toEqual(['Harbour Bakery'])
    expect(records[0].fields).toHaveProperty('hs_lastmodifieddate')
  })
})
