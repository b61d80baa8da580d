/**
 * Square misbehaving during a real-time Square → QuickBooks run: 429s and 5xx are waited
 * out and every payment still reaches the books once; an answer that is not Square's
 * shape stops the run as an API change with nothing posted; a revoked token stops it as
 * "reconnect Square".
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Sync } from '../../../src/shared/domain'
import { accountingSyncs } from '../../../src/main/accounting'
import { ApiChangedError } from '../../../src/main/errors'
import { TZ, type BooksWorld } from '../../accounting/helpers'
import { squareBooks } from '../../accounting/square-helpers'
import { squareWorld, type SquareWorld } from './helpers'

let w: BooksWorld
let sq: SquareWorld
afterEach(async () => {
  await w?.close()
  await sq?.close()
})

const realtime: Sync = accountingSyncs('square-quickbooks-realtime', { square: 'square', quickbooks: 'qbo', timeZone: TZ })[0]

async function start(sales = 4): Promise<void> {
  w = await squareBooks()
  sq = await squareWorld({ settings: {} })
  for (let i = 0; i < sales; i++) {
    sq.fake.state.advance(60)
    const customer = sq.fake.createCustomer({ given_name: `P${i}`, email_address: `p${i}@example.com` })
    sq.fake.pay({ amount: 1000 + i * 100, customerId: String(customer.id) })
  }
}

describe('Square faults in a run into QuickBooks', () => {
  it('waits out 429s and 5xx and still posts every payment exactly once', async () => {
    await start()
    sq.fake.inject({ path: '/v2/payments', kind: 'rate_limit', times: 2 })
    sq.fake.inject({ path: '/v2/customers/bulk-retrieve', kind: 'status', status: 503 })
    sq.fake.inject({ path: '/v2/customers/bulk-retrieve', kind: 'reset' })
    const { run } = await w.run(realtime, sq.session.object('payments'))
    expect(run.status, JSON.stringify(run.error)).toBe('ok')
    const faults = sq.fake.recorder.all().map((e) => e.fault).filter(Boolean)
    expect(faults).toEqual(['rate_limit', 'rate_limit', '5xx', 'reset'])
    const receipts = w.fake.company.list('SalesReceipt')
    expect(receipts).toHaveLength(4)
    // The customer's email came through the retried look-up.
    expect(receipts.map((r) => (r.BillEmail as { Address: string }).Address).sort()).toEqual(['p0@example.com', 'p1@example.com', 'p2@example.com', 'p3@example.com'])
  })

  it('stops with an API change, posting nothing, when Square answers in a shape it does not have', async () => {
    await start(2)
    for (const kind of ['malformed', 'wrong_shape'] as const) {
      sq.fake.inject({ path: '/v2/payments', kind })
      await expect((async () => {
        for await (const page of (await sq.session.object('payments').listChanged(null)).pages) void page
      })()).rejects.toBeInstanceOf(ApiChangedError)
    }
    sq.fake.inject({ path: '/v2/payments', kind: 'malformed' })
    const { run } = await w.run(realtime, sq.session.object('payments'))
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'API_CHANGED' })
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(0)
  })

  it('asks the owner to reconnect Square when the token was revoked', async () => {
    await start(1)
    sq.fake.setToken(sq.fake.token, 'revoked')
    const { run } = await w.run(realtime, sq.session.object('payments'))
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'AUTH', message: expect.stringContaining('revoked'), hint: expect.stringContaining('Reconnect Square') })
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(0)
  })
})
