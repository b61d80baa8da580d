/**
 * A day of Stripe activity as the Stripe connector's records (flat fields, minor units):
 * card payments in two currencies with Stripe's fees, a declined payment, a partial
 * refund, a chargeback with its dispute fee, and a payout. Deterministic from a seed, any
 * size, no HTTP: for tests that need many days or a child process. The end-to-end test
 * (stripe-to-books.test.ts) uses the Stripe fake's own scripted day through the Stripe
 * connector; the fields here are that connector's (src/main/connectors/stripe/records).
 */
import type { Fields } from '../../src/shared/domain'
import { MemoryTable } from '../../src/main/connectors/memory'

/** Stripe's standard card pricing: basis points and a fixed part, per currency. */
const PRICING: Record<string, { bps: number; fixed: number }> = { usd: { bps: 290, fixed: 30 }, eur: { bps: 250, fixed: 25 } }
const DISPUTE_FEE: Record<string, number> = { usd: 1500, eur: 2000 }

/** Stripe's fee on a card payment, integers only. */
export function cardFee(currency: string, amount: number): number {
  const p = PRICING[currency]
  return Math.floor((amount * p.bps + 5000) / 10000) + p.fixed
}

function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The Stripe objects of a day, one table per object as the connector offers them. */
export interface StripeDay {
  charges: MemoryTable
  refunds: MemoryTable
  disputes: MemoryTable
  payouts: MemoryTable
  /** Ids of note. */
  ids: { failed: string; refunded: string; disputed: string; eur: string[] }
}

/** Options of `stripeDay`. */
export interface DayOptions {
  seed?: number
  /** Payments in the day. @default 12 */
  payments?: number
  /** The day, yyyy-MM-dd (UTC). @default '2026-11-24' */
  day?: string
  /** Emails to use, in turn. */
  emails?: string[]
  /** Product ids to use, in turn (null: none). */
  products?: (string | null)[]
}

/** Fills tables with one day of activity. */
export function stripeDay(o: DayOptions = {}, into?: Partial<StripeDay>): StripeDay {
  const rnd = random(o.seed ?? 7)
  const id = (prefix: string) => `${prefix}_${Array.from({ length: 24 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(rnd() * 62)]).join('')}`
  const t = {
    charges: into?.charges ?? new MemoryTable({ idPrefix: 'x' }),
    refunds: into?.refunds ?? new MemoryTable({ idPrefix: 'x' }),
    disputes: into?.disputes ?? new MemoryTable({ idPrefix: 'x' }),
    payouts: into?.payouts ?? new MemoryTable({ idPrefix: 'x' })
  }
  const day = o.day ?? '2026-11-24'
  const at = (minute: number) => new Date(Date.parse(`${day}T09:00:00Z`) + minute * 60_000).toISOString()
  const emails = o.emails ?? ['ann@example.com', 'bob@example.com', 'new.customer@example.com', 'dee@example.com']
  const products = o.products ?? ['prod_beans', 'prod_mugs', null]
  const charges: Fields[] = []
  const count = o.payments ?? 12
  for (let i = 0; i < count; i++) {
    const currency = i % 4 === 3 ? 'eur' : 'usd'
    const amount = 500 + Math.floor(rnd() * 9500)
    const failed = i === 5
    const fee = failed ? null : cardFee(currency, amount)
    charges.push({
      id: id('ch'), amount, amount_captured: failed ? 0 : amount, amount_refunded: 0, currency, status: failed ? 'failed' : 'succeeded', paid: !failed,
      customer_email: emails[i % emails.length], description: `Order ${1000 + i}`, created: at(i * 7), product_id: products[i % products.length],
      balance_transaction: failed ? null : id('txn'), balance_amount: failed ? null : amount, fee, net: failed ? null : amount - fee!, balance_currency: failed ? null : currency,
      failure_code: failed ? 'card_declined' : null
    })
  }
  for (const c of charges) t.charges.put(String(c.id), c)
  const usd = charges.filter((c) => c.currency === 'usd' && c.status === 'succeeded')
  const refunded = usd[1]
  const refundAmount = Math.floor(Number(refunded.amount) / 2)
  t.refunds.put('r1', { id: id('re'), amount: refundAmount, currency: 'usd', status: 'succeeded', charge: refunded.id, created: at(200), balance_amount: -refundAmount, fee: 0, net: -refundAmount, balance_currency: 'usd' })
  const disputed = usd[2]
  const dAmount = Number(disputed.amount)
  t.disputes.put('d1', { id: id('dp'), amount: dAmount, currency: 'usd', status: 'needs_response', charge: disputed.id, created: at(300), balance_amount: -dAmount, fee: DISPUTE_FEE.usd, net: -dAmount - DISPUTE_FEE.usd, balance_currency: 'usd' })
  t.payouts.put('p1', { id: id('po'), amount: 5000, currency: 'usd', status: 'paid', created: at(400), arrival_date: at(400), balance_amount: -5000, fee: 0, net: -5000, balance_currency: 'usd' })
  return {
    ...t,
    ids: { failed: String(charges[5].id), refunded: String(refunded.id), disputed: String(disputed.id), eur: charges.filter((c) => c.currency === 'eur').map((c) => String(c.id)) }
  }
}

/** Stripe's own totals of a day, per day and currency, from the records (what the books must match). */
export function stripeTotals(d: Pick<StripeDay, 'charges' | 'refunds' | 'disputes'>, timeZoneDay: (iso: string) => string = (s) => s.slice(0, 10)) {
  const out = new Map<string, { gross: number; refunds: number; fees: number; disputes: number; net: number }>()
  const at = (iso: unknown, cur: unknown) => {
    const k = `${timeZoneDay(String(iso))}|${String(cur).toUpperCase()}`
    if (!out.has(k)) out.set(k, { gross: 0, refunds: 0, fees: 0, disputes: 0, net: 0 })
    return out.get(k)!
  }
  for (const { fields: c } of d.charges.all()) {
    if (c.status !== 'succeeded') continue
    const x = at(c.created, c.currency)
    x.gross += Number(c.amount_captured)
    x.fees += Number(c.fee)
    x.net += Number(c.net)
  }
  for (const { fields: r } of d.refunds.all()) {
    const x = at(r.created, r.currency)
    x.refunds += Number(r.amount)
    x.fees += Number(r.fee)
    x.net += Number(r.net)
  }
  for (const { fields: p } of d.disputes.all()) {
    const x = at(p.created, p.currency)
    x.disputes += Number(p.amount)
    x.fees += Number(p.fee)
    x.net += Number(p.net)
  }
  return out
}
