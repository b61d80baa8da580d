/**
 * Contract: every exchange between the connector and the fake, checked against Stripe's
 * OpenAPI description (vendor-specs/stripe/spec3.yaml, API version 2023-08-16). The
 * connector's query strings and form bodies must be ones Stripe documents (./openapi.ts),
 * and the fake's answers, errors included, must have the documented shapes (the shared
 * harness, test/contract/openapi.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STRIPE_API_VERSION, STRIPE_OBJECTS } from '../../../src/main/connectors/stripe'
import { generateDayOfActivity } from '../../../src/main/stand-ins/stripe/day'
import { FAKE_SECRET_KEY, SEEDED, startFakeStripe, type FakeStripe } from '../../../src/main/stand-ins/stripe'
import { drain, stripeWorld, type StripeWorld } from './helpers'
import { validateAgainstOpenApi } from '../../contract/openapi'
import { openApiChecker, STRIPE_SPEC } from './openapi'

let w: StripeWorld
beforeAll(async () => {
  w = await stripeWorld()
  generateDayOfActivity(w.fake)
  const cursors: Record<string, string | null> = {}
  for (const name of STRIPE_OBJECTS) cursors[name] = (await drain(await w.session.object(name).listChanged(null))).cursor
  w.fake.state.advance(3600)
  const alice = w.fake.state.all('customers').find((c) => c.email === 'alice@example.com')!
  const late = w.fake.pay({ amount: 1234, currency: 'gbp', customer: alice.id as string })
  w.fake.refund(late.charge.id as string, 234)
  w.fake.dispute(late.charge.id as string)
  w.fake.updateCustomer(alice.id as string, { name: 'Alice A. Archer' })
  w.fake.payout(5000, 'gbp')
  for (const name of STRIPE_OBJECTS) await drain(await w.session.object(name).listChanged(cursors[name]))
  const customers = w.session.object('customers')
  const [created] = await customers.write([{ op: 'create', ref: 'c1', fields: { email: 'new@example.com', name: 'New Person', address_city: 'Leeds', 'metadata.qbo_id': '42' } }])
  if (!created.ok) throw created.error
  await customers.write([{ op: 'update', ref: 'u1', id: created.id, fields: { name: 'New P. Person', phone: null } }])
  await customers.write([{ op: 'update', ref: 'u2', id: 'cus_doesnotexist', fields: { name: 'x' } }])
  await customers.write([{ op: 'delete', ref: 'd1', id: created.id }])
  // A label bought: carrier, tracking number and a status onto the payment, then a new carrier alone (read first, sent with the name and address).
  const charges = w.session.object('charges')
  const shipped = await charges.write([{ op: 'update', ref: 's1', id: late.charge.id as string, fields: { shipping_name: 'Alice Archer', shipping_address_line1: '1 Harbour Walk', shipping_address_country: 'GB', shipping_carrier: 'Royal Mail', shipping_tracking_number: 'RM123456785GB', 'metadata.shipping_status': 'label_purchased' } }])
  const reshipped = await charges.write([{ op: 'update', ref: 's2', id: late.charge.id as string, fields: { shipping_carrier: 'UPS', 'metadata.shipping_status': null } }])
  for (const o of [...shipped, ...reshipped]) if (!o.ok) throw o.error
  await customers.get([SEEDED.customer, created.id])
  await customers.findByKey('email', ['bob@example.com'], (v) => String(v ?? '').toLowerCase())
  await w.session.object('charges').get([SEEDED.charge])
  await w.session.object('invoices').get([SEEDED.invoice])
  await w.session.test()
}, 120_000)
afterAll(() => w.close())

describe('stripe contract: recorded exchanges against spec3.yaml', () => {
  const spec = openApiChecker()

  it('checks the spec the connector pins', () => {
    expect(spec.version).toBe(STRIPE_API_VERSION)
    expect(w.fake.exchanges.length).toBeGreaterThan(30)
  })

  it('updates a payment\'s shipping with the name and address Stripe requires, and Stripe keeps them', () => {
    const updates = w.fake.exchanges.filter((e) => e.method === 'POST' && /^\/v1\/charges\/[^/]+$/.test(e.path))
    expect(updates).toHaveLength(2)
    for (const u of updates) expect(u.form.shipping).toMatchObject({ name: 'Alice Archer', address: { line1: '1 Harbour Walk', country: 'GB' } })
    expect(updates.map((u) => (u.body as { shipping: { carrier: string } }).shipping.carrier)).toEqual(['Royal Mail', 'UPS'])
    expect((updates[1].body as { metadata: Record<string, string> }).metadata).not.toHaveProperty('shipping_status')
  })

  it('sends only documented parameters, form-encoded, with the pinned version', () => {
    const problems = w.fake.exchanges.flatMap((e) => {
      const own = spec.checkRequest(e.method, e.path, e.query, e.form).map((p) => `${e.method} ${e.path}: ${p}`)
      if (e.headers.stripeVersion !== STRIPE_API_VERSION) own.push(`${e.method} ${e.path}: Stripe-Version ${e.headers.stripeVersion}`)
      if (e.method === 'POST' && !/^application\/x-www-form-urlencoded/.test(e.headers.contentType ?? '')) own.push(`${e.method} ${e.path}: content-type ${e.headers.contentType}`)
      return own
    })
    expect(problems).toEqual([])
  })

  it('gets answers in the documented shapes, errors included', () => {
    const answered = w.fake.exchanges.filter((e) => e.status !== null)
    expect(new Set(answered.map((e) => e.status))).toEqual(new Set([200, 404]))
    const problems = answered.flatMap((e) => validateAgainstOpenApi(STRIPE_SPEC, e.method, e.path, e.status!, e.body).errors.map((p) => `${e.method} ${e.path} ${e.status}: ${p}`))
    expect(problems).toEqual([])
  })

  it('covers every endpoint the connector uses', () => {
    const used = new Set(w.fake.exchanges.map((e) => `${e.method} ${spec.templateOf(e.method, e.path)}`))
    for (const op of [
      'GET /v1/events', 'GET /v1/account', 'GET /v1/charges', 'GET /v1/charges/{charge}', 'GET /v1/refunds', 'GET /v1/disputes', 'GET /v1/balance_transactions',
      'GET /v1/balance_transactions/{id}', 'GET /v1/invoices', 'GET /v1/invoices/{invoice}', 'GET /v1/customers', 'GET /v1/customers/{customer}',
      'POST /v1/customers', 'POST /v1/customers/{customer}', 'DELETE /v1/customers/{customer}', 'GET /v1/payouts', 'POST /v1/charges/{charge}'
    ]) {
      expect(used, op).toContain(op)
    }
  })
})

describe('stripe contract: the fake\'s error answers against spec3.yaml', () => {
  const rk = 'rk_test_51ContractNoPermissions0000'
  let fake: FakeStripe
  beforeAll(async () => {
    fake = await startFakeStripe({ keys: { [FAKE_SECRET_KEY]: 'all', [rk]: { read: [], write: [] } } })
    const call = (path: string, init: { method?: string; key?: string; body?: string; idem?: string } = {}) =>
      fetch(`${fake.url}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${init.key ?? FAKE_SECRET_KEY}`,
          'content-type': 'application/x-www-form-urlencoded',
          ...(init.idem ? { 'idempotency-key': init.idem } : {})
        },
        body: init.body
      }).then((r) => r.text())
    await call('/v1/charges', { key: 'sk_test_51NotAKnownKey000000' })
    await call('/v1/charges', { key: rk })
    await call('/v1/charges/ch_doesnotexist')
    await call('/v1/charges?bogus=1')
    await call('/v1/charges?limit=500')
    await call('/v1/events?starting_after=evt_gone000000000000000000')
    await call('/v1/customers', { method: 'POST', body: 'email=a%40example.com', idem: 'k1' })
    await call('/v1/customers', { method: 'POST', body: 'email=b%40example.com', idem: 'k1' })
    // The second try arrives while the first is still executing (held by the latency fault).
    fake.inject({ method: 'POST', path: '/v1/customers', kind: 'latency', ms: 300 })
    const slow = call('/v1/customers', { method: 'POST', body: 'name=x', idem: 'k2' })
    while (!fake.exchanges.some((e) => e.headers.idempotencyKey === 'k2')) await new Promise((r) => setTimeout(r, 5))
    await call('/v1/customers', { method: 'POST', body: 'name=x', idem: 'k2' })
    await slow
    // Stripe wants the ship-to name and address with any shipping change.
    await call(`/v1/charges/${SEEDED.charge}`, { method: 'POST', body: 'shipping[carrier]=UPS&shipping[address][line1]=1+Quay+St' })
    fake.inject({ kind: 'rate_limit' })
    await call('/v1/balance_transactions')
    fake.inject({ kind: 'lock_timeout' })
    await call('/v1/customers', { method: 'POST', body: 'name=y', idem: 'k3' })
    fake.inject({ kind: 'status', status: 500 })
    await call('/v1/payouts')
  })
  afterAll(() => fake.close())

  it('answers 400, 401, 403, 404, 409, 429 and 500 with Stripe\'s error object', () => {
    const errors = fake.exchanges.filter((e) => (e.status ?? 0) >= 400)
    expect(new Set(errors.map((e) => e.status))).toEqual(new Set([400, 401, 403, 404, 409, 429, 500]))
    const problems = errors.flatMap((e) => validateAgainstOpenApi(STRIPE_SPEC, e.method, e.path, e.status!, e.body).errors.map((p) => `${e.method} ${e.path} ${e.status}: ${p}`))
    expect(problems).toEqual([])
    const codes = errors.map((e) => (e.body as { error: { code?: string; type: string } }).error)
    expect(codes).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 'idempotency_error', code: 'idempotency_key_in_use' }),
      expect.objectContaining({ type: 'idempotency_error' }),
      expect.objectContaining({ code: 'rate_limit' }),
      expect.objectContaining({ code: 'lock_timeout' }),
      expect.objectContaining({ code: 'parameter_unknown' }),
      expect.objectContaining({ code: 'parameter_missing', param: 'shipping[name]' }),
      expect.objectContaining({ code: 'resource_missing' })
    ]))
  })
})
