/**
 * The `documents` object's fields, read into the canonical money record
 * (connectors/money-record.ts): what a books connection takes and gives back, whatever
 * the payment system. Its id on the books side is the source id itself (`source_id`), so
 * a record can be found again from the books alone after a crash or a replay; `source`
 * names the payment system. Syncs written before there was more than one source call the
 * id `stripe_id`: it is still read, as a Stripe id (see ./migrate.ts).
 */
import type { Fields, FieldValue } from '../../shared/domain'
import { RecordError } from '../errors'
import type { FieldInfo } from '../connectors/types'
import { sourceLabel, type DocumentKind, type MoneyLine, type MoneyRecord } from '../connectors/money-record'

export type { DocumentKind, MoneyLine as AccountingLine, MoneyRecord as AccountingRecord } from '../connectors/money-record'

/** The fields of the `documents` object, for the mapping editor. */
export const DOCUMENT_FIELDS: FieldInfo[] = [
  { name: 'source_id', label: 'Payment system id (match key)' },
  { name: 'source', label: 'Payment system: stripe, square, paypal (Stripe ids are told by their prefix)' },
  { name: 'kind', label: 'Kind: sale, refund, dispute, payout, fee (or a Stripe balance type)' },
  { name: 'status', label: 'Status in the payment system' },
  { name: 'date', label: 'Date', type: 'date' },
  { name: 'currency', label: 'Currency' },
  { name: 'amount', label: 'Amount, tax included (minor units)', type: 'number' },
  { name: 'fee', label: 'Processing fee (minor units)', type: 'number' },
  { name: 'fee_currency', label: 'Fee currency' },
  { name: 'tax_amount', label: 'Tax (minor units)', type: 'number' },
  { name: 'tax_rate', label: 'Tax rate id in the payment system' },
  { name: 'product', label: 'Product id in the payment system (Stripe product or price, Square catalog item)' },
  { name: 'customer_email', label: 'Customer email', type: 'email' },
  { name: 'customer_name', label: 'Customer name' },
  { name: 'description', label: 'Description' },
  { name: 'charge', label: 'Original payment (refunds, disputes)' },
  { name: 'lines', label: 'Lines (JSON: product, amount, tax_rate, tax_amount, description, quantity)' }
]

/** Stripe's id prefixes: the one source whose ids say what they are. */
const BY_PREFIX: Record<string, DocumentKind> = { ch: 'sale', py: 'sale', pi: 'sale', in: 'sale', re: 'refund', pyr: 'refund', dp: 'dispute', du: 'dispute', po: 'payout' }
const BY_NAME: Record<string, DocumentKind> = {
  sale: 'sale', charge: 'sale', payment: 'sale', refund: 'refund', payment_refund: 'refund', dispute: 'dispute', adjustment: 'dispute',
  payout: 'payout', fee: 'fee', stripe_fee: 'fee', application_fee: 'fee', tax_fee: 'fee'
}

const text = (v: FieldValue | undefined): string | null => (v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim())

function minor(v: FieldValue | undefined, field: string, fallback: number | null = null): number {
  if (v === null || v === undefined || v === '') {
    if (fallback !== null) return fallback
    throw new RecordError(`${field} is missing`, { hint: `Map a field to "${field}" in the sync.` })
  }
  const n = typeof v === 'number' ? v : /^-?\d+$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN
  if (!Number.isSafeInteger(n)) throw new RecordError(`${field} must be a whole number of minor units (cents), not "${String(v)}"`, { hint: 'Stripe’s and Square’s amounts already are; do not add a minor-units transform.' })
  return n
}

/** The kind of a record: its `kind` field, else its Stripe id's prefix. */
export function kindOf(sourceId: string, kind: FieldValue | undefined): DocumentKind {
  const named = text(kind)?.toLowerCase()
  if (named && BY_NAME[named]) return BY_NAME[named]
  if (named) throw new RecordError(`kind "${named}" is not one Patchbay can post`, { hint: 'Use sale, refund, dispute, payout or fee.' })
  const found = kindOfId(sourceId)
  if (!found) throw new RecordError(`Patchbay cannot tell what ${sourceId} is`, { hint: 'Map a "kind" field (sale, refund, dispute, payout, fee).' })
  return found
}

/** The kind an id says by itself (Stripe's prefixes), or undefined. */
export function kindOfId(sourceId: string): DocumentKind | undefined {
  return BY_PREFIX[sourceId.split('_')[0]]
}

