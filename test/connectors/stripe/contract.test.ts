/**
 * Contract: every exchange between the connector and the fake, checked against Stripe's
 * OpenAPI description (vendor-specs/stripe/spec3.yaml, API version 2023-08-16). The
 * connector's query strings and form bodies must be ones Stripe documents, and the fake's
 * answers (successes and errors) must have the documented shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STRIPE_API_VERSION, STRIPE_OBJECTS } from '../../../src/main/connectors/stripe'
import { generateDayOfActivity } from '../../fakes/stripe/day'
import { SEEDED } from '../../fakes/stripe'
import { drain, stripeWorld, type StripeWorld } from './helpers'
import { openApiChecker } from './openapi'

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
    const problems = answered.flatMap((e) => spec.checkResponse(e.method, e.path, e.status!, e.body).map((p) => `${e.method} ${e.path} ${e.status}: ${p}`))
    expect(problems).toEqual([])
  })

  it('covers every endpoint the connector uses', () => {
    const used = new Set(w.fake.exchanges.map((e) => `${e.method} ${spec.templateOf(e.method, e.path)}`))
    for (const op of [
      'GET /v1/events', 'GET /v1/account', 'GET /v1/charges', 'GET /v1/charges/{charge}', 'GET /v1/refunds', 'GET /v1/disputes', 'GET /v1/balance_transactions',
      'GET /v1/balance_transactions/{id}', 'GET /v1/invoices', 'GET /v1/invoices/{invoice}', 'GET /v1/customers', 'GET /v1/customers/{customer}',
      'POST /v1/customers', 'POST /v1/customers/{customer}', 'DELETE /v1/customers/{customer}', 'GET /v1/payouts'
    ]) {
      expect(used, op).toContain(op)
    }
  })
})
