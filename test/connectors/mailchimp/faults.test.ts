import { afterEach, describe, expect, it } from 'vitest'
import { seedMembers } from '../../../src/main/stand-ins/mailchimp'
import { crmByEmail, mailchimpWorld } from './helpers'

type World = Awaited<ReturnType<typeof mailchimpWorld>>
let w: World
afterEach(async () => w?.close())

/** Runs until a run ends ok (bounded): each run may fail on faults, none may do harm. */
async function runUntilOk(world: World, limit = 8) {
  const statuses: string[] = []
  for (let i = 0; i < limit; i++) {
    const { run } = await world.run()
    statuses.push(run.status === 'failed' ? `failed:${run.error?.code}` : run.status)
    if (run.status === 'ok') return statuses
    world.clock.advance(1000)
  }
  throw new Error(`no clean run in ${limit}: ${statuses.join(', ')}`)
}

/** Both sides hold the same people with the same names and phones, each once. */
function expectConverged(world: World) {
  const crm = world.crm.all()
  const members = world.user.live()
  const crmEmails = crm.map((r) => String(r.fields.email).toLowerCase()).sort()
  expect(new Set(crmEmails).size).toBe(crmEmails.length)
  expect(members.map((m) => m.email.toLowerCase()).sort()).toEqual(crmEmails)
  const byEmail = crmByEmail(world.crm)
  for (const m of members) {
    const name = [m.merge.FNAME, m.merge.LNAME].filter(Boolean).join(' ')
    expect(byEmail[m.email.toLowerCase()].name, m.email).toBe(name)
  }
}

describe('Mailchimp under faults', () => {
  it('converges with 20% 5xx, dropped connections and 429 bursts: no duplicate, no lost change, no 429 of our own making', async () => {
    w = await mailchimpWorld({ settings: { pageSize: 25 }, fake: { maxConnections: 10 } })
    const seeded = seedMembers(w.fake.store, w.fake.store.audience(w.fake.listId), { count: 60, seed: 11 })
    for (let i = 0; i < 30; i++) w.crm.put(`C-old${i}`, { email: seeded[i].email.toUpperCase(), name: `${seeded[i].merge.FNAME} ${seeded[i].merge.LNAME}`, phone: '' })
    for (let i = 0; i < 40; i++) w.crm.put(`C-new${i}`, { email: `new.person${i}@harbourjoinery.com`, name: `New Person${i}`, phone: '' })
    // A storm first: runs die part-way, after some of their writes went through.
    w.fake.faults.set({ serverErrorRate: 0.45, resetRate: 0.15 }, 42)
    const stormy = [(await w.run()).run, (await w.run()).run]
    expect(stormy.some((r) => r.status === 'failed')).toBe(true)
    w.fake.faults.set({ serverErrorRate: 0.2, resetRate: 0.05, latencyMs: [0, 4] }, 43).rateLimits(2, 1)
    await runUntilOk(w)
    w.fake.faults.clear()
    w.clock.advance(60_000)
    expect((await w.run()).run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expectConverged(w)
    expect(w.user.live()).toHaveLength(100)

    // Edits on both sides, some in the very second the last run read.
    w.fake.faults.set({ serverErrorRate: 0.2, resetRate: 0.05 }, 7).rateLimits(2, 1)
    for (let i = 0; i < 10; i++) w.crm.put(`C-new${i}`, { name: `Renamed Crm${i}` })
    for (let i = 30; i < 40; i++) w.user.edit(seeded[i].email, { merge_fields: { FNAME: 'Edited', LNAME: `Mailchimp${i}` } })
    for (let i = 0; i < 3; i++) w.crm.put(`C-late${i}`, { email: `late${i}@greenleafcafe.co.uk`, name: `Late Comer${i}`, phone: '' })
    for (let i = 0; i < 3; i++) w.user.add(`walkin${i}@icloud.com`, { FNAME: 'Walk', LNAME: `In${i}` })
    await runUntilOk(w)
    w.fake.faults.clear()
    w.clock.advance(60_000)
    const settled = await w.run()
    expect(settled.run.counts).toMatchObject({ created: 0, updated: 0, failed: 0, conflicts: 0 })
    expect(settled.mailchimpRead).toBe(0)
    expectConverged(w)
    expect(w.user.live()).toHaveLength(106)
    const crm = crmByEmail(w.crm)
    expect(crm[seeded[35].email.toLowerCase()].name).toBe('Edited Mailchimp35')
    expect(w.user.find('new.person4@harbourjoinery.com')?.merge).toMatchObject({ FNAME: 'Renamed', LNAME: 'Crm4' })
    expect(crm['walkin2@icloud.com'].name).toBe('Walk In2')
    expect(w.fake.faults.counts.serverErrors / w.fake.stats.requests).toBeGreaterThan(0.05)
    expect(w.fake.faults.counts.resets).toBeGreaterThan(0)
    expect(w.fake.stats.throttled).toBe(0)
  })

  it('an answer cut short fails the run as "the API changed" and the next run finishes the job', async () => {
    w = await mailchimpWorld()
    w.user.add('ann@gmail.com', { FNAME: 'Ann', LNAME: 'Lee' })
    w.crm.put('C-b', { email: 'bob@gmail.com', name: 'Bob Stone', phone: '' })
    w.fake.faults.malformed(1)
    const broken = await w.run()
    expect(broken.run.status).toBe('failed')
    expect(broken.run.error).toMatchObject({ code: 'API_CHANGED' })
    expect(broken.run.error?.hint).toMatch(/Mailchimp's API may have changed/)
    const { run } = await w.run()
    expect(run).toMatchObject({ status: 'ok', counts: { created: 2 } })
    expectConverged(w)
  })

  it('keeps at most 10 requests open at once, so Mailchimp never has to turn one away', async () => {
    w = await mailchimpWorld({ fake: { maxConnections: 10 } })
    const seeded = seedMembers(w.fake.store, w.fake.store.audience(w.fake.listId), { count: 40, seed: 3 })
    w.fake.faults.set({ latencyMs: [5, 15] })
    const lower = (v: unknown) => String(v ?? '').toLowerCase()
    const got = await w.session.object('members').findByKey('email_address', seeded.map((m) => m.email), lower)
    expect(got).toHaveLength(40)
    // Never more than Mailchimp's 10; and more than one at a time (the reads are not serial).
    // Exactly 10 depends on how fast this machine sends, so it is not asserted.
    expect(w.fake.stats.maxInFlight).toBeLessThanOrEqual(10)
    expect(w.fake.stats.maxInFlight).toBeGreaterThan(1)
    expect(w.fake.stats.throttled).toBe(0)
  })

  it('a fake that allows fewer connections than we use answers 429, and the requests still get through', async () => {
    w = await mailchimpWorld({ fake: { maxConnections: 4 } })
    const seeded = seedMembers(w.fake.store, w.fake.store.audience(w.fake.listId), { count: 12, seed: 5 })
    w.fake.faults.set({ latencyMs: [5, 10] })
    const got = await w.session.object('members').findByKey('email_address', seeded.map((m) => m.email), (v) => String(v ?? '').toLowerCase())
    expect(got).toHaveLength(12)
    expect(w.fake.stats.throttled).toBeGreaterThan(0)
  })
})