/** The payment system of a record: its `source` field; a Stripe id (or a sync from before `source` existed) says Stripe. */
function sourceOf(fields: Fields, id: string): string {
  const named = text(fields.source)?.toLowerCase()
  if (named) {
    if (!/^[a-z][a-z0-9-]{1,30}$/.test(named)) throw new RecordError(`source "${named}" is not a payment system's name`, { recordId: id, hint: 'Map the payment system’s name (stripe, square, paypal) to "source".' })
    return named
  }
  if (text(fields.stripe_id) || kindOfId(id)) return 'stripe'
  throw new RecordError(`Patchbay cannot tell which payment system ${id} comes from`, { recordId: id, hint: 'Map the payment system’s name (stripe, square, paypal) to "source".' })
}

function date(v: FieldValue | undefined): string {
  const t = text(v)
  if (!t || !/^\d{4}-\d\d-\d\d/.test(t)) throw new RecordError(`date "${t ?? ''}" is not a date`, { hint: 'Map the payment’s created time through a date transform to yyyy-MM-dd in your time zone.' })
  return t.length === 10 ? t : new Date(t).toISOString().slice(0, 10)
}

function readLines(fields: Fields, amount: number, taxAmount: number): MoneyLine[] {
  const raw = text(fields.lines)
  if (!raw) return [{ product: text(fields.product), amount, taxRate: text(fields.tax_rate), taxAmount, description: text(fields.description), quantity: 1 }]
  let list: unknown
  try {
    list = JSON.parse(raw)
  } catch {
    throw new RecordError('lines is not JSON')
  }
  if (!Array.isArray(list) || list.length === 0) throw new RecordError('lines must be a JSON list with at least one line')
  const lines = list.map((l: Record<string, FieldValue>, i) => ({
    product: text(l.product),
    amount: minor(l.amount, `lines[${i}].amount`),
    taxRate: text(l.tax_rate),
    taxAmount: minor(l.tax_amount, `lines[${i}].tax_amount`, 0),
    description: text(l.description),
    quantity: Number(l.quantity ?? 1) || 1
  }))
  const sum = lines.reduce((n, l) => n + l.amount, 0)
  if (sum !== amount) throw new RecordError(`the lines add up to ${sum} but the amount is ${amount}`, { hint: 'Each line’s amount includes its tax; they must add up to the payment.' })
  return lines
}

/** A record's source id: `source_id`, or `stripe_id` as syncs from before Square wrote it. */
export function sourceIdOf(fields: Fields): string | null {
  return text(fields.source_id) ?? text(fields.stripe_id)
}

/** The words for a record's system in messages: "Square". */
export const labelOf = (r: MoneyRecord): string => sourceLabel(r.source)

/** Reads and checks a record's fields; a RecordError names the field that is wrong. */
export function readRecord(fields: Fields, id?: string): MoneyRecord {
  const sourceId = sourceIdOf(fields) ?? id
  if (!sourceId) throw new RecordError('source_id is missing', { hint: 'Map the payment system’s id to "source_id": it is what keeps a payment from being posted twice.' })
  const source = sourceOf(fields, sourceId)
  const kind = kindOf(sourceId, fields.kind)
  const currency = text(fields.currency)?.toUpperCase()
  if (!currency || !/^[A-Z]{3}$/.test(currency)) throw new RecordError(`currency "${currency ?? ''}" is not a currency code`, { recordId: sourceId })
  const amount = Math.abs(minor(fields.amount, 'amount'))
  const taxAmount = minor(fields.tax_amount, 'tax_amount', 0)
  return {
    sourceId,
    source,
    kind,
    status: text(fields.status)?.toLowerCase() ?? null,
    date: date(fields.date),
    currency,
    amount,
    fee: minor(fields.fee, 'fee', 0),
    feeCurrency: text(fields.fee_currency)?.toUpperCase() ?? currency,
    lines: kind === 'sale' || kind === 'refund' ? readLines(fields, amount, taxAmount) : [],
    customerEmail: text(fields.customer_email)?.toLowerCase() ?? null,
    customerName: text(fields.customer_name),
    description: text(fields.description),
    charge: text(fields.charge)
  }
}

/** Whether a record moves money now: `post`, `hold` (not yet, may later) or `none` (never, or no longer). */
export function postingState(r: MoneyRecord): 'post' | 'hold' | 'none' {
  const s = r.status
  if (r.amount === 0 && r.fee === 0) return r.kind === 'dispute' && s?.startsWith('warning') && s !== 'warning_closed' ? 'hold' : 'none'
  if (s === 'failed' || s === 'canceled' || s === 'cancelled' || s === 'rejected') return 'none'
  if (r.kind === 'dispute') {
    if (s === 'won' || s === 'warning_closed') return 'none'
    // An inquiry moves no money yet; it may become a chargeback.
    if (s?.startsWith('warning')) return 'hold'
  }
  return 'post'
}
