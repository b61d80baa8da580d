/**
 * Square's objects as Patchbay records: flat fields, money in minor units as Square
 * sends it, `source` = square and `kind` on every money record, so the accounting engine
 * (through a sync's mapping) can post them without knowing Square. A payment's lines come
 * from its order: each line item's catalog id is the product, its total (tax included)
 * the amount; a tip or anything the order does not account for is one more line.
 */
import type { Fields } from '../../../shared/domain'
import type { SourceRecord } from '../types'
import type { SquareCustomer, SquareDispute, SquareOrder, SquarePayment, SquareRefund } from './schemas'

const feeOf = (fees: { amount_money: { amount: number } }[] | undefined) => (fees ?? []).reduce((n, f) => n + f.amount_money.amount, 0)
const lower = (s: string | undefined) => (s ? s.toLowerCase() : null)

/** What a payment's record may draw on besides the payment. */
export interface PaymentContext {
  order?: SquareOrder
  customer?: SquareCustomer
}

/** The order's lines as the accounting record's `lines` JSON, or null when they cannot account for the payment. */
export function linesOf(p: SquarePayment, order: SquareOrder | undefined): string | null {
  const items = order?.line_items ?? []
  if (items.length === 0) return null
  const taxById = new Map((order?.taxes ?? []).map((t) => [t.uid, t.catalog_object_id]))
  const lines = items.map((l) => ({
    product: l.catalog_object_id ?? null,
    amount: l.total_money?.amount ?? 0,
    tax_rate: l.applied_taxes?.length ? (taxById.get(l.applied_taxes[0].tax_uid) ?? null) : null,
    tax_amount: l.total_tax_money?.amount ?? 0,
    description: l.name ?? null,
    quantity: Number(l.quantity) || 1
  }))
  const rest = p.total_money.amount - lines.reduce((n, l) => n + l.amount, 0)
  // Split tenders pay part of an order: the lines cannot be told apart, so the payment posts as one line.
  if (rest < 0) return null
  if (rest > 0) lines.push({ product: null, amount: rest, tax_rate: null, tax_amount: 0, description: p.tip_money?.amount === rest ? 'Tip' : 'Tip and other charges', quantity: 1 })
  return JSON.stringify(lines)
}

/** A payment: `amount` is what Square took (0 until it completed), `fee` Square's processing fee. */
export function paymentRecord(p: SquarePayment, ctx: PaymentContext = {}): SourceRecord {
  const completed = p.status === 'COMPLETED'
  const name = [ctx.customer?.given_name, ctx.customer?.family_name].filter(Boolean).join(' ') || ctx.customer?.company_name || null
  const fields: Fields = {
    id: p.id,
    source: 'square',
    kind: 'sale',
    status: lower(p.status),
    amount: completed ? p.total_money.amount : 0,
    amount_total: p.total_money.amount,
    tip: p.tip_money?.amount ?? 0,
    currency: p.total_money.currency,
    fee: feeOf(p.processing_fee),
    fee_currency: p.processing_fee?.[0]?.amount_money.currency ?? p.total_money.currency,
    refunded: p.refunded_money?.amount ?? 0,
    created: p.created_at,
    updated: p.updated_at,
    location_id: p.location_id ?? null,
    order_id: p.order_id ?? null,
    customer_id: p.customer_id ?? null,
    customer_email: (p.buyer_email_address ?? ctx.customer?.email_address ?? null)?.toLowerCase() ?? null,
    customer_name: name,
    description: p.note ?? null,
    product: null,
    lines: completed ? linesOf(p, ctx.order) : null,
    source_type: p.source_type ?? null
  }
  const single = ctx.order?.line_items?.length === 1 ? ctx.order.line_items[0].catalog_object_id : undefined
  if (single) fields.product = single
  return { id: p.id, fields, updatedAt: p.updated_at }
}

/** A refund of a payment (`charge` is the payment's id, as the accounting record calls it). */
export function refundRecord(r: SquareRefund): SourceRecord {
  return {
    id: r.id,
    fields: {
      id: r.id,
      source: 'square',
      kind: 'refund',
      status: lower(r.status),
      amount: r.amount_money.amount,
      currency: r.amount_money.currency,
      fee: feeOf(r.processing_fee),
      fee_currency: r.processing_fee?.[0]?.amount_money.currency ?? r.amount_money.currency,
      created: r.created_at,
      updated: r.updated_at,
      payment_id: r.payment_id ?? null,
      order_id: r.order_id ?? null,
      location_id: r.location_id ?? null,
      description: r.reason ?? null
    },
    updatedAt: r.updated_at
  }
}

/**
 * A dispute. `status` is Square's state in the words the accounting engine shares with
 * Stripe (an inquiry is `warning_…`; a dispute in evidence or processing has the money
 * held); `state` keeps Square's own. Square charges no dispute fee.
 */
export function disputeRecord(d: SquareDispute): SourceRecord {
  return {
    id: d.id,
    fields: {
      id: d.id,
      source: 'square',
      kind: 'dispute',
      state: d.state,
      status: DISPUTE_STATUS[d.state] ?? d.state.toLowerCase(),
      amount: d.amount_money.amount,
      currency: d.amount_money.currency,
      fee: 0,
      fee_currency: d.amount_money.currency,
      payment_id: d.disputed_payment?.payment_id ?? null,
      reason: d.reason ?? null,
      created: d.created_at,
      updated: d.updated_at,
      location_id: d.location_id ?? null
    },
    updatedAt: d.updated_at
  }
}

/** Square's dispute states in the shared words (docs: developer.squareup.com/docs/disputes-api/overview). */
const DISPUTE_STATUS: Record<string, string> = {
  INQUIRY_EVIDENCE_REQUIRED: 'warning_needs_response',
  INQUIRY_PROCESSING: 'warning_under_review',
  INQUIRY_CLOSED: 'warning_closed',
  EVIDENCE_REQUIRED: 'needs_response',
  PROCESSING: 'under_review',
  WON: 'won',
  LOST: 'lost',
  ACCEPTED: 'lost'
}

/** A customer. */
export function customerRecord(c: SquareCustomer): SourceRecord {
  return {
    id: c.id,
    fields: {
      id: c.id,
      email: c.email_address?.toLowerCase() ?? null,
      given_name: c.given_name ?? null,
      family_name: c.family_name ?? null,
      company_name: c.company_name ?? null,
      phone: c.phone_number ?? null,
      reference_id: c.reference_id ?? null,
      note: c.note ?? null,
      version: c.version ?? 0,
      created: c.created_at,
      updated: c.updated_at
    },
    updatedAt: c.updated_at
  }
}

/** The customer fields a sync may write, as Square names them. */
export const CUSTOMER_WRITABLE: Record<string, string> = {
  email: 'email_address',
  given_name: 'given_name',
  family_name: 'family_name',
  company_name: 'company_name',
  phone: 'phone_number',
  reference_id: 'reference_id',
  note: 'note'
}
