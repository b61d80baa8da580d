/**
 * The endpoints the fake serves, each with the parameters Stripe accepts there (anything
 * else is Stripe's 400 `parameter_unknown`) and the permission a restricted key needs.
 */
import { CHARGE_UPDATE_PARAMS, updateCharge } from './charge-updates'
import { createCustomer, deleteCustomer, updateCustomer, type CustomerInput } from './activity'
import { FakeStripeError, invalidParam, noSuch } from './errors'
import { EVENT_RETENTION, expandsOf, listAnswer, render } from './lists'
import { str, type Params, type ParamValue } from './params'
import type { Origin, Resource, StripeState } from './state'
import { accountTemplate, type Obj } from './templates'

/** What a handler gets. */
export interface Call {
  params: Params
  ids: string[]
  origin: Origin
}

/** One endpoint. */
export interface Route {
  method: 'GET' | 'POST' | 'DELETE'
  pattern: RegExp
  /** What a restricted key needs, e.g. `customers` (read or write follows the method). */
  permission: string
  /** Parameters Stripe takes here. */
  accepts: readonly string[]
  handle(s: StripeState, call: Call): Obj
}

const LIST = ['limit', 'starting_after', 'ending_before', 'expand', 'created'] as const

function one(s: StripeState, kind: string, id: string, params: Params): Obj {
  const o = s.get(id)
  if (!o || o.object !== kind.replace(' ', '_')) throw noSuch(kind, id)
  return render(s, o, expandsOf(params))
}

function equals(field: string, value: ParamValue | undefined): (o: Obj) => boolean {
  if (value === undefined) return () => true
  return (o) => {
    const v = o[field]
    return (typeof v === 'object' && v !== null ? (v as Obj).id : v) === value
  }
}

function listRoute(path: string, resource: Resource, permission: string, filters: string[] = []): Route {
  return {
    method: 'GET',
    pattern: new RegExp(`^${path}$`),
    permission,
    accepts: [...LIST, ...filters],
    handle: (s, { params }) => listAnswer(s, resource, path, params, (o) => filters.every((f) => equals(f, params[f])(o)))
  }
}

function getRoute(path: string, kind: string, permission: string): Route {
  return { method: 'GET', pattern: new RegExp(`^${path}/([^/]+)$`), permission, accepts: ['expand'], handle: (s, { params, ids }) => one(s, kind, ids[0], params) }
}

const CUSTOMER_PARAMS = ['email', 'name', 'phone', 'description', 'address', 'metadata', 'expand'] as const
const ADDRESS_PARTS = new Set(['line1', 'line2', 'city', 'postal_code', 'state', 'country'])

/** Form params → customer input, rejecting what Stripe would reject. */
function customerInput(p: Params): CustomerInput {
  const input: CustomerInput = {}
  for (const k of ['email', 'name', 'phone', 'description'] as const) {
    if (p[k] === undefined) continue
    if (typeof p[k] !== 'string') throw invalidParam(k, 'Invalid string')
    input[k] = p[k] as string
  }
  if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) throw invalidParam('email', `Invalid email address: ${input.email}`, 'email_invalid')
  if (p.address !== undefined) {
    if (p.address === '') input.address = null
    else if (typeof p.address !== 'object' || Array.isArray(p.address)) throw invalidParam('address', 'Invalid hash')
    else {
      for (const k of Object.keys(p.address)) if (!ADDRESS_PARTS.has(k)) throw invalidParam(`address[${k}]`, `Received unknown parameter: address[${k}]`, 'parameter_unknown')
      input.address = p.address as Record<string, string>
    }
  }
  if (p.metadata !== undefined) {
    if (typeof p.metadata !== 'object' || Array.isArray(p.metadata)) throw invalidParam('metadata', 'Invalid hash')
    input.metadata = p.metadata as Record<string, string>
  }
  return input
}

function eventsRoute(): Route {
  return {
    method: 'GET',
    pattern: /^\/v1\/events$/,
    permission: 'events',
    accepts: [...LIST, 'type', 'types', 'delivery_success'],
    handle: (s, { params }) => {
      const type = str(params, 'type')
      const types = params.types
      if (type !== undefined && types !== undefined) throw invalidParam('types', 'You may pass either `type` or `types`, but not both.')
      if (types !== undefined && (!Array.isArray(types) || types.length > 20)) throw invalidParam('types', 'types must be an array of at most 20 event types')
      const wanted = Array.isArray(types) ? new Set(types as string[]) : undefined
      // `type` takes one `*` wildcard: `charge.*` matches charge.succeeded and charge.dispute.created.
      const pattern = type === undefined ? undefined : new RegExp(`^${type.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`)
      return listAnswer(s, 'events', '/v1/events', params, (e) => (!wanted || wanted.has(e.type as string)) && (!pattern || pattern.test(e.type as string)))
    }
  }
}

