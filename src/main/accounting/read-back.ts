/**
 * A posting read back from the books as the record's canonical fields: what Patchbay
 * can tell from the books alone (after a crash, a replay, or to compare with a change).
 */
import type { Fields } from '../../shared/domain'
import type { DocType, PostedMoney } from '../connectors/books'
import { kindOfId, type DocumentKind } from './record'

const KIND_OF_MAIN: Partial<Record<DocType, DocumentKind>> = { 'sales-receipt': 'sale', invoice: 'sale', 'refund-receipt': 'refund', 'credit-memo': 'refund', deposit: 'payout' }

/** The canonical fields of a posting's money. */
export function readPosting(sourceId: string, m: PostedMoney): Fields {
  // The marker names the kind when the id cannot (a Square id); a Stripe id's prefix can.
  const named = m.kind ?? kindOfId(sourceId)
  const kind: DocumentKind = m.mainType === 'expense' ? (named === 'dispute' ? 'dispute' : 'fee') : (KIND_OF_MAIN[m.mainType] ?? 'sale')
  let fee = m.fee?.amount ?? 0
  const feeCurrency = m.fee?.currency ?? m.currency
  let amount = m.total
  if (kind === 'dispute' && m.lineAmounts.length > 1) {
    // One expense holds the chargeback and its fee.
    fee = m.lineAmounts[1]
    amount -= fee
  }
  return {
    source_id: sourceId,
    // A marker from before `source` was written is Stripe's.
    source: m.source ?? 'stripe',
    kind,
    date: m.date,
    currency: m.currency,
    amount,
    fee,
    fee_currency: feeCurrency,
    tax_amount: m.tax,
    customer_email: m.email
  }
}
