/**
 * A day of Stripe activity (payments in dollars and euros, a declined payment, a partial
 * refund, a chargeback, a payout) runs through the nightly syncs into QuickBooks, and the
 * books agree with Stripe to the cent: gross, fees, refunds, chargebacks and net, per
 * day and currency, summed independently on both sides.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DateTime } from 'luxon'
import { booksTotals } from '../../src/main/accounting'
import { docNumberFor, postedMoneyOf } from '../../src/main/connectors/quickbooks/books'
import { booksWorld, TZ, type BooksWorld } from './helpers'
import { stripeDay, stripeTotals } from './stripe-day'

let w: BooksWorld
afterEach(async () => w?.close())

const localDay = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ).toISODate()!

describe('a day of Stripe activity in QuickBooks', () => {
  it('reconciles to the cent per day and currency, posts nothing for the declined payment, and posts nothing twice', async () => {
    w = await booksWorld({ prefs: { multiCurrency: true } })
    const day = stripeDay({ payments: 16 })
    for (const [sync, table] of [[w.syncs.charges, day.charges], [w.syncs.refunds, day.refunds], [w.syncs.disputes, day.disputes], [w.syncs.payouts, day.payouts]] as const) {
      const { run } = await w.run(sync, table)
      expect(run.status, `${sync.id}: ${JSON.stringify(run.error ?? (await w.state(sync)).data.failures)}`).toBe('ok')
    }
    const books = booksTotals(postedMoneyOf(w.parts()))
    const stripe = stripeTotals(day, localDay)
    expect(stripe.size).toBe(2)
    for (const [key, s] of stripe) {
      const b = books.get(key)
      expect(b, key).toBeDefined()
      expect({ gross: b!.gross, refunds: b!.refunds, fees: b!.fees, disputes: b!.disputes, net: b!.net }, key).toEqual(s)
    }
    // The payout left the Stripe account for the bank.
    expect([...books.values()].reduce((n, t) => n + t.payouts, 0)).toBe(5000)
    // The declined payment is nowhere in the books and is not a failure either.
    expect(w.parts().some((p) => String(p.PrivateNote).includes(day.ids.failed))).toBe(false)
    expect((await w.state(w.syncs.charges)).data.failures).toEqual([])
    // Every posting is marked with its Stripe id.
    const receipts = w.fake.company.list('SalesReceipt')
    expect(receipts).toHaveLength(15)
    for (const r of receipts) expect(String(r.DocNumber)).toBe(docNumberFor(String(r.PrivateNote).split(' ')[1]))
    expect(w.fake.company.list('Purchase').filter((p) => String(p.PrivateNote).includes(' · fee · '))).toHaveLength(15)
    expect(w.fake.company.list('RefundReceipt')).toHaveLength(1)
    expect(w.fake.company.list('Deposit')).toHaveLength(1)
    // The euro payments are in euros, for euro customers.
    const eur = receipts.filter((r) => (r.CurrencyRef as { value: string }).value === 'EUR')
    expect(eur).toHaveLength(day.ids.eur.length)
    for (const r of eur) expect((w.fake.company.find('Customer', (r.CustomerRef as { value: string }).value)!.CurrencyRef as { value: string }).value).toBe('EUR')
    // A second night finds nothing new to post.
    const before = w.parts().length
    for (const [sync, table] of [[w.syncs.charges, day.charges], [w.syncs.refunds, day.refunds]] as const) {
      const { run } = await w.run(sync, table)
      expect(run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
    }
    expect(w.parts().length).toBe(before)
  })

  it('creates a customer only once for a new payer, and matches existing ones by email', async () => {
    w = await booksWorld()
    const day = stripeDay({ payments: 8, emails: ['ANN@example.com', 'new.payer@example.com'], products: ['prod_beans'] })
    for (const id of day.ids.eur) day.charges.remove(day.charges.all().find((r) => r.fields.id === id)!.id)
    const { run } = await w.run(w.syncs.charges, day.charges)
    expect(run.status).toBe('ok')
    const customers = w.fake.company.list('Customer')
    expect(customers.filter((c) => (c.PrimaryEmailAddr as { Address: string }).Address === 'new.payer@example.com')).toHaveLength(1)
    const ann = w.ids.customers.ann
    expect(w.fake.company.list('SalesReceipt').filter((r) => (r.CustomerRef as { value: string }).value === ann).length).toBeGreaterThan(0)
    expect(w.fake.company.list('SalesReceipt').every((r) => ((r.Line as { SalesItemLineDetail: { ItemRef: { value: string } } }[])[0].SalesItemLineDetail.ItemRef.value) === w.ids.items.beans)).toBe(true)
  })
})
