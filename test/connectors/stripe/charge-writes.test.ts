/**
 * Updating charges: the shipping carrier, tracking number and a metadata status land on the
 * payment; a carrier alone keeps the name and address the payment already has; a payment
 * with no ship-to name or address is refused in words before anything is sent; Patchbay
 * never creates or deletes a payment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { WriteOutcome } from '../../../src/main/connectors/types'
import { stripeWorld, type StripeWorld } from './helpers'

let w: StripeWorld
beforeAll(async () => {
  w = await stripeWorld({ fake: { fixtures: false } })
})
afterAll(() => w.close())

const charges = () => w.session.object('charges')
const paid = () => w.fake.pay({ amount: 2400, currency: 'gbp', email: 'buyer@shop.test' }).charge.id as string
const posts = (id: string) => w.fake.exchanges.filter((e) => e.method === 'POST' && e.path === `/v1/charges/${id}`)
const failure = (o: WriteOutcome) => (o.ok ? undefined : o.error)

describe('stripe charge updates', () => {
  it('writes the carrier, tracking number and ship-to onto the payment, with a metadata status, and reads them back', async () => {
    const id = paid()
    const [out] = await charges().write([{ op: 'update', ref: 'w1', id, fields: {
      shipping_name: 'Ann Buyer', shipping_address_line1: '1 Harbour Walk', shipping_address_city: 'Bristol', shipping_address_postal_code: 'BS1 5TY', shipping_address_country: 'GB',
      shipping_carrier: 'Royal Mail', shipping_tracking_number: 'RM123456785GB', 'metadata.shipping_status': 'label_purchased'
    } }])
    expect(out).toMatchObject({ ok: true, id })
    expect(w.fake.state.get(id)).toMatchObject({ shipping: { name: 'Ann Buyer', carrier: 'Royal Mail', tracking_number: 'RM123456785GB', address: { line1: '1 Harbour Walk', postal_code: 'BS1 5TY', line2: null } }, metadata: { shipping_status: 'label_purchased' } })
    expect(posts(id)[0].headers.idempotencyKey).toBe('patchbay-charges-update-w1')
    const [rec] = await charges().get([id])
    expect(rec.fields).toMatchObject({ shipping_carrier: 'Royal Mail', shipping_tracking_number: 'RM123456785GB', shipping_name: 'Ann Buyer', shipping_address_city: 'Bristol', 'metadata.shipping_status': 'label_purchased' })
    expect(w.fake.state.all('events').filter((e) => e.type === 'charge.updated')).toHaveLength(1)
  })

  it('sends a new carrier with the name and address the payment already has, which Stripe requires', async () => {
    const id = paid()
    await charges().write([{ op: 'update', ref: 'w2', id, fields: { shipping_name: 'Ben', shipping_address_line1: '2 Quay St', shipping_address_line2: 'Flat 3', shipping_address_country: 'GB', shipping_carrier: 'Royal Mail' } }])
    const [out] = await charges().write([{ op: 'update', ref: 'w3', id, fields: { shipping_carrier: 'UPS', shipping_tracking_number: '1Z999AA10123456784' } }])
    expect(out.ok).toBe(true)
    expect(posts(id)[1].form).toEqual({ shipping: { name: 'Ben', carrier: 'UPS', tracking_number: '1Z999AA10123456784', address: { line1: '2 Quay St', line2: 'Flat 3', country: 'GB' } } })
    expect(w.fake.state.get(id)).toMatchObject({ shipping: { name: 'Ben', carrier: 'UPS', address: { line2: 'Flat 3' } } })
  })

  it('refuses, in words and without a call, a tracking number for a payment that has no ship-to name or address', async () => {
    const id = paid()
    const [out] = await charges().write([{ op: 'update', ref: 'w4', id, fields: { shipping_tracking_number: 'RM1' } }])
    expect(failure(out)?.message).toBe(`Stripe keeps shipping details on payment ${id} only with the ship-to name and address, and this payment has no name and address`)
    expect(posts(id)).toHaveLength(0)
    expect(w.fake.state.get(id)!.shipping).toBeNull()
  })

  it('never creates or deletes a payment, and says so', async () => {
    const id = paid()
    const before = w.fake.exchanges.length
    const [made, gone] = await charges().write([
      { op: 'create', ref: 'c1', fields: { shipping_carrier: 'UPS' } },
      { op: 'delete', ref: 'd1', id }
    ])
    expect(failure(made)?.message).toBe('Patchbay does not create Stripe payments: a payment is made only when a customer pays')
    expect(failure(gone)?.message).toBe(`Patchbay does not delete Stripe payments, so payment ${id} was left as it is`)
    expect(w.fake.exchanges.length).toBe(before)
    expect(w.fake.state.get(id)).toMatchObject({ status: 'succeeded' })
  })

  it('names a field Stripe payments do not take', async () => {
    const [out] = await charges().write([{ op: 'update', ref: 'w5', id: paid(), fields: { amount: 1 } }])
    expect(failure(out)?.message).toBe('Patchbay cannot write "amount" on a Stripe payment')
  })
})
