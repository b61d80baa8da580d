/**
 * The engine's documents as QuickBooks transactions: a sales receipt is a SalesReceipt,
 * an invoice an Invoice, a refund a RefundReceipt or CreditMemo, an expense a Purchase
 * paid in cash from the clearing account, a deposit a Deposit, a payment a Payment.
 * Amounts go out as exact decimals; every transaction carries the DocNumber and private
 * note that let Patchbay find it again (marker.ts).
 */
import type { BooksDocument, Ref, SalesDocument } from '../../books'
import type { QboEntity } from '../api'
import { Decimal } from '../amounts'
import { docNumberFor, noteFor } from './marker'
import { ENTITY_OF } from './posted'

/** One QuickBooks transaction. */
export interface QboPart {
  entity: string
  body: QboEntity
}

const ref = (r: Ref) => ({ value: r.value, ...(r.name ? { name: r.name } : {}) })

function head(d: BooksDocument, withNote: boolean): QboEntity {
  return { DocNumber: docNumberFor(d.sourceId), TxnDate: d.date, PrivateNote: noteFor(d, withNote ? d.note : null), CurrencyRef: { value: d.currency } }
}

function salesBody(d: SalesDocument): QboEntity {
  const Line = d.lines.map((l) => ({
    Amount: Decimal.of(l.amount, d.currency),
    DetailType: 'SalesItemLineDetail',
    ...(l.description ? { Description: l.description.slice(0, 4000) } : {}),
    SalesItemLineDetail: { ItemRef: ref(l.item), Qty: l.quantity, ...(l.taxCode ? { TaxCodeRef: ref(l.taxCode) } : {}) }
  }))
  const receipt = d.type === 'sales-receipt' || d.type === 'refund-receipt'
  return {
    ...head(d, true),
    ...(d.customer ? { CustomerRef: ref(d.customer) } : {}),
    ...(d.email ? { BillEmail: { Address: d.email } } : {}),
    ...(receipt && d.depositTo ? { DepositToAccountRef: ref(d.depositTo) } : {}),
    ...(receipt && d.paymentMethod ? { PaymentMethodRef: ref(d.paymentMethod) } : {}),
    Line,
    ...(d.tax === 0 ? {} : { TxnTaxDetail: { TotalTax: Decimal.of(d.tax, d.currency) }, GlobalTaxCalculation: 'TaxExcluded' })
  }
}

/** The QuickBooks transaction of a document. */
export function render(d: BooksDocument): QboPart {
  const entity = ENTITY_OF[d.type]
  switch (d.type) {
    case 'sales-receipt':
    case 'invoice':
    case 'refund-receipt':
    case 'credit-memo':
      return { entity, body: salesBody(d) }
    case 'expense':
      return {
        entity,
        body: {
          ...head(d, false),
          AccountRef: ref(d.from),
          PaymentType: 'Cash',
          ...(d.vendor ? { EntityRef: { ...ref(d.vendor), type: 'Vendor' } } : {}),
          Line: d.lines.map((l) => ({ Amount: Decimal.of(l.amount, d.currency), DetailType: 'AccountBasedExpenseLineDetail', Description: l.text, AccountBasedExpenseLineDetail: { AccountRef: ref(l.account) } }))
        }
      }
    case 'deposit':
      return {
        entity,
        body: { ...head(d, false), DepositToAccountRef: ref(d.into), Line: [{ Amount: Decimal.of(d.amount, d.currency), DetailType: 'DepositLineDetail', Description: d.text, DepositLineDetail: { AccountRef: ref(d.from) } }] }
      }
    case 'payment':
      return {
        entity,
        body: {
          TxnDate: d.date,
          PrivateNote: noteFor({ ...d, role: 'payment' }),
          PaymentRefNum: docNumberFor(d.sourceId),
          CurrencyRef: { value: d.currency },
          ...(d.customer ? { CustomerRef: ref(d.customer) } : {}),
          TotalAmt: Decimal.of(d.amount, d.currency),
          DepositToAccountRef: ref(d.depositTo),
          ...(d.paymentMethod ? { PaymentMethodRef: ref(d.paymentMethod) } : {}),
          Line: [{ Amount: Decimal.of(d.amount, d.currency), LinkedTxn: [{ TxnId: d.invoiceId, TxnType: 'Invoice' }] }]
        }
      }
  }
}
