/**
 * Failures as Stripe words them, turned into what Patchbay does next: a bad key stops with
 * a hint, 429s and lock timeouts wait and go on, outages are retried, an unknown shape is
 * an API change, and "Test connection" says mode, account and missing permissions.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ApiChangedError, AuthError, ConfigError, TransientError } from '../../../src/main/errors'
import { openStripeSession } from '../../../src/main/connectors/stripe'
import { FAKE_SECRET_KEY } from '../../../src/main/stand-ins/stripe'
import { connectionTo, drain, stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
afterEach(() => w?.close())

describe('stripe auth', () => {
  it('stops with AUTH and a hint naming where keys live when Stripe refuses the key', async () => {
    w = await stripeWorld({ key: 'sk_test_51WrongKeyWrongKeyWrongKey' })
    const err = await w.session.object('charges').listChanged(null).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(AuthError)
    const auth = err as AuthError
    expect(auth.code).toBe('AUTH')
    expect(auth.meta.status).toBe(401)
    expect(auth.message).toMatch(/Invalid API Key provided: sk_test_\*+gKey/)
    expect(auth.meta.hint).toMatch(/Developers → API keys/)
    expect(auth.message).not.toContain('sk_test_51WrongKeyWrongKeyWrongKey')
    // One try: a refused key is not retried.
    expect(w.fake.exchanges).toHaveLength(1)
    const test = await w.session.test()
    expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/did not accept the API key.*test mode key.*API keys/) })
  })

  it('refuses a publishable key before calling Stripe', async () => {
    w = await stripeWorld({ key: 'pk_test_51Publishable' })
    expect(() => w.session.object('charges')).toThrow(AuthError)
    expect(await w.session.test()).toMatchObject({ ok: false, message: expect.stringMatching(/publishable key.*sk_….*rk_…/) })
    expect(w.fake.exchanges).toHaveLength(0)
  })

  it('says the mode and the account when the key works', async () => {
    w = await stripeWorld()
    expect(await w.session.test()).toEqual({ ok: true, accountName: 'Patchbay Test Shop', message: 'Connected to Patchbay Test Shop (test mode) with a secret key' })
    expect(w.session.key()).toEqual({ mode: 'test', restricted: false })
  })

  it('tells a live key by its prefix and paces it to the live limit', async () => {
    const live = 'sk_live_51PatchbayLiveKey000000000'
    w = await stripeWorld({ key: live, fake: { keys: { [live]: 'all' } } })
    expect(await w.session.test()).toMatchObject({ ok: true, message: expect.stringContaining('(live mode)') })
  })

  it('lists what a restricted key cannot read', async () => {
    const rk = 'rk_test_51PatchbayRestricted0000000'
    w = await stripeWorld({ key: rk, fake: { keys: { [rk]: { read: ['charges', 'events', 'balance', 'customers', 'invoices'], write: [] } } } })
    const test = await w.session.test()
    expect(test.ok).toBe(false)
    expect(test.message).toBe('Connected (test mode), but this restricted key cannot read disputes, payouts. Give it read access to those in Stripe Dashboard → Developers → API keys.')
    const err = await w.session.object('customers').write([{ op: 'create', ref: 'x', fields: { email: 'a@example.com' } }]).then(() => undefined, (e: unknown) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect((err as AuthError).message).toMatch(/rak_customers_write/)
  })

  it('refuses to send a key over plain http to another machine', async () => {
    const connection = { ...connectionTo('http://stripe.example.com'), id: 'stripe-x' }
    await expect(openStripeSession({ connection, secrets: { apiKey: FAKE_SECRET_KEY } })).rejects.toBeInstanceOf(ConfigError)
  })
})

describe('stripe retries', () => {
  it('waits out 429 rate_limit answers and reads on', async () => {
    w = await stripeWorld()
    w.fake.inject({ path: '/v1/events', kind: 'rate_limit', times: 3 })
    const read = await drain(await w.session.object('charges').listChanged(null))
    expect(read.records.length).toBeGreaterThan(0)
    const events = w.fake.exchanges.filter((e) => e.path === '/v1/events')
    expect(events.map((e) => e.status)).toEqual([429, 429, 429, 200])
    expect(w.logs.filter((l) => l.status === 429).every((l) => l.error?.code === 'RATE_LIMIT' && l.retry?.retry)).toBe(true)
  })

  it('retries a read after lock_timeout, 5xx and a reset connection', async () => {
    w = await stripeWorld()
    w.fake.inject({ path: '/v1/charges', kind: 'lock_timeout' })
    w.fake.inject({ path: '/v1/charges', kind: 'status', status: 503 })
    w.fake.inject({ path: '/v1/charges', kind: 'reset' })
    const read = await drain(await w.session.object('charges').listChanged(null))
    expect(read.records.length).toBeGreaterThan(0)
    expect(w.fake.exchanges.filter((e) => e.path === '/v1/charges').map((e) => e.status)).toEqual([429, 503, null, 200])
    expect(w.logs.find((l) => l.status === 429)?.error).toMatchObject({ code: 'TRANSIENT', message: expect.stringMatching(/lock_timeout/) })
  })

  it('gives up on an outage after the retry budget with a TransientError', async () => {
    w = await stripeWorld()
    w.fake.inject({ path: '/v1/events', kind: 'status', status: 502, times: 10 })
    await expect(w.session.object('charges').listChanged(null)).rejects.toBeInstanceOf(TransientError)
    expect(w.fake.exchanges.filter((e) => e.path === '/v1/events')).toHaveLength(5)
  })

  it('calls a body that is not JSON an API change', async () => {
    w = await stripeWorld()
    w.fake.inject({ path: '/v1/events', kind: 'malformed' })
    await expect(w.session.object('charges').listChanged(null)).rejects.toBeInstanceOf(ApiChangedError)
  })

  it('stays under the fake\'s 25 requests a second in test mode without a single 429', async () => {
    w = await stripeWorld({ fake: { fixtures: false }, connector: { retry: { maxRateLimitWaits: 0 } } })
    const ids = Array.from({ length: 40 }, () => w.fake.createCustomer({ email: 'p@example.com' }).id as string)
    const got = await w.session.object('customers').get(ids)
    expect(got).toHaveLength(40)
    expect(w.fake.exchanges.filter((e) => e.status === 429)).toHaveLength(0)
  })
})
