/**
 * Writing customers: every POST carries an Idempotency-Key, a lost answer is retried with
 * the same key and Stripe replays instead of creating twice, and a run that crashed after
 * Stripe created a customer gets that customer back on the rerun.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { RecordError } from '../../../src/main/errors'
import { openStripeSession, StripeRequestError } from '../../../src/main/connectors/stripe'
import { FAKE_SECRET_KEY } from '../../../src/main/stand-ins/stripe'
import { connectionTo, stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
afterEach(() => w?.close())

const liveCustomers = () => w.fake.state.all('customers').filter((c) => !c.deleted)

describe('stripe customer writes', () => {
  it('sends an Idempotency-Key on every POST and none on DELETE, as Stripe asks', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const customers = w.session.object('customers')
    const [a, b] = await customers.write([
      { op: 'create', ref: 'r1', fields: { email: 'ann@example.com', name: 'Ann', address_country: 'GB', 'metadata.source': 'patchbay' } },
      { op: 'create', ref: 'r2', fields: { email: 'ben@example.com', name: 'Ben' } }
    ])
    if (!a.ok || !b.ok) throw new Error('creates failed')
    await customers.write([{ op: 'update', ref: 'r3', id: a.id, fields: { name: 'Ann Smith', phone: null } }])
    await customers.write([{ op: 'delete', ref: 'r4', id: b.id }])
    const writes = w.fake.exchanges.filter((e) => e.method !== 'GET')
    expect(writes.map((e) => [e.method, e.headers.idempotencyKey !== undefined])).toEqual([['POST', true], ['POST', true], ['POST', true], ['DELETE', false]])
    expect(new Set(writes.filter((e) => e.method === 'POST').map((e) => e.headers.idempotencyKey)).size).toBe(3)
    expect(w.fake.state.get(a.id)).toMatchObject({ name: 'Ann Smith', phone: null, address: expect.objectContaining({ country: 'GB' }), metadata: { source: 'patchbay' } })
    expect(w.fake.exchanges.find((e) => e.path === `/v1/customers/${a.id}`)!.form).toEqual({ name: 'Ann Smith', phone: '' })
  })

  it('retries a create whose answer was lost with the same key, and Stripe replays it', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    w.fake.inject({ method: 'POST', path: '/v1/customers', kind: 'reset_after' })
    const [out] = await w.session.object('customers').write([{ op: 'create', ref: 'r1', fields: { email: 'lost@example.com', name: 'Lost Answer' } }])
    expect(out.ok).toBe(true)
    const posts = w.fake.exchanges.filter((e) => e.method === 'POST')
    expect(posts).toHaveLength(2)
    expect(posts[0].headers.idempotencyKey).toBe(posts[1].headers.idempotencyKey)
    expect(posts.map((p) => p.replayed)).toEqual([false, true])
    expect(liveCustomers()).toHaveLength(1)
    expect(out.ok && out.id).toBe(liveCustomers()[0].id)
  })

  it('gets the same customer back when a crashed run writes the same create again', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const fields = { email: 'crash@example.com', name: 'Crash Test' }
    const [first] = await w.session.object('customers').write([{ op: 'create', ref: 'run1', fields }])
    // The rerun (a new process: new session, new ref) plans the same create, as the link was never committed.
    const rerun = await openStripeSession({ connection: connectionTo(w.fake.url), secrets: { apiKey: FAKE_SECRET_KEY } })
    const [second] = await rerun.object('customers').write([{ op: 'create', ref: 'run2', fields }])
    expect(first.ok && second.ok && first.id === second.id).toBe(true)
    expect(liveCustomers()).toHaveLength(1)
    expect(w.fake.exchanges.filter((e) => e.method === 'POST').map((e) => e.replayed)).toEqual([false, true])
  })

  it('creates two customers for two identical creates in one batch', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const same = { name: 'Sam Same' }
    const out = await w.session.object('customers').write([
      { op: 'create', ref: 'a', fields: same },
      { op: 'create', ref: 'b', fields: same }
    ])
    expect(out.every((o) => o.ok)).toBe(true)
    expect(liveCustomers()).toHaveLength(2)
  })

  it('creates anew when the customer a replayed create names was deleted since', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const fields = { email: 'again@example.com', name: 'Again' }
    const [first] = await w.session.object('customers').write([{ op: 'create', ref: 'a', fields }])
    if (!first.ok) throw first.error
    w.fake.deleteCustomer(first.id)
    const [second] = await w.session.object('customers').write([{ op: 'create', ref: 'b', fields }])
    expect(second.ok && second.id !== first.id).toBe(true)
    expect(liveCustomers()).toHaveLength(1)
  })

  it('rides out lock_timeout and idempotency_key_in_use on an update', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const id = w.fake.createCustomer({ email: 'busy@example.com' }).id as string
    w.fake.inject({ method: 'POST', path: `/v1/customers/${id}`, kind: 'lock_timeout', times: 2 })
    w.fake.inject({ method: 'POST', path: `/v1/customers/${id}`, kind: 'status', status: 409, headers: { 'stripe-should-retry': 'true' }, body: { error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'There is currently another in-progress request using this Idempotent Key.' } } })
    const [out] = await w.session.object('customers').write([{ op: 'update', ref: 'u', id, fields: { name: 'Busy Bee' } }])
    expect(out.ok).toBe(true)
    const posts = w.fake.exchanges.filter((e) => e.method === 'POST')
    expect(posts.map((p) => p.status)).toEqual([429, 429, 409, 200])
    expect(new Set(posts.map((p) => p.headers.idempotencyKey)).size).toBe(1)
    expect(w.fake.state.get(id)).toMatchObject({ name: 'Busy Bee' })
  })

  it('turns a refused record into a Failure and writes the rest of the batch', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const out = await w.session.object('customers').write([
      { op: 'update', ref: 'missing', id: 'cus_nobodyhome0000000000000', fields: { name: 'x' } },
      { op: 'create', ref: 'bad', fields: { email: 'not-an-email' } },
      { op: 'create', ref: 'odd', fields: { email: 'a@example.com', shoe_size: 9 } },
      { op: 'create', ref: 'good', fields: { email: 'good@example.com' } }
    ])
    expect(out.map((o) => o.ok)).toEqual([false, false, false, true])
    const [missing, bad, odd] = out.map((o) => (o.ok ? undefined : o.error))
    expect(missing).toBeInstanceOf(StripeRequestError)
    expect((missing as StripeRequestError).stripe).toMatchObject({ code: 'resource_missing' })
    expect(missing!.message).toMatch(/No such customer/)
    expect((bad as StripeRequestError).stripe).toMatchObject({ code: 'email_invalid', param: 'email' })
    expect(odd).toBeInstanceOf(RecordError)
    expect(odd!.message).toMatch(/shoe_size/)
  })

  it('does not retry a 500 Stripe says a retry cannot fix, and leaves it for a person', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    w.fake.inject({ method: 'POST', path: '/v1/customers', kind: 'status', status: 500, headers: { 'stripe-should-retry': 'false' } })
    const [out] = await w.session.object('customers').write([{ op: 'create', ref: 'x', fields: { email: 'x@example.com' } }])
    expect(out.ok).toBe(false)
    expect(!out.ok && out.error.meta.hint).toMatch(/Stripe Dashboard/)
    expect(w.fake.exchanges.filter((e) => e.method === 'POST')).toHaveLength(1)
  })

  it('keeps the money objects read-only, and of a charge writes only its shipping and metadata', async () => {
    w = await stripeWorld()
    const [refund] = await w.session.object('refunds').write([{ op: 'update', ref: 'x', id: 're_1', fields: { reason: 'nope' } }])
    expect(!refund.ok && refund.error.message).toMatch(/read-only/)
    const [charge] = await w.session.object('charges').write([{ op: 'update', ref: 'y', id: 'ch_1', fields: { description: 'nope' } }])
    expect(!charge.ok && charge.error.message).toBe('Patchbay cannot write "description" on a Stripe payment')
    expect(w.fake.exchanges.filter((e) => e.method !== 'GET')).toHaveLength(0)
  })

  it('finds customers by email and by id', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const id = w.fake.createCustomer({ email: 'find@example.com', name: 'Findable' }).id as string
    w.fake.createCustomer({ email: 'other@example.com' })
    const customers = w.session.object('customers')
    const lower = (v: unknown) => String(v ?? '').toLowerCase()
    expect((await customers.findByKey('email', ['find@example.com'], lower)).map((r) => r.id)).toEqual([id])
    expect((await customers.findByKey('id', [id], (v) => String(v))).map((r) => r.id)).toEqual([id])
    expect(w.fake.exchanges.find((e) => e.path === '/v1/customers' && e.query.email)!.query.email).toBe('find@example.com')
  })
})
