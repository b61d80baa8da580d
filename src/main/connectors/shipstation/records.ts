/**
 * A shipment as flat fields a shop owner can map, and back:
 *
 * - `order`: the order's own id (`external_shipment_id`), the key the flow matches on;
 * - `status`: `pending` (awaiting a label), `label_purchased`, `cancelled`;
 * - `ship_to_name`, `ship_to_email`, `ship_to_phone`, `ship_to_company`, `ship_to_address1`,
 *   `ship_to_address2`, `ship_to_city`, `ship_to_state`, `ship_to_postcode`, `ship_to_country`;
 * - `items`: "2 x Blue mug [MUG-BL]; 1 x Tea towel", `quantity` (all items), `weight` and
 *   `weight_unit` (the parcel);
 * - `tracking_number`, `carrier` (its name, "Royal Mail"), `shipped_at`: set when a label is bought;
 * - `tags`: ShipStation tags, joined with ", ";
 * - written only: `order_status` and `refunded`, which say whether the order should still ship.
 */
import type { Fields, FieldValue } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { FieldInfo } from '../types'
import type { ShipStationSettings } from './settings'
import type { Shipment } from './schemas'

/** The fields a shipment record offers. */
export const SHIPMENT_FIELDS: FieldInfo[] = [
  { name: 'order', label: 'Order' },
  { name: 'status', label: 'Shipment status' },
  { name: 'ship_to_name', label: 'Ship-to name' },
  { name: 'ship_to_email', label: 'Ship-to email', type: 'email' },
  { name: 'ship_to_phone', label: 'Ship-to phone', type: 'phone' },
  { name: 'ship_to_company', label: 'Ship-to company' },
  { name: 'ship_to_address1', label: 'Ship-to street address' },
  { name: 'ship_to_address2', label: 'Ship-to address line 2' },
  { name: 'ship_to_city', label: 'Ship-to town or city' },
  { name: 'ship_to_state', label: 'Ship-to county or state' },
  { name: 'ship_to_postcode', label: 'Ship-to postcode' },
  { name: 'ship_to_country', label: 'Ship-to country' },
  { name: 'items', label: 'Items' },
  { name: 'quantity', label: 'Quantity', type: 'number' },
  { name: 'weight', label: 'Weight', type: 'number' },
  { name: 'weight_unit', label: 'Weight unit' },
  { name: 'tracking_number', label: 'Tracking number' },
  { name: 'carrier', label: 'Carrier' },
  { name: 'shipped_at', label: 'Label bought', type: 'date' },
  { name: 'tags', label: 'Tags' },
  { name: 'order_status', label: 'Order status (written only)' },
  { name: 'refunded', label: 'Refunded (written only)', type: 'boolean' }
]

/** The ship-to fields and the address part each one is. */
export const SHIP_TO: Record<string, string> = {
  ship_to_name: 'name',
  ship_to_email: 'email',
  ship_to_phone: 'phone',
  ship_to_company: 'company_name',
  ship_to_address1: 'address_line1',
  ship_to_address2: 'address_line2',
  ship_to_city: 'city_locality',
  ship_to_state: 'state_province',
  ship_to_postcode: 'postal_code',
  ship_to_country: 'country_code'
}

/** Fields that describe the parcel; ShipStation's API cannot change them once the shipment is made. */
export const MADE_ONCE = new Set([...Object.keys(SHIP_TO), 'items', 'quantity', 'weight', 'weight_unit'])

const blank = (v: FieldValue | undefined): boolean => v === null || v === undefined || String(v).trim() === ''
const str = (v: FieldValue | undefined): string | undefined => (blank(v) ? undefined : String(v).trim())

/** One line of an order. */
export interface Item {
  name: string
  quantity: number
  sku?: string
}

/** "2 x Blue mug [MUG-BL]; Tea towel x 3" → items; a line without a count is one. */
export function parseItems(text: string): Item[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((line) => {
      const sku = /\[([^\]]+)\]\s*$/.exec(line)?.[1]
      const rest = line.replace(/\s*\[[^\]]+\]\s*$/, '')
      const before = /^(\d+)\s*[x×*]\s*(.+)$/i.exec(rest)
      const after = /^(.+?)\s*[x×*]\s*(\d+)$/i.exec(rest)
      const [name, quantity] = before ? [before[2], Number(before[1])] : after ? [after[1], Number(after[2])] : [rest, 1]
      return { name: name.trim(), quantity, ...(sku ? { sku } : {}) }
    })
}

/** Items back to one line of text. */
export function itemsText(items: ReadonlyArray<{ name?: string | null; quantity?: number | null; sku?: string | null }>): string | null {
  const lines = items.map((i) => `${i.quantity ?? 1} x ${i.name ?? ''}${i.sku ? ` [${i.sku}]` : ''}`)
  return lines.length ? lines.join('; ') : null
}

