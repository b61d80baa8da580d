/**
 * What happens in a Stripe account, as Stripe does it: a payment makes a payment intent, a
 * charge and a balance transaction with Stripe's fee; a refund and a dispute make their own
 * balance transactions; every change emits the events Stripe emits for it. Tests and the
 * day-of-activity generator drive the fake through these; the HTTP layer calls the
 * customer functions.
 */
import { FakeStripeError, noSuch } from './errors'
import type { Origin, StripeState } from './state'
import {
  balanceTransactionTemplate, chargeTemplate, customerTemplate, disputeTemplate, invoiceTemplate, lineTemplate, paymentIntentTemplate,
  payoutTemplate, priceTemplate, productTemplate, refundTemplate, type Obj
} from './templates'

/** Stripe's standard pricing in the fake: basis points plus a fixed part, per currency. */
export const CARD_PRICING: Record<string, { bps: number; fixed: number }> = {
  gbp: { bps: 150, fixed: 20 },
  eur: { bps: 250, fixed: 25 },
  usd: { bps: 290, fixed: 30 }
}

/** Stripe's dispute fee per currency, in minor units. */
export const DISPUTE_FEE: Record<string, number> = { gbp: 2000, eur: 2000, usd: 1500 }

/** The fee on a card payment: amount × rate rounded half up, plus the fixed part, all integers. */
export function cardFee(currency: string, amount: number): number {
  const p = CARD_PRICING[currency] ?? CARD_PRICING.usd
  return Math.floor((amount * p.bps + 5000) / 10000) + p.fixed
}

const DAY = 86400

function balanceTransaction(s: StripeState, o: { amount: number; fee: number; currency: string; type: string; category: string; source: string; description: string | null }): Obj {
  const feeDetails = o.fee === 0 ? [] : [{ amount: o.fee, application: null, currency: o.currency, description: o.type === 'adjustment' ? 'Dispute fee' : 'Stripe processing fees', type: 'stripe_fee' }]
  return s.add('balance_transactions', {
    ...balanceTransactionTemplate(),
    id: s.newId('txn'),
    amount: o.amount,
    fee: o.fee,
    net: o.amount - o.fee,
    currency: o.currency,
    type: o.type,
    reporting_category: o.category,
    source: o.source,
    created: s.now(),
    available_on: s.now() - (s.now() % DAY) + 7 * DAY,
    description: o.description,
    exchange_rate: null,
    fee_details: feeDetails,
    status: 'pending'
  })
}

/** Customer fields as Stripe's form parameters carry them. */
export interface CustomerInput {
  email?: string | null
  name?: string | null
  phone?: string | null
  description?: string | null
  address?: Record<string, string | null> | null
  metadata?: Record<string, string>
}

/** Creates a customer (customer.created). */
export function createCustomer(s: StripeState, input: CustomerInput, origin: Origin | null = null): Obj {
  const c = s.add('customers', {
    ...customerTemplate(),
    id: s.newId('cus'),
    created: s.now(),
    livemode: s.livemode,
    email: input.email ?? null,
    name: input.name ?? null,
    phone: input.phone ?? null,
    description: input.description ?? null,
    address: input.address ? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...input.address } : null,
    metadata: { ...(input.metadata ?? {}) }
  })
  s.emit('customer.created', c, origin)
  return c
}

function liveCustomer(s: StripeState, id: string): Obj {
  const c = s.get(id)
  if (!c || c.object !== 'customer' || c.deleted) throw noSuch('customer', id)
  return c
}

/** Changes a customer (customer.updated with previous_attributes); '' or null unsets. */
export function updateCustomer(s: StripeState, id: string, input: CustomerInput, origin: Origin | null = null): Obj {
  const c = liveCustomer(s, id)
  const patch: Obj = {}
  for (const k of ['email', 'name', 'phone', 'description'] as const) if (k in input) patch[k] = input[k] === '' ? null : (input[k] ?? null)
  if (input.address !== undefined) {
    const old = (c.address as Obj | null) ?? { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }
    patch.address = input.address === null ? null : { ...old, ...Object.fromEntries(Object.entries(input.address).map(([k, v]) => [k, v === '' ? null : v])) }
  }
  if (input.metadata) {
    const meta = { ...(c.metadata as Record<string, string>) }
    for (const [k, v] of Object.entries(input.metadata)) {
      if (v === '') delete meta[k]
      else meta[k] = v
    }
    patch.metadata = meta
  }
  const previous = s.update(id, patch)
  if (Object.keys(previous).length > 0) s.emit('customer.updated', c, origin, previous)
  return c
}

/** Deletes a customer (customer.deleted); Stripe keeps answering GET with `deleted: true`. */
export function deleteCustomer(s: StripeState, id: string, origin: Origin | null = null): Obj {
  const c = liveCustomer(s, id)
  s.emit('customer.deleted', c, origin)
  c.deleted = true
  return { id, object: 'customer', deleted: true }
}

