/**
 * A stateful fake of Stripe's API for tests, the demo workspace and benchmarks: a real
 * HTTP server on 127.0.0.1 (port chosen by the OS) with Stripe's auth, limits, idempotency,
 * pagination, expansion, events and error bodies. See FIDELITY.md for what it covers.
 */
import * as activity from './activity'
import { seedFromFixtures } from './seed'
import { startHttp, type Exchange, type Fault, type KeyGrant } from './server'
import { StripeState, type StateOptions } from './state'
import type { Obj } from './templates'

/** The secret key the fake accepts unless told otherwise (test mode). */
export const FAKE_SECRET_KEY = 'sk_test_51PatchbayFakeStripeKey0000000000'

/** Options of `startFakeStripe`. */
export interface FakeStripeOptions extends StateOptions {
  /** Keys and what they may do. @default { [FAKE_SECRET_KEY]: 'all' } */
  keys?: Record<string, KeyGrant>
  /** Requests a second; false for none. @default 25 in test mode, 100 live (Stripe's numbers) */
  rateLimit?: number | false
  /** Start from the fixture objects of fixtures3.json. @default true */
  fixtures?: boolean
}

/** A running fake Stripe. */
export interface FakeStripe {
  /** Base URL, for `connection.settings.baseUrl`. */
  url: string
  state: StripeState
  /** Every request and answer, in order. */
  exchanges: Exchange[]
  /** Makes the next matching request(s) fail. */
  inject(fault: Fault): void
  close(): Promise<void>
  /** Account activity, as Stripe would record it. */
  createCustomer(input: activity.CustomerInput): Obj
  updateCustomer(id: string, input: activity.CustomerInput): Obj
  deleteCustomer(id: string): Obj
  pay(p: activity.PaymentInput): activity.Payment
  refund(chargeId: string, amount?: number): Obj
  dispute(chargeId: string, reason?: string): Obj
  productWithPrice(name: string, currency: string, unitAmount: number): { product: Obj; price: Obj }
  payInvoice(customerId: string, lines: Array<{ price: string; quantity: number }>): { invoice: Obj; payment: activity.Payment }
  payout(amount: number, currency: string): Obj
}

/** Starts a fake Stripe. */
export async function startFakeStripe(opts: FakeStripeOptions = {}): Promise<FakeStripe> {
  const state = new StripeState(opts)
  if (opts.fixtures !== false) seedFromFixtures(state)
  const http = await startHttp(state, { keys: opts.keys ?? { [FAKE_SECRET_KEY]: 'all' }, rateLimit: opts.rateLimit })
  return {
    url: http.url,
    state,
    exchanges: http.exchanges,
    inject: (fault) => void http.faults.push(fault),
    close: () => http.close(),
    createCustomer: (input) => activity.createCustomer(state, input),
    updateCustomer: (id, input) => activity.updateCustomer(state, id, input),
    deleteCustomer: (id) => activity.deleteCustomer(state, id),
    pay: (p) => activity.pay(state, p),
    refund: (chargeId, amount) => activity.refund(state, chargeId, amount),
    dispute: (chargeId, reason) => activity.dispute(state, chargeId, reason),
    productWithPrice: (name, currency, unitAmount) => activity.productWithPrice(state, name, currency, unitAmount),
    payInvoice: (customerId, lines) => activity.payInvoice(state, customerId, lines),
    payout: (amount, currency) => activity.payout(state, amount, currency)
  }
}

export { cardFee, CARD_PRICING, DISPUTE_FEE } from './activity'
export type { Exchange, Fault, KeyGrant } from './server'
export { StripeState, DEFAULT_START } from './state'
export { SEEDED } from './seed'
export { DAY_END, DAY_OF_ACTIVITY_TOTALS, DAY_START, generateDayOfActivity, totalsOf, type DayOfActivity, type DayTotals } from './day'
