/**
 * What happens at the counter and online, as Square records it: a sale (an order with
 * its line items and taxes, paid by card, with Square's processing fee), a declined
 * card, a refund, a dispute moving through its states, and customers. Driven through the
 * fake's own API by tests and the demo, as the point of sale would; the connector only
 * reads these (the HTTP write endpoints in ./routes.ts call the same functions).
 */
import type { Money, Obj, SquareState } from './state'

/**
 * Square's card processing rates for the fake (in the spirit of squareup.com/us/en/payments/our-fees,
 * not a quote): basis points and a fixed part per currency, rounded half up to the minor unit.
 */
export const SQUARE_PRICING: Record<string, { bps: number; fixed: number }> = {
  USD: { bps: 260, fixed: 15 },
  CAD: { bps: 265, fixed: 0 },
  GBP: { bps: 175, fixed: 0 },
  EUR: { bps: 175, fixed: 0 },
  AUD: { bps: 160, fixed: 0 },
  JPY: { bps: 325, fixed: 0 }
}

/** Square's fee on a card payment of `amount` minor units. */
export function squareFee(currency: string, amount: number): number {
  const p = SQUARE_PRICING[currency] ?? SQUARE_PRICING.USD
  return Math.floor((amount * p.bps + 5000) / 10000) + p.fixed
}

/** The fake's catalog: item variations and a tax, by Square catalog object id. */
export const CATALOG = {
  beans: { id: '2TLVK6LR7CG4OMWQZIXDRQVB', name: 'Coffee beans 1 kg', price: 1800 },
  mug: { id: 'HH7OQXUCW3BJY5WQLU3XUDNP', name: 'Enamel mug', price: 1200 },
  latte: { id: 'QK5GW7C3RRCPS2FXMJ7YS3MC', name: 'Latte', price: 450 },
  salesTax: { id: 'WQL3YVDU3BDC3MXEGYCHHCNE', name: 'Sales tax', percentage: '8.5' }
} as const

/** One line of a sale. */
export interface SaleLine {
  catalogObjectId?: string
  name: string
  quantity: number
  /** Unit price before tax, minor units. */
  unitPrice: number
  /** A catalog tax applied to the line (additive), with its percentage. */
  tax?: { catalogObjectId: string; name: string; percentage: string }
}

/** A sale at the counter or online. */
export interface SaleInput {
  /** Without lines: the amount charged, minor units. */
  amount?: number
  lines?: SaleLine[]
  tip?: number
  /** @default the location's */
  currency?: string
  locationId?: string
  email?: string
  customerId?: string
  note?: string
  /** The card is declined: a FAILED payment, no fee. */
  declined?: boolean
}

const money = (amount: number, currency: string): Money => ({ amount, currency })

/** An open order with its line items and taxes (a sale's, or one made through CreateOrder). */
export function createOrder(state: SquareState, lines: SaleLine[], currency: string, locationId: string, customerId?: string): Obj {
  const taxes = new Map<string, Obj>()
  const lineItems = lines.map((l, i) => {
    const gross = l.unitPrice * l.quantity
    let tax = 0
    const applied: Obj[] = []
    if (l.tax) {
      let t = taxes.get(l.tax.catalogObjectId)
      if (!t) {
        t = { uid: `tax-${taxes.size + 1}`, catalog_object_id: l.tax.catalogObjectId, catalog_version: 1, name: l.tax.name, percentage: l.tax.percentage, type: 'ADDITIVE', scope: 'LINE_ITEM', applied_money: money(0, currency) }
        taxes.set(l.tax.catalogObjectId, t)
      }
      tax = Math.floor((gross * Number(l.tax.percentage) * 100 + 5000) / 10000)
      ;(t.applied_money as Money).amount += tax
      applied.push({ uid: `applied-${i + 1}`, tax_uid: t.uid, applied_money: money(tax, currency) })
    }
    return {
      uid: `line-${i + 1}`,
      name: l.name,
      quantity: String(l.quantity),
      ...(l.catalogObjectId ? { catalog_object_id: l.catalogObjectId, catalog_version: 1 } : {}),
      item_type: 'ITEM',
      base_price_money: money(l.unitPrice, currency),
      variation_total_price_money: money(gross, currency),
      gross_sales_money: money(gross, currency),
      total_tax_money: money(tax, currency),
      total_discount_money: money(0, currency),
      total_money: money(gross + tax, currency),
      ...(applied.length ? { applied_taxes: applied } : {})
    }
  })
  const total = lineItems.reduce((n, l) => n + l.total_money.amount, 0)
  const tax = lineItems.reduce((n, l) => n + l.total_tax_money.amount, 0)
  const order: Obj = {
    id: state.id(24),
    location_id: locationId,
    source: { name: 'Square Point of Sale' },
    ...(customerId ? { customer_id: customerId } : {}),
    line_items: lineItems,
    ...(taxes.size ? { taxes: [...taxes.values()] } : {}),
    total_money: money(total, currency),
    total_tax_money: money(tax, currency),
    total_discount_money: money(0, currency),
    total_tip_money: money(0, currency),
    total_service_charge_money: money(0, currency),
    net_amount_due_money: money(total, currency),
    state: 'OPEN',
    version: 1,
    created_at: state.iso(),
    updated_at: state.iso()
  }
  state.orders.set(String(order.id), order)
  return order
}

