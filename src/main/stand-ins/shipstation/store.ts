/**
 * The stand-in's account: shipments in the spec's `shipment` shape, labels, tags, one
 * warehouse and two carriers. Every change stamps `modified_at` from the account's clock,
 * strictly increasing, so `modified_at_start` reads are exact.
 */
import { addressProblems, cleaned, missingParts, type AddressInput } from './address'
import { badField, duplicateExternalId, invalidAddress, invalidStatus, notFound } from './errors'

type Json = Record<string, unknown>

/** A shipment as ShipStation answers it (the spec's `shipment`). */
export type Shipment = Json & {
  shipment_id: string
  external_shipment_id: string | null
  shipment_status: 'pending' | 'processing' | 'label_purchased' | 'cancelled'
  created_at: string
  modified_at: string
  ship_to: AddressInput
  tags: Array<{ name: string }>
  packages: Array<Json & { weight: { value: number; unit: string }; tracking_number?: string }>
  carrier_id: string | null
}

/** A label (the spec's `label`, the fields the stand-in keeps). */
export type Label = Json & { label_id: string; shipment_id: string; tracking_number: string; carrier_code: string; status: 'completed' | 'voided' }

/** A carrier account connected to the ShipStation account. */
export interface Carrier {
  carrier_id: string
  carrier_code: string
  friendly_name: string
  /** Tracking number pattern the stand-in issues: prefix + digits. */
  trackingPrefix: string
}

const ORIGIN: AddressInput = {
  name: 'Harbour Bakery',
  phone: '+44 20 7946 0000',
  company_name: 'Harbour Bakery',
  address_line1: '1 Quay Street',
  city_locality: 'Bristol',
  state_province: 'Bristol',
  postal_code: 'BS1 4DJ',
  country_code: 'GB',
  address_residential_indicator: 'no'
}

/** The account's state, with the actions a person takes in ShipStation's app. */
export class ShipStationStore {
  readonly shipments = new Map<string, Shipment>()
  readonly byExternal = new Map<string, string>()
  readonly labels = new Map<string, Label>()
  readonly tags = new Set<string>()
  readonly warehouse = { warehouse_id: 'se-1001', name: 'Quay Street', is_default: true, created_at: '2026-01-05T09:00:00Z', origin_address: ORIGIN, return_address: ORIGIN }
  readonly carriers: Carrier[] = [
    { carrier_id: 'se-2001', carrier_code: 'royal_mail', friendly_name: 'Royal Mail', trackingPrefix: 'RM' },
    { carrier_id: 'se-2002', carrier_code: 'ups', friendly_name: 'UPS', trackingPrefix: '1Z' }
  ]
  private nextId = 5000
  private lastStamp = 0

  constructor(private readonly clock: () => number = Date.now) {}

  /** A `modified_at` later than every earlier one. */
  stamp(): string {
    const t = Math.max(this.clock(), this.lastStamp + 1)
    this.lastStamp = t
    return new Date(t).toISOString()
  }

  private newId(): string {
    return `se-${++this.nextId}`
  }

  /** Checks a create request's shipments whole (ShipStation's 400 answers), then makes them all. */
  createAll(inputs: Json[]): Shipment[] {
    const seen = new Set<string>()
    for (const input of inputs) {
      this.check(input)
      const ext = typeof input.external_shipment_id === 'string' ? input.external_shipment_id : ''
      if (ext !== '' && seen.has(ext)) throw duplicateExternalId(ext)
      seen.add(ext)
    }
    return inputs.map((input) => this.create(input))
  }

  /** Throws the 400 ShipStation answers for a shipment it will not make. */
  check(input: Json): void {
    const ext = typeof input.external_shipment_id === 'string' && input.external_shipment_id !== '' ? input.external_shipment_id : null
    if (ext !== null && ext.length > 50) throw badField('invalid_field_value', `external_shipment_id must be at most 50 characters`)
    if (ext !== null && this.byExternal.has(ext)) throw duplicateExternalId(ext)
    const shipTo = (input.ship_to ?? null) as AddressInput | null
    if (!shipTo || typeof shipTo !== 'object') throw badField('field_value_required', 'ship_to is required')
    const missing = missingParts(shipTo)
    if (missing.length) throw badField('field_value_required', `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`)
    const validation = typeof input.validate_address === 'string' ? input.validate_address : 'no_validation'
    if (validation !== 'no_validation') {
      const problems = addressProblems(shipTo)
      if (problems.length) throw invalidAddress(problems)
    }
    const packages = Array.isArray(input.packages) ? (input.packages as Shipment['packages']) : []
    if (packages.length === 0) throw badField('field_value_required', 'packages must have at least one package with a weight')
    for (const p of packages) if (!p?.weight || !(Number(p.weight.value) > 0)) throw badField('invalid_field_value', 'packages.weight.value must be greater than 0')
  }

