/**
 * The fake Mailchimp answers `fields` and `exclude_fields` as Mailchimp documents them
 * (dotted paths into sub-objects and through arrays), so a connector that asks for less
 * is measured on what it really gets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailchimpUser, startMailchimpFake, type MailchimpFake } from '../../../src/main/stand-ins/mailchimp'

let fake: MailchimpFake
beforeAll(async () => {
  fake = await startMailchimpFake()
  const user = mailchimpUser(fake)
  user.add('ann@gmail.com', { FNAME: 'Ann', LNAME: 'Lee' }, ['vip'])
  user.add('bob@gmail.com', { FNAME: 'Bob' })
})
afterAll(async () => fake?.close())

async function call(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${fake.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Basic ${Buffer.from(`any:${fake.apiKey}`).toString('base64')}`, 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body)
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('Mailchimp partial responses (fields, exclude_fields)', () => {
  it('a listing with `fields` gives only the named fields of each member, sub-objects by dotted path', async () => {
    const { status, body } = await call(`/lists/${fake.listId}/members?fields=members.email_address,members.merge_fields.FNAME,total_items`)
    expect(status).toBe(200)
    expect(body).toEqual({ members: [{ email_address: 'ann@gmail.com', merge_fields: { FNAME: 'Ann' } }, { email_address: 'bob@gmail.com', merge_fields: { FNAME: 'Bob' } }], total_items: 2 })
  })

  it('`exclude_fields` leaves out every member\'s links and the page\'s own, and keeps the rest', async () => {
    const full = await call(`/lists/${fake.listId}/members`)
    const { body } = await call(`/lists/${fake.listId}/members?exclude_fields=members._links,_links,members.location`)
    expect(body._links).toBeUndefined()
    const members = body.members as Record<string, unknown>[]
    expect(members).toHaveLength(2)
    for (const m of members) {
      expect(m._links).toBeUndefined()
      expect(m.location).toBeUndefined()
    }
    const { _links: _a, location: _b, ...rest } = (full.body.members as Record<string, unknown>[])[0]
    expect(members[0]).toEqual(rest)
  })

  it('one member, and the answer of batch subscribe, are cut down the same way', async () => {
    const one = await call(`/lists/${fake.listId}/members/ann@gmail.com?fields=email_address,tags.name,status`)
    expect(one.body).toEqual({ email_address: 'ann@gmail.com', status: 'subscribed', tags: [{ name: 'vip' }] })
    const batch = await call(`/lists/${fake.listId}?exclude_fields=new_members._links,updated_members._links,_links`, {
      method: 'POST',
      body: { members: [{ email_address: 'cat@gmail.com', status: 'subscribed' }, { email_address: 'bob@gmail.com', merge_fields: { LNAME: 'Stone' } }], update_existing: true }
    })
    expect(batch.body).toMatchObject({ total_created: 1, total_updated: 1, error_count: 0 })
    expect(batch.body._links).toBeUndefined()
    const written = [...(batch.body.new_members as Record<string, unknown>[]), ...(batch.body.updated_members as Record<string, unknown>[])]
    expect(written.map((m) => m.email_address)).toEqual(['cat@gmail.com', 'bob@gmail.com'])
    for (const m of written) expect(m).not.toHaveProperty('_links')
    expect(written[1]).toMatchObject({ merge_fields: { FNAME: 'Bob', LNAME: 'Stone' } })
  })

  it('problems come whole, whatever was asked', async () => {
    const { status, body } = await call(`/lists/nope/members?fields=members.email_address`)
    expect(status).toBe(404)
    expect(body).toMatchObject({ title: 'Resource Not Found', status: 404 })
  })
})
