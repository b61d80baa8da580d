/**
 * A charge's `shipping` as flat fields, and the form parameters they are written with.
 * Stripe takes `shipping` as one hash that must carry `name` and `address` on every update
 * (spec3.yaml, POST /v1/charges/{charge}: `required: [address, name]`), so a write of the
 * carrier alone is completed from what the charge already has (../charge-writes.ts).
 */
import type { Fields } from '../../../../shared/domain'
import type { Charge } from '../schemas'

/** Record field → the part of Stripe's `shipping` hash it is. */
export const SHIPPING_PARTS = {
  shipping_name: ['name'],
  shipping_phone: ['phone'],
  shipping_carrier: ['carrier'],
  shipping_tracking_number: ['tracking_number'],
  shipping_address_line1: ['address', 'line1'],
  shipping_address_line2: ['address', 'line2'],
  shipping_address_city: ['address', 'city'],
  shipping_address_postal_code: ['address', 'postal_code'],
  shipping_address_state: ['address', 'state'],
  shipping_address_country: ['address', 'country']
} as const satisfies Record<string, readonly string[]>
export type ShippingField = keyof typeof SHIPPING_PARTS

/** The shipping fields of a `charges` record, all text. */
export const SHIPPING_FIELDS = Object.fromEntries(Object.keys(SHIPPING_PARTS).map((k) => [k, 'string'])) as Record<ShippingField, 'string'>

/** Their labels in the mapping editor. */
export const SHIPPING_LABELS: Record<ShippingField, string> = {
  shipping_name: 'Shipping: name',
  shipping_phone: 'Shipping: phone',
  shipping_carrier: 'Shipping: carrier',
  shipping_tracking_number: 'Shipping: tracking number',
  shipping_address_line1: 'Shipping: street address',
  shipping_address_line2: 'Shipping: address line 2',
  shipping_address_city: 'Shipping: town or city',
  shipping_address_postal_code: 'Shipping: postcode',
  shipping_address_state: 'Shipping: county or state',
  shipping_address_country: 'Shipping: country'
}

/** A charge's shipping as fields; all null when it has none. */
export function shippingFields(c: Pick<Charge, 'shipping'>): Record<ShippingField, string | null> {
  const s = c.shipping
  const a = s?.address
  return {
    shipping_name: s?.name ?? null,
    shipping_phone: s?.phone ?? null,
    shipping_carrier: s?.carrier ?? null,
    shipping_tracking_number: s?.tracking_number ?? null,
    shipping_address_line1: a?.line1 ?? null,
    shipping_address_line2: a?.line2 ?? null,
    shipping_address_city: a?.city ?? null,
    shipping_address_postal_code: a?.postal_code ?? null,
    shipping_address_state: a?.state ?? null,
    shipping_address_country: a?.country ?? null
  }
}

/** True for a field that is part of `shipping`. */
export function isShippingField(name: string): name is ShippingField {
  return Object.hasOwn(SHIPPING_PARTS, name)
}

/** Fields with the given values laid over the charge's current shipping. */
export function mergedShipping(current: Fields, changes: Fields): Record<ShippingField, string | null> {
  const out = {} as Record<ShippingField, string | null>
  for (const k of Object.keys(SHIPPING_PARTS) as ShippingField[]) {
    const v = k in changes ? changes[k] : current[k]
    out[k] = v === null || v === undefined || v === '' ? null : String(v)
  }
  return out
}
