/**
 * Stripe through the engine: charges copied one way into a books-like table (the shape
 * the QuickBooks syncs take), then only new payments on the next poll; customers both
 * ways by email, where a run that dies after Stripe created a customer never leaves a
 * second one behind.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { syncSchema, type SyncInput } from '../../../src/shared/domain'
import { MemoryTable } from '../../../src/main/connectors/memory'
import { runSync } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { DAY_OF_ACTIVITY_TOTALS, generateDayOfActivity } from '../../../src/main/stand-ins/stripe/day'
import { callsTo, stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
afterEach(() => w?.close())

async function engine(object: string, input: Omit<SyncInput, 'id' | 'name' | 'left' | 'right'>) {
  const sync = syncSchema.parse({ id: `stripe-${object}`, name: `Stripe ${object}`, left: { connectionId: 'stripe-test', object }, right: { connectionId: 'books', object: 'books' }, ...input })
  const books = new MemoryTable({ idPrefix: 'B' })
  const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-stripe-')))
  const adapters = { left: w.session.object(object), right: books }
  return { books, state, run: (o: { onRecord?: () => void } = {}) => runSync({ sync, adapters, state, trigger: 'watch', now: () => new Date(w.fake.state.now() * 1000), ...o }) }
}

const chargeMapping = ['id', 'amount', 'amount_refunded', 'currency', 'status', 'fee', 'net', 'customer_email', 'created'].map((f) => ({ name: f, left: f, right: f === 'id' ? 'stripe_id' : f }))

describe('stripe charges into the books through the engine', () => {
  it('copies the day once, then only the new payment on the next poll', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    generateDayOfActivity(w.fake)
    const e = await engine('charges', { direction: 'left-to-right', mapping: chargeMapping, match: { field: 'id' } })
    const first = await e.run()
    expect(first.run).toMatchObject({ status: 'ok', counts: { created: 10, failed: 0 } })
    const gbp = e.books.all().filter((r) => r.fields.currency === 'gbp' && r.fields.status === 'succeeded')
    expect(gbp.reduce((n, r) => n + (r.fields.amount as number), 0)).toBe(DAY_OF_ACTIVITY_TOTALS.gbp.gross)
    expect(gbp.every((r) => Number.isSafeInteger(r.fields.fee) && Number.isSafeInteger(r.fields.net))).toBe(true)

    const quietFrom = w.fake.exchanges.length
    const quiet = await e.run()
    expect(quiet.run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expect(w.fake.exchanges.slice(quietFrom).map((x) => x.path)).toEqual(['/v1/events'])

    w.fake.state.advance(30)
    const paid = w.fake.pay({ amount: 3150, currency: 'gbp', email: 'walkin@example.com' }).charge
    const eventsBefore = callsTo(w.fake, '/v1/events')
    const next = await e.run()
    expect(callsTo(w.fake, '/v1/events') - eventsBefore).toBe(1)
    expect(next.run.counts).toMatchObject({ created: 1, updated: 0, failed: 0 })
    expect(e.books.all().find((r) => r.fields.stripe_id === paid.id)?.fields).toMatchObject({ amount: 3150, fee: 67, net: 3083, customer_email: 'walkin@example.com' })

    w.fake.refund(paid.id as string, 150)
    const refunded = await e.run()
    expect(refunded.run.counts).toMatchObject({ created: 0, updated: 1 })
    expect(e.books.all().find((r) => r.fields.stripe_id === paid.id)?.fields.amount_refunded).toBe(150)
  })
})

describe('stripe customers both ways through the engine', () => {
  const mapping = [
    { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' as const }, { kind: 'lower' as const }], fromRight: [{ kind: 'trim' as const }, { kind: 'lower' as const }] },
    { name: 'name', left: 'name', right: 'display_name' }
  ]

  it('creates customers in Stripe from the books, with no duplicate after a crash before commit', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const e = await engine('customers', { direction: 'both', mapping, match: { field: 'email' } })
    e.books.put('B1', { email: 'nia@example.com', display_name: 'Nia Okafor' })
    e.books.put('B2', { email: 'omar@example.com', display_name: 'Omar Haddad' })
    const crashed = await e.run({
      onRecord: () => {
        throw new Error('power cut after Stripe answered, before Patchbay committed')
      }
    })
    expect(crashed.run.status).toBe('failed')
    expect(w.fake.state.all('customers')).toHaveLength(2)
    const rerun = await e.run()
    expect(rerun.run.status).toBe('ok')
    expect(w.fake.state.all('customers').filter((c) => !c.deleted).map((c) => c.email).sort()).toEqual(['nia@example.com', 'omar@example.com'])
    expect(rerun.run.counts.created).toBe(0)
    expect(e.state.links.size).toBe(2)
  })

  it('brings a name changed in Stripe to the books and does not echo the books\' own edit', async () => {
    w = await stripeWorld({ fake: { fixtures: false } })
    const id = w.fake.createCustomer({ email: 'pat@example.com', name: 'Pat' }).id as string
    const e = await engine('customers', { direction: 'both', mapping, match: { field: 'email' } })
    await e.run()
    expect(e.books.all().map((r) => r.fields)).toEqual([{ email: 'pat@example.com', display_name: 'Pat' }])
    w.fake.updateCustomer(id, { name: 'Patricia' })
    const a = await e.run()
    expect(a.run.counts).toMatchObject({ updated: 1 })
    expect(e.books.all()[0].fields.display_name).toBe('Patricia')
    const book = e.books.all()[0]
    e.books.put(book.id, { display_name: 'Pat Smith' })
    const b = await e.run()
    expect(b.run.counts).toMatchObject({ updated: 1 })
    expect(w.fake.state.get(id)).toMatchObject({ name: 'Pat Smith' })
    const c = await e.run()
    expect(c.run.counts).toMatchObject({ updated: 0, created: 0, conflicts: 0 })
  })
})
