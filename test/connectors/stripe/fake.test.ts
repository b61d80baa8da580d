/**
 * The fake Stripe behaves as Stripe documents where the connector depends on it: list
 * order and markers, idempotent replay, the events window and filters, expansion, and
 * the shapes of deleted objects.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { FAKE_SECRET_KEY, startFakeStripe, type FakeStripe } from '../../../src/main/stand-ins/stripe'

let fake: FakeStripe
afterEach(() => fake?.close())

async function get(path: string): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const r = await fetch(`${fake.url}${path}`, { headers: { authorization: `Bearer ${FAKE_SECRET_KEY}` } })
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers }
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${FAKE_SECRET_KEY}`, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body })
  return { status: r.status, body: (await r.json()) as Record<string, unknown>, headers: r.headers }
}

const ids = (body: Record<string, unknown>) => (body.data as Array<{ id: string }>).map((o) => o.id)

describe('fake stripe: lists', () => {
  it('pages newest first with starting_after and reads newer objects with ending_before', async () => {
    fake = await startFakeStripe({ fixtures: false })
    const made = Array.from({ length: 7 }, (_, i) => fake.createCustomer({ name: `c${i}` }).id as string)
    const newestFirst = [...made].reverse()
    const first = await get('/v1/customers?limit=3')
    expect(ids(first.body)).toEqual(newestFirst.slice(0, 3))
    expect(first.body.has_more).toBe(true)
    const second = await get(`/v1/customers?limit=3&starting_after=${newestFirst[2]}`)
    expect(ids(second.body)).toEqual(newestFirst.slice(3, 6))
    // ending_before: the 2 objects just newer than made[1], newest first, more beyond them.
    const newer = await get(`/v1/customers?limit=2&ending_before=${made[1]}`)
    expect(ids(newer.body)).toEqual([made[3], made[2]])
    expect(newer.body.has_more).toBe(true)
    const top = await get(`/v1/customers?limit=2&ending_before=${made[4]}`)
    expect(ids(top.body)).toEqual([made[6], made[5]])
    expect(top.body.has_more).toBe(false)
  })

  it('refuses what Stripe refuses: both markers, a limit over 100, unknown parameters, JSON bodies', async () => {
    fake = await startFakeStripe()
    expect((await get('/v1/charges?starting_after=a&ending_before=b')).status).toBe(400)
    expect((await get('/v1/charges?limit=101')).body).toMatchObject({ error: { param: 'limit' } })
    expect((await get('/v1/charges?colour=red')).body).toMatchObject({ error: { code: 'parameter_unknown', param: 'colour' } })
    expect((await get('/v1/charges?expand[]=balance_transaction')).status).toBe(400)
    const json = await post('/v1/customers', '{"email":"a@b.co"}', { 'content-type': 'application/json' })
    expect(json.status).toBe(400)
  })

  it('expands balance transactions on lists and objects', async () => {
    fake = await startFakeStripe({ fixtures: false })
    const { charge } = fake.pay({ amount: 2000, currency: 'gbp' })
    const list = await get('/v1/charges?expand[]=data.balance_transaction')
    expect((list.body.data as Array<{ balance_transaction: { fee: number; net: number } }>)[0].balance_transaction).toMatchObject({ fee: 50, net: 1950 })
    const one = await get(`/v1/charges/${String(charge.id)}?expand[0]=balance_transaction`)
    expect(one.body.balance_transaction).toMatchObject({ object: 'balance_transaction', amount: 2000 })
  })
})

describe('fake stripe: idempotency', () => {
  it('replays the first answer for the same key and parameters, and refuses other parameters', async () => {
    fake = await startFakeStripe({ fixtures: false })
    const a = await post('/v1/customers', 'email=a%40example.com', { 'idempotency-key': 'k' })
    const b = await post('/v1/customers', 'email=a%40example.com', { 'idempotency-key': 'k' })
    expect(b.body).toEqual(a.body)
    expect(b.headers.get('idempotent-replayed')).toBe('true')
    expect(b.headers.get('original-request')).toBe(a.headers.get('request-id'))
    const c = await post('/v1/customers', 'email=c%40example.com', { 'idempotency-key': 'k' })
    expect(c.status).toBe(400)
    expect(c.body).toMatchObject({ error: { type: 'idempotency_error' } })
    expect(fake.state.all('customers')).toHaveLength(1)
  })

  it('forgets keys after 24 hours of Stripe time', async () => {
    fake = await startFakeStripe({ fixtures: false })
    await post('/v1/customers', 'name=x', { 'idempotency-key': 'day' })
    fake.state.advance(86401)
    const again = await post('/v1/customers', 'name=x', { 'idempotency-key': 'day' })
    expect(again.headers.get('idempotent-replayed')).toBeNull()
    expect(fake.state.all('customers')).toHaveLength(2)
  })

  it('does not keep a rate-limited answer, so the retry executes', async () => {
    fake = await startFakeStripe({ fixtures: false })
    fake.inject({ kind: 'rate_limit' })
    expect((await post('/v1/customers', 'name=x', { 'idempotency-key': 'rl' })).status).toBe(429)
    const retry = await post('/v1/customers', 'name=x', { 'idempotency-key': 'rl' })
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBeNull()
  })
})

describe('fake stripe: events', () => {
  it('emits an event for each change, keeps 30 days, and filters by type and wildcard', async () => {
    fake = await startFakeStripe({ fixtures: false })
    const { charge } = fake.pay({ amount: 1000, currency: 'gbp' })
    fake.refund(charge.id as string, 400)
    fake.dispute(charge.id as string)
    const all = await get('/v1/events?limit=100')
    expect((all.body.data as Array<{ type: string }>).map((e) => e.type).reverse()).toEqual([
      'payment_intent.created', 'charge.succeeded', 'payment_intent.succeeded', 'charge.refunded', 'refund.created', 'charge.dispute.created', 'charge.dispute.funds_withdrawn'
    ])
    const wild = await get('/v1/events?type=charge.*')
    expect((wild.body.data as Array<{ type: string }>).map((e) => e.type)).toEqual(['charge.dispute.funds_withdrawn', 'charge.dispute.created', 'charge.refunded', 'charge.succeeded'])
    const exact = await get('/v1/events?types[]=refund.created&types[]=charge.refunded')
    expect(exact.body.data).toHaveLength(2)
    const refunded = (exact.body.data as Array<{ type: string; data: { previous_attributes?: unknown } }>).find((e) => e.type === 'charge.refunded')!
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0 })
    fake.state.advance(30 * 86400 + 1)
    expect((await get('/v1/events')).body.data).toEqual([])
  })

  it('answers a deleted customer with deleted: true and leaves it out of lists', async () => {
    fake = await startFakeStripe({ fixtures: false })
    const id = fake.createCustomer({ email: 'gone@example.com' }).id as string
    fake.deleteCustomer(id)
    expect((await get(`/v1/customers/${id}`)).body).toEqual({ id, object: 'customer', deleted: true })
    expect(ids((await get('/v1/customers')).body)).toEqual([])
  })
})
