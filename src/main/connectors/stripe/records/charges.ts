/**
 * A charge as flat fields for the accounting side: gross, refunded and status from the
 * charge; fee and net (settlement currency) from its balance transaction; price and product
 * from its invoice when it has one. Every amount stays an integer in minor units.
 */
import type { Fields } from '../../../../shared/domain'
import type { FieldInfo } from '../../types'
import type { Lookups } from '../lookups'
import type { Charge } from '../schemas'
import { SHIPPING_FIELDS, SHIPPING_LABELS, shippingFields } from './shipping'
import { BALANCE_FIELDS, balanceFields, describe, expanded, idOf, iso, metadataFields, singlePrice } from './common'

/** The fields of a `charges` record. */
export const CHARGE_FIELDS: FieldInfo[] = describe({
  id: 'string',
  amount: 'money',
  amount_captured: 'money',
  amount_refunded: 'money',
  currency: 'string',
  status: 'string',
  paid: 'boolean',
  captured: 'boolean',
  refunded: 'boolean',
  disputed: 'boolean',
  customer: 'string',
  customer_email: 'email',
  description: 'string',
  created: 'date',
  ...BALANCE_FIELDS,
  payment_intent: 'string',
  invoice: 'string',
  price_id: 'string',
  product_id: 'string',
  failure_code: 'string',
  failure_message: 'string',
  livemode: 'boolean',
  ...SHIPPING_FIELDS,
  // The metadata key the shipping template writes, offered so the form can map it by name.
  'metadata.shipping_status': 'string'
}, { id: 'Charge id', amount: 'Amount (minor units)', amount_captured: 'Amount taken (minor units)', amount_refunded: 'Amount refunded (minor units)', currency: 'Currency', status: 'Status', customer: 'Customer id', customer_email: 'Customer email', description: 'Description', created: 'Created', fee: 'Processing fee (minor units)', net: 'Net (minor units)', balance_currency: 'Settlement currency', price_id: 'Price id', product_id: 'Product id', ...SHIPPING_LABELS, 'metadata.shipping_status': 'Shipment status (metadata shipping_status)' })

/** Charges as records; fetches what their snapshots left as ids. */
export async function chargeFields(charges: Charge[], lookups: Lookups): Promise<Fields[]> {
  for (const c of charges) {
    const customer = expanded(c.customer)
    lookups.prime({ balance: expanded(c.balance_transaction), invoice: expanded(c.invoice), customer: customer && !('deleted' in customer) ? customer : undefined })
  }
  const refs = charges.flatMap((c) => (typeof c.balance_transaction === 'string' ? [{ id: c.balance_transaction, created: c.created }] : []))
  const balances = await lookups.balanceTransactions(refs)
  const out: Fields[] = []
  for (const c of charges) {
    const btId = idOf(c.balance_transaction)
    const bt = expanded(c.balance_transaction) ?? (btId ? balances.get(btId) : undefined)
    const invoiceId = idOf(c.invoice)
    const invoice = expanded(c.invoice) ?? (invoiceId ? await lookups.invoice(invoiceId) : null)
    out.push({
      id: c.id,
      amount: c.amount,
      amount_captured: c.amount_captured,
      amount_refunded: c.amount_refunded,
      currency: c.currency,
      status: c.status,
      paid: c.paid,
      captured: c.captured,
      refunded: c.refunded,
      disputed: c.disputed,
      customer: idOf(c.customer),
      customer_email: await emailOf(c, lookups),
      description: c.description ?? null,
      created: iso(c.created),
      ...balanceFields(bt),
      payment_intent: idOf(c.payment_intent),
      invoice: invoiceId,
      ...singlePrice(invoice),
      failure_code: c.failure_code ?? null,
      failure_message: c.failure_message ?? null,
      livemode: c.livemode,
      ...shippingFields(c),
      // Always present, so a sync that writes it sees "not set yet" rather than "not reported" (engine/merge.ts `unreported`).
      'metadata.shipping_status': null,
      ...metadataFields(c.metadata)
    })
  }
  return out
}

/** The payer's email: what they typed at checkout, the receipt address, else the customer's. */
async function emailOf(c: Charge, lookups: Lookups): Promise<string | null> {
  const direct = c.billing_details?.email ?? c.receipt_email
  if (direct) return direct
  const customer = expanded(c.customer)
  if (customer) return 'deleted' in customer ? null : (customer.email ?? null)
  const id = idOf(c.customer)
  return id ? ((await lookups.customer(id))?.email ?? null) : null
}
