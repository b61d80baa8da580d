/**
 * Daily totals of what Patchbay posted, read back from the books: gross sales, refunds,
 * source fees, chargebacks and the net they leave in the clearing account, per day and
 * currency, in integer minor units. Put next to the source's own totals for the day they
 * must agree to the cent; the tests do exactly that.
 */
import type { PostedMoney } from '../connectors/books'
import { readPosting } from './read-back'

/** One day's money in one currency, in minor units. */
export interface DayTotals {
  gross: number
  refunds: number
  fees: number
  disputes: number
  payouts: number
  /** gross − refunds − fees − disputes: what the day added to the payment system's balance before payouts. */
  net: number
  documents: number
}

const empty = (): DayTotals => ({ gross: 0, refunds: 0, fees: 0, disputes: 0, payouts: 0, net: 0, documents: 0 })

/** Totals by `yyyy-MM-dd|CUR` of postings read back from the books (`documents`: how many the posting holds). */
export function booksTotals(postings: Iterable<{ id: string; money: PostedMoney; documents: number }>): Map<string, DayTotals> {
  const out = new Map<string, DayTotals>()
  const at = (day: string, currency: string) => {
    const k = `${day}|${currency}`
    if (!out.has(k)) out.set(k, empty())
    return out.get(k)!
  }
  for (const { id, money, documents } of postings) {
    const r = readPosting(id, money)
    const day = String(r.date)
    const t = at(day, String(r.currency))
    t.documents += documents
    const amount = Number(r.amount)
    if (r.kind === 'sale') t.gross += amount
    else if (r.kind === 'refund') t.refunds += amount
    else if (r.kind === 'dispute') t.disputes += amount
    else if (r.kind === 'payout') t.payouts += amount
    else if (r.kind === 'fee') t.fees += amount
    if (Number(r.fee)) at(day, String(r.fee_currency)).fees += Number(r.fee)
  }
  for (const t of out.values()) t.net = t.gross - t.refunds - t.fees - t.disputes
  return out
}

/** The same totals per payment system (`square`, `stripe`): each is reconciled with its own source. */
export function booksTotalsBySource(postings: Iterable<{ id: string; money: PostedMoney; documents: number }>): Map<string, Map<string, DayTotals>> {
  const bySource = new Map<string, { id: string; money: PostedMoney; documents: number }[]>()
  for (const p of postings) {
    const source = String(readPosting(p.id, p.money).source)
    if (!bySource.has(source)) bySource.set(source, [])
    bySource.get(source)!.push(p)
  }
  return new Map([...bySource].map(([source, list]) => [source, booksTotals(list)]))
}
