/**
 * Card payments → shipments: Stripe charges (the address as the checkout saved it in the
 * charge's metadata) become shipments awaiting a label; a declined payment ships nothing;
 * a refund cancels the shipment. Stripe's connector writes only customers, so nothing is
 * written back to the payment: tracking reaches the customer through the CRM and email syncs.
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
})
afterAll(async () => {
  await ship.close()
  await stripe.close()
})

const run = () => runSync({ sync, adapters: { left: sessions.pay.object('charges'), right: sessions.ship.object('shipments') }, state, trigger: 'watch' })

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
})
