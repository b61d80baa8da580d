/**
 * "A day of Stripe activity" for reconciliation tests: on 2 March 2026 (UTC) a shop takes
 * card payments in GBP and EUR, one in each currency is declined, one payment is refunded
 * in full and two in part, one is disputed, and one customer pays an invoice for a product.
 * Everything is scripted (no randomness), so the totals below are exact and fixed.
 *
 * Fees follow the fake's pricing (activity.ts): GBP 1.5% + 20p, EUR 2.5% + 25c, rounded
 * half up; a dispute costs a 20.00 fee; Stripe keeps its fee on refunds. All in minor units.
 */
import type { FakeStripe } from './index'
import type { Obj } from './templates'

/** The day's money in one currency, in minor units. */
export interface DayTotals {
  /** Succeeded payments, before anything is taken off. */
  gross: number
  /** Stripe's fees: processing fees plus the dispute fee. */
  fees: number
  /** Money returned by refunds. */
  refunds: number
  /** Money taken back by disputes (the fee is in `fees`). */
  disputed: number
  /** What the day added to the balance: gross − fees − refunds − disputed. */
  net: number
  succeeded: number
  /** Declined payments: no money moved, no balance transaction. */
  failed: number
  failedAmount: number
}

/** The totals `generateDayOfActivity` produces, fixed so tests can quote them. */
export const DAY_OF_ACTIVITY_TOTALS: Record<'gbp' | 'eur', DayTotals> = {
  gbp: { gross: 42499, fees: 2738, refunds: 13500, disputed: 8000, net: 18261, succeeded: 5, failed: 1, failedAmount: 3000 },
  eur: { gross: 20650, fees: 592, refunds: 2500, disputed: 0, net: 17558, succeeded: 3, failed: 1, failedAmount: 1999 }
}

/** The day: 2026-03-02T00:00:00Z to the next midnight, unix seconds. */
export const DAY_START = Date.UTC(2026, 2, 2) / 1000
export const DAY_END = DAY_START + 86400

/** What the day made, by the names the script uses. */
export interface DayOfActivity {
  date: '2026-03-02'
  start: number
  end: number
  customers: Record<string, string>
  charges: Record<string, string>
  refunds: Record<string, string>
  disputes: Record<string, string>
  invoice: string
  price: string
  product: string
  totals: Record<'gbp' | 'eur', DayTotals>
}

const at = (hh: number, mm: number) => DAY_START + hh * 3600 + mm * 60

const PEOPLE: Array<[key: string, name: string]> = [
  ['alice', 'Alice Archer'], ['bob', 'Bob Baker'], ['carol', 'Carol Cooper'], ['dave', 'Dave Dyer'], ['erin', 'Erin Evans'],
  ['frank', 'Frank Fisher'], ['greta', 'Greta Gruber'], ['hans', 'Hans Huber'], ['ines', 'Ines Iglesias'], ['ingrid', 'Ingrid Ilves']
]

/** Payments of the day: [at, who, amount, currency, description, declined?] */
const PAYMENTS: Array<[number, string, number, 'gbp' | 'eur', string, string?]> = [
  [at(9, 5), 'alice', 2500, 'gbp', 'Coffee beans 1kg'],
  [at(9, 40), 'bob', 12000, 'gbp', 'Espresso machine service'],
  [at(10, 15), 'carol', 4999, 'gbp', 'Grinder'],
  [at(10, 30), 'dave', 3000, 'gbp', 'Gift card', 'card_declined'],
  [at(11, 0), 'greta', 4200, 'eur', 'Kaffeebohnen'],
  [at(11, 20), 'hans', 9900, 'eur', 'Milchaufschäumer'],
  [at(12, 0), 'ines', 1999, 'eur', 'Taza', 'insufficient_funds'],
  [at(13, 10), 'erin', 8000, 'gbp', 'Barista course'],
  [at(14, 30), 'ingrid', 6550, 'eur', 'Kahvipavut']
]

/**
 * Plays the day into the fake (whose clock must not be past the day's start) and returns
 * what it made, with totals computed from the fake's balance transactions.
 */
export function generateDayOfActivity(fake: FakeStripe): DayOfActivity {
  const s = fake.state
  s.setTime(at(8, 0))
  const customers: Record<string, string> = {}
  for (const [key, name] of PEOPLE) {
    customers[key] = fake.createCustomer({ email: `${key}@example.com`, name }).id as string
    s.advance(60)
  }
  const { product, price } = fake.productWithPrice('Consulting (1 hour)', 'gbp', 15000)
  const charges: Record<string, string> = {}
  const refunds: Record<string, string> = {}
  const disputes: Record<string, string> = {}
  let invoice = ''
  const script: Array<[number, () => void]> = [
    ...PAYMENTS.map(([t, who, amount, currency, description, decline]): [number, () => void] => [
      t,
      () => {
        charges[who] = fake.pay({ amount, currency, customer: customers[who], email: `${who}@example.com`, description, decline }).charge.id as string
      }
    ]),
    [at(14, 0), () => {
      const paid = fake.payInvoice(customers.frank, [{ price: price.id as string, quantity: 1 }])
      invoice = paid.invoice.id as string
      charges.frank = paid.payment.charge.id as string
    }],
    [at(15, 0), () => void (refunds.bob = fake.refund(charges.bob).id as string)],
    [at(15, 30), () => void (refunds.carol = fake.refund(charges.carol, 1500).id as string)],
    [at(16, 0), () => void (refunds.hans = fake.refund(charges.hans, 2500).id as string)],
    [at(17, 45), () => void (disputes.erin = fake.dispute(charges.erin, 'product_not_received').id as string)]
  ]
  for (const [t, act] of script.sort((a, b) => a[0] - b[0])) {
    s.setTime(t)
    act()
  }
  return {
    date: '2026-03-02',
    start: DAY_START,
    end: DAY_END,
    customers,
    charges,
    refunds,
    disputes,
    invoice,
    price: price.id as string,
    product: product.id as string,
    totals: { gbp: totalsOf(fake, 'gbp'), eur: totalsOf(fake, 'eur') }
  }
}

/** The day's totals in one currency, from the fake's own records. */
export function totalsOf(fake: FakeStripe, currency: string, from = DAY_START, to = DAY_END): DayTotals {
  const inDay = (o: Obj) => o.currency === currency && (o.created as number) >= from && (o.created as number) < to
  const t: DayTotals = { gross: 0, fees: 0, refunds: 0, disputed: 0, net: 0, succeeded: 0, failed: 0, failedAmount: 0 }
  for (const bt of fake.state.all('balance_transactions').filter(inDay)) {
    const amount = bt.amount as number
    t.fees += bt.fee as number
    t.net += bt.net as number
    if (bt.type === 'charge') t.gross += amount
    else if (bt.type === 'refund') t.refunds -= amount
    else if (bt.reporting_category === 'dispute') t.disputed -= amount
  }
  for (const c of fake.state.all('charges').filter(inDay)) {
    if (c.status === 'succeeded') t.succeeded++
    else if (c.status === 'failed') {
      t.failed++
      t.failedAmount += c.amount as number
    }
  }
  return t
}
