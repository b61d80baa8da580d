/**
 * The endpoints the stand-in answers, as ShipStation API v2 documents them (see
 * FIDELITY.md): shipments (list with paging and `modified_at_start`, create, get, get by
 * external id, cancel, tags), labels (buy from a shipment, get, void), tags, warehouses
 * and carriers. A route returns `[status, body]` or throws a ShipStationError.
 */
import { randomUUID } from 'node:crypto'
import { badField, notFound } from './errors'
import type { Shipment, ShipStationStore } from './store'

type Json = Record<string, unknown>

/** What a route is given. */
export interface RouteInput {
  store: ShipStationStore
  ids: string[]
  query: URLSearchParams
  body: unknown
  /** This request's own URL root, for paging links. */
  origin: string
}

/** One route. */
export interface Route {
  method: string
  path: RegExp
  handle(i: RouteInput): [number, unknown]
}

function positiveInt(q: URLSearchParams, name: string, fallback: number): number {
  const raw = q.get(name)
  if (raw === null) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw badField('invalid_field_value', `${name} must be a whole number of 1 or more`)
  return n
}

function instant(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name)
  if (raw === null) return undefined
  const t = Date.parse(raw)
  if (Number.isNaN(t)) throw badField('invalid_field_value', `${name} must be a date-time`)
  return t
}

function list(i: RouteInput): [number, unknown] {
  const q = i.query
  const page = positiveInt(q, 'page', 1)
  const size = positiveInt(q, 'page_size', 25)
  const modifiedFrom = instant(q, 'modified_at_start')
  const modifiedTo = instant(q, 'modified_at_end')
  const createdFrom = instant(q, 'created_at_start')
  const status = q.get('shipment_status')
  const ext = q.get('external_shipment_id')
  const sortBy = q.get('sort_by') ?? 'created_at'
  if (sortBy !== 'created_at' && sortBy !== 'modified_at') throw badField('invalid_field_value', 'sort_by must be created_at or modified_at')
  const dir = q.get('sort_dir') ?? 'desc'
  if (dir !== 'asc' && dir !== 'desc') throw badField('invalid_field_value', 'sort_dir must be asc or desc')
  const matching = [...i.store.shipments.values()].filter(
    (s) =>
      (modifiedFrom === undefined || Date.parse(s.modified_at) >= modifiedFrom) &&
      (modifiedTo === undefined || Date.parse(s.modified_at) <= modifiedTo) &&
      (createdFrom === undefined || Date.parse(s.created_at) >= createdFrom) &&
      (status === null || s.shipment_status === status) &&
      (ext === null || s.external_shipment_id === ext)
  )
  const key = (s: Shipment): string => (sortBy === 'modified_at' ? s.modified_at : s.created_at) + s.shipment_id.padStart(25, '0')
  matching.sort((a, b) => (key(a) < key(b) ? -1 : 1) * (dir === 'asc' ? 1 : -1))
  const pages = Math.max(1, Math.ceil(matching.length / size))
  const href = (p: number): { href: string } => {
    const next = new URLSearchParams(q)
    next.set('page', String(p))
    next.set('page_size', String(size))
    return { href: `${i.origin}/v2/shipments?${next.toString()}` }
  }
  return [
    200,
    {
      shipments: matching.slice((page - 1) * size, page * size),
      total: matching.length,
      page,
      pages,
      links: { first: href(1), last: href(pages), prev: page > 1 ? href(page - 1) : {}, next: page < pages ? href(page + 1) : {} }
    }
  ]
}

function create(i: RouteInput): [number, unknown] {
  const body = i.body as Json | undefined
  if (!body || !Array.isArray(body.shipments) || body.shipments.length === 0) throw badField('request_body_required', 'shipments must list at least one shipment')
  // Checked whole before any is made, so a refused request leaves nothing half-done.
  const made = i.store.createAll(body.shipments as Json[])
  return [200, { has_errors: false, shipments: made.map((s) => ({ ...s, errors: [], address_validation: null })) }]
}

const ID = '([^/]+)'
const re = (path: string): RegExp => new RegExp(`^${path.replace(/\{id\}/g, ID)}$`)

/** Every route, first match wins. */
export const ROUTES: Route[] = [
  { method: 'GET', path: re('/v2/shipments'), handle: list },
  { method: 'POST', path: re('/v2/shipments'), handle: create },
  { method: 'GET', path: re('/v2/shipments/external_shipment_id/{id}'), handle: (i) => [200, i.store.byExternalId(i.ids[0])] },
  { method: 'GET', path: re('/v2/shipments/{id}'), handle: (i) => [200, i.store.get(i.ids[0])] },
  { method: 'PUT', path: re('/v2/shipments/{id}/cancel'), handle: (i) => (i.store.cancel(i.ids[0]), [204, undefined]) },
  { method: 'POST', path: re('/v2/shipments/{id}/tags/{id}'), handle: (i) => (i.store.tag(i.ids[0], i.ids[1]), [200, { shipment_id: i.ids[0], tag: { name: i.ids[1] } }]) },
  { method: 'DELETE', path: re('/v2/shipments/{id}/tags/{id}'), handle: (i) => (i.store.untag(i.ids[0], i.ids[1]), [204, undefined]) },
  { method: 'GET', path: re('/v2/tags'), handle: (i) => [200, { tags: [...i.store.tags].sort().map((name) => ({ name })) }] },
  { method: 'POST', path: re('/v2/tags/{id}'), handle: (i) => (i.store.tags.add(i.ids[0]), [200, { name: i.ids[0] }]) },
  { method: 'POST', path: re('/v2/labels/shipment/{id}'), handle: (i) => [200, i.store.buyLabel(i.ids[0])] },
  {
    method: 'GET',
    path: re('/v2/labels/{id}'),
    handle: (i) => {
      const label = i.store.labels.get(i.ids[0])
      if (!label) throw notFound('label_id', i.ids[0])
      return [200, label]
    }
  },
  { method: 'PUT', path: re('/v2/labels/{id}/void'), handle: (i) => (i.store.voidLabel(i.ids[0]), [200, { approved: true, message: 'Request for refund submitted.  This label has been voided.' }]) },
  { method: 'GET', path: re('/v2/warehouses'), handle: (i) => [200, { warehouses: [i.store.warehouse] }] },
  {
    method: 'GET',
    path: re('/v2/carriers'),
    // The spec's 200 is list_carriers_response_body and error_response_body together: carriers, request_id and errors.
    handle: (i) => [200, { request_id: randomUUID(), errors: [], carriers: i.store.carriers.map(({ trackingPrefix: _p, ...c }) => ({ ...c, nickname: c.friendly_name, primary: c.carrier_code === 'royal_mail', account_number: '0000', requires_funded_amount: false, has_multi_package_supporting_services: false, supports_label_messages: false, disabled_by_billing_plan: false, services: [], packages: [], options: [] })) }]
  }
]

/** The route for a request and the ids its path carries. */
export function findRoute(method: string, path: string): { route: Route; ids: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue
    const m = route.path.exec(path)
    if (m) return { route, ids: m.slice(1).map(decodeURIComponent) }
  }
  return undefined
}
