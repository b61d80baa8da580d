/**
 * The fake Square behaves as Square's docs say where the connector relies on it: bearer
 * tokens, time windows and cursors, idempotency keys on writes, 429s and error bodies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeSquare, type FakeSquare } from '../../../src/main/stand-ins/square'

let fake: FakeSquare
beforeAll(async () => {
  fake = await startFakeSquare({ rateLimit: false })
  for (let i = 0; i < 5; i++) {
    fake.state.advance(60)
    fake.pay({ amount: 1000 + i, email: `p${i}@example.com` })
  }
})
afterAll(async () => fake?.close())

async function call(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(fake.url + path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${init.token ?? fake.token}`, 'square-version': '2025-08-20', 'content-type': 'application/json' },
    ...(init.body ? { body: JSON.stringify(init.body) } : {})
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('the fake Square', () => {
  it('refuses a missing or revoked token with Square’s error body', async () => {
    expect(await call('/v2/payments', { token: 'nope' })).toEqual({ status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }] } })
    fake.setToken('EAAArevoked', 'revoked')
    expect((await call('/v2/payments', { token: 'EAAArevoked' })).body.errors).toMatchObject([{ code: 'ACCESS_TOKEN_REVOKED' }])
  })

  it('lists payments newest first by default, in pages joined by a cursor that only continues its own query', async () => {
    const first = await call('/v2/payments?limit=2')
    expect((first.body.payments as { amount_money: { amount: number } }[]).map((p) => p.amount_money.amount)).toEqual([1004, 1003])
    const second = await call(`/v2/payments?limit=2&cursor=${String(first.body.cursor)}`)
    expect((second.body.payments as unknown[]).length).toBe(2)
    expect((await call(`/v2/payments?limit=3&cursor=${String(first.body.cursor)}`)).body.errors).toMatchObject([{ code: 'INVALID_CURSOR' }])
    const ids = [...fake.state.payments.values()].map((p) => String(p.created_at)).sort()
    const window = await call(`/v2/payments?sort_order=ASC&begin_time=${ids[1]}&end_time=${ids[3]}`)
    expect((window.body.payments as { created_at: string }[]).map((p) => p.created_at)).toEqual([ids[1], ids[2]])
    expect(await call(`/v2/payments?begin_time=2030-01-01T00:00:00Z`)).toEqual({ status: 200, body: {} })
  })

  it('answers a repeated idempotency key with the first answer, and refuses it with another request', async () => {
    const body = { idempotency_key: 'k-1', given_name: 'Ann', email_address: 'ann@example.com' }
    const a = await call('/v2/customers', { method: 'POST', body })
    const b = await call('/v2/customers', { method: 'POST', body })
    expect(b).toEqual(a)
    expect([...fake.state.customers.values()].filter((c) => c.email_address === 'ann@example.com')).toHaveLength(1)
    expect(await call('/v2/customers', { method: 'POST', body: { ...body, given_name: 'Anne' } })).toMatchObject({ status: 400, body: { errors: [{ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotency_key' }] } })
    const payment = [...fake.state.payments.values()][0]
    const refund = { idempotency_key: 'r-1', payment_id: payment.id, amount_money: { amount: 100, currency: 'USD' } }
    expect((await call('/v2/refunds', { method: 'POST', body: refund })).status).toBe(200)
    expect((await call('/v2/refunds', { method: 'POST', body: refund })).status).toBe(200)
    expect(fake.state.refunds.size).toBe(1)
    expect(payment.refunded_money).toEqual({ amount: 100, currency: 'USD' })
  })

  it('keeps a declined card as a FAILED payment and says why', async () => {
    const declined = await call('/v2/payments', { method: 'POST', body: { idempotency_key: 'p-1', source_id: 'cnon:card-nonce-declined', amount_money: { amount: 500, currency: 'USD' } } })
    expect(declined).toMatchObject({ status: 400, body: { errors: [{ category: 'PAYMENT_METHOD_ERROR', code: 'GENERIC_DECLINE' }], payment: { status: 'FAILED' } } })
  })

  it('says 429 RATE_LIMITED past its limit, and injects the faults it is told to', async () => {
    const limited = await startFakeSquare({ rateLimit: 2 })
    try {
      const statuses = await Promise.all([1, 2, 3].map(() => fetch(`${limited.url}/v2/locations`, { headers: { authorization: `Bearer ${limited.token}` } }).then((r) => r.status)))
      expect(statuses.sort()).toEqual([200, 200, 429])
    } finally {
      await limited.close()
    }
    fake.inject({ path: '/v2/refunds', kind: 'status', status: 503 })
    expect(await call('/v2/refunds')).toMatchObject({ status: 503, body: { errors: [{ category: 'API_ERROR', code: 'SERVICE_UNAVAILABLE' }] } })
    expect((await call('/v2/refunds')).status).toBe(200)
  })
})
