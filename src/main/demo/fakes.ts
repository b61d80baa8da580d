/**
 * The vendors' stand-in APIs (src/main/stand-ins), started in this process for the demo: HubSpot,
 * Mailchimp, Stripe, QuickBooks Online and ShipStation, each on its own 127.0.0.1 port, with fault
 * injection off and the vendors' real rate limits. They are loaded only when the demo
 * runs (dynamic imports), so the desktop app never loads them.
 *
 * Nothing here reads the shared vendor-specs folder: the Stripe fake's fixtures are copied
 * beside it and the QuickBooks fake runs without its XSD checks (tests turn those on). If
 * Stripe or QuickBooks still cannot start, the demo keeps CSV files in their place and
 * says so (`moneyStandIn` says why).
 */
import type { FakeHubspot } from '../stand-ins/hubspot'
import type { MailchimpFake, mailchimpUser } from '../stand-ins/mailchimp'
import type { FakeStripe, FakeStripeOptions } from '../stand-ins/stripe'
import type { FakeQuickBooks, FakeQuickBooksOptions } from '../stand-ins/quickbooks'
import type { ShipStationStandIn } from '../stand-ins/shipstation'

/** The business the fakes play. */
export const BUSINESS = 'Harbour Bakery'

/** The fakes the demo runs on. */
export interface DemoFakes {
  hubspot: FakeHubspot
  mailchimp: MailchimpFake
  /** Acts in Mailchimp as a person in its web app would. */
  mailchimpUser: ReturnType<typeof mailchimpUser>
  /** ShipStation, with ShipStation's own limit of 200 requests a minute. */
  shipstation: ShipStationStandIn
  /** Absent when the Stripe or QuickBooks stand-in could not start. */
  money?: { stripe: FakeStripe; stripeKey: string; quickbooks: FakeQuickBooks }
  /** Why Stripe and QuickBooks are CSV stand-ins, when they are: what failed as it was said (e.g. "listen EADDRINUSE …"). */
  moneyStandIn?: string
  /** Forgets the exchanges the fakes recorded for contract tests, so a long demo does not grow. */
  forgetExchanges(): void
  close(): Promise<void>
}

/**
 * How the demo starts the Stripe and QuickBooks stand-ins. Tests replace one with a start
 * that really fails (its port taken) to see the demo tell the owner.
 */
export interface MoneyStarters {
  /** @default the Stripe stand-in's `startFakeStripe` */
  stripe?: (o: FakeStripeOptions) => Promise<FakeStripe>
  /** @default the QuickBooks stand-in's `startFakeQuickBooks` */
  quickbooks?: (o: FakeQuickBooksOptions) => Promise<FakeQuickBooks>
}

/** Starts the fakes; `stripeStart` is the Stripe clock's start (unix seconds), before the week of payments. */
export async function startDemoFakes(stripeStart: number, starters: MoneyStarters = {}): Promise<DemoFakes> {
  // All four start side by side; if Stripe or QuickBooks fails, CSV files stand in and the owner is told.
  const moneyStarting = startMoney(stripeStart, starters).then(
    (m) => ({ money: m, why: undefined }),
    (err: unknown) => ({ money: undefined, why: err instanceof Error ? err.message : String(err) })
  )
  const [hs, mc, ss] = await Promise.all([import('../stand-ins/hubspot'), import('../stand-ins/mailchimp'), import('../stand-ins/shipstation')])
  // HubSpot's budgets for a private app on a paid plan (190 requests per 10 s, 4 searches a second); no faults.
  const [hsStarted, mcStarted, moneyStarted, ssStarted] = await Promise.allSettled([
    hs.startFakeHubspot({}),
    mc.startMailchimpFake({ accountName: BUSINESS, audiences: { b4k3ry2026: `${BUSINESS} newsletter` } }),
    moneyStarting,
    ss.startShipStation()
  ])
  const { money, why: moneyStandIn } = moneyStarted.status === 'fulfilled' ? moneyStarted.value : { money: undefined, why: undefined }
  const started: { close(): Promise<void> }[] = [
    ...(hsStarted.status === 'fulfilled' ? [hsStarted.value] : []),
    ...(mcStarted.status === 'fulfilled' ? [mcStarted.value] : []),
    ...(ssStarted.status === 'fulfilled' ? [ssStarted.value] : []),
    ...(money ? [money.stripe, money.quickbooks] : [])
  ]
  if (hsStarted.status === 'rejected' || mcStarted.status === 'rejected' || ssStarted.status === 'rejected') {
    await Promise.allSettled(started.map((f) => f.close()))
    throw hsStarted.status === 'rejected' ? hsStarted.reason : mcStarted.status === 'rejected' ? mcStarted.reason : (ssStarted as PromiseRejectedResult).reason
  }
  const hubspot = hsStarted.value
  const mailchimp = mcStarted.value
  return {
    hubspot,
    mailchimp,
    mailchimpUser: mc.mailchimpUser(mailchimp),
    shipstation: ssStarted.value,
    money,
    moneyStandIn,
    forgetExchanges() {
      hubspot.recorder.take()
      mailchimp.recorder.take()
      mailchimp.requests.length = 0
      ssStarted.value.recorder.take()
      if (money) {
        money.stripe.exchanges.length = 0
        money.quickbooks.requests.length = 0
      }
    },
    async close() {
      await Promise.allSettled(started.map((f) => f.close()))
    }
  }
}

async function startMoney(stripeStart: number, starters: MoneyStarters): Promise<NonNullable<DemoFakes['money']>> {
  const [st, qb] = await Promise.all([import('../stand-ins/stripe'), import('../stand-ins/quickbooks')])
  // Stripe's test-mode pacing (25 requests a second); no fixture objects from 2009 in the books.
  const stripe = await (starters.stripe ?? st.startFakeStripe)({ fixtures: false, start: stripeStart })
  try {
    // Intuit's real throttles (10 requests a second, 40 batches a minute).
    const quickbooks = await (starters.quickbooks ?? qb.startFakeQuickBooks)({ name: BUSINESS, prefs: { homeCurrency: 'GBP' }, utcOffset: '+00:00' })
    qb.seedCompany(quickbooks.company)
    return { stripe, stripeKey: st.FAKE_SECRET_KEY, quickbooks }
  } catch (err) {
    await stripe.close()
    throw err
  }
}
