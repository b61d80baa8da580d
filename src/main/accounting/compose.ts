/**
 * The QuickBooks transactions one accounting record becomes, once every name is resolved:
 *
 * | record  | main part                                   | other parts                     |
 * | ------- | ------------------------------------------- | ------------------------------- |
 * | sale    | SalesReceipt into the clearing account, or an Invoice | a Payment for the Invoice; the fee |
 * | refund  | RefundReceipt out of the clearing account, or a CreditMemo | the fee, if Stripe kept or gave one |
 * | dispute | Purchase from clearing: the amount to chargebacks, the fee to fees | |
 * | payout  | Deposit into the bank, out of clearing      |                                 |
 * | fee     | Purchase from clearing to fees              |                                 |
 *
 * A fee is a Purchase (an expense paid from the clearing account), or a Deposit back into
 * it when Stripe returned a fee. Amounts go out as exact decimals; every part carries the
 * DocNumber and private note that let Patchbay find it again.
 */
import { RecordError } from '../errors'
import type { QboEntity } from '../connectors/quickbooks/api'
import { Decimal } from '../connectors/quickbooks/amounts'
import type { CompanyPrefs, Ref } from './books'
import type { AccountingMapping } from './mapping'
import { docNumberFor, noteFor, type PartRole } from './marker'
import type { AccountingRecord } from './record'

/** One QuickBooks transaction of a posting. */
export interface Part {
  role: PartRole
  entity: string
  body: QboEntity
}

/** Everything resolved for one record. */
export interface Resolved {
  mapping: AccountingMapping
  prefs: CompanyPrefs
  clearing: (currency: string) => Ref
  fees: Ref
  disputes: Ref
  payout?: Ref
  vendor?: Ref
  paymentMethod?: Ref
  customer?: Ref
  /** Item and tax code of each line, in order. */
  lines: { item: Ref; taxCode?: Ref }[]
}

/** Refuses a currency the company cannot book. */
export function checkCurrency(currency: string, prefs: CompanyPrefs, what: string): void {
  if (currency === prefs.homeCurrency || prefs.multiCurrency) return
  throw new RecordError(`${what} is in ${currency}, but the QuickBooks company works only in ${prefs.homeCurrency} (multi-currency is off)`, {
    hint: `Turn on multi-currency in QuickBooks (Settings › Account and settings › Advanced › Currency; it cannot be turned off again), or book ${currency} payments by hand.`
  })
}

const ref = (r: Ref) => ({ value: r.value, ...(r.name ? { name: r.name } : {}) })

function head(r: AccountingRecord, role: PartRole, currency: string, extra?: string | null): QboEntity {
  return { DocNumber: docNumberFor(r.stripeId), TxnDate: r.date, PrivateNote: noteFor(r.stripeId, role, extra), CurrencyRef: { value: currency } }
}

function salesLines(r: AccountingRecord, x: Resolved): { Line: QboEntity[]; tax?: QboEntity } {
  const Line = r.lines.map((l, i) => ({
    Amount: Decimal.of(l.amount - l.taxAmount, r.currency),
    DetailType: 'SalesItemLineDetail',
    ...(l.description ? { Description: l.description.slice(0, 4000) } : {}),
    SalesItemLineDetail: { ItemRef: ref(x.lines[i].item), Qty: l.quantity, ...(x.lines[i].taxCode ? { TaxCodeRef: ref(x.lines[i].taxCode!) } : {}) }
  }))
  const tax = r.lines.reduce((n, l) => n + l.taxAmount, 0)
  return tax === 0 ? { Line } : { Line, tax: { TxnTaxDetail: { TotalTax: Decimal.of(tax, r.currency) }, GlobalTaxCalculation: 'TaxExcluded' } }
}

function customerPart(r: AccountingRecord, x: Resolved, required: boolean, what: string): QboEntity {
  if (!x.customer && required) throw new RecordError(`${what} needs a customer, and ${r.stripeId} has no email`, { hint: 'Set accounting.defaultCustomer, or post payments as sales receipts.' })
  return { ...(x.customer ? { CustomerRef: ref(x.customer) } : {}), ...(r.customerEmail ? { BillEmail: { Address: r.customerEmail } } : {}) }
}

function expense(r: AccountingRecord, role: PartRole, currency: string, x: Resolved, lines: { amount: number; account: Ref; text: string }[]): Part {
  return {
    role,
    entity: 'Purchase',
    body: {
      ...head(r, role, currency),
      AccountRef: ref(x.clearing(currency)),
      PaymentType: 'Cash',
      ...(x.vendor ? { EntityRef: { ...ref(x.vendor), type: 'Vendor' } } : {}),
      Line: lines.map((l) => ({ Amount: Decimal.of(l.amount, currency), DetailType: 'AccountBasedExpenseLineDetail', Description: l.text, AccountBasedExpenseLineDetail: { AccountRef: ref(l.account) } }))
    }
  }
}

