/**
 * A day of Square activity (sales with order lines in dollars and euros, tips, a declined
 * card, a partial refund, a dispute) read from the fake Square by the Square connector and
 * posted by the nightly template syncs into QuickBooks: the books agree with Square to the
 * cent per day and currency, every posting names Square and its id, and a second night
 * posts nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DateTime } from 'luxon'
import type { Sync } from '../../src/shared/domain'
import { accountingSyncs, booksTotals, booksTotalsBySource } from '../../src/main/accounting'
import { postedMoneyOf, readNote } from '../../src/main/connectors/quickbooks/books'
import { squareDay, squareDayTotals } from '../../src/main/stand-ins/square'
import { squareWorld, type SquareWorld } from '../connectors/square/helpers'
import { TZ, type BooksWorld } from './helpers'
import { squareBooks } from './square-helpers'

let w: BooksWorld
let sq: SquareWorld
afterEach(async () => {
  await w?.close()
  await sq?.close()
})

const localDay = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ).toISODate()!

describe('a day of Square activity in QuickBooks', () => {
  it('reconciles to the cent per day and currency, posts nothing for the declined card, and nothing twice', async () => {
    w = await squareBooks()
    sq = await squareWorld()
    const day = squareDay(sq.fake.state, { payments: 14 })
    const syncs: Sync[] = accountingSyncs('square-quickbooks-nightly', { square: 'square', quickbooks: 'qbo', timeZone: TZ })
    expect(syncs.map((s) => s.left.object)).toEqual(['payments', 'refunds', 'disputes'])
    for (const sync of syncs) {
      const { run } = await w.run(sync, sq.session.object(sync.left.object))
      expect(run.status, `${sync.id}: ${JSON.stringify(run.error ?? (await w.state(sync)).data.failures)}`).toBe('ok')
    }
    const books = booksTotals(postedMoneyOf(w.parts()))
    // Everything in these books came from Square.
    expect([...booksTotalsBySource(postedMoneyOf(w.parts())).keys()]).toEqual(['square'])
    expect(booksTotalsBySource(postedMoneyOf(w.parts())).get('square')).toEqual(books)
    const square = squareDayTotals(sq.fake.state, localDay)
    expect([...square.keys()].map((k) => k.split('|')[1]).sort()).toEqual(['EUR', 'USD'])
    for (const [key, s] of square) {
      const b = books.get(key)
      expect(b, key).toBeDefined()
      expect({ gross: b!.gross, refunds: b!.refunds, fees: b!.fees, disputes: b!.disputes, net: b!.net }, key).toEqual(s)
    }
    // Every posting names Square, its id, and (Square ids say nothing) its kind.
    const marks = w.parts().map((p) => readNote(p.PrivateNote)).filter((m) => m !== undefined)
    expect(marks.every((m) => m.source === 'square' && m.kind !== undefined)).toBe(true)
    expect(marks.some((m) => m.sourceId === day.declined)).toBe(false)
    expect(marks.filter((m) => m.sourceId === day.dispute).map((m) => m.kind)).toEqual(['dispute'])
    // Lines come from the order: the catalog's items, tax on the taxed ones, the tip as a line of its own.
    const receipts = w.fake.company.list('SalesReceipt')
    expect(receipts).toHaveLength(13)
    const items = new Set(receipts.flatMap((r) => (r.Line as { SalesItemLineDetail?: { ItemRef: { value: string } } }[]).flatMap((l) => (l.SalesItemLineDetail ? [l.SalesItemLineDetail.ItemRef.value] : []))))
    expect(items).toContain(w.ids.items.beans)
    expect(items).toContain(w.ids.items.mugs)
    expect(w.fake.company.list('Item').filter((i) => i.Name === 'Latte')).toHaveLength(1)
    // Square's money is in Square's accounts; a Stripe payment in the same books stays in Stripe's.
    const account = (name: string) => String(w.fake.company.list('Account').find((a) => a.Name === name)!.Id)
    expect(new Set(receipts.map((r) => (r.DepositToAccountRef as { value: string }).value))).toEqual(new Set([account('Square')]))
    const fees = w.fake.company.list('Purchase').filter((p) => String(p.PrivateNote).includes(' · fee '))
    expect(fees.every((p) => (p.AccountRef as { value: string }).value === account('Square') && (p.Line as { AccountBasedExpenseLineDetail: { AccountRef: { value: string } } }[])[0].AccountBasedExpenseLineDetail.AccountRef.value === account('Square fees'))).toBe(true)
    expect(await w.documents.write([{ op: 'create', ref: 's', fields: { source_id: 'ch_stripeBesideSquare00000000', status: 'succeeded', date: '2026-11-24', currency: 'usd', amount: 2500, fee: 103, customer_email: 'ann@example.com' } }])).toMatchObject([{ ok: true }])
    const stripeReceipt = w.fake.company.list('SalesReceipt').find((r) => String(r.PrivateNote).startsWith('Stripe ch_stripeBesideSquare'))!
    expect((stripeReceipt.DepositToAccountRef as { value: string }).value).toBe(account('Stripe'))
    // A second night finds nothing new to post.
    const before = w.parts().length
    for (const sync of syncs) {
      const { run } = await w.run(sync, sq.session.object(sync.left.object))
      expect(run.counts, sync.id).toMatchObject({ created: 0, updated: 0, failed: 0 })
    }
    expect(w.parts().length).toBe(before)
  })
})
