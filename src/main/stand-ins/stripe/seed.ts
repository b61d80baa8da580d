/**
 * The fake's starting data: stripe-mock's fixture objects (a customer, a charge with its
 * balance transaction, a full refund of it, a product, a price and a draft invoice), made
 * consistent with each other. They are dated 2009 as in the fixtures, so no events of
 * theirs are inside the 30-day window.
 */
import type { StripeState } from './state'
import { balanceTransactionTemplate, chargeTemplate, customerTemplate, fixture, invoiceTemplate, lineTemplate, priceTemplate, productTemplate, refundTemplate } from './templates'

/** Ids of the seeded objects, as in fixtures3.json. */
export const SEEDED = {
  customer: 'cus_QXg1o8vcGmoR32',
  charge: 'ch_1PgafuB7WZ01zgkWXYmPNZs8',
  balanceTransaction: 'txn_1PgaxNB7WZ01zgkWEV3TLf40',
  refund: 're_1Pgc72B7WZ01zgkWqPvrRrPE',
  invoice: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
  product: 'prod_QXg1hqf4jFNsqG',
  price: 'price_1PgafmB7WZ01zgkW6dKueIc5'
} as const

/** Adds the fixture objects to a fresh state. */
export function seedFromFixtures(s: StripeState): void {
  s.add('customers', { ...customerTemplate(), email: 'jenny.rosen@example.com', name: 'Jenny Rosen' })
  s.add('balance_transactions', balanceTransactionTemplate())
  const charge = chargeTemplate()
  const amount = charge.amount as number
  s.add('charges', {
    ...charge,
    customer: SEEDED.customer,
    amount_captured: amount,
    amount_refunded: amount,
    refunded: true,
    payment_intent: null,
    status: 'succeeded',
    billing_details: { ...(charge.billing_details as object), email: 'jenny.rosen@example.com' }
  })
  s.add('refunds', { ...refundTemplate(), amount, balance_transaction: null, charge: SEEDED.charge })
  s.add('products', productTemplate())
  const price = { ...priceTemplate(), product: SEEDED.product }
  s.add('prices', price)
  const inv = invoiceTemplate()
  const total = inv.amount_due as number
  const line = {
    ...lineTemplate(),
    id: (fixture('invoice').lines as { data: Array<{ id: string }> }).data[0].id,
    amount: total,
    currency: inv.currency,
    description: 'My First Invoice Item (created for API docs)',
    period: { start: inv.created, end: inv.created },
    price: { ...price, unit_amount: total, unit_amount_decimal: String(total) },
    quantity: 1
  }
  s.add('invoices', { ...inv, customer: SEEDED.customer, status: 'draft', lines: { object: 'list', data: [line], has_more: false, url: `/v1/invoices/${SEEDED.invoice}/lines` } })
}
