/**
 * Writing to charges: updates only, of the charge's shipping (carrier, tracking number, who
 * and where) and its metadata, so a shop sees on the payment that the parcel went out.
 * A charge is Stripe's record of money taken: Patchbay never creates or deletes one, and
 * says so in plain words instead of sending anything.
 *
 * Stripe takes `shipping` as one hash whose `name` and `address` are required on every
 * update (spec3.yaml, POST /v1/charges/{charge}), so an update that does not carry every
 * shipping part reads the charge first and sends the parts it already has with the new ones:
 * nothing the charge had is lost, whether Stripe replaces the hash or merges it.
 * Each update carries an `Idempotency-Key` from the engine's write ref, as customer updates do.
 */
import { RecordError } from '../../errors'
import type { WriteItem, WriteOutcome } from '../types'
import { formBody, type StripeParam } from './form'
import { metadataFields } from './records/common'
import { isShippingField, mergedShipping, SHIPPING_PARTS, shippingFields, type ShippingField } from './records/shipping'
import { chargeSchema, type Charge } from './schemas'
import type { WriteContext } from './writes'

/** What a charge update may change, for the hint of a refusal. */
const WRITABLE = `${Object.keys(SHIPPING_PARTS).join(', ')}, metadata.<key>`

/** Applies a batch of charge writes, one request (two when the shipping must be read first) each. */
export async function writeCharges(ctx: WriteContext, items: WriteItem[]): Promise<WriteOutcome[]> {
  const settled = await Promise.allSettled(items.map((item) => writeOne(ctx, item)))
  // A refusal belongs to its record; anything else (auth, outage, API change) stops the run.
  const fatal = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof RecordError))
  if (fatal) throw fatal.reason
  return settled.map((s, i) => (s.status === 'fulfilled' ? s.value : { ref: items[i].ref, ok: false, error: s.reason as RecordError }))
}

async function writeOne(ctx: WriteContext, item: WriteItem): Promise<WriteOutcome> {
  if (item.op === 'create') {
    throw new RecordError('Patchbay does not create Stripe payments: a payment is made only when a customer pays', {
      connectionId: ctx.connectionId,
      hint: 'This sync only adds shipping details to payments that already exist. Check that the order id it matches on is the Stripe payment id (ch_…).'
    })
  }
  if (item.op === 'delete') {
    throw new RecordError(`Patchbay does not delete Stripe payments, so payment ${item.id} was left as it is`, {
      connectionId: ctx.connectionId,
      hint: 'Set this sync to ignore deletions. To refund a payment, do it in the Stripe Dashboard.'
    })
  }
  const params: Record<string, StripeParam> = {}
  const shippingChanges: Partial<Record<ShippingField, unknown>> = {}
  for (const [name, value] of Object.entries(item.fields)) {
    if (name === 'id') continue
    const meta = /^metadata\.(.+)$/.exec(name)
    if (meta) params[`metadata[${meta[1]}]`] = value === null || value === '' ? null : String(value)
    else if (isShippingField(name)) shippingChanges[name] = value
    else throw new RecordError(`Patchbay cannot write "${name}" on a Stripe payment`, { connectionId: ctx.connectionId, hint: `Writable fields: ${WRITABLE}.` })
  }
  if (Object.keys(shippingChanges).length > 0) params.shipping = await shippingParam(ctx, item.id, shippingChanges)
  const url = `/v1/charges/${encodeURIComponent(item.id)}`
  const c = await ctx.client.request({ method: 'POST', url, data: formBody(params), idempotencyKey: `patchbay-charges-update-${item.ref}`, schema: chargeSchema })
  return { ref: item.ref, ok: true, id: c.id, fields: { id: c.id, ...shippingFields(c), ...metadataFields(c.metadata) } }
}

/** The whole `shipping` hash to send: the changes over what the charge has now. */
async function shippingParam(ctx: WriteContext, id: string, changes: Partial<Record<ShippingField, unknown>>): Promise<Record<string, StripeParam>> {
  const complete = (Object.keys(SHIPPING_PARTS) as ShippingField[]).every((k) => k in changes)
  let current: Pick<Charge, 'shipping'> = { shipping: null }
  if (!complete) current = await ctx.client.request({ url: `/v1/charges/${encodeURIComponent(id)}`, schema: chargeSchema })
  const s = mergedShipping(shippingFields(current), changes as Record<string, string | null>)
  const address = { line1: s.shipping_address_line1, line2: s.shipping_address_line2, city: s.shipping_address_city, postal_code: s.shipping_address_postal_code, state: s.shipping_address_state, country: s.shipping_address_country }
  const hasAddress = Object.values(address).some((v) => v !== null)
  if (s.shipping_name === null || !hasAddress) {
    const missing = [s.shipping_name === null ? 'name' : null, hasAddress ? null : 'address'].filter(Boolean).join(' and ')
    throw new RecordError(`Stripe keeps shipping details on payment ${id} only with the ship-to name and address, and this payment has no ${missing}`, {
      connectionId: ctx.connectionId,
      hint: 'Map the ship-to name and address to the payment’s Shipping fields too, so Patchbay sends them with the carrier and tracking number.'
    })
  }
  // Parts with no value are left out rather than sent empty.
  const drop = (o: Record<string, string | null>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Record<string, string>
  return { ...drop({ name: s.shipping_name, phone: s.shipping_phone, carrier: s.shipping_carrier, tracking_number: s.shipping_tracking_number }), address: drop(address) }
}
