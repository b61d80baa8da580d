/**
 * End to end through both connectors and both fakes: the Stripe fake's scripted day of
 * activity (payments in pounds and euros, two declined, three refunds, a chargeback, an
 * invoice paid for a product) is read by the Stripe connector and posted by the nightly
 * syncs into a QuickBooks company that keeps its books in pounds with multi-currency on.
 * Stripe's own totals and the books' totals agree to the penny, per currency: gross,
 * fees, refunds, chargebacks and net. Then a new payment arrives and the real-time sync
 * posts it at its next poll, and only it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { openStripeSession } from '../../src/main/connectors/stripe'
import { booksTotals } from '../../src/main/accounting'
import { postedMoneyOf } from '../../src/main/connectors/quickbooks/books'
import { DAY_OF_ACTIVITY_TOTALS, FAKE_SECRET_KEY, generateDayOfActivity, startFakeStripe, type FakeStripe } from '../../src/main/stand-ins/stripe'
import { connectionTo } from '../connectors/stripe/helpers'
import { booksWorld, type BooksWorld } from './helpers'

let w: BooksWorld | undefined
let stripe: FakeStripe | undefined
afterEach(async () => {
  await w?.close()
  await stripe?.close()
})

describe('a day of Stripe activity, read from Stripe and posted to QuickBooks', () => {
  it('reconciles to the penny per currency, and the real-time sync then posts a new payment at its next poll', async () => {
    stripe = await startFakeStripe({ fixtures: false })
    const day = generateDayOfActivity(stripe)
    const fake = stripe
    const session = await openStripeSession(
      { connection: connectionTo(fake.url), secrets: { apiKey: FAKE_SECRET_KEY } },
      { retry: { baseMs: 1, capMs: 4, random: () => 0.5 }, now: () => fake.state.now() * 1000 }
    )
    w = await booksWorld({
      prefs: { homeCurrency: 'GBP', multiCurrency: true },
      mapping: { products: { [day.product]: { item: 'Consulting', incomeAccount: 'Sales of Product Income' } } }
    })
    for (const sync of [w.syncs.charges, w.syncs.refunds, w.syncs.disputes, w.syncs.payouts]) {
      const { run } = await w.run(sync, session.object(sync.left.object))
      expect(run.status, `${sync.id}: ${JSON.stringify(run.error ?? (await w.state(sync)).data.failures)}`).toBe('ok')
    }
    const books = booksTotals(postedMoneyOf(w.parts()))
    for (const currency of ['gbp', 'eur'] as const) {
      const want = DAY_OF_ACTIVITY_TOTALS[currency]
      const got = books.get(`${day.date}|${currency.toUpperCase()}`)!
      expect({ gross: got.gross, fees: got.fees, refunds: got.refunds, disputed: got.disputes, net: got.net }, currency).toEqual({
        gross: want.gross, fees: want.fees, refunds: want.refunds, disputed: want.disputed, net: want.net
      })
    }
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(DAY_OF_ACTIVITY_TOTALS.gbp.succeeded + DAY_OF_ACTIVITY_TOTALS.eur.succeeded)
    // The declined payments are nowhere in the books.
    for (const who of ['dave', 'ines']) expect(w.parts().some((p) => String(p.PrivateNote).includes(day.charges[who]))).toBe(false)
    // The invoice's product became a QuickBooks item on the mapped income account.
    const consulting = w.fake.company.list('Item').find((i) => i.Name === 'Consulting')!
    expect(consulting.IncomeAccountRef).toMatchObject({ value: w.ids.accounts.income })
    const frank = w.fake.company.list('SalesReceipt').find((r) => String(r.PrivateNote).includes(day.charges.frank))!
    expect((frank.Line as { SalesItemLineDetail: { ItemRef: { value: string } } }[])[0].SalesItemLineDetail.ItemRef.value).toBe(consulting.Id)
    // Refunds carry the customer of the payment they refund.
    const bobRefund = w.fake.company.list('RefundReceipt').find((r) => String(r.PrivateNote).includes(day.refunds.bob))!
    expect((w.fake.company.find('Customer', (bobRefund.CustomerRef as { value: string }).value)!.PrimaryEmailAddr as { Address: string }).Address).toBe('bob@example.com')

    // Real time: the watch sync's first poll finds everything posted already...
    const realtime = session.object('charges')
    const posted = w.parts().length
    const first = await w.run(w.syncs.realtime, realtime, { trigger: 'watch' })
    // (The two declined payments count as accepted: the engine has no "skipped" outcome.)
    expect(first.run.counts).toMatchObject({ created: 2, failed: 0 })
    expect(w.parts().length).toBe(posted)
    // ...and the next poll posts the payment made in between, once.
    fake.state.advance(30)
    const paid = fake.pay({ amount: 1850, currency: 'gbp', customer: day.customers.alice, email: 'alice@example.com', description: 'Flat white x 5' })
    const next = await w.run(w.syncs.realtime, realtime, { trigger: 'watch' })
    expect(next.run.counts).toMatchObject({ created: 1, failed: 0 })
    const receipts = w.fake.company.list('SalesReceipt').filter((r) => String(r.PrivateNote).includes(String(paid.charge.id)))
    expect(receipts).toHaveLength(1)
    expect(receipts[0]).toMatchObject({ TotalAmt: 18.5, CurrencyRef: { value: 'GBP' } })
  })
})
