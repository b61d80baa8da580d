/**
 * The endpoints the fake answers, in Square's shapes: locations, payments (list, get,
 * create), refunds (list, get, create), customers (list, get, create, update), orders
 * (create, get, batch-retrieve) and disputes (list, get). Each returns the status and
 * body Square would; errors are thrown as SquareAnswerError.
 */
import * as activity from './activity'
import { declined, invalidValue, missing, noRoute, notFound, refundRefused, tooHigh, tooLow } from './errors'
import { page, timeWindowPage } from './lists'
import type { Money, Obj, SquareState } from './state'

/** An answer: status and JSON body. */
export interface Answer {
  status: number
  body: unknown
}

type Body = Record<string, unknown>

const ok = (body: unknown): Answer => ({ status: 200, body })
const listed = (name: string, p: { items: Obj[]; cursor?: string }): Answer => ok(p.items.length || p.cursor ? { [name]: p.items, ...(p.cursor ? { cursor: p.cursor } : {}) } : {})

function moneyOf(body: Body, field: string): Money {
  const m = body[field] as Money | undefined
  if (!m || typeof m !== 'object') throw missing(field)
  if (!Number.isInteger(m.amount) || m.amount < 0) throw invalidValue(`${field}.amount`, `Invalid value for ${field}.amount`)
  if (typeof m.currency !== 'string' || !/^[A-Z]{3}$/.test(m.currency)) throw invalidValue(`${field}.currency`, `Invalid value for ${field}.currency`)
  return m
}

function get<T>(map: Map<string, T>, what: string, id: string): T {
  const found = map.get(decodeURIComponent(id))
  if (!found) throw notFound(what, decodeURIComponent(id))
  return found
}

