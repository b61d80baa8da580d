/**
 * The contract test: every request the Square connector made and every answer the fake
 * gave, over a session that reaches each endpoint the connector uses (first and
 * incremental reads of payments, refunds and disputes with their orders and customers,
 * reads by id, customer creates and updates, a test of the connection, 401, 429 and 5xx),
 * checked against Square's own api.json.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { SQUARE_VERSION } from '../../../src/main/connectors/square'
import type { ObjectAdapter } from '../../../src/main/connectors/types'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import { squareDay } from '../../../src/main/stand-ins/square'
import { squareWorld } from '../../connectors/square/helpers'
import { validateAgainstOpenApi } from '../openapi'
import { requestChecker } from './requests'

/** Where CI clones the shared specs: beside the repository. */
const SPEC = path.resolve(import.meta.dirname, '../../../../shared/vendor-specs/square/api.json')

async function drain(o: ObjectAdapter, cursor: string | null): Promise<string | null> {
  let last: string | null = null
  for await (const page of (await o.listChanged(cursor)).pages) if (page.cursor) last = page.cursor
  return last
}

async function exercise(): Promise<Exchange[]> {
  const w = await squareWorld()
  try {
    const day = squareDay(w.fake.state, { payments: 8 })
    // A payment that names its customer but not their email: the connector asks for the customer.
    const regular = w.fake.createCustomer({ given_name: 'Rae', email_address: 'rae@example.com' })
    w.fake.pay({ amount: 900, customerId: String(regular.id) })
    await w.session.test()
    const payments = w.session.object('payments')
    const cursors: Record<string, string | null> = {}
    for (const name of ['payments', 'refunds', 'disputes', 'customers']) cursors[name] = await drain(w.session.object(name), null)
    w.fake.state.advance(120)
    w.fake.refund(day.payments[0], 100)
    for (const name of ['payments', 'refunds', 'disputes']) await drain(w.session.object(name), cursors[name])
    await payments.get([day.payments[1], 'NOSUCHPAYMENT0000000000000'])
    await w.session.object('refunds').get([day.refund])
    await w.session.object('disputes').get([day.dispute])
    const customers = w.session.object('customers')
    const made = await customers.write([{ op: 'create', ref: 'c1', fields: { email: 'kim@example.com', given_name: 'Kim' } }])
    await customers.write([{ op: 'update', ref: 'c2', id: made[0].ok ? made[0].id : '', fields: { family_name: 'Lee' } }])
    w.fake.inject({ path: '/v2/payments', kind: 'rate_limit' })
    w.fake.inject({ path: '/v2/refunds', kind: 'status', status: 503 })
    await drain(payments, null)
    await drain(w.session.object('refunds'), null)
    await (await w.open({ token: 'EAAAnotavalidtoken000000000000' })).test()
    return w.fake.recorder.take()
  } finally {
    await w.close()
  }
}

describe('Square contract: the connector and the fake against Square’s api.json', () => {
  it('keeps every request and answer in the documented shapes, with Square-Version pinned', async () => {
    const exchanges = await exercise()
    const checkRequest = requestChecker(SPEC)
    const problems: string[] = []
    for (const e of exchanges) {
      const where = `#${e.seq} ${e.method} ${e.path}`
      if (e.requestHeaders['square-version'] !== SQUARE_VERSION) problems.push(`${where}: Square-Version is ${e.requestHeaders['square-version']}`)
      if (!/^Bearer /.test(e.requestHeaders.authorization ?? '')) problems.push(`${where}: no bearer token`)
      for (const p of checkRequest(e.method, e.path, e.query, e.requestBody)) problems.push(`${where} request: ${p}`)
      if (e.status === null || typeof e.responseBody !== 'object') continue
      // Square documents each answer, errors included, as the operation's response type (its `errors` list).
      const check = validateAgainstOpenApi(SPEC, e.method, e.path, 200, e.responseBody)
      for (const p of check.errors) problems.push(`${where} answer ${e.status}: ${p}`)
      if (e.status >= 400 && !((e.responseBody as { errors?: unknown[] }).errors?.length)) problems.push(`${where}: an error answer without errors`)
    }
    expect(problems).toEqual([])
    // The checks bite: an undeclared parameter, a value outside an enum, a body without a required field.
    expect(checkRequest('GET', '/v2/payments', { since: '1', sort_field: 'UP' }, undefined)).toHaveLength(2)
    expect(checkRequest('POST', '/v2/orders/batch-retrieve', {}, { location_id: 'L1' })).not.toEqual([])
    expect(validateAgainstOpenApi(SPEC, 'GET', '/v2/payments', 200, { payments: [{ id: 1 }] }).valid).toBe(false)
    const hit = new Set(exchanges.map((e) => `${e.method} ${(/retrieve$/.test(e.path) ? e.path : e.path.replace(/^\/v2\/(\w+)\/[^/]+$/, '/v2/$1/{id}'))}`))
    for (const endpoint of ['GET /v2/locations', 'GET /v2/payments', 'GET /v2/payments/{id}', 'GET /v2/refunds', 'GET /v2/refunds/{id}', 'GET /v2/disputes', 'GET /v2/disputes/{id}', 'GET /v2/customers', 'POST /v2/customers', 'PUT /v2/customers/{id}', 'POST /v2/customers/bulk-retrieve', 'POST /v2/orders/batch-retrieve']) {
      expect(hit, endpoint).toContain(endpoint)
    }
    const statuses = new Set(exchanges.map((e) => e.status))
    for (const s of [200, 401, 404, 429, 503]) expect(statuses, String(s)).toContain(s)
    // Every write carried an idempotency key Square accepts (at most 45 characters for payments, 192 for orders).
    for (const e of exchanges.filter((x) => x.method === 'POST' && x.path === '/v2/customers')) expect(String((e.requestBody as { idempotency_key?: string }).idempotency_key)).toMatch(/^[\w-]{1,45}$/)
  })
})