function deposit(r: AccountingRecord, role: PartRole, currency: string, into: Ref, from: Ref, amount: number, text: string): Part {
  return {
    role,
    entity: 'Deposit',
    body: { ...head(r, role, currency), DepositToAccountRef: ref(into), Line: [{ Amount: Decimal.of(amount, currency), DetailType: 'DepositLineDetail', Description: text, DepositLineDetail: { AccountRef: ref(from) } }] }
  }
}

function feePart(r: AccountingRecord, x: Resolved): Part[] {
  if (r.fee === 0) return []
  checkCurrency(r.feeCurrency, x.prefs, `The Stripe fee of ${r.stripeId}`)
  if (r.fee > 0) return [expense(r, 'fee', r.feeCurrency, x, [{ amount: r.fee, account: x.fees, text: `Stripe fee for ${r.stripeId}` }])]
  return [deposit(r, 'fee', r.feeCurrency, x.clearing(r.feeCurrency), x.fees, -r.fee, `Stripe fee returned for ${r.stripeId}`)]
}

/** The parts of a record, except a Payment that needs its Invoice's id (see `paymentPart`). */
export function composeParts(r: AccountingRecord, x: Resolved): Part[] {
  checkCurrency(r.currency, x.prefs, `${r.stripeId}`)
  const m = x.mapping
  switch (r.kind) {
    case 'sale': {
      const { Line, tax } = salesLines(r, x)
      if (m.salesAs === 'invoice') {
        return [{ role: 'main', entity: 'Invoice', body: { ...head(r, 'main', r.currency, r.description), ...customerPart(r, x, true, 'An invoice'), Line, ...tax } }, ...feePart(r, x)]
      }
      const receipt = { ...head(r, 'main', r.currency, r.description), ...customerPart(r, x, false, ''), DepositToAccountRef: ref(x.clearing(r.currency)), ...(x.paymentMethod ? { PaymentMethodRef: ref(x.paymentMethod) } : {}), Line, ...tax }
      return [{ role: 'main', entity: 'SalesReceipt', body: receipt }, ...feePart(r, x)]
    }
    case 'refund': {
      const { Line, tax } = salesLines(r, x)
      const note = r.charge ? `refund of ${r.charge}` : r.description
      if (m.refundsAs === 'credit-memo') return [{ role: 'main', entity: 'CreditMemo', body: { ...head(r, 'main', r.currency, note), ...customerPart(r, x, true, 'A credit memo'), Line, ...tax } }, ...feePart(r, x)]
      const receipt = { ...head(r, 'main', r.currency, note), ...customerPart(r, x, false, ''), DepositToAccountRef: ref(x.clearing(r.currency)), ...(x.paymentMethod ? { PaymentMethodRef: ref(x.paymentMethod) } : {}), Line, ...tax }
      return [{ role: 'main', entity: 'RefundReceipt', body: receipt }, ...feePart(r, x)]
    }
    case 'dispute': {
      const sameCurrency = r.feeCurrency === r.currency && r.fee > 0
      const lines = [{ amount: r.amount, account: x.disputes, text: `Chargeback${r.charge ? ` of ${r.charge}` : ''} (${r.stripeId})` }]
      if (sameCurrency) lines.push({ amount: r.fee, account: x.fees, text: `Dispute fee for ${r.stripeId}` })
      return [expense(r, 'main', r.currency, x, lines.filter((l) => l.amount > 0)), ...(sameCurrency ? [] : feePart(r, x))]
    }
    case 'payout': {
      if (!x.payout) throw new RecordError(`Patchbay cannot post payout ${r.stripeId}: the accounting mapping has no payoutAccount`, { hint: 'Set accounting.payoutAccount to the bank account your Stripe payouts arrive in.' })
      return [deposit(r, 'main', r.currency, x.payout, x.clearing(r.currency), r.amount, `Stripe payout ${r.stripeId}`), ...feePart(r, x)]
    }
    case 'fee': {
      const amount = r.amount || r.fee
      return [expense(r, 'main', r.currency, x, [{ amount, account: x.fees, text: r.description ?? `Stripe fee ${r.stripeId}` }])]
    }
  }
}

/** The Payment that settles a record's Invoice, once the Invoice exists. */
export function paymentPart(r: AccountingRecord, x: Resolved, invoiceId: string): Part {
  return {
    role: 'payment',
    entity: 'Payment',
    body: {
      TxnDate: r.date,
      PrivateNote: noteFor(r.stripeId, 'payment'),
      PaymentRefNum: docNumberFor(r.stripeId),
      CurrencyRef: { value: r.currency },
      ...(x.customer ? { CustomerRef: ref(x.customer) } : {}),
      TotalAmt: Decimal.of(r.amount, r.currency),
      DepositToAccountRef: ref(x.clearing(r.currency)),
      ...(x.paymentMethod ? { PaymentMethodRef: ref(x.paymentMethod) } : {}),
      Line: [{ Amount: Decimal.of(r.amount, r.currency), LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }]
    }
  }
}
