/**
 * The real-time path: the template's `watch` sync, driven by the scheduler on a fake
 * clock, posts a new Stripe payment to QuickBooks at the next poll (30 seconds), and a
 * payment the nightly sync sees too is not posted a second time.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { MemoryTable } from '../../src/main/connectors/memory'
import { docNumberFor } from '../../src/main/connectors/quickbooks/books'
import { FakeClock } from '../../src/main/scheduler/fake-clock'
import { Scheduler } from '../../src/main/scheduler/scheduler'
import { booksWorld, type BooksWorld } from './helpers'
import { cardFee } from './stripe-day'

let w: BooksWorld
let scheduler: Scheduler | undefined
afterEach(async () => {
  scheduler?.stop()
  await w?.close()
})

const pay = (stripe: MemoryTable, id: string, amount: number) =>
  stripe.put(id, { id, amount, amount_captured: amount, currency: 'usd', status: 'succeeded', customer_email: 'ann@example.com', created: '2026-11-25T10:00:00Z', product_id: 'prod_mugs', fee: cardFee('usd', amount), balance_currency: 'usd' })

describe('Stripe payments reach QuickBooks in real time', () => {
  it('posts a new payment within one poll interval of the watch trigger', async () => {
    w = await booksWorld()
    const stripe = new MemoryTable()
    const sync = w.syncs.realtime
    expect(sync.trigger).toEqual({ kind: 'watch', everySeconds: 30 })
    const clock = new FakeClock('2026-11-25T10:00:00Z')
    const runs: string[] = []
    scheduler = new Scheduler({
      syncs: [sync],
      clock,
      state: { get: () => undefined, set: () => {} },
      canStart: () => ({ ok: true }),
      recordSkipped: () => {},
      runSync: async (id, trigger) => {
        const { run } = await w.run(sync, stripe, { trigger })
        runs.push(`${trigger}:${run.status}:${run.counts.created}`)
      }
    })
    scheduler.start()
    await clock.advance(30_000)
    await scheduler.whenIdle()
    expect(runs).toEqual(['watch:ok:0'])

    pay(stripe, 'ch_realtime000000000000000001', 1250)
    await clock.advance(29_000)
    await scheduler.whenIdle()
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(0)
    await clock.advance(1_000)
    await scheduler.whenIdle()
    expect(runs).toEqual(['watch:ok:0', 'watch:ok:1'])
    const [receipt] = w.fake.company.list('SalesReceipt')
    expect(receipt).toMatchObject({ TotalAmt: 12.5, DocNumber: docNumberFor('ch_realtime000000000000000001'), PrivateNote: expect.stringMatching(/^Stripe ch_realtime000000000000000001 · main/), TxnDate: '2026-11-25' })

    // The nightly sync later sees the same payment and finds the posting instead of making another.
    const nightly = await w.run(w.syncs.charges, stripe)
    expect(nightly.run.counts).toMatchObject({ created: 0, failed: 0 })
    expect(w.fake.company.list('SalesReceipt')).toHaveLength(1)
    expect(w.fake.company.list('Purchase')).toHaveLength(1)
    // Pairing with an identical posting writes nothing (the SyncToken did not move).
    expect(w.fake.company.list('SalesReceipt')[0].SyncToken).toBe('0')
  })
})