/** A sale: an order (when lines are given) and a card payment for it; declined cards leave a FAILED payment. */
export function pay(state: SquareState, s: SaleInput): { payment: Obj; order?: Obj } {
  const location = state.location(s.locationId)
  const currency = s.currency ?? location.currency
  const order = s.lines?.length ? createOrder(state, s.lines, currency, location.id, s.customerId) : undefined
  const amount = order ? (order.total_money as Money).amount : (s.amount ?? 0)
  const tip = s.tip ?? 0
  const total = amount + tip
  const failed = s.declined === true
  if (order && !failed) {
    order.state = 'COMPLETED'
    order.closed_at = state.iso()
    order.total_tip_money = money(tip, currency)
    order.total_money = money(total, currency)
    order.net_amount_due_money = money(0, currency)
    state.touch(order)
  }
  const id = state.id(29)
  const payment: Obj = {
    id,
    created_at: state.iso(),
    updated_at: state.iso(),
    amount_money: money(amount, currency),
    ...(tip ? { tip_money: money(tip, currency) } : {}),
    total_money: money(total, currency),
    approved_money: money(failed ? 0 : total, currency),
    ...(failed ? {} : { processing_fee: [{ effective_at: state.iso(), type: 'INITIAL', amount_money: money(squareFee(currency, total), currency) }] }),
    status: failed ? 'FAILED' : 'COMPLETED',
    delay_duration: 'PT168H',
    delay_action: 'CANCEL',
    source_type: 'CARD',
    card_details: {
      status: failed ? 'FAILED' : 'CAPTURED',
      card: { card_brand: 'VISA', last_4: '1111', exp_month: 11, exp_year: 2029, card_type: 'CREDIT', prepaid_type: 'NOT_PREPAID', bin: '411111' },
      entry_method: 'EMV',
      cvv_status: 'CVV_NOT_CHECKED',
      avs_status: 'AVS_NOT_CHECKED',
      statement_description: 'SQ *CORNER COFFEE',
      card_payment_timeline: { authorized_at: state.iso(), ...(failed ? {} : { captured_at: state.iso() }) },
      ...(failed ? { errors: [{ category: 'PAYMENT_METHOD_ERROR', code: 'GENERIC_DECLINE', detail: 'Authorization error: \'GENERIC_DECLINE\'' }] } : {})
    },
    location_id: location.id,
    ...(order ? { order_id: order.id } : {}),
    ...(s.customerId ? { customer_id: s.customerId } : {}),
    ...(s.email ? { buyer_email_address: s.email } : {}),
    ...(s.note ? { note: s.note } : {}),
    refund_ids: [],
    receipt_number: id.slice(0, 4),
    receipt_url: `https://squareup.com/receipt/preview/${id}`,
    capabilities: failed ? [] : ['EDIT_AMOUNT_UP', 'EDIT_AMOUNT_DOWN', 'EDIT_TIP_AMOUNT_UP', 'EDIT_TIP_AMOUNT_DOWN'],
    application_details: { square_product: 'SQUARE_POS', application_id: 'sq0idp-fake' },
    version_token: state.id(43)
  }
  state.payments.set(id, payment)
  return { payment, order }
}

