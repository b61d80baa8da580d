/**
 * Records HubSpot refuses go to Failures with HubSpot's reason, and the run goes on: from
 * a 207 Multi-Status answer, and from a batch HubSpot refuses whole for one bad record.
 */
import { describe, expect, it } from 'vitest'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, syncWorld } from './helpers'

describe('HubSpot refusing some records of a batch', () => {
  it('sends the refused member to Failures from a 207 answer and creates the others', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 3)
    const w = await syncWorld(fake)
    await w.run()
    w.members.put('N1', { email: 'kwame.evans@corner.example', first: 'Kwame', last: 'Evans', phone: null })
    w.members.put('N2', { email: 'not-an-email', first: 'Typo', last: 'Person', phone: null })
    w.members.put('N3', { email: 'yuki.chen@kiln.example', first: 'Yuki', last: 'Chen', phone: null })
    const { run } = await w.run()
    expect(run.error).toBeUndefined()
    expect(run.status).toBe('partial')
    expect(run.counts).toMatchObject({ created: 2, failed: 1 })
    const upsert = fake.recorder.all().find((e) => e.path.endsWith('/batch/upsert'))
    expect(upsert?.status).toBe(207)
    const failure = w.state.data.failures[0]
    expect(failure).toMatchObject({ side: 'left', op: 'create', sourceId: 'N2', code: 'RECORD', status: 'open' })
    expect(failure.message).toContain('email: Email address not-an-email is invalid')
    expect(fake.store.live('contacts').map((c) => c.properties.email)).toEqual(expect.arrayContaining(['kwame.evans@corner.example', 'yuki.chen@kiln.example']))

    // Fixed at the source, the record goes through on the next run and its failure clears.
    w.members.put('N2', { email: 'typo.person@harbour.example' })
    const next = await w.run()
    expect(next.run.status).toBe('ok')
    expect(w.state.data.failures).toEqual([])
  })

  it('splits a batch HubSpot refuses whole until the bad record stands alone', async () => {
    const fake = await fakeHubspot({ multiStatus: false })
    const seeded = seedContacts(fake.store, 8)
    const w = await syncWorld(fake, {
      mapping: [
        { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
        { name: 'stage', left: 'lifecyclestage', right: 'stage' }
      ]
    })
    await w.run()
    const members = w.members.all()
    for (const [i, m] of members.entries()) w.members.put(m.id, { stage: i === 5 ? 'vip' : 'customer' })
    fake.recorder.take()
    const { run } = await w.run()
    expect(run.counts.updated).toBe(members.length - 1)
    expect(run.counts.failed).toBe(1)
    expect(w.state.data.failures[0].message).toContain('lifecyclestage: vip was not one of the allowed options')
    const updates = fake.recorder.all().filter((e) => e.path.endsWith('/batch/update'))
    // 8 refused → first 4 fine, last 4 refused → its first 2 refused (one fine, one bad) → its last 2 fine.
    expect(updates.map((e) => (e.requestBody as { inputs: unknown[] }).inputs.length)).toEqual([8, 4, 4, 2, 1, 1, 2])
    expect(updates.map((e) => e.status)).toEqual([400, 200, 400, 400, 200, 400, 200])
    expect(fake.store.live('contacts').filter((c) => c.properties.lifecyclestage === 'customer')).toHaveLength(seeded.length - 1)
  })
})
