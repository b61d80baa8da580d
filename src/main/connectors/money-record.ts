/**
 * The canonical money record: how a payment source (Stripe, Square; PayPal next) hands
 * money to the accounting engine, whatever the books. One record is one object of the
 * source (a payment, refund, dispute, payout or fee) with its money in integer minor
 * units. Its `sourceId` is the source's own id and `source` the system it comes from;
 * the books carry both as a marker so the record is found again from the books alone
 * after a crash or a replay. Ids of different systems do not meet (Stripe's carry a type
 * prefix, Square's are long random strings, PayPal's 17 upper-case characters), so the
 * books key postings by the id alone.
 */

/** What a record is in the books. */
export type DocumentKind = 'sale' | 'refund' | 'dispute' | 'payout' | 'fee'

/** One sold line; `amount` includes its tax. */
export interface MoneyLine {
  product: string | null
  amount: number
  taxRate: string | null
  taxAmount: number
  description: string | null
  quantity: number
}

/** A money record, read and checked. */
export interface MoneyRecord {
  /** The source's own id (Stripe: ch_…, re_…, dp_…, po_…, txn_…; Square: a payment, refund or dispute id). */
  sourceId: string
  /** The payment system the record comes from, as a connection's `system`: `stripe`, `square`. */
  source: string
  kind: DocumentKind
  status: string | null
  /** Calendar day in the business's time zone, yyyy-MM-dd. */
  date: string
  /** ISO 4217, upper case. */
  currency: string
  /** Gross, tax included, minor units, never negative (the kind says which way money went). */
  amount: number
  /** The source's fee in `feeCurrency`; negative when the source gave a fee back. */
  fee: number
  feeCurrency: string
  lines: MoneyLine[]
  customerEmail: string | null
  customerName: string | null
  description: string | null
  /** The payment a refund or dispute belongs to. */
  charge: string | null
}

/** The names owners know the payment systems by, where lower-casing the system is not enough. */
const LABELS: Record<string, string> = { paypal: 'PayPal' }

/** A payment system's name for words and markers: `square` → "Square". */
export function sourceLabel(source: string): string {
  return LABELS[source] ?? source.charAt(0).toUpperCase() + source.slice(1)
}

/** The system a label names again (the books read markers with it): "Square" → `square`. */
export function sourceOfLabel(label: string): string {
  return label.toLowerCase()
}