/** A card payment to make. */
export interface PaymentInput {
  amount: number
  currency: string
  customer?: string
  email?: string
  description?: string
  metadata?: Record<string, string>
  /** Decline it: `card_declined`, `insufficient_funds`… */
  decline?: string
  /** The invoice this payment pays (set by `payInvoice`). */
  invoice?: string
}

/** What a payment made. */
export interface Payment {
  paymentIntent: Obj
  charge: Obj
  balanceTransaction: Obj | null
}

/** A card payment: payment_intent.created, then charge.succeeded or charge.failed. */
export function pay(s: StripeState, p: PaymentInput): Payment {
  if (!Number.isSafeInteger(p.amount) || p.amount <= 0) throw new Error(`amount must be a positive integer in minor units, got ${p.amount}`)
  if (p.customer) liveCustomer(s, p.customer)
  const failed = p.decline !== undefined
  const pi = s.add('payment_intents', {
    ...paymentIntentTemplate(),
    id: s.newId('pi'),
    amount: p.amount,
    amount_received: failed ? 0 : p.amount,
    currency: p.currency,
    customer: p.customer ?? null,
    description: p.description ?? null,
    created: s.now(),
    invoice: p.invoice ?? null,
    latest_charge: null,
    livemode: s.livemode,
    metadata: { ...(p.metadata ?? {}) },
    receipt_email: p.email ?? null,
    status: 'requires_payment_method'
  })
  s.emit('payment_intent.created', pi)
  const chargeId = s.newId('ch')
  const fee = cardFee(p.currency, p.amount)
  const bt = failed ? null : balanceTransaction(s, { amount: p.amount, fee, currency: p.currency, type: 'charge', category: 'charge', source: chargeId, description: p.description ?? null })
  const charge = s.add('charges', {
    ...chargeTemplate(),
    id: chargeId,
    amount: p.amount,
    amount_captured: failed ? 0 : p.amount,
    balance_transaction: bt ? bt.id : null,
    billing_details: { address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }, email: p.email ?? null, name: null, phone: null },
    captured: !failed,
    created: s.now(),
    currency: p.currency,
    customer: p.customer ?? null,
    description: p.description ?? null,
    failure_code: failed ? p.decline : null,
    failure_message: failed ? 'Your card was declined.' : null,
    invoice: p.invoice ?? null,
    livemode: s.livemode,
    metadata: { ...(p.metadata ?? {}) },
    outcome: { network_status: failed ? 'declined_by_network' : 'approved_by_network', reason: failed ? 'generic_decline' : null, risk_level: 'normal', seller_message: failed ? 'The bank did not return any further details with this decline.' : 'Payment complete.', type: failed ? 'issuer_declined' : 'authorized' },
    paid: !failed,
    payment_intent: pi.id,
    receipt_email: p.email ?? null,
    status: failed ? 'failed' : 'succeeded'
  })
  s.update(pi.id as string, { latest_charge: chargeId, status: failed ? 'requires_payment_method' : 'succeeded', last_payment_error: failed ? { type: 'card_error', code: 'card_declined', decline_code: p.decline, message: 'Your card was declined.' } : null })
  if (failed) {
    s.emit('charge.failed', charge)
    s.emit('payment_intent.payment_failed', pi)
  } else {
    s.emit('charge.succeeded', charge)
    s.emit('payment_intent.succeeded', pi)
  }
  return { paymentIntent: pi, charge, balanceTransaction: bt }
}

function succeededCharge(s: StripeState, id: string): Obj {
  const c = s.get(id)
  if (!c || c.object !== 'charge') throw noSuch('charge', id)
  if (c.status !== 'succeeded') throw new FakeStripeError(400, { error: { type: 'invalid_request_error', code: 'charge_not_refundable', message: `Charge ${id} has not succeeded and cannot be refunded or disputed.` } })
  return c
}

/** A refund, full when `amount` is left out: refund.created and charge.refunded. */
export function refund(s: StripeState, chargeId: string, amount?: number, reason: string | null = 'requested_by_customer'): Obj {
  const c = succeededCharge(s, chargeId)
  const left = (c.amount as number) - (c.amount_refunded as number)
  const value = amount ?? left
  if (!Number.isSafeInteger(value) || value <= 0 || value > left) {
    throw new FakeStripeError(400, { error: { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: `Refund amount (${value}) is greater than unrefunded amount on charge (${left})` } })
  }
  const refundId = s.newId('re')
  // Stripe keeps its fee on refunds: the refund moves the full amount back, fee 0.
  const bt = balanceTransaction(s, { amount: -value, fee: 0, currency: c.currency as string, type: 'refund', category: 'refund', source: refundId, description: 'REFUND FOR CHARGE' })
  const r = s.add('refunds', {
    ...refundTemplate(),
    id: refundId,
    amount: value,
    balance_transaction: bt.id,
    charge: chargeId,
    created: s.now(),
    currency: c.currency,
    payment_intent: c.payment_intent,
    reason,
    status: 'succeeded'
  })
  const refunded = (c.amount_refunded as number) + value
  const previous = s.update(chargeId, { amount_refunded: refunded, refunded: refunded === c.amount })
  s.emit('charge.refunded', c, null, previous)
  s.emit('refund.created', r)
  return r
}

