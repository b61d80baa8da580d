/**
 * Shipments as an object the engine syncs. Reads walk `GET /v2/shipments` by
 * `modified_at` (the cursor is the newest `modified_at` seen, read again inclusively, so a
 * change stamped in the same millisecond is never skipped). Only shipments made for an
 * order are listed: ones made by hand in ShipStation carry ShipStation's own id as their
 * external id and belong to no order.
 *
 * Writes never delete: ShipStation's API has no delete, and the shop must never lose a
 * shipment with a label. A create sends the order id as `external_shipment_id`, which
 * ShipStation takes once: a repeat (a run that crashed after ShipStation made the shipment)
 * is refused with `identifier_conflict`, and Patchbay then reads the shipment made the
 * first time. An order that should no longer ship (refunded, cancelled) cancels its
 * shipment while it awaits a label; one with a label goes to Failures in plain words.
 */
import { z } from 'zod'
import type { Fields } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { HttpClient } from '../http'
import { cursorCodec, itemsOf, pages, type ObjectFunctions, type PagingDescription } from '../platform'
import type { SourceRecord, WriteItem, WriteOutcome } from '../types'
import { createRequest, MADE_ONCE, SHIPMENT_FIELDS, shipmentFields, shouldNotShip } from './records'
import { carriersSchema, createAnswerSchema, shipmentPageSchema, shipmentSchema, warehousesSchema, type Shipment } from './schemas'
import type { ShipStationSettings } from './settings'

/** What a ShipStation session keeps. */
export interface ShipStationState {
  client: HttpClient
  settings: ShipStationSettings
  connectionId: string
  carriers?: Promise<Map<string, string>>
  shipFrom?: Promise<Record<string, unknown>>
}

/**
 * ShipStation pages by number (`page`, `page_size`) and answers `page` and `pages`; the
 * toolkit's cursor walker is handed the next page number (`next_page`, added to each
 * answer below) as its marker.
 */
export const SHIPSTATION_PAGING: PagingDescription = { style: 'cursor', cursorPath: 'next_page', itemsPath: 'shipments', param: 'page' }

/** A create refused because the order's shipment exists already. */
export class AlreadyMade extends RecordError {}

const position = cursorCodec('ShipStation', z.object({ modifiedFrom: z.string() }), 'shipstation:')

/** True for a shipment made for an order (not by hand: those carry ShipStation's own id). */
const forAnOrder = (s: Shipment): boolean => !!s.external_shipment_id && s.external_shipment_id !== s.shipment_id

async function carrierNames(st: ShipStationState): Promise<Map<string, string>> {
  st.carriers ??= st.client.request({ url: '/v2/carriers', schema: carriersSchema }).then((a) => new Map(a.carriers.map((c) => [c.carrier_id, c.friendly_name ?? c.carrier_code ?? c.carrier_id])))
  return st.carriers
}

/** The default warehouse's address, which ShipStation ships from. */
export async function shipFrom(st: ShipStationState): Promise<Record<string, unknown>> {
  st.shipFrom ??= st.client.request({ url: '/v2/warehouses', schema: warehousesSchema }).then((a) => {
    const w = a.warehouses.find((x) => x.is_default) ?? a.warehouses[0]
    if (!w?.origin_address) throw new RecordError('ShipStation has no warehouse to ship from', { hint: 'Add a ship-from location in ShipStation (Settings → Shipping → Ship From Locations).' })
    return w.origin_address as Record<string, unknown>
  })
  return st.shipFrom.catch((err: unknown) => {
    st.shipFrom = undefined
    throw err
  })
}

async function toRecords(st: ShipStationState, list: Shipment[]): Promise<SourceRecord[]> {
  const labelled = list.some((s) => s.carrier_id)
  const names = labelled ? await carrierNames(st) : new Map<string, string>()
  return list.filter(forAnOrder).map((s) => ({ id: s.shipment_id, fields: shipmentFields(s, (id) => names.get(id)), updatedAt: s.modified_at }))
}

async function* walk(st: ShipStationState, modifiedFrom: string | undefined): AsyncGenerator<Shipment[]> {
  const params = { sort_by: 'modified_at', sort_dir: 'asc', ...(modifiedFrom ? { modified_at_start: modifiedFrom } : {}) }
  const fetchPage = async (p: { params: Record<string, string | number> }) => {
    const data = await st.client.request({ url: '/v2/shipments', params: { ...params, ...p.params }, schema: shipmentPageSchema })
    return { data: { ...data, next_page: data.page < data.pages ? data.page + 1 : undefined } }
  }
  for await (const page of pages(SHIPSTATION_PAGING, fetchPage, { pageSize: st.settings.pageSize, sizeParam: 'page_size' })) {
    yield itemsOf<Shipment>(SHIPSTATION_PAGING, page.data)
  }
}