  /** One shipment of a create request; throws ShipStation's 400 answers. */
  create(input: Json): Shipment {
    this.check(input)
    const ext = typeof input.external_shipment_id === 'string' && input.external_shipment_id !== '' ? input.external_shipment_id : null
    const shipTo = input.ship_to as AddressInput
    const validation = typeof input.validate_address === 'string' ? input.validate_address : 'no_validation'
    const packages = input.packages as Shipment['packages']
    const id = this.newId()
    const now = this.stamp()
    const total = packages.reduce((sum, p) => sum + Number(p.weight.value), 0)
    const s: Shipment = {
      shipment_id: id,
      carrier_id: null,
      service_code: null,
      external_shipment_id: ext ?? id,
      shipment_number: ext ?? id,
      ship_date: null,
      created_at: now,
      modified_at: now,
      shipment_status: 'pending',
      ship_to: { address_residential_indicator: 'unknown', ...(validation === 'validate_and_clean' ? cleaned(shipTo) : shipTo) },
      ship_from: (input.ship_from as AddressInput | undefined) ?? this.warehouse.origin_address,
      return_to: this.warehouse.return_address,
      warehouse_id: null,
      is_return: false,
      confirmation: 'none',
      customs: null,
      advanced_options: {},
      insurance_provider: 'none',
      tags: [],
      items: Array.isArray(input.items) ? (input.items as Json[]) : [],
      packages: packages.map((p, i) => ({ ...p, shipment_package_id: `se-${id.slice(3)}${i}` })),
      total_weight: { value: total, unit: packages[0].weight.unit },
      ...(typeof input.notes_from_buyer === 'string' ? { notes_from_buyer: input.notes_from_buyer } : {})
    }
    this.shipments.set(id, s)
    if (ext !== null) this.byExternal.set(ext, id)
    if (s.external_shipment_id) this.byExternal.set(s.external_shipment_id, id)
    return s
  }

  /** The shipment, or ShipStation's 404. */
  get(id: string): Shipment {
    const s = this.shipments.get(id)
    if (!s) throw notFound('shipment_id', id)
    return s
  }

  /** By the caller's own id. */
  byExternalId(ext: string): Shipment {
    const id = this.byExternal.get(ext)
    if (!id) throw notFound('external_shipment_id', ext)
    return this.get(id)
  }

  /** Cancels; a shipment with a live label must have it voided first (spec: cancel_shipments). */
  cancel(id: string): void {
    const s = this.get(id)
    if (s.shipment_status === 'label_purchased') throw invalidStatus(`Shipment ${id} has a label. Any label associated with the shipment needs to be voided first`)
    if (s.shipment_status === 'cancelled') return
    s.shipment_status = 'cancelled'
    s.modified_at = this.stamp()
  }

  /** Buys a label for a pending shipment, as the shop does in ShipStation: tracking number, carrier and status. */
  buyLabel(id: string, carrierCode = 'royal_mail'): Label {
    const s = this.get(id)
    if (s.shipment_status !== 'pending') throw invalidStatus(`Shipment ${id} is ${s.shipment_status}; only pending shipments can be labelled`)
    const carrier = this.carriers.find((c) => c.carrier_code === carrierCode) ?? this.carriers[0]
    const labelId = this.newId()
    const tracking = `${carrier.trackingPrefix}${String(100000000 + Number(labelId.slice(3))).padStart(9, '0')}GB`
    const now = this.stamp()
    s.shipment_status = 'label_purchased'
    s.carrier_id = carrier.carrier_id
    s.service_code = carrier.carrier_code === 'ups' ? 'ups_standard' : 'royal_mail_tracked_48'
    s.ship_date = now
    s.packages = s.packages.map((p) => ({ ...p, tracking_number: tracking }))
    s.modified_at = now
    const label: Label = {
      label_id: labelId,
      status: 'completed',
      shipment_id: id,
      external_shipment_id: s.external_shipment_id,
      ship_date: now,
      created_at: now,
      shipment_cost: { currency: 'gbp', amount: 3.2 },
      insurance_cost: { currency: 'gbp', amount: 0 },
      tracking_number: tracking,
      is_return_label: false,
      is_international: s.ship_to.country_code !== 'GB',
      carrier_id: carrier.carrier_id,
      service_code: s.service_code as string,
      voided: false,
      voided_at: null,
      label_format: 'pdf',
      display_scheme: 'label',
      label_layout: '4x6',
      trackable: true,
      carrier_code: carrier.carrier_code,
      tracking_status: 'in_transit',
      label_download: { href: `https://api.shipstation.com/v2/downloads/10/${labelId}/label.pdf` },
      packages: s.packages.map((p) => ({ weight: p.weight, tracking_number: tracking }))
    }
    this.labels.set(labelId, label)
    return label
  }

  /** Voids a label: the shipment is pending again, with no tracking number. */
  voidLabel(labelId: string): Label {
    const label = this.labels.get(labelId)
    if (!label) throw notFound('label_id', labelId)
    if (label.status === 'voided') return label
    label.status = 'voided'
    label.voided = true
    label.voided_at = this.stamp()
    const s = this.get(label.shipment_id)
    s.shipment_status = 'pending'
    s.carrier_id = null
    s.service_code = null
    s.packages = s.packages.map(({ tracking_number: _gone, ...p }) => p as Shipment['packages'][number])
    s.modified_at = this.stamp()
    return label
  }

  /** Adds a tag (made on first use) to a shipment. */
  tag(id: string, name: string): void {
    const s = this.get(id)
    this.tags.add(name)
    if (!s.tags.some((t) => t.name === name)) {
      s.tags = [...s.tags, { name }]
      s.modified_at = this.stamp()
    }
  }

  /** Removes a tag from a shipment. */
  untag(id: string, name: string): void {
    const s = this.get(id)
    if (!s.tags.some((t) => t.name === name)) throw notFound('tag', name)
    s.tags = s.tags.filter((t) => t.name !== name)
    s.modified_at = this.stamp()
  }
}
