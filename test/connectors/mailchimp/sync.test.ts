import { afterEach, describe, expect, it } from 'vitest'
import { crmByEmail, mailchimpWorld } from './helpers'

type World = Awaited<ReturnType<typeof mailchimpWorld>>
let w: World
afterEach(async () => w?.close())

describe('Mailchimp members through the engine', () => {
  it('pairs by email on the first run and copies the rest both ways, creating members in one batch call', async () => {
    w = await mailchimpWorld()
    w.user.add('ann@gmail.com', { FNAME: 'Ann', LNAME: 'Lee' })
    w.user.add('cat@outlook.com', { FNAME: 'Cat', LNAME: 'Ng', PHONE: '+447700900456' })
    w.crm.put('C-a', { email: ' Ann@Gmail.com ', name: 'Ann Lee', phone: '07700 900123' })
    w.crm.put('C-b', { email: 'bob@brightsparks.io', name: 'Bob Stone', phone: '' })
    w.crm.put('C-d', { email: 'dee@icloud.com', name: 'Dee Okafor', phone: '' })
    const { run } = await w.run()
    expect(run.status).toBe('ok')
    expect(run.counts).toMatchObject({ created: 3, updated: 1, failed: 0 })
    expect(w.calls().filter((c) => c === 'POST /lists/:list_id')).toHaveLength(1)
    const ann = w.user.find('ann@gmail.com')!
    expect(ann.merge.PHONE).toBe('+447700900123')
    expect(w.user.find('bob@brightsparks.io')).toMatchObject({ status: 'subscribed', merge: { FNAME: 'Bob', LNAME: 'Stone' } })
    expect(crmByEmail(w.crm)['cat@outlook.com']).toMatchObject({ name: 'Cat Ng', phone: '+447700900456' })
    expect(w.user.live()).toHaveLength(4)
  })

  it('a fixed tags_add ("Always set") adds the tag to every member the sync writes and keeps their other tags', async () => {
    w = await mailchimpWorld({ sync: { fixed: [{ side: 'right', field: 'tags_add', value: 'customer' }] } })
    w.user.add('ann@gmail.com', { FNAME: 'Ann', LNAME: 'Lee' }, ['vip', 'newsletter'])
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '07700 900123' })
    w.crm.put('C-b', { email: 'bob@brightsparks.io', name: 'Bob Stone', phone: '' })
    expect((await w.run()).run.counts).toMatchObject({ created: 1, updated: 1, failed: 0 })
    expect([...w.user.find('ann@gmail.com')!.tags].sort()).toEqual(['customer', 'newsletter', 'vip'])
    expect(w.user.find('bob@brightsparks.io')!.tags).toEqual(['customer'])
    // Changed again: the fixed value goes with the write, and the tag it already has is not sent again.
    w.clock.advance(60_000)
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '07700 900999' })
    const tagCalls = () => w.fake.recorder.all().filter((e) => e.method === 'POST' && e.path.endsWith('/tags')).length
    const before = tagCalls()
    expect((await w.run()).run.counts).toMatchObject({ updated: 1, failed: 0 })
    expect(tagCalls()).toBe(before)
    expect([...w.user.find('ann@gmail.com')!.tags].sort()).toEqual(['customer', 'newsletter', 'vip'])
  })

  it('reruns read only what changed, and never read their own writes back', async () => {
    w = await mailchimpWorld()
    for (let i = 0; i < 12; i++) w.crm.put(`C-${i}`, { email: `person${i}@gmail.com`, name: `Person ${i}`, phone: '' })
    await w.run()
    w.clock.advance(60_000)
    const quiet = await w.run()
    expect(quiet.run.counts).toMatchObject({ read: 0, created: 0, updated: 0 })
    const from = w.fake.requests.length
    w.clock.advance(60_000)
    w.user.edit('person3@gmail.com', { merge_fields: { FNAME: 'Persephone' } })
    const edited = await w.run()
    expect(edited.run.counts).toMatchObject({ read: 1, updated: 1 })
    expect(crmByEmail(w.crm)['person3@gmail.com'].name).toBe('Persephone 3')
    // Two listings (members, archived members) and nothing else: the change went to the CRM.
    expect(w.calls(from)).toEqual(['GET /lists/:list_id/members', 'GET /lists/:list_id/members'])
  })

  it('catches a change made in the same second as the last read (equal timestamps at the cursor)', async () => {
    w = await mailchimpWorld()
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '' })
    w.crm.put('C-b', { email: 'bob@gmail.com', name: 'Bob Stone', phone: '' })
    await w.run()
    // The clock does not move: Bob is edited in the very second the run read and wrote.
    w.user.edit('bob@gmail.com', { merge_fields: { LNAME: 'Stoner' } })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ read: 1, updated: 1 })
    expect(crmByEmail(w.crm)['bob@gmail.com'].name).toBe('Bob Stoner')
    const again = await w.run()
    expect(again.mailchimpRead).toBe(0)
  })

  it('reads next run a member someone else edited while this run was writing (between its read and its last write)', async () => {
    w = await mailchimpWorld()
    for (const n of ['ann', 'bob', 'cat']) w.crm.put(`C-${n}`, { email: `${n}@gmail.com`, name: `${n} Smith`, phone: '' })
    await w.run()
    w.clock.advance(60_000)
    w.crm.put('C-cat', { name: 'Cat Jones' })
    // Read done, writes not yet sent: someone edits Bob in Mailchimp, a few seconds before this run writes Cat.
    await w.run({
      onProgress: (p) => {
        if (p.kind !== 'plan') return
        w.clock.advance(2_000)
        w.user.edit('bob@gmail.com', { merge_fields: { LNAME: 'Stoner' } })
        w.clock.advance(5_000)
      }
    })
    expect(w.user.find('cat@gmail.com')!.merge.LNAME).toBe('Jones')
    w.clock.advance(60_000)
    const next = await w.run()
    expect(next.run.counts).toMatchObject({ updated: 1 })
    expect(crmByEmail(w.crm)['bob@gmail.com'].name).toBe('bob Stoner')
  })

  it('sends CRM edits back: one member by PUT, a changed address keeps the same member', async () => {
    w = await mailchimpWorld()
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '' })
    w.crm.put('C-b', { email: 'bob@gmail.com', name: 'Bob Stone', phone: '' })
    await w.run()
    const contactId = w.user.find('ann@gmail.com')!.contactId
    w.clock.advance(60_000)
    w.crm.put('C-a', { email: 'ann.lee@protonmail.com', phone: '07700 900777' })
    const from = w.fake.requests.length
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ updated: 1, created: 0, failed: 0 })
    expect(w.calls(from)).toContain('PUT /lists/:list_id/members/:subscriber_hash')
    const ann = w.user.find('ann.lee@protonmail.com')!
    expect(ann.contactId).toBe(contactId)
    expect(ann.merge.PHONE).toBe('+447700900777')
    expect(w.user.live()).toHaveLength(2)
    w.clock.advance(60_000)
    expect((await w.run()).mailchimpRead).toBe(0)
  })

  it('reports archived and cleaned members as deletes, and archives members deleted in the CRM', async () => {
    w = await mailchimpWorld({ sync: { deletes: 'propagate' } })
    for (const n of ['ann', 'bob', 'cat']) w.crm.put(`C-${n}`, { email: `${n}@gmail.com`, name: `${n} Smith`, phone: '' })
    await w.run()
    w.clock.advance(60_000)
    w.user.archive('ann@gmail.com')
    w.user.clean('bob@gmail.com')
    w.crm.remove('C-cat')
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ deleted: 3, failed: 0 })
    expect(w.crm.all().map((r) => r.fields.email)).toEqual([])
    expect(w.user.find('cat@gmail.com')?.status).toBe('archived')
  })

  it('keeps going when Mailchimp refuses some members of a batch, with its reasons in Failures', async () => {
    w = await mailchimpWorld()
    w.user.add('gone@gmail.com')
    w.user.forget('gone@gmail.com')
    w.crm.put('C-ok', { email: 'ok@gmail.com', name: 'Ok Person', phone: '' })
    w.crm.put('C-fake', { email: 'test@brightsparks.io', name: 'Test Person', phone: '' })
    w.crm.put('C-gone', { email: 'gone@gmail.com', name: 'Gone Person', phone: '' })
    w.crm.put('C-ok2', { email: 'ok2@gmail.com', name: 'Ok Two', phone: '' })
    const { run } = await w.run()
    expect(run.status).toBe('partial')
    expect(run.counts).toMatchObject({ created: 2, failed: 2 })
    const messages = w.state.data.failures.map((f) => f.message).sort()
    expect(messages[0]).toMatch(/^Mailchimp refused gone@gmail.com: gone@gmail.com was permanently deleted and cannot be re-imported/)
    expect(messages[1]).toMatch(/^Mailchimp refused test@brightsparks.io: test@brightsparks.io looks fake or invalid, please enter a real email address/)
    expect(w.user.live().map((m) => m.email).sort()).toEqual(['ok2@gmail.com', 'ok@gmail.com'])
  })

  it('words a single refused member as Mailchimp does ("Invalid Resource")', async () => {
    w = await mailchimpWorld()
    w.crm.put('C-fake', { email: 'asdf@gmail.com', name: 'Asdf', phone: '' })
    const { run } = await w.run()
    expect(run.status).toBe('partial')
    expect(w.state.data.failures[0]).toMatchObject({ code: 'RECORD', side: 'right', op: 'create' })
    expect(w.state.data.failures[0].message).toBe('Mailchimp refused asdf@gmail.com: Invalid Resource: asdf@gmail.com looks fake or invalid, please enter a real email address.')
  })
})