async function byOrder(st: ShipStationState, order: string): Promise<Shipment | undefined> {
  try {
    return await st.client.request({ url: `/v2/shipments/external_shipment_id/${encodeURIComponent(order)}`, schema: shipmentSchema })
  } catch (err) {
    if (err instanceof RecordError && err.meta.status === 404) return undefined
    throw err
  }
}

type CreateItem = Extract<WriteItem, { op: 'create' }>

/** The request body of one create, or the refusal in plain words before anything is sent. */
async function createBody(st: ShipStationState, item: CreateItem): Promise<Record<string, unknown>> {
  const why = shouldNotShip(item.fields)
  const order = String(item.fields.order ?? '').trim()
  if (why) throw new RecordError(`Order ${order} ${why}, so Patchbay made no shipment for it`, { hint: 'Nothing to do unless it should ship; then correct the order. You can dismiss this.' })
  return createRequest(item.fields, st.settings, await shipFrom(st))
}

/** One create on its own; a repeat (a run that crashed after ShipStation made it) reads the first. */
async function createOne(st: ShipStationState, item: CreateItem, body: Record<string, unknown>): Promise<WriteOutcome> {
  const order = String(body.external_shipment_id)
  let made: Shipment
  try {
    const answer = await st.client.request({ method: 'POST', url: '/v2/shipments', data: { shipments: [body] }, schema: createAnswerSchema, idempotent: false })
    const first = answer.shipments[0]
    if (answer.has_errors || !first || (first.errors?.length ?? 0) > 0) throw new RecordError(`ShipStation did not make the shipment for order ${order}: ${(first?.errors ?? []).join('; ') || 'no reason given'}`)
    made = first
  } catch (err) {
    if (!(err instanceof AlreadyMade)) throw err
    const existing = await byOrder(st, order)
    if (!existing) throw err
    made = existing
  }
  return { ref: item.ref, ok: true, id: made.shipment_id, fields: (await toRecords(st, [made]))[0]?.fields }
}

/**
 * Creates in one request (ShipStation takes many shipments a call, which is what keeps 2,000
 * orders far inside 200 requests a minute). A request refused whole (one bad address, one
 * order already made) is sent again one shipment at a time, so each order gets its own answer.
 */
async function createMany(st: ShipStationState, items: CreateItem[]): Promise<Map<string, WriteOutcome>> {
  const out = new Map<string, WriteOutcome>()
  const ready: Array<{ item: CreateItem; body: Record<string, unknown> }> = []
  for (const item of items) {
    try {
      ready.push({ item, body: await createBody(st, item) })
    } catch (err) {
      if (!(err instanceof RecordError)) throw err
      out.set(item.ref, { ref: item.ref, ok: false, error: err })
    }
  }
  if (ready.length === 0) return out
  let answer: z.infer<typeof createAnswerSchema> | undefined
  if (ready.length > 1) {
    try {
      answer = await st.client.request({ method: 'POST', url: '/v2/shipments', data: { shipments: ready.map((r) => r.body) }, schema: createAnswerSchema, idempotent: false })
    } catch (err) {
      if (!(err instanceof RecordError)) throw err
    }
  }
  if (answer) {
    const byOrderId = new Map(answer.shipments.map((s) => [s.external_shipment_id ?? '', s]))
    const records = new Map((await toRecords(st, answer.shipments)).map((r) => [r.id, r]))
    for (const { item, body } of ready) {
      const made = byOrderId.get(String(body.external_shipment_id))
      if (made && !(made.errors?.length ?? 0)) out.set(item.ref, { ref: item.ref, ok: true, id: made.shipment_id, fields: records.get(made.shipment_id)?.fields })
      else out.set(item.ref, { ref: item.ref, ok: false, error: new RecordError(`ShipStation did not make the shipment for order ${String(body.external_shipment_id)}: ${(made?.errors ?? []).join('; ') || 'no reason given'}`) })
    }
    return out
  }
  const settled = await Promise.allSettled(ready.map((r) => createOne(st, r.item, r.body)))
  const fatal = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected' && !(x.reason instanceof RecordError))
  if (fatal) throw fatal.reason
  settled.forEach((x, i) => out.set(ready[i].item.ref, x.status === 'fulfilled' ? x.value : { ref: ready[i].item.ref, ok: false, error: x.reason as RecordError }))
  return out
}

async function current(st: ShipStationState, id: string): Promise<Shipment> {
  return st.client.request({ url: `/v2/shipments/${encodeURIComponent(id)}`, schema: shipmentSchema })
}

/** Cancels a shipment awaiting a label; one with a label is the owner's to decide. */
async function cancel(st: ShipStationState, id: string, why: string): Promise<void> {
  const s = await current(st, id)
  const order = s.external_shipment_id ?? id
  if (s.shipment_status === 'cancelled') return
  if (s.shipment_status === 'label_purchased') {
    const tracking = s.packages?.find((p) => p.tracking_number)?.tracking_number
    const carrier = s.carrier_id ? (await carrierNames(st)).get(s.carrier_id) : undefined
    throw new RecordError(`Order ${order} ${why}, but its shipment already has a label${carrier || tracking ? ` (${[carrier, tracking].filter(Boolean).join(', tracking ')})` : ''}. Patchbay did not cancel it`, {
      hint: 'If the parcel has not gone yet, void the label in ShipStation and cancel the shipment there; if it has gone, arrange the return with the customer.'
    })
  }
  await st.client.request({ method: 'PUT', url: `/v2/shipments/${encodeURIComponent(id)}/cancel` })
}

