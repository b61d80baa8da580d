/**
 * A week of card payments played into the fake Stripe through its own account-activity
 * API (the same calls its tests use): customers, about twenty payments a day in shop
 * hours, a declined card now and then, two refunds, a chargeback and payouts to the bank,
 * each at its time on the fake's clock, so Stripe's events and balance transactions are
 * as Stripe would have recorded them. Then new payments as they happen.
 */
import type { FakeStripe } from '../stand-ins/stripe'
import { ITEMS, seeded } from './sample-data'

const DAY = 86_400

/** Someone who pays: a Stripe customer, or a guest checkout with only an email. */
export interface Payer {
  email: string
  name: string
  customerId?: string
}

/** What the week made, for the story to carry on from. */
export interface StripeWeek {
  payers: Payer[]
  /** Succeeded charges, oldest first. */
  charges: string[]
}

/** The fake's clock to the wall clock (it never goes back). */
export function stripeNow(fake: FakeStripe, at = Date.now()): void {
  const t = Math.floor(at / 1000)
  if (t > fake.state.now()) fake.state.setTime(t)
}

/** One payment now: returns what it was for, in words. */
export function payNow(fake: FakeStripe, payer: Payer, rand: () => number, decline?: string): { charge: string; amount: number; description: string; declined: boolean } {
  const [description, price] = ITEMS[Math.floor(rand() * ITEMS.length)]
  const qty = description === 'Gift card' ? 1 + Math.floor(rand() * 3) : 1
  const amount = Math.round(price * qty * 100)
  const p = fake.pay({ amount, currency: 'gbp', customer: payer.customerId, email: payer.email, description, decline })
  return { charge: p.charge.id as string, amount, description, declined: decline !== undefined }
}

/**
 * Plays the seven days before `now` into the fake (whose clock must start before them):
 * `customers` become Stripe customers, `guests` pay without an account.
 */
export function playStripeWeek(fake: FakeStripe, customers: readonly Omit<Payer, 'customerId'>[], guests: readonly Omit<Payer, 'customerId'>[], now = Date.now(), rand = seeded(31)): StripeWeek {
  const s = fake.state
  const today = Math.floor(now / 1000 / DAY) * DAY
  const weekStart = today - 7 * DAY
  // The customers signed up over the months before.
  const payers: Payer[] = []
  const signups = customers.map(() => s.now() + Math.floor(rand() * (weekStart - s.now() - 3600))).sort((a, b) => a - b)
  customers.forEach((c, i) => {
    s.setTime(Math.max(s.now(), signups[i]))
    payers.push({ ...c, customerId: fake.createCustomer({ email: c.email, name: c.name }).id as string })
  })
  payers.push(...guests)

  const acts: [number, () => void][] = []
  const charges: string[] = []
  for (let d = 0; d < 7; d++) {
    const day = weekStart + d * DAY
    const count = 14 + Math.floor(rand() * 12)
    for (let i = 0; i < count; i++) {
      const at = day + 9 * 3600 + Math.floor(rand() * 9 * 3600)
      const payer = payers[Math.floor(rand() * payers.length)]
      const decline = rand() < 0.03 ? (rand() < 0.5 ? 'card_declined' : 'insufficient_funds') : undefined
      acts.push([at, () => {
        const p = payNow(fake, payer, rand, decline)
        if (!p.declined) charges.push(p.charge)
      }])
    }
    // Stripe pays the balance out to the bank on Mondays, Wednesdays and Fridays.
    if ([1, 3, 5].includes(new Date(day * 1000).getUTCDay())) acts.push([day + 7 * 3600, () => void fake.payout(45_000 + Math.floor(rand() * 40_000), 'gbp')])
  }
  // A refund and a partial refund a few days in, and a chargeback on an early payment.
  acts.push([weekStart + 3 * DAY + 16 * 3600, () => void fake.refund(charges[4])])
  acts.push([weekStart + 4 * DAY + 11 * 3600, () => void fake.refund(charges[30], 1000)])
  acts.push([weekStart + 5 * DAY + 15 * 3600, () => void fake.dispute(charges[12], 'product_not_received')])
  for (const [at, act] of acts.sort((a, b) => a[0] - b[0])) {
    s.setTime(Math.max(s.now(), at))
    act()
  }
  stripeNow(fake, now)
  return { payers, charges }
}