/**
 * Why an order should not (or no longer) ship, as words that follow "Order #1001 …"
 * ("was refunded", "was cancelled", "was not paid"); undefined when it should ship.
 */
export function shouldNotShip(fields: Fields): string | undefined {
  if (fields.refunded === true || String(fields.refunded ?? '').toLowerCase() === 'true') return 'was refunded'
  const status = str(fields.order_status)?.toLowerCase()
  if (!status) return undefined
  if (/refund|chargeback|disput/.test(status)) return 'was refunded'
  if (/cancel|void/.test(status)) return 'was cancelled'
  if (/fail|unpaid|declin/.test(status)) return 'was not paid'
  return undefined
}

/** A shipment as fields; `carrierName` turns a carrier id into its name. */
export function shipmentFields(s: Shipment, carrierName: (id: string) => string | undefined): Fields {
  const out: Fields = {
    order: s.external_shipment_id ?? s.shipment_id,
    status: s.shipment_status,
    items: itemsText(s.items ?? []),
    quantity: (s.items ?? []).reduce((n, i) => n + (i.quantity ?? 1), 0) || null,
    weight: s.total_weight?.value ?? null,
    weight_unit: s.total_weight?.unit ?? null,
    tracking_number: s.shipment_status === 'label_purchased' ? (s.packages?.find((p) => p.tracking_number)?.tracking_number ?? null) : null,
    carrier: s.shipment_status === 'label_purchased' && s.carrier_id ? (carrierName(s.carrier_id) ?? s.carrier_id) : null,
    shipped_at: s.shipment_status === 'label_purchased' ? (s.ship_date ?? null) : null,
    tags: (s.tags ?? []).map((t) => t.name).sort().join(', ') || null
  }
  for (const [field, part] of Object.entries(SHIP_TO)) out[field] = (s.ship_to as Record<string, unknown>)[part] == null ? null : String((s.ship_to as Record<string, unknown>)[part])
  return out
}

/** The body of one shipment to create, from an order's fields; refuses in plain words what ShipStation would. */
export function createRequest(fields: Fields, settings: ShipStationSettings, shipFrom: Record<string, unknown>): Record<string, unknown> {
  const order = str(fields.order)
  if (!order) throw new RecordError('This order has no order number, so Patchbay cannot make its shipment', { hint: 'Map the order id to the shipment field "order".' })
  if (order.length > 50) throw new RecordError(`Order ${order.slice(0, 20)}… has an order number longer than ShipStation's 50 characters`)
  const shipTo: Record<string, string> = { address_residential_indicator: 'unknown' }
  for (const [field, part] of Object.entries(SHIP_TO)) {
    const v = str(fields[field])
    if (v !== undefined) shipTo[part] = part === 'country_code' ? v.toUpperCase() : v
  }
  const missing = ['ship_to_name', 'ship_to_address1', 'ship_to_city', 'ship_to_postcode', 'ship_to_country'].filter((f) => blank(fields[f]))
  if (missing.length) {
    const words = missing.map((f) => SHIPMENT_FIELDS.find((d) => d.name === f)!.label)
    throw new RecordError(`Order ${order} has no ${words.join(', ').replace(/Ship-to/g, 'ship-to')}, so ShipStation cannot make its shipment`, { hint: 'Add it to the order, and Patchbay makes the shipment on its next run.' })
  }
  const quantity = Number(fields.quantity)
  let items = str(fields.items) ? parseItems(str(fields.items)!) : []
  if (items.length === 1 && Number.isInteger(quantity) && quantity > 0 && !/^\s*\d+\s*[x×*]|[x×*]\s*\d+\s*$/i.test(str(fields.items)!)) items = [{ ...items[0], quantity }]
  const weight = blank(fields.weight) ? settings.defaultWeight : Number(String(fields.weight).replace(/[^\d.]/g, ''))
  if (weight === undefined || !(weight > 0)) {
    throw new RecordError(`Order ${order} has no parcel weight, so ShipStation cannot make its shipment`, { hint: 'Add the weight to the order, or set a default weight on the ShipStation connection.' })
  }
  const unit = str(fields.weight_unit)?.toLowerCase().replace(/s$/, '')
  const units: Record<string, string> = { g: 'gram', gram: 'gram', kg: 'kilogram', kilogram: 'kilogram', oz: 'ounce', ounce: 'ounce', lb: 'pound', pound: 'pound' }
  return {
    validate_address: settings.validateAddress,
    external_shipment_id: order,
    ship_to: shipTo,
    ship_from: shipFrom,
    items: items.map((i) => ({ name: i.name, quantity: i.quantity, ...(i.sku ? { sku: i.sku } : {}) })),
    packages: [{ weight: { value: weight, unit: (unit && units[unit]) ?? settings.weightUnit } }]
  }
}
