/**
 * The fake's endpoints: HubSpot's date-versioned paths (version kept as data), routed to
 * the store. Transport concerns (auth, limits, faults, recording) are in ./server.ts.
 */
import { OBJECTS, propertyView } from './catalog'
import { handleBatch, type Answer } from './batch'
import { errorBody } from './errors'
import { runQuery, searchProblem } from './query'
import type { FakeStore } from './store'
import { propertyNames, recordView } from './views'

/** What the routes need besides the store. */
export interface RouteOptions {
  version: string
  portalId: number
  /** Results one search query can page through. */
  searchCap: number
  /** Answer 207 per input when every input has a trace id (false: refuse whole batches, as for endpoints without multi-status). */
  multiStatus: boolean
  /** The fake's own origin, for `paging.next.link`. */
  origin(): string
}

/** True for the search endpoints, which HubSpot meters on their own budget. */
export function isSearch(method: string, path: string): boolean {
  return method === 'POST' && /\/search$/.test(path)
}

/** Answers one authenticated, within-budget request. */
export function route(store: FakeStore, o: RouteOptions, method: string, path: string, query: URLSearchParams, body: unknown): Answer {
  const v = o.version.replace(/[-.]/g, '\\$&')
  if (method === 'GET' && new RegExp(`^/account-info/${v}/details$`).test(path)) return { status: 200, body: account(o.portalId) }
  let m = new RegExp(`^/crm/properties/${v}/([^/]+)$`).exec(path)
  if (m && method === 'GET') {
    const def = OBJECTS[m[1]]
    return def ? { status: 200, body: { results: def.properties.map(propertyView) } } : unknownObject(m[1])
  }
  m = new RegExp(`^/crm/objects/${v}/([^/]+)(?:/(.+))?$`).exec(path)
  if (!m) return { status: 404, body: errorBody('OBJECT_NOT_FOUND', `No route for ${method} ${path}`) }
  const type = m[1]
  const rest = m[2]
  if (!OBJECTS[type]) return unknownObject(type)
  const json = (body ?? {}) as Record<string, unknown>
  if (method === 'GET' && rest === undefined) return list(store, o, type, query)
  if (method === 'POST' && rest === 'search') return search(store, o, type, json)
  const batch = /^batch\/(\w+)$/.exec(rest ?? '')
  if (method === 'POST' && batch) return handleBatch(store, type, batch[1], json, query, o.multiStatus)
  if (method === 'GET' && rest && /^\d+$/.test(rest)) {
    const rec = store.get(type, rest)
    if (!rec || rec.archived !== (query.get('archived') === 'true')) return { status: 404, body: errorBody('OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.') }
    return { status: 200, body: recordView(rec, propertyNames(type, query.getAll('properties').join(','))) }
  }
  return { status: 405, body: errorBody('VALIDATION_ERROR', `${method} is not supported on ${path}`) }
}

function unknownObject(type: string): Answer {
  return { status: 404, body: errorBody('OBJECT_NOT_FOUND', `Unable to infer object type from: ${type}`) }
}

function account(portalId: number): Record<string, unknown> {
  return {
    portalId,
    accountType: 'STANDARD',
    timeZone: 'Europe/London',
    companyCurrency: 'GBP',
    additionalCurrencies: [],
    utcOffset: '+00:00',
    utcOffsetMilliseconds: 0,
    uiDomain: 'app-eu1.hubspot.com',
    dataHostingLocation: 'eu1'
  }
}

function list(store: FakeStore, o: RouteOptions, type: string, query: URLSearchParams): Answer {
  const limit = Number(query.get('limit') ?? 10)
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return { status: 400, body: errorBody('VALIDATION_ERROR', `limit must be between 1 and 100, got ${query.get('limit')}`) }
  const archived = query.get('archived') === 'true'
  const after = query.get('after')
  const names = propertyNames(type, query.getAll('properties').join(','))
  const all = store.all(type).filter((r) => r.archived === archived && (after === null || Number(r.id) >= Number(after)))
  const page = all.slice(0, limit)
  const next = all[limit]
  const paging = next
    ? { paging: { next: { after: next.id, link: `${o.origin()}/crm/objects/${o.version}/${type}?limit=${limit}&after=${next.id}` } } }
    : {}
  return { status: 200, body: { results: page.map((r) => recordView(r, names)), ...paging } }
}

function search(store: FakeStore, o: RouteOptions, type: string, body: Record<string, unknown>): Answer {
  const problem = searchProblem(body, o.searchCap)
  if (problem) return { status: 400, body: errorBody('VALIDATION_ERROR', problem) }
  const hits = runQuery(store.searchable(type), body)
  const limit = Number(body.limit ?? 10)
  const offset = Number(body.after ?? 0)
  const names = propertyNames(type, body.properties)
  const page = hits.slice(offset, Math.min(offset + limit, o.searchCap))
  // HubSpot hands out the next `after` even when it is past the cap; asking for it is a 400.
  const paging = offset + limit < hits.length ? { paging: { next: { after: String(offset + limit) } } } : {}
  return { status: 200, body: { total: hits.length, results: page.map((r) => recordView(r, names)), ...paging } }
}
