/**
 * Daily totals of what Patchbay posted, read back from QuickBooks transactions: gross
 * sales, refunds, Stripe fees, chargebacks and the net they leave in the clearing
 * account, per day and currency, in integer minor units. Put next to Stripe's own
 * totals for the day they must agree to the cent; the tests do exactly that.
 */
import type { QboEntity } from '../connectors/quickbooks/api'
import { currencyDecimals, decimalToMinor } from '../connectors/quickbooks/amounts'
import { readNote } from './marker'
import { groupParts, readPosting, type PostedPart } from './posted'

/** One day's money in one currency, in minor units. */
export interface DayTotals {
  gross: number
  refunds: number
  fees: number
  disputes: number
  payouts: number
  /** gross − refunds − fees − disputes: what the day added to the Stripe balance before payouts. */
  net: number
  documents: number
}

const empty = (): DayTotals => ({ gross: 0, refunds: 0, fees: 0, disputes: 0, payouts: 0, net: 0, documents: 0 })

/** Totals by `yyyy-MM-dd|CUR` of every Patchbay posting among `parts`. */
export function booksTotals(parts: PostedPart[]): Map<string, DayTotals> {
  const out = new Map<string, DayTotals>()
  const at = (day: string, currency: string) => {
    const k = `${day}|${currency}`
    if (!out.has(k)) out.set(k, empty())
    return out.get(k)!
  }
  for (const [id, posting] of groupParts(parts.filter((p) => readNote(p.PrivateNote)))) {
    const r = readPosting(id, posting)
    if (!r) continue
    const day = String(r.date)
    const t = at(day, String(r.currency))
    t.documents += posting.size
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

/** The total of one transaction in minor units of its currency. */
export function totalMinor(e: QboEntity): number {
  const currency = String((e.CurrencyRef as { value?: string } | undefined)?.value ?? 'USD')
  return decimalToMinor(e.TotalAmt as number, currencyDecimals(currency))
}
