/**
 * A posting read back from the books as the record's canonical fields: what Patchbay
 * can tell from the books alone (after a crash, a replay, or to compare with a change).
 */
import type { Fields } from '../../shared/domain'
import type { DocType, PostedMoney } from '../connectors/books'
import { kindOf, type DocumentKind } from './record'

function prefixKind(sourceId: string): DocumentKind | undefined {
  try {
    return kindOf(sourceId, null)
  } catch {
    return undefined
  }
}

const KIND_OF_MAIN: Partial<Record<DocType, DocumentKind>> = { 'sales-receipt': 'sale', invoice: 'sale', 'refund-receipt': 'refund', 'credit-memo': 'refund', deposit: 'payout' }

/** The canonical fields of a posting's money. */
export function readPosting(sourceId: string, m: PostedMoney): Fields {
  const kind: DocumentKind = m.mainType === 'expense' ? (prefixKind(sourceId) === 'dispute' ? 'dispute' : 'fee') : (KIND_OF_MAIN[m.mainType] ?? 'sale')
  let fee = m.fee?.amount ?? 0
  const feeCurrency = m.fee?.currency ?? m.currency
  let amount = m.total
  if (kind === 'dispute' && m.lineAmounts.length > 1) {
    // One expense holds the chargeback and its fee.
    fee = m.lineAmounts[1]
    amount -= fee
  }
  return {
    stripe_id: sourceId,
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