/** A refund of `amount` (the rest of the payment when left out). Square keeps its processing fee. */
export function refund(state: SquareState, paymentId: string, amount?: number, reason = 'Returned goods'): Obj {
  const payment = state.payments.get(paymentId)
  if (!payment || payment.status !== 'COMPLETED') throw new Error(`The fake Square cannot refund ${paymentId}: it is not a completed payment`)
  const total = payment.total_money as Money
  const done = (payment.refunded_money as Money | undefined)?.amount ?? 0
  const value = amount ?? total.amount - done
  if (value <= 0 || value + done > total.amount) throw new Error(`The fake Square cannot refund ${value} of ${paymentId}: only ${total.amount - done} is left`)
  const id = `${paymentId}_${state.id(43)}`
  const r: Obj = {
    id,
    status: 'COMPLETED',
    location_id: payment.location_id,
    unlinked: false,
    destination_type: 'CARD',
    amount_money: money(value, total.currency),
    payment_id: paymentId,
    ...(payment.order_id ? { order_id: payment.order_id } : {}),
    reason,
    created_at: state.iso(),
    updated_at: state.iso()
  }
  state.refunds.set(id, r)
  payment.refunded_money = money(done + value, total.currency)
  ;(payment.refund_ids as string[]).push(id)
  state.touch(payment)
  return r
}

/** A dispute the card holder's bank opened on a payment; Square takes the disputed amount and charges no fee. */
export function dispute(state: SquareState, paymentId: string, disputeState = 'EVIDENCE_REQUIRED', reason = 'NOT_AS_DESCRIBED'): Obj {
  const payment = state.payments.get(paymentId)
  if (!payment || payment.status !== 'COMPLETED') throw new Error(`The fake Square cannot dispute ${paymentId}: it is not a completed payment`)
  const id = state.id(22)
  const d: Obj = {
    dispute_id: id,
    id,
    amount_money: { ...(payment.total_money as Money) },
    reason,
    state: disputeState,
    due_at: state.iso(state.now + 14 * 86_400_000),
    disputed_payment: { payment_id: paymentId },
    evidence_ids: [],
    card_brand: 'VISA',
    created_at: state.iso(),
    updated_at: state.iso(),
    brand_dispute_id: state.id(20),
    reported_at: state.iso(),
    version: 1,
    location_id: payment.location_id
  }
  state.disputes.set(id, d)
  return d
}

/** Moves a dispute on (EVIDENCE_REQUIRED → PROCESSING → WON or LOST; inquiries INQUIRY_… → INQUIRY_CLOSED). */
export function setDisputeState(state: SquareState, id: string, next: string): Obj {
  const d = state.disputes.get(id)
  if (!d) throw new Error(`The fake Square has no dispute ${id}`)
  d.state = next
  state.touch(d)
  return d
}

/** A customer profile. */
export interface CustomerInput {
  given_name?: string
  family_name?: string
  email_address?: string
  phone_number?: string
  company_name?: string
  note?: string
  reference_id?: string
}

/** Creates a customer, as the point of sale or the API would. */
export function createCustomer(state: SquareState, input: CustomerInput, source = 'THIRD_PARTY'): Obj {
  const id = state.id(26).toUpperCase()
  const c: Obj = { id, created_at: state.iso(), updated_at: state.iso(), ...input, preferences: { email_unsubscribed: false }, creation_source: source, version: 0 }
  state.customers.set(id, c)
  return c
}

/** Changes a customer (fields set to '' are removed, as Square does). */
export function updateCustomer(state: SquareState, id: string, input: CustomerInput): Obj {
  const c = state.customers.get(id)
  if (!c) throw new Error(`The fake Square has no customer ${id}`)
  for (const [k, v] of Object.entries(input)) {
    if (v === '' || v === null) delete c[k]
    else if (v !== undefined) c[k] = v
  }
  state.touch(c)
  return c
}
