/**
 * The shop's shipping flow, end to end on real stand-ins (CSV orders → ShipStation →
 * the orders file, HubSpot and Mailchimp), driven as the watch trigger drives it: run,
 * act in ShipStation as the shop does, run again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailchimpUser } from '../../../src/main/stand-ins/mailchimp'
import { flowWorld, order, type FlowWorld } from './flow-world'

let w: FlowWorld
beforeAll(async () => {
  w = await flowWorld([order(1), order(2, { items: 'Tea towel', weight_grams: '150' }), order(3, { ship_postcode: 'BS1 ZZZ' }), order(4), order(5, { email: 'BUYER5@shop.test ' })])
  // A buyer already on the email list, with tags of the shop's own that shipping must not take away.
  mailchimpUser(w.mailchimp).add('buyer1@shop.test', { FNAME: 'Ann' }, ['newsletter', 'vip'])
})

const tagsOf = (email: string) => [...(mailchimpUser(w.mailchimp).find(email)?.tags ?? [])].sort()
const tagCalls = () => w.mailchimp.recorder.all().filter((e) => e.method === 'POST' && e.path.endsWith('/tags'))
afterAll(() => w.close())

const byOrder = async () => Object.fromEntries((await w.readOrders()).map((r) => [r.order_id, r]))

describe('paid orders → shipments → tracking back', () => {
  it('makes a shipment awaiting a label for each paid order; a refused address is a plain Failure and the rest go through', async () => {
    const { run } = await w.run('orders-to-shipments')
    expect(run.status).toBe('partial')
    expect(run.counts).toMatchObject({ created: 4, failed: 1 })
    for (const id of ['#1001', '#1002', '#1004', '#1005']) expect(w.shipstation.forOrder(id)?.shipment_status, id).toBe('pending')
    expect(w.shipstation.forOrder('#1003')).toBeUndefined()
    expect(w.shipstation.forOrder('#1002')).toMatchObject({ items: [{ name: 'Tea towel', quantity: 1 }], packages: [{ weight: { value: 150, unit: 'gram' } }], ship_to: { name: 'Buyer 2', address_line1: '2 Mill Lane', city_locality: 'Bristol', postal_code: 'BS1 5AA', country_code: 'GB', email: 'buyer2@shop.test' } })
    const [failure] = w.failures('orders-to-shipments')
    expect(failure.message).toBe("ShipStation refused the ship-to address: Ship-to postcode 'BS1 ZZZ' is not a valid postal code for GB")
    // Nothing to do on the next watch: no shipment twice.
    const again = await w.run('orders-to-shipments')
    expect(again.run.counts).toMatchObject({ created: 0, updated: 0 })
    expect(w.shipstation.store.shipments.size).toBe(4)
  })

  it('brings a bought label’s tracking number, carrier and status back to the order, the CRM and the email list within one watch', async () => {
    for (const id of ['tracking-to-orders', 'tracking-to-crm', 'shipped-to-email']) expect((await w.run(id)).run.status, id).toBe('ok')
    // Awaiting a label: no "shipped" yet, and the member's own tags are all still there.
    expect(tagsOf('buyer1@shop.test')).toEqual(['newsletter', 'vip'])
    expect(tagsOf('buyer2@shop.test')).toEqual([])
    expect(tagCalls()).toEqual([])
    const label = w.shipstation.buyLabel(w.shipstation.forOrder('#1001')!.shipment_id)
    const ups = w.shipstation.buyLabel(w.shipstation.forOrder('#1005')!.shipment_id, 'ups')
    for (const id of ['tracking-to-orders', 'tracking-to-crm', 'shipped-to-email']) expect((await w.run(id)).run.status, id).toBe('ok')
    const rows = await byOrder()
    expect(rows['#1001']).toMatchObject({ tracking_number: label.tracking_number, carrier: 'Royal Mail', shipment_status: 'label_purchased', ship_postcode: 'BS1 5AA' })
    expect(rows['#1005']).toMatchObject({ tracking_number: ups.tracking_number, carrier: 'UPS', shipment_status: 'label_purchased' })
    expect(rows['#1002']).toMatchObject({ tracking_number: '', shipment_status: 'pending' })
    expect(Object.keys(rows).sort()).toEqual(['#1001', '#1002', '#1003', '#1004', '#1005'])
    const contact = w.hubspot.store.findUnique('contacts', 'email', 'buyer1@shop.test')!
    expect(contact.properties).toMatchObject({ shipping_tracking_number: label.tracking_number, shipping_carrier: 'Royal Mail', shipping_status: 'label_purchased' })
    const member = [...w.mailchimp.store.audience(w.mailchimp.listId).members.values()].find((m) => m.email === 'buyer5@shop.test')!
    expect(member.status).toBe('transactional')
    expect(member.merge).toMatchObject({ TRACKING: ups.tracking_number, CARRIER: 'UPS', SHIPSTATUS: 'label_purchased' })
  })

  it('a bought label adds the tag “shipped” in Mailchimp, keeps the member’s other tags, and the next run adds nothing twice', async () => {
    expect(tagsOf('buyer1@shop.test')).toEqual(['newsletter', 'shipped', 'vip'])
    expect(tagsOf('buyer5@shop.test')).toEqual(['shipped'])
    for (const n of [2, 4]) expect(tagsOf(`buyer${n}@shop.test`), `buyer${n}`).toEqual([])
    // One additive tag call per labelled parcel, each only "shipped", active: never a tag made inactive.
    expect(tagCalls().map((e) => e.requestBody)).toEqual([{ tags: [{ name: 'shipped', status: 'active' }] }, { tags: [{ name: 'shipped', status: 'active' }] }])
    expect(mailchimpUser(w.mailchimp).find('buyer1@shop.test')!.merge).toMatchObject({ FNAME: 'Ann', SHIPSTATUS: 'label_purchased' })
    const calls = tagCalls().length
    const again = await w.run('shipped-to-email')
    expect(again.run.status).toBe('ok')
    expect(again.run.counts).toMatchObject({ created: 0, updated: 0 })
    expect(tagCalls()).toHaveLength(calls)
    expect(tagsOf('buyer1@shop.test')).toEqual(['newsletter', 'shipped', 'vip'])
  })

  it('a refund cancels a shipment awaiting its label; one with a label goes to the owner in plain words and keeps it', async () => {
    const rows = await w.readOrders()
    await w.writeOrders(rows.map((r) => (r.order_id === '#1002' || r.order_id === '#1001' ? { ...r, status: 'refunded' } : r.order_id === '#1003' ? { ...r, ship_postcode: 'BS1 6QA' } : r)))
    const { run } = await w.run('orders-to-shipments')
    expect(run.counts).toMatchObject({ created: 1, updated: 1, failed: 1 })
    expect(w.shipstation.forOrder('#1002')!.shipment_status).toBe('cancelled')
    expect(w.shipstation.forOrder('#1001')!.shipment_status).toBe('label_purchased')
    expect(w.shipstation.forOrder('#1003')!.shipment_status).toBe('pending')
    const failures = w.failures('orders-to-shipments')
    expect(failures.map((f) => f.message)).toEqual([expect.stringMatching(/^Order #1001 was refunded, but its shipment already has a label \(Royal Mail, tracking RM\d+GB\)\. Patchbay did not cancel it$/)])
    await w.run('tracking-to-orders')
    expect((await byOrder())['#1002'].shipment_status).toBe('cancelled')
  })
})
