import { afterEach, describe, expect, it } from 'vitest'
import { createMailchimpConnector } from '../../../src/main/connectors/mailchimp'
import { createMailchimpClient } from '../../../src/main/connectors/mailchimp/client'
import { listMembers } from '../../../src/main/connectors/mailchimp/listing'
import type { ObjectAdapter, SourceRecord } from '../../../src/main/connectors/types'
import { ManualClock, mailchimpUser, seedMembers, startMailchimpFake, type MailchimpFake } from '../../../src/main/stand-ins/mailchimp'
import { connectionTo, FAST_RETRY } from './helpers'

let fake: MailchimpFake
afterEach(async () => fake?.close())

async function members(settings: Record<string, unknown> = {}, clock = new ManualClock()): Promise<ObjectAdapter> {
  fake = await startMailchimpFake({ now: clock.now })
  const session = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(fake, settings), secrets: { apiKey: fake.apiKey } })
  return session.object('members')
}

async function readAll(adapter: ObjectAdapter, cursor: string | null = null): Promise<{ records: SourceRecord[]; cursor: string | null; complete: boolean }> {
  const feed = await adapter.listChanged(cursor)
  const records: SourceRecord[] = []
  let last: string | null = null
  for await (const page of feed.pages) {
    records.push(...page.records)
    if (page.cursor !== null) last = page.cursor
  }
  return { records, cursor: last, complete: feed.complete }
}

