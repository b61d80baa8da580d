/**
 * What goes wrong in real books, each on its own record while the rest of the run posts:
 * a customer deleted in QuickBooks, a product nobody mapped, a payment dated in closed
 * books, a sales receipt edited in QuickBooks while Patchbay was updating it (stale
 * SyncToken), a currency the company cannot book. Each failure says what to do; once
 * done, the next run posts what was waiting, and only that.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Fields } from '../../src/shared/domain'
import { MemoryTable } from '../../src/main/connectors/memory'
import { booksWorld, type BooksWorld } from './helpers'
import { cardFee } from './stripe-day'

let w: BooksWorld
afterEach(async () => w?.close())

const charge = (id: string, o: Partial<Fields> = {}): Fields => {
  const amount = Number(o.amount ?? 2500)
  const currency = String(o.currency ?? 'usd')
  const fee = cardFee(currency, amount)
  return {
    id, amount, amount_captured: amount, currency, status: 'succeeded', customer_email: 'bob@example.com', description: `Order ${id}`,
    created: '2026-11-24T18:00:00Z', product_id: 'prod_beans', fee, net: amount - fee, balance_currency: currency, ...o
  }
}

const failureOf = async (w: BooksWorld, id: string) => (await w.state(w.syncs.charges)).data.failures.find((f) => f.sourceId === id || f.recordId === id || f.key === id)

describe('failures on single records while the run goes on', () => {
  it('gives a clear, actionable failure for a deleted customer, an unmapped product and closed books, then posts them once fixed', async () => {
    w = await booksWorld({ prefs: { closingDate: '2026-10-31' } })
    const stripe = new MemoryTable()
    const ok = ['ch_ok1aaaaaaaaaaaaaaaaaaaaaaa', 'ch_ok2aaaaaaaaaaaaaaaaaaaaaaa']
    for (const id of ok) stripe.put(id, charge(id))
    stripe.put('gone', charge('ch_gone00000000000000000000', { customer_email: 'gone@example.com' }))
    stripe.put('unmapped', charge('ch_unmapped0000000000000000', { product_id: 'prod_teapots' }))
    stripe.put('closed', charge('ch_closed000000000000000000', { created: '2026-10-15T18:00:00Z' }))
    w.fake.company.editAsUser('Item', w.ids.items.onlineSales, { Active: false })
    const first = await w.run(w.syncs.charges, stripe)
    expect(first.run.status).toBe('partial')
    expect(first.run.counts).toMatchObject({ created: 2, failed: 3 })
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(2)
    const gone = await failureOf(w, 'ch_gone00000000000000000000')
    expect(gone?.message).toBe('ch_gone00000000000000000000: The QuickBooks customer for gone@example.com ("Gina Gone") is deleted (inactive) in QuickBooks')
    const unmapped = await failureOf(w, 'ch_unmapped0000000000000000')
    expect(unmapped?.message).toMatch(/QuickBooks has no active item "Online sales" \(accounting.defaultItem\)/)
    const closed = await failureOf(w, 'ch_closed000000000000000000')
    expect(closed?.message).toMatch(/dated in a period whose books are closed in QuickBooks/)
    // Nothing half-posted: the failed payments left no fee expense behind.
    expect(w.fake.company.list('Purchase')).toHaveLength(2)

    // The bookkeeper fixes each thing; the next run posts exactly the three that waited.
    w.fake.company.editAsUser('Customer', w.ids.customers.gone, { Active: true })
    w.fake.company.editAsUser('Item', w.ids.items.onlineSales, { Active: true })
    w.fake.company.prefs.closingDate = '2026-09-30'
    const second = await w.run(w.syncs.charges, stripe)
    expect(second.run.status, JSON.stringify((await w.state(w.syncs.charges)).data.failures)).toBe('ok')
    expect(second.run.counts).toMatchObject({ created: 3, failed: 0 })
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(5)
    expect(w.fake.company.list('Purchase')).toHaveLength(5)
  })

  it('names the unmapped Stripe product and the mapping entry to add when there is no default item', async () => {
    w = await booksWorld({ mapping: { defaultItem: undefined } })
    const stripe = new MemoryTable()
    stripe.put('a', charge('ch_mapped00000000000000000'))
    stripe.put('b', charge('ch_teapot00000000000000000', { product_id: 'prod_teapots' }))
    const { run } = await w.run(w.syncs.charges, stripe)
    expect(run.counts).toMatchObject({ created: 1, failed: 1 })
    const f = await failureOf(w, 'ch_teapot00000000000000000')
    expect(f?.message).toBe('ch_teapot00000000000000000: Stripe product prod_teapots has no QuickBooks item in the accounting mapping')
  })

  it('treats a sales receipt edited in QuickBooks during the run as a conflict on that record, which the next run settles', async () => {
    w = await booksWorld()
    const stripe = new MemoryTable()
    stripe.put('a', charge('ch_edited0000000000000000000'))
    stripe.put('b', charge('ch_other00000000000000000000'))
    await w.run(w.syncs.charges, stripe)
    const receipt = w.fake.company.list('SalesReceipt').find((r) => String(r.PrivateNote).includes('ch_edited'))!
    // Stripe's side changes (a corrected description), and the bookkeeper edits the receipt
    // in QuickBooks after Patchbay read it but before Patchbay writes.
    stripe.put('a', { description: 'Order ch_edited (gift wrapped)' })
    stripe.put('b', { description: 'Order ch_other (express)' })
    const documents = w.documents
    const write = documents.write.bind(documents)
    documents.write = async (items) => {
      w.fake.company.editAsUser('SalesReceipt', receipt.Id!, { CustomerMemo: { value: 'Thanks, Bob!' } })
      documents.write = write
      return write(items)
    }
    const second = await w.run(w.syncs.charges, stripe)
    expect(second.run.counts).toMatchObject({ updated: 1, failed: 1 })
    const f = await failureOf(w, 'ch_edited0000000000000000000')
    expect(f?.message).toMatch(/^ch_edited0000000000000000000: the SalesReceipt for ch_edited0000000000000000000 was changed in QuickBooks since Patchbay read it, so Patchbay did not overwrite it/)
    expect((w.fake.company.find('SalesReceipt', receipt.Id!)!.CustomerMemo as { value: string }).value).toBe('Thanks, Bob!')
    // The next run reads the edited receipt, then writes Stripe's change with the new SyncToken.
    const third = await w.run(w.syncs.charges, stripe)
    expect(third.run.status).toBe('ok')
    const now = w.fake.company.find('SalesReceipt', receipt.Id!)!
    expect(now.PrivateNote).toContain('gift wrapped')
    expect((now.CustomerMemo as { value: string }).value).toBe('Thanks, Bob!')
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(2)
  })

  it('refuses a second currency when the company has multi-currency off, and posts the rest', async () => {
    w = await booksWorld({ prefs: { multiCurrency: false } })
    const stripe = new MemoryTable()
    stripe.put('a', charge('ch_dollars000000000000000000'))
    stripe.put('b', charge('ch_euros00000000000000000000', { currency: 'eur' }))
    const { run } = await w.run(w.syncs.charges, stripe)
    expect(run.counts).toMatchObject({ created: 1, failed: 1 })
    const f = await failureOf(w, 'ch_euros00000000000000000000')
    expect(f?.message).toBe('ch_euros00000000000000000000: ch_euros00000000000000000000 is in EUR, but the QuickBooks company works only in USD (multi-currency is off)')
  })
})
