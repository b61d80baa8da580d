/**
 * Money stays in integer minor units from Stripe's answer to the record, and a day of
 * activity read through the connector adds up to the cent to what Stripe booked.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ApiChangedError } from '../../../src/main/errors'
import type { SourceRecord } from '../../../src/main/connectors/types'
import { STRIPE_OBJECTS } from '../../../src/main/connectors/stripe'
import { DAY_OF_ACTIVITY_TOTALS, DAY_END, DAY_START, generateDayOfActivity } from '../../../src/main/stand-ins/stripe/day'
import { drain, stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
afterEach(() => w?.close())

const MONEY = /^(amount|amount_captured|amount_refunded|amount_due|amount_paid|amount_remaining|subtotal|tax|total|fee|net|balance_amount|balance|fee_stripe|fee_tax|fee_other)$/

async function readAll(cursors?: Record<string, string | null>): Promise<Record<string, SourceRecord[]>> {
  const out: Record<string, SourceRecord[]> = {}
  for (const name of STRIPE_OBJECTS) out[name] = (await drain(await w.session.object(name).listChanged(cursors?.[name] ?? null))).records
  return out
}

const inDay = (r: SourceRecord) => {
  const t = Date.parse(String(r.fields.created)) / 1000
  return t >= DAY_START && t < DAY_END
}

function sum(records: SourceRecord[], field: string): number {
  return records.reduce((n, r) => n + (r.fields[field] as number | null ?? 0), 0)
}

describe('stripe amounts', () => {
  it('the day of activity script gives its documented totals', async () => {
    w = await stripeWorld()
    expect(generateDayOfActivity(w.fake).totals).toEqual(DAY_OF_ACTIVITY_TOTALS)
  })

  it('keeps every amount an integer in minor units, in every object', async () => {
    w = await stripeWorld()
    generateDayOfActivity(w.fake)
    w.fake.payout(10000, 'gbp')
    const all = await readAll()
    const money = Object.values(all).flatMap((rs) => rs.flatMap((r) => Object.entries(r.fields).filter(([k]) => MONEY.test(k))))
    expect(money.length).toBeGreaterThan(100)
    for (const [field, value] of money) expect(value === null || Number.isSafeInteger(value), `${field}=${String(value)}`).toBe(true)
    const lines = all.invoices.flatMap((r) => JSON.parse(String(r.fields.lines_json)) as Array<{ amount: unknown }>)
    for (const l of lines) expect(Number.isSafeInteger(l.amount)).toBe(true)
  })

  it('reconciles the day to the cent per currency: gross, fees, refunds, disputes and net', async () => {
    w = await stripeWorld()
    generateDayOfActivity(w.fake)
    const all = await readAll()
    for (const currency of ['gbp', 'eur'] as const) {
      const mine = (rs: SourceRecord[]) => rs.filter((r) => r.fields.currency === currency && inDay(r))
      const charges = mine(all.charges).filter((r) => r.fields.status === 'succeeded')
      const refunds = mine(all.refunds)
      const disputes = mine(all.disputes)
      const expected = DAY_OF_ACTIVITY_TOTALS[currency]
      const gross = sum(charges, 'amount')
      const fees = sum(charges, 'fee') + sum(refunds, 'fee') + sum(disputes, 'fee')
      const refunded = sum(refunds, 'amount')
      const disputed = sum(disputes, 'amount')
      const net = sum(charges, 'net') + sum(refunds, 'net') + sum(disputes, 'net')
      expect({ gross, fees, refunded, disputed, net }).toEqual({ gross: expected.gross, fees: expected.fees, refunded: expected.refunds, disputed: expected.disputed, net: expected.net })
      expect(net).toBe(gross - fees - refunded - disputed)
      // The charges agree with their refunds.
      expect(sum(charges, 'amount_refunded')).toBe(refunded)
      // And the balance transactions say the same.
      const bts = mine(all.balance_transactions)
      expect(sum(bts, 'net')).toBe(expected.net)
      expect(sum(bts, 'fee')).toBe(expected.fees)
      expect(sum(bts, 'fee_stripe')).toBe(expected.fees)
    }
  })

  it('reads the same totals when the day arrives through events after a first run', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    w.fake.pay({ amount: 100, currency: 'gbp' })
    const cursors: Record<string, string | null> = {}
    for (const name of STRIPE_OBJECTS) cursors[name] = (await drain(await w.session.object(name).listChanged(null))).cursor
    generateDayOfActivity(w.fake)
    const all = await readAll(cursors)
    const gbp = all.charges.filter((r) => r.fields.currency === 'gbp' && r.fields.status === 'succeeded')
    expect(sum(gbp, 'amount')).toBe(DAY_OF_ACTIVITY_TOTALS.gbp.gross)
    expect(sum(gbp, 'fee') + sum(all.disputes, 'fee')).toBe(DAY_OF_ACTIVITY_TOTALS.gbp.fees)
    expect(sum(all.refunds, 'amount')).toBe(DAY_OF_ACTIVITY_TOTALS.gbp.refunds + DAY_OF_ACTIVITY_TOTALS.eur.refunds)
    const frank = all.charges.find((r) => r.fields.invoice !== null)!
    expect(frank.fields).toMatchObject({ amount: 15000, price_id: expect.stringMatching(/^price_/), product_id: expect.stringMatching(/^prod_/) })
    const declined = all.charges.filter((r) => r.fields.status === 'failed')
    expect(declined.map((r) => [r.fields.paid, r.fields.fee, r.fields.net, r.fields.failure_code])).toEqual([
      [false, null, null, 'card_declined'],
      [false, null, null, 'insufficient_funds']
    ])
  })

  it('reads fees in bulk when many charges arrive through events', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    w.fake.pay({ amount: 100, currency: 'gbp' })
    const charges = w.session.object('charges')
    const first = await drain(await charges.listChanged(null))
    for (let i = 0; i < 150; i++) w.fake.pay({ amount: 1000 + i, currency: 'gbp' })
    const next = await drain(await charges.listChanged(first.cursor))
    expect(next.records).toHaveLength(150)
    expect(next.records.every((r) => Number.isSafeInteger(r.fields.fee))).toBe(true)
    expect(charges.lastLookups!.calls.balanceGets).toBe(0)
    expect(charges.lastLookups!.calls.balanceLists).toBeLessThanOrEqual(3)
  })

  it('refuses an amount that is not a whole number of minor units as an API change', async () => {
    w = await stripeWorld()
    const c = w.fake.pay({ amount: 1000, currency: 'gbp' }).charge
    const body = { ...c, amount: 10.5, balance_transaction: null, object: 'charge' }
    w.fake.inject({ method: 'GET', path: `/v1/charges/${String(c.id)}`, kind: 'status', status: 200, body })
    await expect(w.session.object('charges').get([c.id as string])).rejects.toBeInstanceOf(ApiChangedError)
  })
})
