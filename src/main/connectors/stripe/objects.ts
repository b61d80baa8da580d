/**
 * The Stripe objects Patchbay reads, as data: where each lives, which events change it,
 * what to expand, and how it becomes a record. `adapter.ts` does the rest the same way for all.
 */
import type { ZodType } from 'zod'
import type { Fields } from '../../../shared/domain'
import type { HttpClient } from '../http'
import type { FieldInfo } from '../types'
import type { Lookups } from './lookups'
import { chargeFields, CHARGE_FIELDS } from './records/charges'
import { CUSTOMER_FIELDS, customerFields } from './records/customers'
import { INVOICE_FIELDS, invoiceFields, withAllLines } from './records/invoices'
import { BALANCE_TRANSACTION_FIELDS, balanceTransactionFields, DISPUTE_FIELDS, disputeFields, PAYOUT_FIELDS, payoutFields, REFUND_FIELDS, refundFields } from './records/money'
import { balanceTransactionSchema, chargeSchema, customerSchema, disputeSchema, invoiceSchema, payoutSchema, refundSchema } from './schemas'
import type { BalanceTransaction, Charge, Customer, Dispute, Invoice, Payout, Refund } from './schemas'

/** The objects a Stripe connection offers. */
export const STRIPE_OBJECTS = ['charges', 'refunds', 'disputes', 'balance_transactions', 'invoices', 'customers', 'payouts'] as const
export type StripeObjectName = (typeof STRIPE_OBJECTS)[number]

/** What mapping a batch of objects to records may use. */
export interface RecordContext {
  client: HttpClient
  lookups: Lookups
}

/** One Stripe object, described. */
export interface ObjectSpec<T extends { id: string; created: number } = { id: string; created: number }> {
  /** Stripe's `object` value, e.g. 'charge'. */
  objectType: string
  /** The list endpoint; a record is at `${path}/${id}`. */
  path: string
  schema: ZodType<T>
  /** How changes are found: Stripe events, or `created` for objects without events. */
  feed: 'events' | 'created'
  /** Event types (exact names, at most 20) that change this object. */
  eventTypes: string[]
  /** Event types that mean the object was deleted. */
  deletedBy?: string[]
  /** For events about another object type: which of our objects it changed (a dispute → its charge). */
  related?: Record<string, (other: Record<string, unknown>) => string | undefined>
  /** `expand` of a list call (paths start with `data.`) and of a single GET. */
  listExpand: string[]
  getExpand: string[]
  fields: FieldInfo[]
  toFields(items: T[], ctx: RecordContext): Promise<Fields[]>
}

const chargeOf = (o: Record<string, unknown>): string | undefined => {
  const c = o.charge
  if (typeof c === 'string') return c
  return c !== null && typeof c === 'object' && typeof (c as { id?: unknown }).id === 'string' ? (c as { id: string }).id : undefined
}

const DISPUTE_EVENTS = ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed', 'charge.dispute.funds_withdrawn', 'charge.dispute.funds_reinstated']

const charges: ObjectSpec<Charge> = {
  objectType: 'charge',
  path: '/v1/charges',
  schema: chargeSchema,
  feed: 'events',
  eventTypes: ['charge.succeeded', 'charge.failed', 'charge.captured', 'charge.expired', 'charge.pending', 'charge.refunded', 'charge.updated', 'charge.refund.updated', ...DISPUTE_EVENTS],
  // A dispute or a refund changes the charge's `disputed` and `amount_refunded`.
  related: { dispute: chargeOf, refund: chargeOf },
  listExpand: ['data.balance_transaction', 'data.customer', 'data.invoice'],
  getExpand: ['balance_transaction', 'customer', 'invoice'],
  fields: CHARGE_FIELDS,
  toFields: (items, ctx) => chargeFields(items, ctx.lookups)
}

const refunds: ObjectSpec<Refund> = {
  objectType: 'refund',
  path: '/v1/refunds',
  schema: refundSchema,
  feed: 'events',
  eventTypes: ['refund.created', 'refund.updated', 'charge.refund.updated'],
  listExpand: ['data.balance_transaction'],
  getExpand: ['balance_transaction'],
  fields: REFUND_FIELDS,
  toFields: (items, ctx) => refundFields(items, ctx.lookups)
}

const disputes: ObjectSpec<Dispute> = {
  objectType: 'dispute',
  path: '/v1/disputes',
  schema: disputeSchema,
  feed: 'events',
  eventTypes: DISPUTE_EVENTS,
  listExpand: [],
  getExpand: [],
  fields: DISPUTE_FIELDS,
  toFields: (items) => disputeFields(items)
}

const balanceTransactions: ObjectSpec<BalanceTransaction> = {
  objectType: 'balance_transaction',
  path: '/v1/balance_transactions',
  schema: balanceTransactionSchema,
  feed: 'created',
  eventTypes: [],
  listExpand: [],
  getExpand: [],
  fields: BALANCE_TRANSACTION_FIELDS,
  toFields: (items) => balanceTransactionFields(items)
}

const invoices: ObjectSpec<Invoice> = {
  objectType: 'invoice',
  path: '/v1/invoices',
  schema: invoiceSchema,
  feed: 'events',
  eventTypes: [
    'invoice.created', 'invoice.deleted', 'invoice.finalized', 'invoice.finalization_failed', 'invoice.marked_uncollectible', 'invoice.paid',
    'invoice.payment_action_required', 'invoice.payment_failed', 'invoice.payment_succeeded', 'invoice.sent', 'invoice.updated', 'invoice.voided'
  ],
  deletedBy: ['invoice.deleted'],
  listExpand: [],
  getExpand: [],
  fields: INVOICE_FIELDS,
  toFields: async (items, ctx) => {
    const out: Fields[] = []
    for (const inv of items) out.push(invoiceFields(await withAllLines(ctx.client, inv)))
    return out
  }
}

const customers: ObjectSpec<Customer> = {
  objectType: 'customer',
  path: '/v1/customers',
  schema: customerSchema,
  feed: 'events',
  eventTypes: ['customer.created', 'customer.updated', 'customer.deleted'],
  deletedBy: ['customer.deleted'],
  listExpand: [],
  getExpand: [],
  fields: CUSTOMER_FIELDS,
  toFields: async (items) => items.map(customerFields)
}

const payouts: ObjectSpec<Payout> = {
  objectType: 'payout',
  path: '/v1/payouts',
  schema: payoutSchema,
  feed: 'events',
  eventTypes: ['payout.created', 'payout.updated', 'payout.paid', 'payout.failed', 'payout.canceled', 'payout.reconciliation_completed'],
  listExpand: ['data.balance_transaction'],
  getExpand: ['balance_transaction'],
  fields: PAYOUT_FIELDS,
  toFields: (items, ctx) => payoutFields(items, ctx.lookups)
}

/** Forgets a spec's item type; `toFields` only ever gets items its own schema parsed. */
const erase = <T extends { id: string; created: number }>(s: ObjectSpec<T>): ObjectSpec => s as unknown as ObjectSpec

/** Every object's description, by name. */
export const OBJECT_SPECS: Record<StripeObjectName, ObjectSpec> = {
  charges: erase(charges),
  refunds: erase(refunds),
  disputes: erase(disputes),
  balance_transactions: erase(balanceTransactions),
  invoices: erase(invoices),
  customers: erase(customers),
  payouts: erase(payouts)
}