/** Every endpoint of the fake. */
export const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/v1\/account$/, permission: 'account', accepts: ['expand'], handle: () => accountTemplate() },
  eventsRoute(),
  {
    method: 'GET',
    pattern: /^\/v1\/events\/([^/]+)$/,
    permission: 'events',
    accepts: ['expand'],
    handle: (s, { ids, params }) => {
      const e = s.get(ids[0])
      if (!e || e.object !== 'event' || (e.created as number) <= s.now() - EVENT_RETENTION) throw noSuch('event', ids[0])
      return one(s, 'event', ids[0], params)
    }
  },
  listRoute('/v1/customers', 'customers', 'customers', ['email']),
  { method: 'POST', pattern: /^\/v1\/customers$/, permission: 'customers', accepts: CUSTOMER_PARAMS, handle: (s, { params, origin }) => render(s, createCustomer(s, customerInput(params), origin), expandsOf(params)) },
  getRoute('/v1/customers', 'customer', 'customers'),
  { method: 'POST', pattern: /^\/v1\/customers\/([^/]+)$/, permission: 'customers', accepts: CUSTOMER_PARAMS, handle: (s, { params, ids, origin }) => render(s, updateCustomer(s, ids[0], customerInput(params), origin), expandsOf(params)) },
  { method: 'DELETE', pattern: /^\/v1\/customers\/([^/]+)$/, permission: 'customers', accepts: [], handle: (s, { ids, origin }) => deleteCustomer(s, ids[0], origin) },
  listRoute('/v1/charges', 'charges', 'charges', ['customer', 'payment_intent']),
  getRoute('/v1/charges', 'charge', 'charges'),
  { method: 'POST', pattern: /^\/v1\/charges\/([^/]+)$/, permission: 'charges', accepts: CHARGE_UPDATE_PARAMS, handle: (s, { params, ids, origin }) => render(s, updateCharge(s, ids[0], params, origin), expandsOf(params)) },
  getRoute('/v1/payment_intents', 'payment_intent', 'payment_intents'),
  listRoute('/v1/refunds', 'refunds', 'charges', ['charge', 'payment_intent']),
  getRoute('/v1/refunds', 'refund', 'charges'),
  listRoute('/v1/disputes', 'disputes', 'disputes', ['charge', 'payment_intent']),
  getRoute('/v1/disputes', 'dispute', 'disputes'),
  listRoute('/v1/balance_transactions', 'balance_transactions', 'balance', ['currency', 'payout', 'source', 'type']),
  getRoute('/v1/balance_transactions', 'balance_transaction', 'balance'),
  listRoute('/v1/invoices', 'invoices', 'invoices', ['customer', 'status']),
  getRoute('/v1/invoices', 'invoice', 'invoices'),
  {
    method: 'GET',
    pattern: /^\/v1\/invoices\/([^/]+)\/lines$/,
    permission: 'invoices',
    accepts: ['limit', 'starting_after', 'ending_before', 'expand'],
    handle: (s, { ids, params }) => {
      const inv = s.get(ids[0])
      if (!inv || inv.object !== 'invoice') throw noSuch('invoice', ids[0])
      const lines = (inv.lines as { data: Obj[] }).data
      const limit = params.limit === undefined ? 10 : Number(params.limit)
      const from = typeof params.starting_after === 'string' ? lines.findIndex((l) => l.id === params.starting_after) + 1 : 0
      if (from === 0 && params.starting_after !== undefined) throw noSuch('line item', String(params.starting_after), 'starting_after', 400)
      return { object: 'list', data: lines.slice(from, from + limit), has_more: from + limit < lines.length, url: `/v1/invoices/${ids[0]}/lines` }
    }
  },
  listRoute('/v1/payouts', 'payouts', 'payouts', ['status']),
  getRoute('/v1/payouts', 'payout', 'payouts'),
  getRoute('/v1/products', 'product', 'products'),
  getRoute('/v1/prices', 'price', 'products')
]

/** The route for a request, and the ids in its path; a FakeStripeError 404 when none. */
export function findRoute(method: string, path: string): { route: Route; ids: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue
    const m = route.pattern.exec(path)
    if (m) return { route, ids: m.slice(1).map(decodeURIComponent) }
  }
  return undefined
}

/** Rejects parameters the endpoint does not take, as Stripe does. */
export function checkParams(route: Route, params: Params): void {
  for (const k of Object.keys(params)) {
    if (!route.accepts.includes(k)) throw new FakeStripeError(400, { error: { type: 'invalid_request_error', code: 'parameter_unknown', doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown', message: `Received unknown parameter: ${k}`, param: k } }, {}, true)
  }
}
