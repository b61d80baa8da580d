/**
 * The documents one money record becomes in the books, once every name is resolved
 * (the posting rules, the same for every books system):
 *
 * | record  | main part                                   | other parts                     |
 * | ------- | ------------------------------------------- | ------------------------------- |
 * | sale    | sales receipt into the clearing account, or an invoice | a payment for the invoice; the fee |
 * | refund  | refund receipt out of the clearing account, or a credit memo | the fee, if the source kept or gave one |
 * | dispute | expense from clearing: the amount to chargebacks, the fee to fees | |
 * | payout  | deposit into the bank, out of clearing      |                                 |
 * | fee     | expense from clearing to fees               |                                 |
 *
 * A fee is an expense paid from the clearing account, or a deposit back into it when the
 * source returned a fee. Amounts stay in minor units; the books write them their way and
 * mark every part with the record's source id.
 */
import { RecordError } from '../errors'
import type { BooksDocument, CompanyPrefs, PartRole, Ref } from '../connectors/books'
import type { AccountingMapping } from './mapping'
import { kindOfId, labelOf, type AccountingRecord } from './record'

/** One document of a posting. */
export type Part = BooksDocument

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

/** What the books are called and how to allow another currency, for messages. */
export interface BooksWords {
  label: string
  multiCurrencyHint(currency: string): string
}

/** Refuses a currency the company cannot book. */
export function checkCurrency(currency: string, prefs: CompanyPrefs, what: string, words: BooksWords): void {
  if (currency === prefs.homeCurrency || prefs.multiCurrency) return
  throw new RecordError(`${what} is in ${currency}, but the ${words.label} company works only in ${prefs.homeCurrency} (multi-currency is off)`, { hint: words.multiCurrencyHint(currency) })
}

// The kind goes into the marker only when the id cannot say it (see books.ts DocHead).
const head = (r: AccountingRecord, role: PartRole, currency: string, note?: string | null) => ({
  role,
  sourceId: r.sourceId,
  source: r.source,
  ...(kindOfId(r.sourceId) === r.kind ? {} : { kind: r.kind }),
  date: r.date,
  currency,
  ...(note ? { note } : {})
})

function sales(r: AccountingRecord, x: Resolved) {
  return {
    lines: r.lines.map((l, i) => ({ amount: l.amount - l.taxAmount, description: l.description, quantity: l.quantity, item: x.lines[i].item, ...(x.lines[i].taxCode ? { taxCode: x.lines[i].taxCode } : {}) })),
    tax: r.lines.reduce((n, l) => n + l.taxAmount, 0)
  }
}

function customer(r: AccountingRecord, x: Resolved, required: boolean, what: string) {
  if (!x.customer && required) throw new RecordError(`${what} needs a customer, and ${r.sourceId} has no email`, { hint: 'Set accounting.defaultCustomer, or post payments as sales receipts.' })
  return { ...(x.customer ? { customer: x.customer } : {}), ...(r.customerEmail ? { email: r.customerEmail } : {}) }
}

const receipt = (r: AccountingRecord, x: Resolved) => ({ depositTo: x.clearing(r.currency), ...(x.paymentMethod ? { paymentMethod: x.paymentMethod } : {}) })

function expense(r: AccountingRecord, role: PartRole, currency: string, x: Resolved, lines: { amount: number; account: Ref; text: string }[]): Part {
  return { ...head(r, role, currency), type: 'expense', from: x.clearing(currency), ...(x.vendor ? { vendor: x.vendor } : {}), lines }
}

function deposit(r: AccountingRecord, role: PartRole, currency: string, into: Ref, from: Ref, amount: number, text: string): Part {
  return { ...head(r, role, currency), type: 'deposit', into, from, amount, text }
}

function feePart(r: AccountingRecord, x: Resolved, words: BooksWords): Part[] {
  if (r.fee === 0) return []
  const label = labelOf(r)
  checkCurrency(r.feeCurrency, x.prefs, `The ${label} fee of ${r.sourceId}`, words)
  if (r.fee > 0) return [expense(r, 'fee', r.feeCurrency, x, [{ amount: r.fee, account: x.fees, text: `${label} fee for ${r.sourceId}` }])]
  return [deposit(r, 'fee', r.feeCurrency, x.clearing(r.feeCurrency), x.fees, -r.fee, `${label} fee returned for ${r.sourceId}`)]
}

/** The parts of a record, except a payment that needs its invoice's id (see `paymentPart`). */
export function composeParts(r: AccountingRecord, x: Resolved, words: BooksWords): Part[] {
  checkCurrency(r.currency, x.prefs, `${r.sourceId}`, words)
  const m = x.mapping
  switch (r.kind) {
    case 'sale': {
      if (m.salesAs === 'invoice') return [{ ...head(r, 'main', r.currency, r.description), type: 'invoice', ...customer(r, x, true, 'An invoice'), ...sales(r, x) }, ...feePart(r, x, words)]
      return [{ ...head(r, 'main', r.currency, r.description), type: 'sales-receipt', ...customer(r, x, false, ''), ...receipt(r, x), ...sales(r, x) }, ...feePart(r, x, words)]
    }
    case 'refund': {
      const note = r.charge ? `refund of ${r.charge}` : r.description
      if (m.refundsAs === 'credit-memo') return [{ ...head(r, 'main', r.currency, note), type: 'credit-memo', ...customer(r, x, true, 'A credit memo'), ...sales(r, x) }, ...feePart(r, x, words)]
      return [{ ...head(r, 'main', r.currency, note), type: 'refund-receipt', ...customer(r, x, false, ''), ...receipt(r, x), ...sales(r, x) }, ...feePart(r, x, words)]
    }
    case 'dispute': {
      const sameCurrency = r.feeCurrency === r.currency && r.fee > 0
      const lines = [{ amount: r.amount, account: x.disputes, text: `Chargeback${r.charge ? ` of ${r.charge}` : ''} (${r.sourceId})` }]
      if (sameCurrency) lines.push({ amount: r.fee, account: x.fees, text: `Dispute fee for ${r.sourceId}` })
      return [expense(r, 'main', r.currency, x, lines.filter((l) => l.amount > 0)), ...(sameCurrency ? [] : feePart(r, x, words))]
    }
    case 'payout': {
      if (!x.payout) throw new RecordError(`Patchbay cannot post payout ${r.sourceId}: the accounting mapping has no payoutAccount`, { hint: `Set accounting.payoutAccount to the bank account your ${labelOf(r)} payouts arrive in.` })
      return [deposit(r, 'main', r.currency, x.payout, x.clearing(r.currency), r.amount, `${labelOf(r)} payout ${r.sourceId}`), ...feePart(r, x, words)]
    }
    case 'fee': {
      const amount = r.amount || r.fee
      return [expense(r, 'main', r.currency, x, [{ amount, account: x.fees, text: r.description ?? `${labelOf(r)} fee ${r.sourceId}` }])]
    }
  }
}

/** The payment that settles a record's invoice, once the invoice exists. */
export function paymentPart(r: AccountingRecord, x: Resolved, invoiceId: string): Part {
  return {
    ...head(r, 'payment', r.currency),
    type: 'payment',
    invoiceId,
    ...(x.customer ? { customer: x.customer } : {}),
    amount: r.amount,
    depositTo: x.clearing(r.currency),
    ...(x.paymentMethod ? { paymentMethod: x.paymentMethod } : {})
  }
}
