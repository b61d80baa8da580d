/**
 * Invoices as flat fields. Lines are what the accounting mapping needs per product, so
 * every line (beyond the 10 Stripe embeds, fetched page by page) is kept as JSON text in
 * `lines_json` — `{id, price, product, amount, currency, quantity, description, tax_amount,
 * tax_rate, tax_inclusive}` with Stripe's line `amount` as is (before exclusive tax) — and
 * `price_id`/`product_id` are set when all lines share one price.
 */
import type { Fields } from '../../../../shared/domain'
import type { HttpClient } from '../../http'
import { stripePages } from '../fetch'
import type { FieldInfo } from '../../types'
import { invoiceSchema, listOf, type Invoice, type InvoiceLine } from '../schemas'
import { describe, idOf, iso, metadataFields, singlePrice } from './common'

/** The fields of an `invoices` record. */
export const INVOICE_FIELDS: FieldInfo[] = describe({
  id: 'string',
  number: 'string',
  customer: 'string',
  customer_email: 'email',
  customer_name: 'string',
  currency: 'string',
  status: 'string',
  paid: 'boolean',
  amount_due: 'money',
  amount_paid: 'money',
  amount_remaining: 'money',
  subtotal: 'money',
  tax: 'money',
  total: 'money',
  charge: 'string',
  payment_intent: 'string',
  created: 'date',
  period_start: 'date',
  period_end: 'date',
  due_date: 'date',
  line_count: 'number',
  price_id: 'string',
  product_id: 'string',
  lines_json: 'string'
})

const lineList = listOf(invoiceSchema.shape.lines.shape.data.element)

/** An invoice with every line, reading the pages Stripe did not embed. */
export async function withAllLines(client: HttpClient, invoice: Invoice): Promise<Invoice> {
  if (!invoice.lines.has_more) return invoice
  const lines: InvoiceLine[] = []
  const pages = stripePages(client, `/v1/invoices/${encodeURIComponent(invoice.id)}/lines`, lineList)
  for await (const page of pages) lines.push(...page.data.data)
  return { ...invoice, lines: { data: lines, has_more: false } }
}

/** An invoice as a record; its lines must be complete (see `withAllLines`). */
export function invoiceFields(inv: Invoice): Fields {
  const lines = inv.lines.data.map((l) => {
    const taxes = l.tax_amounts ?? []
    return {
      id: l.id,
      price: l.price?.id ?? null,
      product: idOf(l.price?.product),
      amount: l.amount,
      currency: l.currency,
      quantity: l.quantity ?? null,
      description: l.description ?? null,
      tax_amount: taxes.reduce((n, t) => n + t.amount, 0),
      tax_rate: taxes.length > 0 ? idOf(taxes[0].tax_rate) : null,
      tax_inclusive: taxes.length > 0 ? taxes.every((t) => t.inclusive) : null
    }
  })
  return {
    id: inv.id,
    number: inv.number ?? null,
    customer: idOf(inv.customer),
    customer_email: inv.customer_email ?? null,
    customer_name: inv.customer_name ?? null,
    currency: inv.currency,
    status: inv.status ?? null,
    paid: inv.paid ?? null,
    amount_due: inv.amount_due,
    amount_paid: inv.amount_paid,
    amount_remaining: inv.amount_remaining,
    subtotal: inv.subtotal,
    tax: inv.tax ?? null,
    total: inv.total,
    charge: idOf(inv.charge),
    payment_intent: idOf(inv.payment_intent),
    created: iso(inv.created),
    period_start: iso(inv.period_start),
    period_end: iso(inv.period_end),
    due_date: iso(inv.due_date),
    line_count: lines.length,
    ...singlePrice(inv),
    lines_json: JSON.stringify(lines),
    ...metadataFields(inv.metadata)
  }
}
