/**
 * Under HubSpot's bad days (a fifth of requests failing with 5xx, dropped connections
 * before and after HubSpot applied a write, bursts of 429 with Retry-After, a token that
 * expires mid-run), runs converge: both sides equal, no duplicate, no lost change, and
 * no 429 caused by our own pacing. A malformed answer stops the run as API_CHANGED.
 */
import { describe, expect, it } from 'vitest'
import type { Run } from '../../../src/shared/domain'
import { seedContacts, type FakeHubspot } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, syncWorld } from './helpers'

type World = Awaited<ReturnType<typeof syncWorld>>

/** Runs until two runs in a row change nothing, reconnecting after an AUTH failure as a user would. */
async function settle(w: World, fake: FakeHubspot, runs: Run[]): Promise<void> {
  let quiet = 0
  for (let i = 0; i < 15 && quiet < 2; i++) {
    const { run } = await w.run()
    runs.push(run)
    if (run.error?.code === 'AUTH') await w.reconnect(fake.token)
    const wrote = run.counts.created + run.counts.updated + run.counts.deleted
    quiet = run.status === 'ok' && wrote === 0 ? quiet + 1 : 0
  }
}

function byEmail(records: Array<{ fields: Record<string, unknown> }>, names: [string, string, string, string]) {
  return new Map(records.map((r) => [String(r.fields[names[0]]), [r.fields[names[1]] ?? null, r.fields[names[2]] ?? null, r.fields[names[3]] ?? null]]))
}

describe('HubSpot under fault injection', () => {
  it('converges with no duplicate and no lost change', async () => {
    const fake = await fakeHubspot({ faults: { seed: 42, rates: { '5xx': 0.2, reset: 0.03, 'reset-after': 0.03 }, retryAfterSec: 0.05, latencyMs: [0, 3] } })
    const contacts = seedContacts(fake.store, 400)
    const w = await syncWorld(fake, { conflictPolicy: 'prefer-left' })
    for (let i = 0; i < 120; i++) w.members.put(`N${i}`, { email: `member${i}@tidewater.example`, first: `Member`, last: `No${i}`, phone: null })
    for (let i = 0; i < 10; i++) w.members.put(`P${i}`, { email: String(contacts[i].properties.email), first: contacts[i].properties.firstname, last: contacts[i].properties.lastname, phone: '+44 7700 900' + String(100 + i) })
    fake.faults.next('429', 3)
    fake.expireTokenAfter(4)
    const runs: Run[] = []
    await settle(w, fake, runs)

    // Changes on both sides while HubSpot keeps failing.
    for (const c of contacts.slice(20, 30)) fake.store.update(c, { firstname: `${c.properties.firstname}-edited` })
    const members = w.members.all().filter((m) => String(m.fields.email).startsWith('member'))
    for (const m of members.slice(0, 10)) w.members.put(m.id, { last: `${String(m.fields.last)}-edited` })
    for (let i = 0; i < 5; i++) w.members.put(`L${i}`, { email: `late${i}@lantern.example`, first: 'Late', last: `Joiner${i}`, phone: null })
    fake.faults.next('429', 2)
    fake.faults.next('5xx', 4)
    await settle(w, fake, runs)

    const hub = fake.store.live('contacts').map((c) => ({ fields: c.properties as Record<string, unknown> }))
    const emails = hub.map((c) => c.fields.email)
    expect(new Set(emails).size).toBe(emails.length)
    expect(emails).toHaveLength(400 + 120 + 5)
    expect(byEmail(w.members.all(), ['email', 'first', 'last', 'phone'])).toEqual(byEmail(hub, ['email', 'firstname', 'lastname', 'phone']))
    // Every change arrived: the HubSpot edits on the members, the member edits in HubSpot.
    expect(w.members.all().filter((m) => String(m.fields.first).endsWith('-edited'))).toHaveLength(10)
    expect(hub.filter((c) => String(c.fields.lastname).endsWith('-edited'))).toHaveLength(10)
    // Members that were in HubSpot already were paired by email, not copied; HubSpot's phone won (prefer-left).
    expect(w.members.all().find((m) => m.id === 'P3')?.fields.phone).toBe(contacts[3].properties.phone)

    expect(runs.filter((r) => r.error?.code === 'AUTH')).toHaveLength(1)
    expect(fake.faults.injected['5xx']).toBeGreaterThan(9)
    expect(fake.faults.injected['reset-after']).toBeGreaterThan(0)
    expect(fake.faults.injected['429']).toBe(5)
    expect(fake.throttled).toBe(0)
  })

  it('stops the run with API_CHANGED on a malformed answer and reads normally afterwards', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 40)
    const w = await syncWorld(fake)
    fake.faults.next('malformed')
    const first = await w.run()
    expect(first.run.status).toBe('failed')
    expect(first.run.error).toMatchObject({ code: 'API_CHANGED' })
    expect(first.run.error?.hint).toContain("HubSpot's API may have changed")
    const second = await w.run()
    expect(second.run.status).toBe('ok')
    expect(w.members.all()).toHaveLength(40)
  })
})
