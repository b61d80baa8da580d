/**
 * Stripe objects built from stripe-mock's fixtures (the resources the fake uses, copied from
 * vendor-specs/stripe/fixtures3.json into ./fixtures.json, so the demo, which bundles this
 * fake, never reads the shared folder), so the fake answers with every field a real object has. The fixtures are current (2026);
 * the connector pins 2023-08-16, so the few fields that moved since are put back in the
 * older shape here (checked by the contract test against spec3.yaml).
 */
import copied from './fixtures.json'

/** A Stripe object as plain JSON. */
export type Obj = Record<string, unknown>

/** The copied fixtures, by resource name. */
export const STRIPE_FIXTURES: Record<string, Obj> = copied.resources as Record<string, Obj>

/** The fixture of one resource, as a fresh copy. */
export function fixture(name: string): Obj {
  const f = STRIPE_FIXTURES[name]
  if (!f) throw new Error(`fixtures.json has no ${name}: copy it from vendor-specs/stripe/fixtures3.json`)
  return structuredClone(f)
}

const NULL_ADDRESS = { city: null, country: null, line1: null, line2: null, postal_code: null, state: null }

/** A customer; `discount` is null or a 2023 discount, never the newer shape. */
export function customerTemplate(): Obj {
  return { ...fixture('customer'), discount: null, address: null, metadata: {}, invoice_prefix: null, next_invoice_sequence: 1 }
}

/** A charge with no refunds, disputes or failure yet. */
export function chargeTemplate(): Obj {
  const c = fixture('charge')
  return {
    ...c,
    billing_details: { address: NULL_ADDRESS, email: null, name: null, phone: null },
    captured: true,
    amount_captured: 0,
    amount_refunded: 0,
    refunded: false,
    disputed: false,
    failure_code: null,
    failure_message: null,
    invoice: null,
    metadata: {},
    receipt_email: null,
    refunds: undefined,
    review: null,
    // The fixture's `{}` is stripe-mock's; a charge without shipping has null.
    shipping: null
  }
}

/** A payment intent that succeeded or failed with its one charge. */
export function paymentIntentTemplate(): Obj {
  return { ...fixture('payment_intent'), canceled_at: null, last_payment_error: null, next_action: null, processing: null, transfer_data: null, metadata: {}, client_secret: null }
}

/** A balance transaction. */
export function balanceTransactionTemplate(): Obj {
  return fixture('balance_transaction')
}

/** A refund. */
export function refundTemplate(): Obj {
  return { ...fixture('refund'), metadata: {} }
}

/** A dispute, `needs_response`. */
export function disputeTemplate(): Obj {
  return { ...fixture('dispute'), metadata: {}, status: 'needs_response' }
}

/** A payout. */
export function payoutTemplate(): Obj {
  return { ...fixture('payout'), metadata: {} }
}

/** A product. */
export function productTemplate(): Obj {
  return { ...fixture('product'), features: [], metadata: {} }
}

/** A one-off price. */
export function priceTemplate(): Obj {
  return { ...fixture('price'), recurring: null, type: 'one_time', transform_quantity: null, metadata: {} }
}

/** An invoice in the 2023-08-16 shape: `paid`, `charge`, `payment_intent` and `tax` on the invoice. */
export function invoiceTemplate(): Obj {
  const inv = fixture('invoice')
  for (const newer of ['parent', 'total_taxes', 'total_pretax_credit_amounts', 'amount_overpaid', 'automatically_finalizes_at', 'issuer', 'customer_account', 'rendering']) delete inv[newer]
  return {
    ...inv,
    paid: false,
    paid_out_of_band: false,
    charge: null,
    payment_intent: null,
    tax: null,
    discount: null,
    total_tax_amounts: [],
    from_invoice: null,
    last_finalization_error: null,
    metadata: {},
    subscription_details: null,
    rendering_options: null,
    lines: { object: 'list', data: [], has_more: false, url: '' }
  }
}

/** An invoice line item in the 2023-08-16 shape (`price`, `type`, `proration`). */
export function lineTemplate(): Obj {
  return {
    object: 'line_item',
    amount_excluding_tax: null,
    discount_amounts: [],
    discountable: true,
    discounts: [],
    livemode: false,
    metadata: {},
    proration: false,
    proration_details: { credited_items: null },
    subscription: null,
    tax_amounts: [],
    tax_rates: [],
    type: 'invoiceitem',
    unit_amount_excluding_tax: null
  }
}

/** An event; `data.object` is set by the caller. */
export function eventTemplate(): Obj {
  return fixture('event')
}

/** The account behind the fake's keys. */
export function accountTemplate(): Obj {
  const a = fixture('account')
  return {
    ...a,
    id: 'acct_fakepatchbay',
    country: 'GB',
    default_currency: 'gbp',
    email: 'owner@patchbay-test-shop.example',
    business_profile: { ...(a.business_profile as Obj), name: 'Patchbay Test Shop' },
    // The fixture's null bacs display_name is newer than the pinned version allows.
    settings: { ...(a.settings as Obj), bacs_debit_payments: { display_name: 'Patchbay Test Shop' }, dashboard: { display_name: 'Patchbay Test Shop', timezone: 'Europe/London' } }
  }
}
