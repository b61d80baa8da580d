/**
 * HubSpot contacts through the engine against the fake: the first run lists everything,
 * later runs read only what changed (search on lastmodifieddate), edits flow both ways,
 * and contacts archived in HubSpot come back as deletions.
 */
import { describe, expect, it } from 'vitest'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, syncWorld } from './helpers'

const searches = (paths: string[]) => paths.filter((p) => p.endsWith('/search')).length

describe('HubSpot contacts through the engine', () => {
  it('copies every contact on the first run and links them by email', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 250)
    const w = await syncWorld(fake)
    const { run } = await w.run()
    expect(run.status).toBe('ok')
    expect(run.counts).toMatchObject({ read: 250, created: 250, failed: 0 })
    expect(w.members.all()).toHaveLength(250)
    const sample = fake.store.live('contacts')[17]
    expect(w.members.all().find((m) => m.fields.email === sample.properties.email)?.fields).toMatchObject({ first: sample.properties.firstname, last: sample.properties.lastname })
    // A full list: 100 a page with the `after` cursor, then nothing else.
    const list = fake.recorder.all().filter((e) => e.method === 'GET' && e.path === '/crm/objects/2026-03/contacts')
    expect(list.map((e) => e.query.after ?? null)).toEqual([null, '201', '301'])
  })

  it('reads only what changed on a re-run, and nothing when nothing did', async () => {
    const fake = await fakeHubspot()
    const seeded = seedContacts(fake.store, 120)
    const w = await syncWorld(fake)
    await w.run()
    fake.recorder.take()

    const quiet = await w.run()
    expect(w.hubspotRead).toBe(0)
    expect(quiet.run.counts).toMatchObject({ created: 0, updated: 0 })
    const paths = fake.recorder.take().map((e) => e.path)
    expect(searches(paths)).toBe(1)
    expect(paths.filter((p) => p === '/crm/objects/2026-03/contacts')).toHaveLength(1) // archived list only

    fake.store.update(seeded[5], { firstname: 'Agnieszka' })
    fake.store.update(seeded[90], { phone: '+44 7700 900123' })
    const { run } = await w.run()
    expect(w.hubspotRead).toBe(2)
    expect(run.counts).toMatchObject({ updated: 2, failed: 0 })
    const byEmail = new Map(w.members.all().map((m) => [m.fields.email, m.fields]))
    expect(byEmail.get(seeded[5].properties.email)?.first).toBe('Agnieszka')
    expect(byEmail.get(seeded[90].properties.email)?.phone).toBe('+44 7700 900123')
  })

  it('writes edits from the other side to HubSpot with batch update, and does not echo them back', async () => {
    const fake = await fakeHubspot()
    const seeded = seedContacts(fake.store, 30)
    const w = await syncWorld(fake)
    await w.run()
    const member = w.members.all().find((m) => m.fields.email === seeded[3].properties.email)!
    w.members.put(member.id, { last: 'Fairweather' })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ updated: 1, failed: 0 })
    expect(fake.store.get('contacts', seeded[3].id)?.properties.lastname).toBe('Fairweather')
    const update = fake.recorder.all().find((e) => e.path.endsWith('/batch/update'))
    expect(update?.requestBody).toMatchObject({ inputs: [{ id: seeded[3].id, properties: { lastname: 'Fairweather' } }] })
    // Our own write comes back once, equal to what both sides agreed: no change either way.
    const next = await w.run()
    expect(w.hubspotRead).toBe(1)
    expect(next.run.counts).toMatchObject({ updated: 0, created: 0 })
  })

  it('creates new members in HubSpot by upsert on email, so a repeat cannot duplicate them', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 5)
    const w = await syncWorld(fake)
    await w.run()
    w.members.put('N900', { email: 'Nia.Okafor@Lantern.example', first: 'Nia', last: 'Okafor', phone: null })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ created: 1, failed: 0 })
    expect(fake.store.findUnique('contacts', 'email', 'nia.okafor@lantern.example')?.properties).toMatchObject({ firstname: 'Nia', lastname: 'Okafor' })
    const upsert = fake.recorder.all().find((e) => e.path.endsWith('/batch/upsert'))
    expect(upsert?.requestBody).toMatchObject({ inputs: [{ id: 'nia.okafor@lantern.example', idProperty: 'email' }] })
  })

  it('reports contacts archived in HubSpot as deletions and propagates them when asked', async () => {
    const fake = await fakeHubspot()
    const seeded = seedContacts(fake.store, 10)
    const w = await syncWorld(fake, { deletes: 'propagate' })
    await w.run()
    fake.store.archive(seeded[2])
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ deleted: 1, failed: 0 })
    expect(w.members.all().map((m) => m.fields.email)).not.toContain(seeded[2].properties.email)
    // Deleted on the other side: archived in HubSpot through batch/archive.
    const member = w.members.all()[0]
    w.members.remove(member.id)
    await w.run()
    expect(fake.store.findUnique('contacts', 'email', String(member.fields.email))).toBeUndefined()
    expect(fake.recorder.all().some((e) => e.path.endsWith('/batch/archive') && e.status === 204)).toBe(true)
  })

  it('lists the properties HubSpot has, typed for the mapping editor', async () => {
    const fake = await fakeHubspot()
    const fields = await (await openSession(fake)).object('contacts').fields()
    const byName = new Map(fields.map((f) => [f.name, f]))
    expect(byName.get('email')).toEqual({ name: 'email', label: 'Email', type: 'email' })
    expect(byName.get('phone')?.type).toBe('phone')
    expect(byName.get('lastmodifieddate')?.type).toBe('date')
    expect(byName.get('hs_object_id')?.type).toBe('number')
  })
})
