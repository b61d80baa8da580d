/**
 * The ShipStation connector on its stand-in: shipments made awaiting a label with the
 * ship-to address, items and weight; a second create for the same order finds the first;
 * reads by `modified_at` bring back the tracking number, carrier and status of a bought
 * label; cancel, never with a label; and the faults (429 with and without Retry-After, 5xx,
 * a malformed body, a revoked key, a refused address).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ApiChangedError, AuthError, RecordError } from '../../../src/main/errors'
import type { ShipStationStandIn } from '../../../src/main/stand-ins/shipstation'
import { drain, openShipStation, orderFields, shipstationWorld } from './helpers'

let standIn: ShipStationStandIn | undefined
afterEach(async () => {
  await standIn?.close()
  standIn = undefined
})

async function world(o: Parameters<typeof shipstationWorld>[0] = {}) {
  const w = await shipstationWorld(o)
  standIn = w.standIn
  return { ...w, shipments: w.session.object('shipments') }
}

describe('ShipStation shipments', () => {
  it('makes a shipment awaiting a label from an order, and a repeat of the create finds it instead of failing', async () => {
    const { standIn: s, shipments } = await world()
    const [made] = await shipments.write([{ op: 'create', ref: 'a', fields: orderFields(1) }])
    expect(made).toMatchObject({ ok: true })
    const shipment = s.forOrder('#1001')!
    expect(shipment).toMatchObject({ shipment_status: 'pending', ship_to: { name: 'Customer 1', postal_code: 'BS1 5AA', country_code: 'GB' }, packages: [{ weight: { value: 1200, unit: 'gram' } }] })
    expect(shipment.items).toEqual([{ name: 'Sourdough loaf', quantity: 2, sku: 'SD-1' }, { name: 'Jam jar', quantity: 1 }])
    // A crashed run's create, sent again: ShipStation refuses the id, the connector reads the first one.
    const [again] = await shipments.write([{ op: 'create', ref: 'b', fields: orderFields(1) }])
    expect(again).toMatchObject({ ok: true, id: made.ok ? made.id : '' })
    expect(s.store.shipments.size).toBe(1)
  })

  it('reads changes by modified_at, with the tracking number, carrier and status once a label is bought', async () => {
    const { standIn: s, shipments } = await world({ settings: { pageSize: 2 } })
    await shipments.write([1, 2, 3, 4, 5].map((n) => ({ op: 'create' as const, ref: `r${n}`, fields: orderFields(n) })))
    // Five orders, one request: ShipStation takes many shipments a call.
    expect(s.recorder.all().filter((e) => e.method === 'POST' && e.path === '/v2/shipments')).toHaveLength(1)
    const first = await drain(await shipments.listChanged(null))
    expect(first.records.map((r) => r.fields.order).sort()).toEqual(['#1001', '#1002', '#1003', '#1004', '#1005'])
    expect(first.records[0].fields).toMatchObject({ status: 'pending', tracking_number: null, carrier: null, quantity: 3 })
    const label = s.buyLabel(s.forOrder('#1003')!.shipment_id)
    const next = await drain(await shipments.listChanged(first.cursor))
    const changed = next.records.find((r) => r.fields.order === '#1003')!
    expect(changed.fields).toMatchObject({ status: 'label_purchased', tracking_number: label.tracking_number, carrier: 'Royal Mail' })
    expect(next.records.length).toBeLessThanOrEqual(2)
  })

  it('cancels a shipment awaiting a label when its order is refunded, and never one with a label', async () => {
    const { standIn: s, shipments } = await world()
    const made = await shipments.write([1, 2].map((n) => ({ op: 'create' as const, ref: `r${n}`, fields: orderFields(n) })))
    const [one, two] = made.map((m) => (m.ok ? m.id : ''))
    const label = s.buyLabel(two)
    const out = await shipments.write([
      { op: 'update', ref: 'u1', id: one, fields: { order_status: 'refunded' } },
      { op: 'update', ref: 'u2', id: two, fields: { refunded: true } }
    ])
    expect(s.store.get(one).shipment_status).toBe('cancelled')
    expect(s.store.get(two).shipment_status).toBe('label_purchased')
    expect(out[0]).toMatchObject({ ok: true })
    const refused = out[1] as { ok: false; error: RecordError }
    expect(refused.ok).toBe(false)
    expect(refused.error.message).toBe(`Order #1002 was refunded, but its shipment already has a label (Royal Mail, tracking ${label.tracking_number}). Patchbay did not cancel it`)
    expect(refused.error.meta.hint).toMatch(/void the label in ShipStation/)
  })

  it('refuses a ship-to address in plain words naming the field, and the other orders go through', async () => {
    const { standIn: s, shipments } = await world()
    const out = await shipments.write([
      { op: 'create', ref: 'ok', fields: orderFields(1) },
      { op: 'create', ref: 'bad', fields: orderFields(2, { ship_to_postcode: 'BS99 ZZZ' }) },
      { op: 'create', ref: 'ok2', fields: orderFields(3) }
    ])
    expect(out.map((o) => o.ok)).toEqual([true, false, true])
    // The batch was refused whole for the one address, then sent one shipment at a time.
    const posts = s.recorder.all().filter((e) => e.method === 'POST' && e.path === '/v2/shipments')
    expect(posts[0]).toMatchObject({ status: 400, requestBody: { shipments: [{}, {}, {}] } })
    expect(posts.slice(1).map((e) => e.status).sort()).toEqual([200, 200, 400])
    const err = (out[1] as { error: RecordError }).error
    expect(err.message).toBe("ShipStation refused the ship-to address: Ship-to postcode 'BS99 ZZZ' is not a valid postal code for GB")
    expect(err.meta.hint).toBe('Correct the ship-to postcode on the order, then retry it from Failures.')
    expect(s.forOrder('#1002')).toBeUndefined()
  })

  it('says which order lacks a weight or an address part before asking ShipStation', async () => {
    const { shipments } = await world()
    const out = await shipments.write([
      { op: 'create', ref: 'w', fields: orderFields(1, { weight: null }) },
      { op: 'create', ref: 'a', fields: orderFields(2, { ship_to_city: '', ship_to_postcode: null }) }
    ])
    expect((out[0] as { error: RecordError }).error.message).toBe('Order #1001 has no parcel weight, so ShipStation cannot make its shipment')
    expect((out[1] as { error: RecordError }).error.message).toBe('Order #1002 has no ship-to town or city, ship-to postcode, so ShipStation cannot make its shipment')
  })
})

describe('ShipStation faults', () => {
  it('waits out 429s with and without Retry-After and retries 5xx and a dropped connection, with nothing made twice', async () => {
    const { standIn: s, shipments, logs } = await world()
    s.inject({ kind: '429', retryAfterSec: 0, method: 'POST' })
    s.inject({ kind: '429', retryAfterSec: null, method: 'GET' })
    s.inject({ kind: '5xx', status: 503, method: 'GET', times: 2 })
    s.inject({ kind: 'reset', method: 'GET', path: '/v2/shipments' })
    await shipments.write([{ op: 'create', ref: 'a', fields: orderFields(1) }])
    const read = await drain(await shipments.listChanged(null))
    expect(read.records).toHaveLength(1)
    expect(logs.filter((l) => l.status === 429)).toHaveLength(2)
    expect(logs.filter((l) => l.status === 503)).toHaveLength(2)
    expect(logs.filter((l) => l.status === null && l.method === 'GET')).toHaveLength(1)
    expect(s.store.shipments.size).toBe(1)
  })

  it('the stand-in answers past 200 requests a minute with 429 and the seconds to wait', async () => {
    const { standIn: s } = await world({ perMinute: 3 })
    const call = () => fetch(`${s.url}/v2/tags`, { headers: { 'api-key': s.key } })
    for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200)
    const limited = await call()
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(await limited.json()).toMatchObject({ errors: [{ error_code: 'rate_limit_exceeded' }] })
  })

  it('a malformed answer is an API change, and a revoked key asks for a reconnect', async () => {
    const { standIn: s, shipments } = await world()
    s.inject({ kind: 'malformed', path: '/v2/shipments' })
    await expect(drain(await shipments.listChanged(null))).rejects.toBeInstanceOf(ApiChangedError)
    s.revokeKey()
    const refused = drain(await shipments.listChanged(null))
    await expect(refused).rejects.toBeInstanceOf(AuthError)
    await expect(refused).rejects.toThrow('ShipStation did not accept the API key: The API key is invalid.')
    const test = await (await openShipStation(s)).test()
    expect(test).toMatchObject({ ok: false })
    expect(test.message).toMatch(/Reconnect ShipStation in Connections/)
  })
})
