/**
 * The shapes Patchbay reads from Stripe (API version 2023-08-16), as zod schemas. Only the
 * fields the connector uses are named; anything else Stripe adds passes by. Money is
 * `z.int()`: Stripe sends amounts in minor units, and a fraction would mean the API changed.
 */
import { z } from 'zod'

const id = z.string().min(1)
/** An amount in the currency's minor unit (pence, cents). */
const minor = z.int()
const unixTime = z.int()
const text = z.string().nullish()
const metadata = z.record(z.string(), z.string()).nullish()
const ref = z.object({ id })

/** A field Stripe sends as an id, or as the object when expanded. */
function expandable<T extends z.ZodType>(object: T) {
  return z.union([id, object]).nullish()
}

export const balanceTransactionSchema = z.object({
  id,
  object: z.literal('balance_transaction'),
  amount: minor,
  fee: minor,
  net: minor,
  currency: z.string(),
  type: z.string(),
  reporting_category: z.string().nullish(),
  status: z.string(),
  created: unixTime,
  available_on: unixTime,
  description: text,
  exchange_rate: z.number().nullish(),
  source: expandable(ref),
  fee_details: z.array(z.object({ amount: minor, currency: z.string(), type: z.string() })).default([])
})
export type BalanceTransaction = z.infer<typeof balanceTransactionSchema>

const address = z
  .object({ line1: text, line2: text, city: text, postal_code: text, state: text, country: text })
  .nullish()

export const customerSchema = z.object({
  id,
  object: z.literal('customer'),
  email: text,
  name: text,
  phone: text,
  description: text,
  currency: text,
  balance: minor.nullish(),
  delinquent: z.boolean().nullish(),
  created: unixTime,
  address,
  metadata,
  livemode: z.boolean().optional()
})
export type Customer = z.infer<typeof customerSchema>

/** What GET /v1/customers/{id} answers for a deleted customer. */
export const deletedCustomerSchema = z.object({ id, object: z.literal('customer'), deleted: z.literal(true) })

export const customerOrDeletedSchema = z.union([deletedCustomerSchema, customerSchema])

const lineSchema = z.object({
  id,
  amount: minor,
  currency: z.string(),
  description: text,
  quantity: z.int().nullish(),
  price: z.object({ id, product: expandable(ref) }).nullish(),
  tax_amounts: z.array(z.object({ amount: minor, inclusive: z.boolean(), tax_rate: z.union([id, ref]) })).nullish()
})

export const invoiceSchema = z.object({
  id,
  object: z.literal('invoice'),
  number: text,
  customer: expandable(ref),
  customer_email: text,
  customer_name: text,
  currency: z.string(),
  status: text,
  paid: z.boolean().nullish(),
  amount_due: minor,
  amount_paid: minor,
  amount_remaining: minor,
  subtotal: minor,
  tax: minor.nullish(),
  total: minor,
  charge: expandable(ref),
  payment_intent: expandable(ref),
  created: unixTime,
  period_start: unixTime.nullish(),
  period_end: unixTime.nullish(),
  due_date: unixTime.nullish(),
  lines: z.object({ data: z.array(lineSchema), has_more: z.boolean() }),
  metadata
})
export type Invoice = z.infer<typeof invoiceSchema>
export type InvoiceLine = z.infer<typeof lineSchema>

/** Where a charge's goods went: Stripe keeps name and address, and (once shipped) carrier and tracking number. */
const shippingSchema = z
  .object({ name: text, phone: text, carrier: text, tracking_number: text, address })
  .nullish()

export const chargeSchema = z.object({
  id,
  object: z.literal('charge'),
  amount: minor,
  amount_captured: minor,
  amount_refunded: minor,
  currency: z.string(),
  status: z.string(),
  paid: z.boolean(),
  captured: z.boolean(),
  refunded: z.boolean(),
  disputed: z.boolean(),
  customer: expandable(z.union([customerSchema, deletedCustomerSchema])),
  billing_details: z.object({ email: text }).nullish(),
  receipt_email: text,
  description: text,
  created: unixTime,
  balance_transaction: expandable(balanceTransactionSchema),
  payment_intent: expandable(ref),
  invoice: expandable(invoiceSchema),
  failure_code: text,
  failure_message: text,
  shipping: shippingSchema,
  metadata,
  livemode: z.boolean()
})
export type Charge = z.infer<typeof chargeSchema>

export const refundSchema = z.object({
  id,
  object: z.literal('refund'),
  amount: minor,
  currency: z.string(),
  charge: expandable(ref),
  payment_intent: expandable(ref),
  status: text,
  reason: text,
  created: unixTime,
  balance_transaction: expandable(balanceTransactionSchema),
  metadata
})
export type Refund = z.infer<typeof refundSchema>

export const disputeSchema = z.object({
  id,
  object: z.literal('dispute'),
  amount: minor,
  currency: z.string(),
  charge: z.union([id, ref]),
  payment_intent: expandable(ref),
  reason: z.string(),
  status: z.string(),
  created: unixTime,
  is_charge_refundable: z.boolean(),
  balance_transactions: z.array(balanceTransactionSchema),
  metadata
})
export type Dispute = z.infer<typeof disputeSchema>

export const payoutSchema = z.object({
  id,
  object: z.literal('payout'),
  amount: minor,
  currency: z.string(),
  status: z.string(),
  arrival_date: unixTime,
  created: unixTime,
  method: text,
  type: text,
  description: text,
  balance_transaction: expandable(balanceTransactionSchema),
  metadata
})
export type Payout = z.infer<typeof payoutSchema>

export const eventSchema = z.object({
  id,
  object: z.literal('event'),
  type: z.string(),
  created: unixTime,
  api_version: text,
  data: z.object({ object: z.record(z.string(), z.unknown()), previous_attributes: z.record(z.string(), z.unknown()).nullish() })
})
export type StripeEvent = z.infer<typeof eventSchema>

export const accountSchema = z.object({
  id,
  email: text,
  default_currency: text,
  business_profile: z.object({ name: text }).nullish(),
  settings: z.object({ dashboard: z.object({ display_name: text }).nullish() }).nullish()
})

/** One page of a Stripe list. */
export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ object: z.literal('list'), data: z.array(item), has_more: z.boolean(), url: z.string() })
}
export type StripeList<T> = { object: 'list'; data: T[]; has_more: boolean; url: string }