describe('Mailchimp members adapter', () => {
  it('names fields as the mapping editor shows them: own fields, merge tags, address parts', async () => {
    const adapter = await members()
    const fields = await adapter.fields()
    expect(fields.slice(0, 6).map((f) => f.name)).toEqual(['email_address', 'status', 'tags', 'vip', 'language', 'tags_add'])
    expect(fields).toContainEqual({ name: 'PHONE', label: 'Phone Number', type: 'phone' })
    expect(fields).toContainEqual({ name: 'ADDRESS.zip', label: 'Address (zip)', type: 'string' })
  })

  it('reads merge fields flat, tags as one sorted value, and empty values as null', async () => {
    const adapter = await members()
    const user = mailchimpUser(fake)
    user.add('ann@gmail.com', { FNAME: 'Ann' }, ['vip', 'customer'])
    user.edit('ann@gmail.com', { merge_fields: { ADDRESS: { addr1: '1 Kiln St', city: 'Leeds', state: 'West Yorkshire', zip: 'LS1 1AA', country: 'GB' } } })
    const { records, complete } = await readAll(adapter)
    expect(complete).toBe(true)
    expect(records[0].fields).toMatchObject({
      email_address: 'ann@gmail.com', status: 'subscribed', tags: 'customer, vip', FNAME: 'Ann', LNAME: null, PHONE: null,
      'ADDRESS.addr1': '1 Kiln St', 'ADDRESS.city': 'Leeds', 'ADDRESS.zip': 'LS1 1AA', 'ADDRESS.addr2': null
    })
    expect(records[0].id).toBe(user.find('ann@gmail.com')!.contactId)
  })

  it('writes tags exactly: by batch with sync_tags, and one member by PUT plus its tags call', async () => {
    const adapter = await members()
    const user = mailchimpUser(fake)
    const out = await adapter.write([
      { op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com', FNAME: 'Ann', tags: 'vip, customer' } },
      { op: 'create', ref: 'b', fields: { email_address: 'bob@gmail.com', FNAME: 'Bob', tags: 'lapsed' } }
    ])
    expect(out.every((o) => o.ok)).toBe(true)
    expect(user.find('ann@gmail.com')?.tags.sort()).toEqual(['customer', 'vip'])
    const batch = fake.recorder.all().find((e) => e.method === 'POST' && e.path.endsWith(`/lists/${fake.listId}`))
    expect(batch?.requestBody).toMatchObject({ update_existing: true, sync_tags: true, members: [{ email_address: 'ann@gmail.com', status_if_new: 'subscribed', tags: ['vip', 'customer'] }, {}] })
    const ann = user.find('ann@gmail.com')!
    expect(await adapter.write([{ op: 'update', ref: 'c', id: ann.contactId, fields: { tags: 'customer, wholesale' } }])).toMatchObject([{ ok: true, id: ann.contactId }])
    expect(user.find('ann@gmail.com')?.tags.sort()).toEqual(['customer', 'wholesale'])
    expect(fake.recorder.all().at(-1)?.requestBody).toEqual({ tags: [{ name: 'wholesale', status: 'active' }, { name: 'vip', status: 'inactive' }] })
  })

  it('adds tags with tags_add and keeps the others: only the missing ones, each active, and nothing when all are there', async () => {
    const adapter = await members()
    const user = mailchimpUser(fake)
    user.add('ann@gmail.com', { FNAME: 'Ann' }, ['customer', 'vip'])
    user.add('bob@gmail.com', { FNAME: 'Bob' }, ['shipped'])
    user.add('cy@gmail.com', { FNAME: 'Cy' }, ['wholesale'])
    const { records } = await readAll(adapter)
    const id = (email: string) => records.find((r) => r.fields.email_address === email)!.id
    expect(records.find((r) => r.id === id('ann@gmail.com'))!.fields).toMatchObject({ tags: 'customer, vip', tags_add: 'customer, vip' })
    const tagCalls = () => fake.recorder.all().filter((e) => e.method === 'POST' && e.path.endsWith('/tags'))
    const calls = () => fake.recorder.all().length
    const before = calls()
    // Only tags to add, to members read this run: no upsert; Bob has the tag already, so costs nothing.
    const out = await adapter.write([
      { op: 'update', ref: 'a', id: id('ann@gmail.com'), fields: { tags_add: 'shipped' } },
      { op: 'update', ref: 'b', id: id('bob@gmail.com'), fields: { tags_add: 'shipped' } },
      { op: 'update', ref: 'c', id: id('cy@gmail.com'), fields: { FNAME: 'Cyril', tags_add: 'shipped, gift' } }
    ])
    expect(out).toMatchObject([{ ok: true, id: id('ann@gmail.com') }, { ok: true, id: id('bob@gmail.com') }, { ok: true, id: id('cy@gmail.com') }])
    expect(user.find('ann@gmail.com')?.tags.sort()).toEqual(['customer', 'shipped', 'vip'])
    expect(user.find('bob@gmail.com')?.tags).toEqual(['shipped'])
    expect(user.find('cy@gmail.com')).toMatchObject({ merge: { FNAME: 'Cyril' } })
    expect(user.find('cy@gmail.com')?.tags.sort()).toEqual(['gift', 'shipped', 'wholesale'])
    expect(tagCalls().map((e) => e.requestBody)).toEqual(expect.arrayContaining([{ tags: [{ name: 'shipped', status: 'active' }] }, { tags: [{ name: 'shipped', status: 'active' }, { name: 'gift', status: 'active' }] }]))
    expect(tagCalls()).toHaveLength(2)
    // The merge-field check (FNAME), Cy's one-member PUT and two tag calls: no upsert for Ann or Bob.
    expect(calls() - before).toBe(4)
    // Again, with what they now have: nothing is sent twice.
    const again = calls()
    expect(await adapter.write([{ op: 'update', ref: 'a2', id: id('ann@gmail.com'), fields: { tags_add: 'shipped, vip' } }])).toMatchObject([{ ok: true }])
    expect(calls()).toBe(again)
    // A new member gets its tags added after the batch, which never replaces tags here.
    await adapter.write([
      { op: 'create', ref: 'd', fields: { email_address: 'dee@gmail.com', tags_add: 'shipped' } },
      { op: 'create', ref: 'e', fields: { email_address: 'eve@gmail.com' } }
    ])
    expect(user.find('dee@gmail.com')?.tags).toEqual(['shipped'])
    expect(fake.recorder.all().find((e) => e.method === 'POST' && e.path.endsWith(`/lists/${fake.listId}`))?.requestBody).not.toHaveProperty('sync_tags')
  })

  it('gives new members the configured status, and never sends a status to members that exist', async () => {
    const adapter = await members({ statusIfNew: 'transactional' })
    const user = mailchimpUser(fake)
    user.add('ann@gmail.com')
    user.unsubscribe('ann@gmail.com')
    const { records } = await readAll(adapter)
    await adapter.write([
      { op: 'update', ref: 'u', id: records[0].id, fields: { FNAME: 'Ann' } },
      { op: 'create', ref: 'c', fields: { email_address: 'bob@gmail.com' } }
    ])
    expect(user.find('ann@gmail.com')?.status).toBe('unsubscribed')
    expect(user.find('bob@gmail.com')?.status).toBe('transactional')
  })

  it('stops the write with a ConfigError when the mapping names a field the audience does not have', async () => {
    const adapter = await members()
    await expect(adapter.write([{ op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com', COMPANY: 'Acme' } }])).rejects.toMatchObject({
      code: 'CONFIG',
      message: expect.stringContaining('the audience has no merge field "COMPANY"')
    })
    await expect(adapter.write([{ op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com', 'merge_fields.FNAME': 'Ann' } }])).rejects.toMatchObject({ code: 'CONFIG' })
    expect(mailchimpUser(fake).all()).toHaveLength(0)
  })

  it('turns a value Mailchimp cannot take into a failure for that record only', async () => {
    const adapter = await members()
    const out = await adapter.write([
      { op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com', status: 'archived' } },
      { op: 'create', ref: 'b', fields: { email_address: '', FNAME: 'Nobody' } },
      { op: 'create', ref: 'c', fields: { email_address: 'cat@gmail.com', 'ADDRESS.city': 'Leeds' } }
    ])
    expect(out.map((o) => (o.ok ? 'ok' : o.error.message))).toEqual([
      '"archived" is not a Mailchimp status; use subscribed, unsubscribed, pending, cleaned or transactional',
      'The record has no email address; Mailchimp needs one for every member',
      'Mailchimp refused cat@gmail.com: Invalid Resource: Your merge fields were invalid. (ADDRESS: Please enter a complete address)'
    ])
  })

  it('keeps unsubscribed members as records and, when so set, cleaned ones too', async () => {
    const adapter = await members({ cleanedAsDeleted: false })
    const user = mailchimpUser(fake)
    user.add('ann@gmail.com')
    user.add('bob@gmail.com')
    user.unsubscribe('ann@gmail.com')
    user.clean('bob@gmail.com')
    const { records } = await readAll(adapter)
    expect(records.map((r) => [r.fields.email_address, r.fields.status, !!r.deleted]).sort()).toEqual([['ann@gmail.com', 'unsubscribed', false], ['bob@gmail.com', 'cleaned', false]])
  })

  it('finds members by address with one exact lookup each, archived ones not', async () => {
    const adapter = await members()
    const user = mailchimpUser(fake)
    user.add('ann@gmail.com')
    user.add('bob@gmail.com')
    user.archive('bob@gmail.com')
    const lower = (v: unknown) => String(v ?? '').trim().toLowerCase()
    const found = await adapter.findByKey('email_address', ['ann@gmail.com', 'bob@gmail.com', 'cat@gmail.com'], lower)
    expect(found.map((r) => r.fields.email_address)).toEqual(['ann@gmail.com'])
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(Array(3).fill('GET /lists/:list_id/members/:subscriber_hash'))
  })

  it('reads many records by id with the audience listing when that takes fewer calls', async () => {
    const adapter = await members({ pageSize: 10 })
    const seeded = seedMembers(fake.store, fake.store.audience(fake.listId), { count: 30, seed: 8 })
    fake.store.archive(seeded[0])
    const got = await adapter.get(seeded.slice(0, 25).map((m) => m.contactId))
    expect(got.map((r) => r.id).sort()).toEqual(seeded.slice(1, 25).map((m) => m.contactId).sort())
    expect(fake.requests.map((r) => r.route)).toEqual(Array(3).fill('/lists/:list_id/members'))
  })

  it('reads a few records by id one by one', async () => {
    const adapter = await members()
    const ann = mailchimpUser(fake).add('ann@gmail.com')
    const few = await adapter.get([ann.contactId, 'nope'])
    expect(few.map((r) => r.fields.email_address)).toEqual(['ann@gmail.com'])
    expect(fake.requests.map((r) => r.route)).toEqual(Array(2).fill('/lists/:list_id/members/:subscriber_hash'))
  })

  it('an audience id that is not there is a setting to fix, not a record problem', async () => {
    const adapter = await members({ listId: 'zzzzz99999' })
    await expect(readAll(adapter)).rejects.toMatchObject({ code: 'CONFIG', message: 'Mailchimp has no audience "zzzzz99999"', meta: { hint: expect.stringContaining('audience id') } })
    await expect(adapter.write([{ op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com' } }, { op: 'create', ref: 'b', fields: { email_address: 'bob@gmail.com' } }])).rejects.toMatchObject({ code: 'CONFIG' })
    await expect(adapter.write([{ op: 'create', ref: 'a', fields: { email_address: 'ann@gmail.com', FNAME: 'Ann' } }])).rejects.toMatchObject({ code: 'CONFIG' })
    await expect(adapter.fields()).rejects.toMatchObject({ code: 'CONFIG' })
  })

  it('does not skip a member when another leaves the audience while the pages are read', async () => {
    fake = await startMailchimpFake()
    const a = fake.store.audience(fake.listId)
    const seeded = seedMembers(fake.store, a, { count: 9, seed: 2 })
    const client = createMailchimpClient({ baseURL: fake.baseUrl, key: fake.apiKey })
    const listing = await listMembers(client, { listId: fake.listId, pageSize: 3 })
    const firstPage = await listing.pages.next()
    // Someone archives a member already read: the rest move one place forward.
    const seen = [...(firstPage.value as { email_address: string; contact_id?: string }[])]
    fake.store.archive(fake.store.find(a, seen[0].contact_id!)!)
    for await (const page of listing.pages) seen.push(...page)
    const emails = seen.map((m) => m.email_address)
    expect(new Set(emails).size).toBe(emails.length)
    expect(emails.sort()).toEqual(seeded.map((m) => m.email).sort())
  })
})
