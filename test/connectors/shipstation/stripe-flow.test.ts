/**
 * Card payments → shipments: Stripe charges (the address as the checkout saved it in the
 * charge's metadata) become shipments awaiting a label; a declined payment ships nothing;
 * a refund cancels the shipment. Tracking → Stripe payments: once a label is bought, its
 * carrier and tracking number (with the ship-to Stripe requires beside them, and the status
 * in metadata.shipping_status) arrive on the charge at the next run, and nothing is sent again.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncSchema, type Sync } from '../../../src/shared/domain'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import { TEMPLATES } from '../../../src/main/calls/templates'
import { syncFromTemplate } from '../../../src/main/demo/from-template'
import { runSync } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { startShipStation, type ShipStationStandIn } from '../../../src/main/stand-ins/shipstation'
import { stripeWorld, type StripeWorld } from '../stripe/helpers'
import { openShipStation } from './helpers'

let stripe: StripeWorld
let ship: ShipStationStandIn
let sync: Sync
let state: SyncState
let tracking: Sync
let trackingState: SyncState
let sessions: Record<string, ConnectorSession>
const address = (n: number) => ({ ship_name: `Card Buyer ${n}`, ship_line1: `${n} Harbour Walk`, ship_city: 'Bristol', ship_postcode: 'BS1 5TY', ship_country: 'gb', weight_grams: '700' })

beforeAll(async () => {
  stripe = await stripeWorld({ fake: { fixtures: false } })
  ship = await startShipStation()
  sessions = { pay: stripe.session, ship: await openShipStation(ship) }
  const setup = { fields: (conn: string, object: string) => sessions[conn].object(object).fields(), timeZone: 'UTC' }
  // The form suggests fields from what the connection shows; Stripe shows metadata keys once a charge carries them.
  for (const n of [1, 2]) stripe.fake.pay({ amount: 2400, currency: 'gbp', email: `card${n}@shop.test`, description: '2 x Sourdough loaf', metadata: address(n) })
  stripe.fake.pay({ amount: 1800, currency: 'gbp', email: 'declined@shop.test', description: 'Jam jar', metadata: address(3), decline: 'card_declined' })
  const input = await syncFromTemplate(setup, { template: 'stripe-orders-to-shipments', id: 'cards-to-ship', name: 'Cards → ShipStation', left: { connectionId: 'pay', object: 'charges' }, right: { connectionId: 'ship', object: 'shipments' } })
  // Stripe's field list does not offer metadata keys, so the owner picks the template's metadata.ship_* names by hand.
  const template = TEMPLATES.find((t) => t.id === 'stripe-orders-to-shipments')!
  for (const m of input.mapping) if (!m.left) m.left = template.fields.find((f) => f.name === m.name)?.left.find((n) => n.startsWith('metadata.'))
  sync = syncSchema.parse(input)
  state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-stripe-ship-')))
  tracking = syncSchema.parse(await syncFromTemplate(setup, { template: 'tracking-to-stripe', id: 'tracking-to-cards', name: 'Tracking → Stripe', left: { connectionId: 'ship', object: 'shipments' }, right: { connectionId: 'pay', object: 'charges' } }))
  trackingState = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-ship-stripe-')))
})
afterAll(async () => {
  await ship.close()
  await stripe.close()
})

const run = () => runSync({ sync, adapters: { left: sessions.pay.object('charges'), right: sessions.ship.object('shipments') }, state, trigger: 'watch' })
const runTracking = () => runSync({ sync: tracking, adapters: { left: sessions.ship.object('shipments'), right: sessions.pay.object('charges') }, state: trackingState, trigger: 'watch' })
const chargeUpdates = () => stripe.fake.exchanges.filter((e) => e.method === 'POST' && e.path.startsWith('/v1/charges/'))

describe('card payments → shipments', () => {
  it('ships each paid charge with the address its checkout saved; a declined one ships nothing and says why', async () => {
    const { run: r } = await run()
    expect(r.counts).toMatchObject({ created: 2, failed: 1 })
    const made = [...ship.store.shipments.values()]
    expect(made.map((s) => s.ship_to.name).sort()).toEqual(['Card Buyer 1', 'Card Buyer 2'])
    expect(made[0]).toMatchObject({ shipment_status: 'pending', ship_to: { country_code: 'GB', postal_code: 'BS1 5TY' }, items: [{ name: 'Sourdough loaf', quantity: 2 }], packages: [{ weight: { value: 700 } }] })
    expect(made[0].external_shipment_id).toMatch(/^ch_/)
    expect(state.data.failures.map((f) => f.message)).toEqual([expect.stringMatching(/^Order ch_\w+ was not paid, so Patchbay made no shipment for it$/)])
  })

  it('a refund cancels the shipment still awaiting its label', async () => {
    const [first] = [...ship.store.shipments.values()]
    stripe.fake.state.advance(60)
    stripe.fake.refund(first.external_shipment_id!)
    const { run: r } = await run()
    expect(r.counts).toMatchObject({ created: 0, updated: 1 })
    expect(ship.store.get(first.shipment_id).shipment_status).toBe('cancelled')
    expect([...ship.store.shipments.values()].filter((s) => s.shipment_status === 'pending')).toHaveLength(1)
  })

  it('a bought label\'s carrier and tracking number arrive on the Stripe payment at the next run, and a second run writes nothing', async () => {
    expect(tracking.mapping.map((m) => [m.name, m.right])).toEqual(expect.arrayContaining([['order', 'id'], ['tracking_number', 'shipping_tracking_number'], ['carrier', 'shipping_carrier'], ['shipment_status', 'metadata.shipping_status']]))
    const pending = [...ship.store.shipments.values()].find((s) => s.shipment_status === 'pending')!
    const chargeId = pending.external_shipment_id!
    // Before the label: the payment gets its ship-to and the status, and no tracking yet.
    expect((await runTracking()).run.counts).toMatchObject({ created: 0, updated: 2, failed: 0 })
    expect(stripe.fake.state.get(chargeId)).toMatchObject({ shipping: { name: pending.ship_to.name, carrier: null, tracking_number: null, address: { postal_code: 'BS1 5TY', country: 'GB' } }, metadata: { shipping_status: 'pending' } })

    const label = ship.buyLabel(pending.shipment_id)
    const before = chargeUpdates().length
    expect((await runTracking()).run.counts).toMatchObject({ created: 0, updated: 1, failed: 0 })
    expect(stripe.fake.state.get(chargeId)).toMatchObject({
      shipping: { name: pending.ship_to.name, carrier: 'Royal Mail', tracking_number: label.tracking_number, address: { line1: pending.ship_to.address_line1, city: 'Bristol', postal_code: 'BS1 5TY' } },
      metadata: { shipping_status: 'label_purchased', ship_name: pending.ship_to.name }
    })
    const sent = chargeUpdates().slice(before)
    expect(sent.map((e) => e.path)).toEqual([`/v1/charges/${chargeId}`])
    // Only the carrier, tracking number and status changed; Stripe still gets the name and address it requires.
    expect(sent[0].form).toMatchObject({ shipping: { carrier: 'Royal Mail', tracking_number: label.tracking_number, name: pending.ship_to.name, address: { postal_code: 'BS1 5TY' } }, metadata: { shipping_status: 'label_purchased' } })

    const after = chargeUpdates().length
    expect((await runTracking()).run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expect(chargeUpdates()).toHaveLength(after)
  })
})
