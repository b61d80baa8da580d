/**
 * Contract tests: every request the Mailchimp connector made and every answer the fake
 * gave, across a sync's life (first run, edits, refusals, deletes, tags, a wrong key,
 * faults, the connection limit), checked against schemas written from Mailchimp's
 * reference in ./schemas.ts, which share no code with the connector or the fake.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createMailchimpConnector } from '../../../src/main/connectors/mailchimp'
import { normaliseKey } from '../../../src/main/engine/transforms'
import { connectionTo, FAST_RETRY, mailchimpWorld } from '../../connectors/mailchimp/helpers'
import { seedMembers } from '../../../src/main/stand-ins/mailchimp'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import { checkExchange, checkExchanges, endpointOf, ENDPOINTS } from './contract'

type World = Awaited<ReturnType<typeof mailchimpWorld>>
let w: World
afterEach(async () => w?.close())

describe('Mailchimp contract', () => {
  it('every exchange of a sync\'s life keeps to the documented contract, and every endpoint is exercised', async () => {
    w = await mailchimpWorld({ sync: { deletes: 'propagate' }, settings: { pageSize: 3 } })
    const audience = w.fake.store.audience(w.fake.listId)
    seedMembers(w.fake.store, audience, { count: 5, seed: 9 })
    w.user.add('gone@gmail.com')
    w.user.forget('gone@gmail.com')
    expect((await w.session.test()).ok).toBe(true)
    expect((await w.session.object('members').fields()).map((f) => f.name)).toContain('ADDRESS.city')
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '07700 900123' })
    w.crm.put('C-b', { email: 'bob@gmail.com', name: 'Bob Stone', phone: '' })
    w.crm.put('C-x', { email: 'test@brightsparks.io', name: 'Not Real', phone: '' })
    w.crm.put('C-g', { email: 'gone@gmail.com', name: 'Gone Again', phone: '' })
    w.fake.faults.serverErrors(1).rateLimits(1, 0)
    expect((await w.run()).run.status).toBe('partial')
    w.clock.advance(60_000)
    w.crm.put('C-a', { email: 'ann.lee@protonmail.com' })
    w.crm.remove('C-b')
    w.user.edit(w.user.live()[0].email, { merge_fields: { LNAME: 'Changed' } })
    expect((await w.run()).run.status).toBe('partial')
    const adapter = w.session.object('members')
    const ann = w.user.find('ann.lee@protonmail.com')!
    expect(await adapter.write([{ op: 'update', ref: 'r1', id: ann.contactId, fields: { tags: 'vip, customer' } }])).toMatchObject([{ ok: true }])
    // An additive tag write: the documented request, answered 204 with no body, and the other tags stay.
    expect(await adapter.write([{ op: 'update', ref: 'r2', id: ann.contactId, fields: { tags_add: 'shipped' } }])).toMatchObject([{ ok: true }])
    const added = w.fake.recorder.all().at(-1)!
    expect(added).toMatchObject({ method: 'POST', path: `/3.0/lists/${w.fake.listId}/members/${ann.contactId}/tags`, requestBody: { tags: [{ name: 'shipped', status: 'active' }] }, status: 204, responseBody: undefined })
    expect([...w.user.find('ann.lee@protonmail.com')!.tags].sort()).toEqual(['customer', 'shipped', 'vip'])
    expect(await adapter.findByKey('email_address', ['ann.lee@protonmail.com', 'nobody.here@gmail.com'], (v) => normaliseKey(v, ['trim', 'lower']))).toHaveLength(1)
    const wrongKey = await createMailchimpConnector(FAST_RETRY).open({ connection: connectionTo(w.fake), secrets: { apiKey: 'ffffffffffffffffffffffffffffffff-us21' } })
    expect((await wrongKey.test()).ok).toBe(false)

    const all = w.fake.recorder.all()
    expect(checkExchanges(all)).toEqual([])
    const exercised = new Set(all.filter((e) => e.status !== null && e.status < 300).map((e) => endpointOf(e)?.name))
    expect([...exercised].sort()).toEqual(ENDPOINTS.map((e) => e.name).sort())
    const errors = new Set(all.filter((e) => (e.status ?? 0) >= 400).map((e) => (e.responseBody as { title: string }).title))
    expect([...errors].sort()).toEqual(['API Key Invalid', 'Resource Not Found', 'Service Unavailable', 'Too Many Requests'])
  })

  it('the connection limit\'s 429 is a documented problem too', async () => {
    w = await mailchimpWorld({ fake: { maxConnections: 2 } })
    const members = seedMembers(w.fake.store, w.fake.store.audience(w.fake.listId), { count: 6, seed: 4 })
    w.fake.faults.set({ latencyMs: [5, 10] })
    await w.session.object('members').get(members.map((m) => m.contactId))
    expect(w.fake.stats.throttled).toBeGreaterThan(0)
    expect(checkExchanges(w.fake.recorder.all())).toEqual([])
  })

  it('catches what the reference rules out (so the check above cannot pass by accident)', () => {
    const base: Exchange = { seq: 1, method: 'POST', path: '/3.0/lists/a1b2c3d4e5', query: {}, requestHeaders: { authorization: 'Basic [redacted]' }, requestBody: undefined, status: 200, responseHeaders: { 'content-type': 'application/json' }, responseBody: undefined }
    const member = { id: '0'.repeat(32), email_address: 'ann@gmail.com', status: 'subscribed', merge_fields: {}, last_changed: '2026-11-01T09:00:00+00:00', list_id: 'a1b2c3d4e5' }
    const batch = (body: unknown, answer: unknown) => checkExchange({ ...base, requestBody: body, responseBody: answer })
    const fine = { new_members: [], updated_members: [], errors: [], total_created: 0, total_updated: 0, error_count: 0 }
    expect(batch({ members: [{ email_address: 'ann@gmail.com', status_if_new: 'subscribed' }], update_existing: true }, fine)).toEqual([])
    expect(batch({ members: [{ email_address: 'ann@gmail.com', 'merge_fields.FNAME': 'Ann' }] }, fine).join()).toMatch(/Unrecognized key/)
    expect(batch({ members: [{ email_address: 'ann@gmail.com', status: 'archived' }] }, fine).join()).toMatch(/request body: members.0.status/)
    expect(batch({ members: Array.from({ length: 501 }, (_, i) => ({ email_address: `p${i}@gmail.com` })) }, fine).join()).toMatch(/members/)
    expect(batch({ members: [{ email_address: 'ann@gmail.com' }] }, { ...fine, new_members: [member] }).join()).toMatch(/is not the MD5/)
    const tags = (body: unknown, status = 204, answer: unknown = undefined) => checkExchange({ ...base, path: `/3.0/lists/a1b2c3d4e5/members/${'0'.repeat(32)}/tags`, requestBody: body, status, responseHeaders: {}, responseBody: answer })
    expect(tags({ tags: [{ name: 'shipped', status: 'active' }] })).toEqual([])
    expect(tags({ tags: [{ name: 'shipped', status: 'active' }], is_syncing: false })).toEqual([])
    expect(tags({ tags: [{ name: 'shipped', status: 'added' }] }).join()).toMatch(/request body: tags.0.status/)
    expect(tags({ tags: [] }).join()).toMatch(/request body: tags/)
    expect(tags({ tags: ['shipped'] }).join()).toMatch(/request body: tags.0/)
    expect(tags({ tags: [{ name: 'shipped', status: 'active' }] }, 200, { tags: [] }).join()).toMatch(/200 is not a documented success/)
    expect(tags({ tags: [{ name: 'shipped', status: 'active' }] }, 204, { tags: [] }).join()).toMatch(/should have no body/)
    const get = { ...base, method: 'GET', path: '/3.0/lists/a1b2c3d4e5/members', query: { count: '2000' } }
    expect(checkExchange({ ...get, responseBody: { members: [], list_id: 'x', total_items: 0 } }).join()).toMatch(/query: count/)
    const { last_changed: _drop, ...noTime } = member
    expect(checkExchange({ ...get, query: {}, responseBody: { members: [noTime], list_id: 'x', total_items: 1 } }).join()).toMatch(/last_changed/)
    expect(checkExchange({ ...get, query: {}, status: 404, responseBody: { message: 'nope' } }).join()).toMatch(/problem\+json/)
    expect(checkExchange({ ...base, method: 'GET', path: '/3.0/lists/a1b2c3d4e5/segments' }).join()).toMatch(/not an endpoint/)
  })
})
