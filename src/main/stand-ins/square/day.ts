/**
 * A day at a coffee shop that takes cards on Square, for tests, the bench and the demo:
 * sales with line items from the catalog (some taxed, some with a tip) at a dollar
 * location and a euro one, customers with and without an email, a declined card, a
 * partial refund and a dispute. Deterministic from the seed. `squareDayTotals` sums the
 * day as Square would report it, from Square's own objects, for reconciliation.
 */
import * as activity from './activity'
import type { Money, Obj, SquareState } from './state'

/** Options of `squareDay`. */
export interface SquareDayOptions {
  /** Sales in the day (one of them declined). @default 12 */
  payments?: number
  seed?: number
  /** Seconds between sales. @default 420 */
  every?: number
}

/** Ids of note in the day. */
export interface SquareDay {
  payments: string[]
  declined: string
  refunded: string
  refund: string
  disputed: string
  dispute: string
  /** Payments at the euro location. */
  eur: string[]
}

/** States in which Square holds the disputed amount back from the seller. */
export const DISPUTE_WITHDRAWN = ['EVIDENCE_REQUIRED', 'PROCESSING', 'LOST', 'ACCEPTED']

const EMAILS = ['ann@example.com', 'bob@example.com', null, 'new.customer@example.com', 'dee@example.com']

/** Plays a day of activity on `state` from its clock on; the state needs a second (EUR) location for euro sales. */
export function squareDay(state: SquareState, o: SquareDayOptions = {}): SquareDay {
  let seed = (o.seed ?? 7) >>> 0
  const rnd = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 4294967296
  }
  const eurLocation = state.locations.find((l) => l.currency === 'EUR')
  const customers = new Map<string, string>()
  const customerFor = (email: string) => {
    if (!customers.has(email)) {
      const [given] = email.split('@')
      customers.set(email, String(activity.createCustomer(state, { given_name: given.replace(/\W/g, ' '), email_address: email }, 'DIRECTORY').id))
    }
    return customers.get(email)!
  }
  const { beans, mug, latte, salesTax } = activity.CATALOG
  const tax = { catalogObjectId: salesTax.id, name: salesTax.name, percentage: salesTax.percentage }
  const count = o.payments ?? 12
  const out: SquareDay = { payments: [], declined: '', refunded: '', refund: '', disputed: '', dispute: '', eur: [] }
  for (let i = 0; i < count; i++) {
    state.advance(o.every ?? 420)
    const euro = eurLocation !== undefined && i % 4 === 3
    const email = EMAILS[i % EMAILS.length]
    const lines: activity.SaleLine[] = [{ catalogObjectId: latte.id, name: latte.name, quantity: 1 + Math.floor(rnd() * 3), unitPrice: latte.price }]
    if (i % 3 === 0) lines.push({ catalogObjectId: beans.id, name: beans.name, quantity: 1, unitPrice: beans.price, ...(euro ? {} : { tax }) })
    if (i % 5 === 1) lines.push({ catalogObjectId: mug.id, name: mug.name, quantity: 1, unitPrice: mug.price, ...(euro ? {} : { tax }) })
    // An item typed in at the till, not from the catalog.
    if (i % 7 === 6) lines.push({ name: 'Pastry', quantity: 2, unitPrice: 325 })
    const { payment } = activity.pay(state, {
      lines,
      tip: i % 2 === 0 ? 50 * (1 + Math.floor(rnd() * 4)) : 0,
      locationId: euro ? eurLocation!.id : undefined,
      ...(email ? { email, customerId: customerFor(email) } : {}),
      declined: i === 5
    })
    const id = String(payment.id)
    out.payments.push(id)
    if (euro) out.eur.push(id)
    if (i === 5) out.declined = id
  }
  const usd = out.payments.filter((id) => id !== out.declined && !out.eur.includes(id))
  state.advance(600)
  out.refunded = usd[1]
  const total = (state.payments.get(out.refunded)!.total_money as Money).amount
  out.refund = String(activity.refund(state, out.refunded, Math.floor(total / 2)).id)
  state.advance(600)
  out.disputed = usd[2]
  out.dispute = String(activity.dispute(state, out.disputed).id)
  return out
}

/** One day's money in one currency as Square reports it, minor units. */
export interface SquareTotals {
  gross: number
  refunds: number
  fees: number
  disputes: number
  net: number
}

const feeOf = (o: Obj) => ((o.processing_fee as { amount_money: Money }[] | undefined) ?? []).reduce((n, f) => n + f.amount_money.amount, 0)

/** Square's own totals by `yyyy-MM-dd|CUR`, the day told by `dayOf` (the business's time zone). */
export function squareDayTotals(state: SquareState, dayOf: (iso: string) => string = (s) => s.slice(0, 10)): Map<string, SquareTotals> {
  const out = new Map<string, SquareTotals>()
  const at = (iso: unknown, currency: string) => {
    const k = `${dayOf(String(iso))}|${currency}`
    if (!out.has(k)) out.set(k, { gross: 0, refunds: 0, fees: 0, disputes: 0, net: 0 })
    return out.get(k)!
  }
  for (const p of state.payments.values()) {
    if (p.status !== 'COMPLETED') continue
    const t = at(p.created_at, (p.total_money as Money).currency)
    t.gross += (p.total_money as Money).amount
    t.fees += feeOf(p)
  }
  for (const r of state.refunds.values()) {
    if (r.status !== 'COMPLETED' && r.status !== 'PENDING') continue
    const t = at(r.created_at, (r.amount_money as Money).currency)
    t.refunds += (r.amount_money as Money).amount
    t.fees += feeOf(r)
  }
  for (const d of state.disputes.values()) {
    if (!DISPUTE_WITHDRAWN.includes(String(d.state))) continue
    at(d.created_at, (d.amount_money as Money).currency).disputes += (d.amount_money as Money).amount
  }
  for (const t of out.values()) t.net = t.gross - t.refunds - t.fees - t.disputes
  return out
}
