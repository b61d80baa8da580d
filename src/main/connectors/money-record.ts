/**
 * The canonical money record: how a payment source (Stripe now; Square and PayPal next)
 * hands money to the accounting engine, whatever the books. One record is one object of
 * the source (a payment, refund, dispute, payout or fee) with its money in integer minor
 * units. Its `sourceId` is the source's own id, which the books carry as a marker so the
 * record is found again from the books alone after a crash or a replay.
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
  /** The source's id (a Stripe id: ch_…, re_…, dp_…, po_…, txn_…). */
  sourceId: string
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
