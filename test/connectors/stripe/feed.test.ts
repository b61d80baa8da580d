/**
 * Reading changes: a full scan the first time, then only what Stripe's events say changed,
 * page by page, with nothing skipped and nothing read twice.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor } from '../../../src/main/connectors/stripe'
import type { EventsCursor } from '../../../src/main/connectors/stripe/cursor'
import { callsTo, drain, stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
afterEach(() => w?.close())

function payMany(n: number, currency = 'gbp'): string[] {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    ids.push(w.fake.pay({ amount: 1000 + i, currency, email: `buyer${i}@example.com` }).charge.id as string)
    if (i % 7 === 0) w.fake.state.advance(1)
  }
  return ids
}

describe('stripe charges: first run', () => {
  it('scans every charge once, 100 a page, and hands back an events cursor', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const ids = payMany(250)
    const feed = await w.session.object('charges').listChanged(null)
    const read = await drain(feed)
    expect(read.complete).toBe(true)
    expect(read.records.map((r) => r.id).sort()).toEqual([...ids].sort())
    expect(new Set(read.records.map((r) => r.id)).size).toBe(250)
    const lists = w.fake.exchanges.filter((e) => e.path === '/v1/charges')
    expect(lists.map((e) => [e.query.limit, e.query.starting_after !== undefined])).toEqual([['100', false], ['100', true], ['100', true]])
    expect(decodeCursor(read.cursor!)).toMatchObject({ kind: 'events', after: expect.stringMatching(/^evt_/) })
  })

  it('takes the events cursor before scanning, so a payment made during the scan is read next time', async () => {
    w = await stripeWorld()
    payMany(150)
    const feed = await w.session.object('charges').listChanged(null)
    const pages = feed.pages[Symbol.asyncIterator]()
    await pages.next()
    const during = w.fake.pay({ amount: 4242, currency: 'gbp' }).charge.id as string
    let cursor: string | null = null
    for (let p = await pages.next(); !p.done; p = await pages.next()) cursor = p.value.cursor ?? cursor
    const next = await drain(await w.session.object('charges').listChanged(cursor))
    expect(next.records.map((r) => r.id)).toEqual([during])
  })
})

describe('stripe charges: later runs read events', () => {
  it('reads a new payment with one events call, and nothing on the run after', async () => {
    w = await stripeWorld()
    payMany(30)
    const first = await drain(await w.session.object('charges').listChanged(null))
    w.fake.state.advance(60)
    const charge = w.fake.pay({ amount: 1999, currency: 'eur', email: 'late@example.com' }).charge
    const before = w.fake.exchanges.length
    const second = await drain(await w.session.object('charges').listChanged(first.cursor))
    const made = w.fake.exchanges.slice(before)
    expect(made.filter((e) => e.path === '/v1/events')).toHaveLength(1)
    expect(made.filter((e) => e.path.startsWith('/v1/charges'))).toHaveLength(0)
    expect(second.complete).toBe(false)
    expect(second.records).toHaveLength(1)
    expect(second.records[0]).toMatchObject({ id: charge.id, fields: { amount: 1999, currency: 'eur', fee: 75, net: 1924, customer_email: 'late@example.com' } })
    const third = await drain(await w.session.object('charges').listChanged(second.cursor))
    expect(third.records).toEqual([])
    expect(third.cursor).toBe(second.cursor)
  })

  it('walks 250 new payments oldest first in pages of 100 with no gap and no repeat', async () => {
    w = await stripeWorld()
    w.fake.pay({ amount: 1, currency: 'gbp' })
    const first = await drain(await w.session.object('charges').listChanged(null))
    const ids = payMany(250)
    const feed = await w.session.object('charges').listChanged(first.cursor)
    const pages: Array<{ ids: string[]; cursor: string | null }> = []
    for await (const page of feed.pages) pages.push({ ids: page.records.map((r) => r.id), cursor: page.cursor })
    expect(pages.map((p) => p.ids.length)).toEqual([100, 100, 50])
    expect(pages.flatMap((p) => p.ids)).toEqual(ids)
    const events = w.fake.exchanges.filter((e) => e.path === '/v1/events' && e.query.ending_before !== undefined)
    const after = (c: string | null) => (decodeCursor(c!) as EventsCursor).after
    expect(events.map((e) => e.query.ending_before)).toEqual([after(first.cursor), after(pages[0].cursor), after(pages[1].cursor)])
    // A run that committed only the first page resumes exactly after it.
    const resumed = await drain(await w.session.object('charges').listChanged(pages[0].cursor))
    expect(resumed.records.map((r) => r.id)).toEqual(ids.slice(100))
  })

  it('reads a refund and a dispute as changes to their charge', async () => {
    w = await stripeWorld()
    const a = w.fake.pay({ amount: 5000, currency: 'gbp' }).charge.id as string
    const b = w.fake.pay({ amount: 7000, currency: 'gbp' }).charge.id as string
    const first = await drain(await w.session.object('charges').listChanged(null))
    w.fake.refund(a, 1200)
    w.fake.dispute(b)
    const next = await drain(await w.session.object('charges').listChanged(first.cursor))
    const byId = Object.fromEntries(next.records.map((r) => [r.id, r.fields]))
    expect(byId[a]).toMatchObject({ amount_refunded: 1200, refunded: false })
    expect(byId[b]).toMatchObject({ disputed: true })
    // The dispute event carries a dispute, so its charge is fetched again (once).
    expect(callsTo(w.fake, `/v1/charges/${b}`)).toBe(1)
    expect(callsTo(w.fake, `/v1/charges/${a}`)).toBe(0)
  })

  it('fetches again when Stripe rendered the events in another API version', async () => {
    w = await stripeWorld({ fake: { apiVersion: '2026-09-30.endive' } })
    const first = await drain(await w.session.object('charges').listChanged(null))
    const id = w.fake.pay({ amount: 2500, currency: 'gbp' }).charge.id as string
    const next = await drain(await w.session.object('charges').listChanged(first.cursor))
    expect(next.records.map((r) => r.id)).toEqual([id])
    expect(callsTo(w.fake, `/v1/charges/${id}`)).toBe(1)
    const get = w.fake.exchanges.find((e) => e.path === `/v1/charges/${id}`)!
    expect(get.query.expand).toEqual(['balance_transaction', 'customer', 'invoice'])
  })
})

describe('stripe: cursors Stripe can no longer serve', () => {
  it('scans in full when the cursor is older than Stripe keeps events', async () => {
    w = await stripeWorld()
    const first = await drain(await w.session.object('charges').listChanged(null))
    w.fake.state.advance(31 * 86400)
    w.fake.pay({ amount: 100, currency: 'gbp' })
    const before = callsTo(w.fake, '/v1/charges')
    const next = await drain(await w.session.object('charges').listChanged(first.cursor))
    expect(next.complete).toBe(true)
    expect(callsTo(w.fake, '/v1/charges')).toBe(before + 1)
  })

  it('scans in full when Stripe says the cursor event no longer exists', async () => {
    w = await stripeWorld()
    await drain(await w.session.object('charges').listChanged(null))
    const gone = encodeCursor({ v: 1, kind: 'events', after: 'evt_prunedlongago00000000000', at: w.fake.state.now() })
    const next = await drain(await w.session.object('charges').listChanged(gone))
    expect(next.complete).toBe(true)
    expect(next.records.length).toBeGreaterThan(0)
  })

  it('reads by Stripe\'s time when the account had no events at the first scan', async () => {
    // This machine's clock is a day fast; the cursor still starts from Stripe's clock.
    w = await stripeWorld({ fake: { fixtures: false }, connector: { now: () => (w.fake.state.now() + 86400) * 1000 } })
    const first = await drain(await w.session.object('charges').listChanged(null))
    expect(decodeCursor(first.cursor!)).toMatchObject({ after: null, at: w.fake.state.now() - 300 })
    w.fake.state.advance(10)
    const id = w.fake.pay({ amount: 300, currency: 'gbp' }).charge.id
    const next = await drain(await w.session.object('charges').listChanged(first.cursor))
    expect(next.records.map((r) => r.id)).toEqual([id])
    expect(decodeCursor(next.cursor!)).toMatchObject({ after: expect.stringMatching(/^evt_/) })
  })
})

describe('stripe customers and balance transactions', () => {
  it('reports a deleted customer as a tombstone and a changed one with its new fields', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const keep = w.fake.createCustomer({ email: 'keep@example.com', name: 'Keep' }).id as string
    const drop = w.fake.createCustomer({ email: 'drop@example.com', name: 'Drop' }).id as string
    const first = await drain(await w.session.object('customers').listChanged(null))
    expect(first.records.map((r) => r.id).sort()).toEqual([keep, drop].sort())
    w.fake.updateCustomer(keep, { name: 'Keeper', metadata: { qbo_id: '17' } })
    w.fake.deleteCustomer(drop)
    const next = await drain(await w.session.object('customers').listChanged(first.cursor))
    expect(next.records).toEqual([
      expect.objectContaining({ id: keep, fields: expect.objectContaining({ name: 'Keeper', 'metadata.qbo_id': '17' }) }),
      expect.objectContaining({ id: drop, deleted: true })
    ])
  })

  it('reads new balance transactions by time, each once', async () => {
    w = await stripeWorld()
    payMany(20)
    const object = w.session.object('balance_transactions')
    const first = await drain(await object.listChanged(null))
    expect(first.records.length).toBe(21)
    const again = await drain(await object.listChanged(first.cursor))
    expect(again.records).toEqual([])
    const charge = w.fake.pay({ amount: 900, currency: 'gbp' })
    const r = w.fake.refund(charge.charge.id as string)
    w.fake.state.advance(1)
    const next = await drain(await object.listChanged(again.cursor))
    expect(next.records.map((x) => x.id)).toEqual([charge.balanceTransaction!.id, r.balance_transaction])
    expect(next.records.map((x) => x.fields.type)).toEqual(['charge', 'refund'])
    const last = await drain(await object.listChanged(next.cursor))
    expect(last.records).toEqual([])
  })
})
