/**
 * The money half of the demo on the fakes: a week of Stripe card payments posted to
 * QuickBooks Online as they happen (the real-time accounting template), and Stripe's
 * refunds, chargebacks and payouts posted nightly (the nightly template). The nightly
 * payments sync is paused: the real-time one already posts each payment as it happens.
 */
import type { AccountingMappingInput } from '../accounting'
import type { DemoPart } from './contacts'
import type { DemoFakes } from './fakes'
import type { DemoContext } from './workspace'
import { syncsFromAccountingTemplate } from './from-template'
import { seeded } from './sample-data'
import { payNow, playStripeWeek, stripeNow, type Payer } from './stripe-week'

/** Sync ids of this part, as the accounting templates name them. */
export const MONEY_SYNCS = {
  realtime: 'stripe-payments-realtime',
  nightly: ['stripe-payments-nightly', 'stripe-refunds-nightly', 'stripe-disputes-nightly', 'stripe-payouts-nightly']
} as const

/** Where Stripe money goes in the books (the QuickBooks connection's Accounting tab). */
const MAPPING: AccountingMappingInput = {
  clearingAccount: 'Stripe',
  feesAccount: 'Stripe fees',
  disputesAccount: 'Chargebacks',
  payoutAccount: 'Business Checking',
  feesVendor: 'Stripe',
  defaultItem: 'Online sales'
}

/**
 * Intuit's access tokens live an hour. The connection cannot name the fake's token
 * endpoint (the config store refuses a setting called `tokenUrl` as secret-looking), so
 * the demo hands it a fresh pair before the hour is up instead of letting it refresh.
 */
const TOKEN_RENEW_MS = 45 * 60_000

/** Plays the week into the fake Stripe and returns the part; `buyers` are the people who pay. */
export function moneyPart(money: NonNullable<DemoFakes['money']>, buyers: { customers: Omit<Payer, 'customerId'>[]; guests: Omit<Payer, 'customerId'>[] }): DemoPart {
  const { stripe, stripeKey, quickbooks } = money
  const week = playStripeWeek(stripe, buyers.customers, buyers.guests)
  const rand = seeded(41)
  const qbo = () => {
    const pair = quickbooks.oauth.issue()
    return { clientId: quickbooks.oauth.app.clientId, clientSecret: quickbooks.oauth.app.clientSecret, accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessTokenExpiresAt: String(Date.now() + 3_600_000) }
  }
  const qboConnection = { id: 'quickbooks', system: 'quickbooks', label: 'QuickBooks Online', authKind: 'oauth2' as const, settings: { realmId: quickbooks.company.realmId, baseUrl: quickbooks.url, accounting: MAPPING } }
  let tokensAt = Date.now()
  const renewTokens = async (ctx: DemoContext) => {
    if (Date.now() - tokensAt < TOKEN_RENEW_MS) return
    tokensAt = Date.now()
    await ctx.saveConnection(qboConnection, qbo())
  }
  /** Payments made while the demo runs, which may be refunded. */
  const today: string[] = []
  return {
    connections: [
      { connection: { id: 'stripe', system: 'stripe', label: 'Stripe', authKind: 'api-key', settings: { baseUrl: stripe.url } }, secrets: { apiKey: stripeKey } },
      { connection: qboConnection, secrets: qbo() }
    ],
    syncs: async (setup) => [
      ...syncsFromAccountingTemplate(setup, 'stripe-quickbooks-realtime', 'stripe', 'quickbooks'),
      ...syncsFromAccountingTemplate(setup, 'stripe-quickbooks-nightly', 'stripe', 'quickbooks')
    ],
    async opening(ctx) {
      const [payments, ...others] = MONEY_SYNCS.nightly
      await ctx.pause(payments)
      ctx.say('The nightly Stripe payments sync is paused: the real-time one already posts each payment as it happens')
      await ctx.run(MONEY_SYNCS.realtime)
      // The nightly syncs were added today: a first run brings in the week's refunds, chargebacks and payouts.
      for (const id of others) {
        if (ctx.stopped) return
        await ctx.run(id)
      }
    },
    async tick(ctx, n) {
      // A card payment every other beat: a busy Saturday, not a stadium.
      if (n % 2 === 1) return renewTokens(ctx)
      stripeNow(stripe)
      const payer = week.payers[Math.floor(rand() * week.payers.length)]
      const p = payNow(stripe, payer, rand, n % 17 === 9 ? 'card_declined' : undefined)
      ctx.say(p.declined ? `A card payment of £${(p.amount / 100).toFixed(2)} by ${payer.email} was declined` : `New card payment in Stripe: £${(p.amount / 100).toFixed(2)} for ${p.description.toLowerCase()} (${payer.email})`)
      // Now and then someone paid today asks for their money back.
      if (n % 20 === 10 && today.length) {
        stripe.refund(today.shift()!)
        ctx.say('A customer was refunded in Stripe; the refund reaches QuickBooks tonight')
      }
      if (!p.declined) today.push(p.charge)
    }
  }
}