/** Answers one request. `body` is the parsed JSON body of a POST or PUT. */
export function route(state: SquareState, method: string, path: string, q: URLSearchParams, body: Body): Answer {
  const seg = path.split('/').filter(Boolean)
  if (seg[0] !== 'v2') throw noRoute(method, path)
  const [, name, id, sub] = seg
  const key = `${method} ${name}${id ? (sub ? '/:id/' + sub : id === 'batch-retrieve' || id === 'bulk-retrieve' || id === 'search' ? '/' + id : '/:id') : ''}`
  switch (key) {
    case 'GET locations':
      return ok({ locations: state.locations })
    case 'GET locations/:id':
      return ok({ location: state.location(id) })
    case 'GET payments':
      return listed('payments', timeWindowPage([...state.payments.values()], q, state.now))
    case 'GET payments/:id':
      return ok({ payment: get(state.payments, 'payment', id) })
    case 'POST payments': {
      if (!body.source_id) throw missing('source_id')
      const amount = moneyOf(body, 'amount_money')
      const sale = activity.pay(state, {
        amount: amount.amount,
        currency: amount.currency,
        tip: (body.tip_money as Money | undefined)?.amount,
        locationId: body.location_id as string | undefined,
        customerId: body.customer_id as string | undefined,
        email: body.buyer_email_address as string | undefined,
        note: body.note as string | undefined,
        declined: body.source_id === 'cnon:card-nonce-declined'
      })
      if (sale.payment.status === 'FAILED') {
        const err = declined()
        throw Object.assign(err, { payment: sale.payment })
      }
      return ok({ payment: sale.payment })
    }
    case 'GET refunds':
      return listed('refunds', timeWindowPage([...state.refunds.values()], q, state.now, (r) => !q.get('status') || r.status === q.get('status')))
    case 'GET refunds/:id':
      return ok({ refund: get(state.refunds, 'refund', id) })
    case 'POST refunds': {
      const amount = moneyOf(body, 'amount_money')
      if (!body.payment_id) throw missing('payment_id')
      const payment = get(state.payments, 'payment', String(body.payment_id))
      if (amount.currency !== (payment.total_money as Money).currency) throw invalidValue('amount_money.currency', 'The refund currency must match the payment currency.')
      try {
        return ok({ refund: activity.refund(state, String(payment.id), amount.amount, body.reason as string | undefined) })
      } catch (e) {
        throw refundRefused(e instanceof Error ? e.message : String(e))
      }
    }
    case 'GET customers': {
      const order = q.get('sort_order') ?? 'ASC'
      const all = [...state.customers.values()].sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || String(a.id).localeCompare(String(b.id)))
      if (order === 'DESC') all.reverse()
      const limit = Number(q.get('limit') ?? 100)
      // ListCustomers refuses a limit out of range (the payments lists cap it instead).
      if (!Number.isInteger(limit) || limit < 1) throw tooLow('limit')
      if (limit > 100) throw tooHigh('limit')
      return listed('customers', page(all, q, limit))
    }
    case 'POST customers/bulk-retrieve': {
      const ids = body.customer_ids
      if (!Array.isArray(ids) || ids.length === 0) throw missing('customer_ids')
      if (ids.length > 100) throw invalidValue('customer_ids', 'At most 100 customer ids may be retrieved at once.')
      const responses = Object.fromEntries(ids.map((i) => [String(i), state.customers.has(String(i)) ? { customer: state.customers.get(String(i)) } : { errors: notFound('customer', String(i)).entries }]))
      return ok({ responses })
    }
    case 'GET customers/:id':
      return ok({ customer: get(state.customers, 'customer', id) })
    case 'POST customers': {
      const fields = ['given_name', 'family_name', 'company_name', 'nickname', 'email_address', 'phone_number', 'reference_id', 'note']
      if (!fields.some((f) => typeof body[f] === 'string' && body[f] !== '')) {
        throw invalidValue('given_name', 'At least one of the following fields must be set: given_name, family_name, company_name, email_address, phone_number.')
      }
      if (typeof body.email_address === 'string' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email_address)) throw invalidValue('email_address', 'Expected email_address to be a valid email address')
      return ok({ customer: activity.createCustomer(state, Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]))) })
    }
    case 'PUT customers/:id': {
      const c = get(state.customers, 'customer', id)
      if (body.version !== undefined && body.version !== c.version) throw invalidValue('version', 'Version mismatch: the customer was changed since you read it.')
      return ok({ customer: activity.updateCustomer(state, String(c.id), body) })
    }
    case 'DELETE customers/:id': {
      const c = get(state.customers, 'customer', id)
      state.customers.delete(String(c.id))
      return ok({})
    }
    case 'POST orders': {
      const o = body.order as Body | undefined
      if (!o?.location_id) throw missing('order.location_id')
      const lines = ((o.line_items as Body[] | undefined) ?? []).map((l) => ({
        catalogObjectId: l.catalog_object_id as string | undefined,
        name: String(l.name ?? 'Item'),
        quantity: Number(l.quantity ?? 1),
        unitPrice: (l.base_price_money as Money | undefined)?.amount ?? 0
      }))
      const location = state.location(String(o.location_id))
      return ok({ order: activity.createOrder(state, lines, location.currency, location.id, o.customer_id as string | undefined) })
    }
    case 'GET orders/:id':
      return ok({ order: get(state.orders, 'order', id) })
    case 'POST orders/batch-retrieve': {
      const ids = body.order_ids
      if (!Array.isArray(ids) || ids.length === 0) throw missing('order_ids')
      if (ids.length > 100) throw invalidValue('order_ids', 'At most 100 order ids may be retrieved at once.')
      // Square leaves out ids it does not find.
      return ok({ orders: ids.flatMap((i) => (state.orders.has(String(i)) ? [state.orders.get(String(i))!] : [])) })
    }
    case 'GET disputes': {
      const states = (q.get('states') ?? '').split(',').filter(Boolean)
      const location = q.get('location_id')
      const all = [...state.disputes.values()].filter((d) => (!states.length || states.includes(String(d.state))) && (!location || d.location_id === location))
      all.sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))
      return listed('disputes', page(all, q, DISPUTES_PAGE))
    }
    case 'GET disputes/:id':
      return ok({ dispute: get(state.disputes, 'dispute', id) })
    default:
      throw noRoute(method, path)
  }
}

/** Disputes come back a fixed number a page (ListDisputes takes no `limit`). */
export const DISPUTES_PAGE = 10