async function update(st: ShipStationState, item: Extract<WriteItem, { op: 'update' }>): Promise<WriteOutcome> {
  const why = shouldNotShip(item.fields)
  if (why) await cancel(st, item.id, why)
  if ('tags' in item.fields) {
    const s = await current(st, item.id)
    const want = new Set(String(item.fields.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean))
    const have = new Set((s.tags ?? []).map((t) => t.name))
    for (const t of want) if (!have.has(t)) await st.client.request({ method: 'POST', url: `/v2/shipments/${encodeURIComponent(item.id)}/tags/${encodeURIComponent(t)}` })
    for (const t of have) if (!want.has(t)) await st.client.request({ method: 'DELETE', url: `/v2/shipments/${encodeURIComponent(item.id)}/tags/${encodeURIComponent(t)}` })
  }
  const changed = Object.keys(item.fields).filter((f) => MADE_ONCE.has(f))
  if (changed.length && !why) {
    const words = changed.map((f) => SHIPMENT_FIELDS.find((d) => d.name === f)?.label ?? f)
    throw new RecordError(`The order's ${words.join(', ')} changed after its shipment was made, and ShipStation's API cannot change a shipment`, {
      hint: 'Change it on the shipment in ShipStation, or cancel the shipment there and Patchbay makes a new one when the order is next read.'
    })
  }
  const [rec] = await toRecords(st, [await current(st, item.id)])
  return { ref: item.ref, ok: true, id: item.id, ...(rec ? { fields: rec.fields } : {}) }
}

async function writeOne(st: ShipStationState, item: Exclude<WriteItem, CreateItem>): Promise<WriteOutcome> {
  if (item.op === 'update') return update(st, item)
  // ShipStation has no delete: an order gone from its source cancels the shipment awaiting a label.
  await cancel(st, item.id, 'was removed from its source')
  return { ref: item.ref, ok: true, id: item.id }
}

/** The shipments object. */
export const shipments: ObjectFunctions<ShipStationState> = {
  // Creates go to ShipStation as one request per batch.
  maxBatch: 100,
  fields: async () => SHIPMENT_FIELDS,
  async listChanged(st, cursor) {
    const from = cursor === null ? undefined : position.decode(cursor, st.connectionId).modifiedFrom
    async function* out() {
      let newest = from
      for await (const list of walk(st, from)) {
        for (const s of list) if (newest === undefined || s.modified_at > newest) newest = s.modified_at
        yield { records: await toRecords(st, list), problems: [], cursor: null }
      }
      yield { records: [], problems: [], cursor: newest === undefined ? null : position.encode({ modifiedFrom: newest }) }
    }
    return { complete: cursor === null, pages: out() }
  },
  async read(st, ids) {
    const found: Shipment[] = []
    for (const id of ids) {
      try {
        found.push(await current(st, id))
      } catch (err) {
        if (!(err instanceof RecordError && err.meta.status === 404)) throw err
      }
    }
    return toRecords(st, found)
  },
  async findByKey(st, field, values, normalise) {
    if (field === 'order') {
      const found = (await Promise.all(values.map((v) => byOrder(st, v)))).filter((s): s is Shipment => s !== undefined)
      const wanted = new Set(values.map(normalise))
      return (await toRecords(st, found)).filter((r) => wanted.has(normalise(r.fields.order)))
    }
    const wanted = new Set(values.map(normalise))
    const all: SourceRecord[] = []
    for await (const list of walk(st, undefined)) all.push(...(await toRecords(st, list)).filter((r) => wanted.has(normalise((r.fields as Fields)[field]))))
    return all
  },
  async write(st, items) {
    const creates = items.filter((i): i is CreateItem => i.op === 'create')
    const others = items.filter((i): i is Exclude<WriteItem, CreateItem> => i.op !== 'create')
    const [made, settled] = await Promise.all([createMany(st, creates), Promise.allSettled(others.map((item) => writeOne(st, item)))])
    // A refusal belongs to its record; anything else (auth, outage, API change) stops the run.
    const fatal = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof RecordError))
    if (fatal) throw fatal.reason
    const rest = new Map(others.map((item, i) => [item.ref, settled[i].status === 'fulfilled' ? (settled[i] as PromiseFulfilledResult<WriteOutcome>).value : { ref: item.ref, ok: false as const, error: (settled[i] as PromiseRejectedResult).reason as RecordError }]))
    return items.map((item) => made.get(item.ref) ?? rest.get(item.ref)!)
  }
}
