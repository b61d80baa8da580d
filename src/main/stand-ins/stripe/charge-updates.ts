/**
 * POST /v1/charges/{charge} as Stripe does it (docs.stripe.com/api/charges/update):
 * `description`, `receipt_email`, `metadata` (merged, '' unsets a key) and `shipping`, a
 * hash that must carry `name` and `address` (spec3.yaml `required: [address, name]`) and
 * takes the place of the shipping the charge had. A real change emits `charge.updated`
 * with `previous_attributes`.
 */
import { FakeStripeError, invalidParam, noSuch } from './errors'
import type { Params, ParamValue } from './params'
import type { Origin, StripeState } from './state'
import type { Obj } from './templates'

/** The parameters this fake takes on a charge update. */
export const CHARGE_UPDATE_PARAMS = ['description', 'receipt_email', 'metadata', 'shipping', 'expand'] as const

const SHIPPING_PARTS = new Set(['name', 'phone', 'carrier', 'tracking_number', 'address'])
const ADDRESS_PARTS = ['line1', 'line2', 'city', 'postal_code', 'state', 'country'] as const

/** 400 `parameter_missing`, in Stripe's words. */
function missing(param: string): FakeStripeError {
  return invalidParam(param, `Missing required param: ${param}.`, 'parameter_missing')
}

function unknown(param: string): FakeStripeError {
  return invalidParam(param, `Received unknown parameter: ${param}`, 'parameter_unknown')
}

function text(value: ParamValue, param: string): string {
  if (typeof value !== 'string') throw invalidParam(param, 'Invalid string')
  if (value.length > 5000) throw invalidParam(param, `Invalid string: must be at most 5000 characters`)
  return value
}

/** The `shipping` hash as the charge will hold it. */
function shippingOf(raw: ParamValue): Obj {
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParam('shipping', 'Invalid hash')
  for (const k of Object.keys(raw)) if (!SHIPPING_PARTS.has(k)) throw unknown(`shipping[${k}]`)
  if (raw.name === undefined) throw missing('shipping[name]')
  if (raw.address === undefined) throw missing('shipping[address]')
  const address = raw.address
  if (typeof address !== 'object' || Array.isArray(address)) throw invalidParam('shipping[address]', 'Invalid hash')
  for (const k of Object.keys(address)) if (!(ADDRESS_PARTS as readonly string[]).includes(k)) throw unknown(`shipping[address][${k}]`)
  const part = (v: ParamValue | undefined, param: string): string | null => (v === undefined ? null : text(v, param) || null)
  return {
    address: Object.fromEntries(ADDRESS_PARTS.map((k) => [k, part(address[k], `shipping[address][${k}]`)])),
    carrier: part(raw.carrier, 'shipping[carrier]'),
    name: part(raw.name, 'shipping[name]'),
    phone: part(raw.phone, 'shipping[phone]'),
    tracking_number: part(raw.tracking_number, 'shipping[tracking_number]')
  }
}

/** Applies an update to a charge and returns it. */
export function updateCharge(s: StripeState, id: string, p: Params, origin: Origin | null = null): Obj {
  const c = s.get(id)
  if (!c || c.object !== 'charge') throw noSuch('charge', id)
  const patch: Obj = {}
  for (const k of ['description', 'receipt_email'] as const) if (p[k] !== undefined) patch[k] = text(p[k], k) || null
  if (p.shipping !== undefined) patch.shipping = shippingOf(p.shipping)
  if (p.metadata !== undefined) {
    const meta = { ...(c.metadata as Record<string, string>) }
    if (p.metadata === '') for (const k of Object.keys(meta)) delete meta[k]
    else if (typeof p.metadata !== 'object' || Array.isArray(p.metadata)) throw invalidParam('metadata', 'Invalid hash')
    else {
      for (const [k, v] of Object.entries(p.metadata)) {
        const value = text(v, `metadata[${k}]`)
        if (value === '') delete meta[k]
        else meta[k] = value
      }
    }
    patch.metadata = meta
  }
  const previous = s.update(id, patch)
  if (Object.keys(previous).length > 0) s.emit('charge.updated', c, origin, previous)
  return c
}