/** A dispute (chargeback) for the whole charge: charge.dispute.created and funds_withdrawn. */
export function dispute(s: StripeState, chargeId: string, reason = 'fraudulent'): Obj {
  const c = succeededCharge(s, chargeId)
  const disputeId = s.newId('dp')
  const currency = c.currency as string
  const amount = c.amount as number
  const bt = balanceTransaction(s, { amount: -amount, fee: DISPUTE_FEE[currency] ?? 1500, currency, type: 'adjustment', category: 'dispute', source: disputeId, description: `Chargeback withdrawal for ${chargeId}` })
  const d = s.add('disputes', {
    ...disputeTemplate(),
    id: disputeId,
    amount,
    balance_transactions: [bt.id],
    charge: chargeId,
    created: s.now(),
    currency,
    is_charge_refundable: false,
    livemode: s.livemode,
    payment_intent: c.payment_intent,
    reason,
    status: 'needs_response'
  })
  s.update(chargeId, { disputed: true })
  s.emit('charge.dispute.created', d)
  s.emit('charge.dispute.funds_withdrawn', d)
  return d
}

/** A product with one one-off price. */
export function productWithPrice(s: StripeState, name: string, currency: string, unitAmount: number): { product: Obj; price: Obj } {
  const product = s.add('products', { ...productTemplate(), id: s.newId('prod'), name, created: s.now(), updated: s.now(), default_price: null, description: null, livemode: s.livemode })
  const price = s.add('prices', { ...priceTemplate(), id: s.newId('price'), product: product.id, currency, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), created: s.now(), livemode: s.livemode })
  s.update(product.id as string, { default_price: price.id })
  return { product, price }
}

/** An invoice for `lines`, finalised and paid by card: invoice.created … invoice.paid. */
export function payInvoice(s: StripeState, customerId: string, lines: Array<{ price: string; quantity: number }>, email?: string): { invoice: Obj; payment: Payment } {
  const customer = liveCustomer(s, customerId)
  const invoiceId = s.newId('in')
  let total = 0
  let currency = ''
  const data = lines.map((l) => {
    const price = s.get(l.price)
    if (!price) throw noSuch('price', l.price)
    const amount = (price.unit_amount as number) * l.quantity
    total += amount
    currency = price.currency as string
    return { ...lineTemplate(), id: s.newId('il'), amount, currency, description: `${l.quantity} × ${String(s.get(price.product as string)?.name)}`, invoice_item: s.newId('ii'), livemode: s.livemode, period: { start: s.now(), end: s.now() }, price: structuredClone(price), quantity: l.quantity }
  })
  const inv = s.add('invoices', {
    ...invoiceTemplate(),
    id: invoiceId,
    number: `PB-${String(s.ids('invoices').length + 1).padStart(4, '0')}`,
    customer: customerId,
    customer_email: email ?? customer.email,
    customer_name: customer.name,
    currency,
    created: s.now(),
    period_start: s.now(),
    period_end: s.now(),
    due_date: null,
    effective_at: s.now(),
    livemode: s.livemode,
    amount_due: total,
    amount_paid: 0,
    amount_remaining: total,
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    status: 'draft',
    lines: { object: 'list', data, has_more: false, url: `/v1/invoices/${invoiceId}/lines` }
  })
  s.emit('invoice.created', inv)
  s.update(invoiceId, { status: 'open' })
  s.emit('invoice.finalized', inv)
  const payment = pay(s, { amount: total, currency, customer: customerId, email: email ?? (customer.email as string | undefined), description: `Invoice ${String(inv.number)}`, invoice: invoiceId })
  const previous = s.update(invoiceId, { status: 'paid', paid: true, amount_paid: total, amount_remaining: 0, charge: payment.charge.id, payment_intent: payment.paymentIntent.id })
  s.emit('invoice.paid', inv, null, previous)
  s.emit('invoice.payment_succeeded', inv)
  return { invoice: inv, payment }
}

/** A payout of `amount` to the bank: payout.created, then payout.paid. */
export function payout(s: StripeState, amount: number, currency: string): Obj {
  const payoutId = s.newId('po')
  const bt = balanceTransaction(s, { amount: -amount, fee: 0, currency, type: 'payout', category: 'payout', source: payoutId, description: 'STRIPE PAYOUT' })
  const p = s.add('payouts', {
    ...payoutTemplate(),
    id: payoutId,
    amount,
    currency,
    arrival_date: s.now() - (s.now() % DAY) + 2 * DAY,
    balance_transaction: bt.id,
    created: s.now(),
    livemode: s.livemode,
    status: 'in_transit'
  })
  s.emit('payout.created', p)
  s.update(payoutId, { status: 'paid' })
  s.emit('payout.paid', p)
  return p
}
