/**
 * Square's objects as functions the toolkit assembles: payments, refunds and disputes
 * (read only: Square makes them at the till), and customers (read and write, each create
 * with an `idempotency_key` made from its fields, so a retry or a rerun after a crash
 * never makes a second customer).
 *
 * Changes: the first read takes `historyDays` of payments and refunds by `created_at`;
 * later reads ask for what was updated since the last change seen, less `overlapSeconds`
 * (Square's lists are eventually consistent). Disputes take no time filter: every read
 * lists them all and keeps those updated since.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { ConfigError, RecordError } from '../../errors'
import type { HttpClient } from '../http'
import { cursorCodec, itemsOf, pages, type ObjectFunctions } from '../platform'
import type { ChangeFeed, ChangePage, FieldInfo, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { squarePaging } from './http'
import { CUSTOMER_WRITABLE, customerRecord, disputeRecord, paymentRecord, refundRecord } from './records'
import { customerAnswer, customersAnswer, customerSchema, disputeSchema, listOf, ordersAnswer, paymentSchema, refundSchema, type SquareCustomer, type SquareOrder, type SquarePayment } from './schemas'
import type { SquareSettings } from './settings'

/** What the objects share in a session. */
export interface SquareContext {
  client: HttpClient
  settings: SquareSettings
  connectionId: string
  /** Clock in ms. @default Date.now */
  now: () => number
}

const position = cursorCodec('Square', z.object({ since: z.string() }), 'square:')

/** Every page of a list, as Square's items. */
async function* walk<T>(ctx: SquareContext, url: string, plural: string, item: z.ZodType<T>, params: Record<string, string | number>): AsyncGenerator<T[]> {
  const schema = listOf(plural, item)
  const paging = squarePaging(plural)
  for await (const page of pages(paging, async (p) => ({ data: await ctx.client.request({ url, params: { ...params, ...p.params }, schema }) }))) {
    // An empty list is `{}`: no items key at all.
    yield (page.data as Record<string, unknown>)[plural] === undefined ? [] : itemsOf<T>(paging, page.data)
  }
}

/** The windows of a read: the first by creation over `historyDays`, later ones by update since the cursor. */
function windowOf(ctx: SquareContext, cursor: string | null): { params: Record<string, string>; since: string } {
  if (cursor === null) {
    const begin = new Date(ctx.now() - ctx.settings.historyDays * 86_400_000).toISOString()
    return { params: { begin_time: begin, sort_order: 'ASC' }, since: begin }
  }
  const { since } = position.decode(cursor, ctx.connectionId)
  const from = new Date(Date.parse(since) - ctx.settings.overlapSeconds * 1000).toISOString()
  return { params: { updated_at_begin_time: from, sort_field: 'UPDATED_AT', sort_order: 'ASC' }, since }
}

const locationsOf = (ctx: SquareContext): (string | undefined)[] => (ctx.settings.locationIds.length ? ctx.settings.locationIds : [undefined])

/** A change feed over a time-windowed list; `enrich` turns a page of Square's items into records. */
function timeFeed<T extends { updated_at: string }>(ctx: SquareContext, cursor: string | null, url: string, plural: string, item: z.ZodType<T>, enrich: (items: T[]) => Promise<SourceRecord[]>): ChangeFeed {
  const { params, since } = windowOf(ctx, cursor)
  async function* out(): AsyncGenerator<ChangePage> {
    let newest = since
    for (const location of locationsOf(ctx)) {
      for await (const list of walk(ctx, url, plural, item, { ...params, limit: 100, ...(location ? { location_id: location } : {}) })) {
        for (const i of list) if (i.updated_at > newest) newest = i.updated_at
        yield { records: await enrich(list), problems: [], cursor: null }
      }
    }
    yield { records: [], problems: [], cursor: position.encode({ since: newest }) }
  }
  return { complete: cursor === null, pages: out() }
}

/** Orders by id, 100 to a call. */
async function ordersFor(ctx: SquareContext, ids: string[]): Promise<Map<string, SquareOrder>> {
  const out = new Map<string, SquareOrder>()
  for (let i = 0; i < ids.length; i += 100) {
    const answer = await ctx.client.request({ method: 'POST', url: '/v2/orders/batch-retrieve', data: { order_ids: ids.slice(i, i + 100) }, schema: ordersAnswer, idempotent: true })
    for (const o of answer.orders ?? []) out.set(o.id, o)
  }
  return out
}

/** Customers by id, 100 to a call (BulkRetrieveCustomers). */
async function customersFor(ctx: SquareContext, ids: string[]): Promise<Map<string, SquareCustomer>> {
  const out = new Map<string, SquareCustomer>()
  for (let i = 0; i < ids.length; i += 100) {
    const answer = await ctx.client.request({ method: 'POST', url: '/v2/customers/bulk-retrieve', data: { customer_ids: ids.slice(i, i + 100) }, schema: customersAnswer, idempotent: true })
    for (const [id, r] of Object.entries(answer.responses ?? {})) if (r.customer) out.set(id, r.customer)
  }
  return out
}

/** Payments with their order's lines and, where the payment has no email, their customer's. */
async function paymentRecords(ctx: SquareContext, list: SquarePayment[]): Promise<SourceRecord[]> {
  const orderIds = [...new Set(list.filter((p) => p.status === 'COMPLETED' && p.order_id).map((p) => p.order_id!))]
  const customerIds = [...new Set(list.filter((p) => !p.buyer_email_address && p.customer_id).map((p) => p.customer_id!))]
  const [orders, customers] = await Promise.all([orderIds.length ? ordersFor(ctx, orderIds) : new Map<string, SquareOrder>(), customerIds.length ? customersFor(ctx, customerIds) : new Map<string, SquareCustomer>()])
  return list.map((p) => paymentRecord(p, { order: p.order_id ? orders.get(p.order_id) : undefined, customer: p.customer_id ? customers.get(p.customer_id) : undefined }))
}

/** Reads by id one call each (Square has no batch get for payments, refunds or disputes); ids it does not know are left out. */
async function byIds<T>(ctx: SquareContext, ids: string[], path: string, key: string, item: z.ZodType<T>): Promise<T[]> {
  const schema = z.looseObject({ [key]: item })
  const out: T[] = []
  for (const id of ids) {
    try {
      out.push((await ctx.client.request({ url: `${path}/${encodeURIComponent(id)}`, schema }))[key] as T)
    } catch (err) {
      if (!(err instanceof RecordError)) throw err
    }
  }
  return out
}

const readOnly = (what: string) => async (_ctx: SquareContext, items: WriteItem[]): Promise<WriteOutcome[]> => {
  if (items.length === 0) return []
  throw new ConfigError(`Patchbay does not write Square ${what}: Square makes them at the till`, { hint: `Make Square the left side of the sync and set it to copy one way, from Square.` })
}

/** Ids looked up one call each; past this many, one walk of the list over `historyDays` costs fewer calls. */
const BY_ID_MAX = 5

/**
 * Finds records by id: a few one call each, many by walking the list (a nightly sync
 * asks for every posting the books hold from other syncs, most of which are not this
 * object's: one GET each would be a 404 each).
 */
const byKeyFromIds = (read: (ctx: SquareContext, ids: string[]) => Promise<SourceRecord[]>, list?: (ctx: SquareContext) => Promise<ChangeFeed>) => async (ctx: SquareContext, field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> => {
  if (field !== 'id') return []
  const want = new Set(values.map(normalise))
  let found: SourceRecord[] = []
  if (list && values.length > BY_ID_MAX) {
    for await (const page of (await list(ctx)).pages) found.push(...page.records.filter((r) => want.has(normalise(r.fields.id))))
  } else found = await read(ctx, values)
  return found.filter((r) => want.has(normalise(r.fields.id)))
}

const MONEY_FIELDS: FieldInfo[] = [
  { name: 'id', label: 'Square id' },
  { name: 'source', label: 'Payment system (square)' },
  { name: 'kind', label: 'Kind (sale, refund, dispute)' },
  { name: 'status', label: 'Status' },
  { name: 'amount', label: 'Amount taken (minor units)', type: 'number' },
  { name: 'currency', label: 'Currency' },
  { name: 'fee', label: 'Square processing fee (minor units)', type: 'number' },
  { name: 'fee_currency', label: 'Fee currency' },
  { name: 'created', label: 'Created', type: 'date' },
  { name: 'updated', label: 'Updated', type: 'date' },
  { name: 'location_id', label: 'Location' },
  { name: 'description', label: 'Note or reason' }
]

/** Payments: read only. */
export const payments: ObjectFunctions<SquareContext> = {
  maxBatch: 100,
  fields: async () => [
    ...MONEY_FIELDS,
    { name: 'amount_total', label: 'Total asked (minor units)', type: 'number' },
    { name: 'tip', label: 'Tip (minor units)', type: 'number' },
    { name: 'refunded', label: 'Refunded (minor units)', type: 'number' },
    { name: 'order_id', label: 'Order' },
    { name: 'customer_id', label: 'Customer' },
    { name: 'customer_email', label: 'Customer email', type: 'email' },
    { name: 'customer_name', label: 'Customer name' },
    { name: 'product', label: 'Catalog item (a one-line order)' },
    { name: 'lines', label: 'Order lines (JSON)' },
    { name: 'source_type', label: 'Paid with (CARD, CASH, …)' }
  ],
  listChanged: async (ctx, cursor) => timeFeed(ctx, cursor, '/v2/payments', 'payments', paymentSchema, (list) => paymentRecords(ctx, list)),
  read: async (ctx, ids) => paymentRecords(ctx, await byIds(ctx, ids, '/v2/payments', 'payment', paymentSchema)),
  findByKey: byKeyFromIds(
    async (ctx, ids) => paymentRecords(ctx, await byIds(ctx, ids, '/v2/payments', 'payment', paymentSchema)),
    async (ctx) => timeFeed(ctx, null, '/v2/payments', 'payments', paymentSchema, (list) => paymentRecords(ctx, list))
  ),
  write: readOnly('payments')
}

/** Refunds: read only. */
export const refunds: ObjectFunctions<SquareContext> = {
  maxBatch: 100,
  fields: async () => [...MONEY_FIELDS, { name: 'payment_id', label: 'Refunded payment' }, { name: 'order_id', label: 'Order' }],
  listChanged: async (ctx, cursor) => timeFeed(ctx, cursor, '/v2/refunds', 'refunds', refundSchema, async (list) => list.map(refundRecord)),
  read: async (ctx, ids) => (await byIds(ctx, ids, '/v2/refunds', 'refund', refundSchema)).map(refundRecord),
  findByKey: byKeyFromIds(
    async (ctx, ids) => (await byIds(ctx, ids, '/v2/refunds', 'refund', refundSchema)).map(refundRecord),
    async (ctx) => timeFeed(ctx, null, '/v2/refunds', 'refunds', refundSchema, async (list) => list.map(refundRecord))
  ),
  write: readOnly('refunds')
}

/** Disputes: read only; listed whole each time (ListDisputes has no time filter). */
export const disputes: ObjectFunctions<SquareContext> = {
  maxBatch: 100,
  fields: async () => [...MONEY_FIELDS, { name: 'state', label: 'Square’s dispute state' }, { name: 'payment_id', label: 'Disputed payment' }, { name: 'reason', label: 'Reason' }],
  async listChanged(ctx, cursor) {
    const { since } = windowOf(ctx, cursor)
    const from = cursor === null ? since : new Date(Date.parse(since) - ctx.settings.overlapSeconds * 1000).toISOString()
    async function* out(): AsyncGenerator<ChangePage> {
      let newest = since
      for (const location of locationsOf(ctx)) {
        for await (const list of walk(ctx, '/v2/disputes', 'disputes', disputeSchema, location ? { location_id: location } : {})) {
          const fresh = list.filter((d) => d.updated_at >= from)
          for (const d of fresh) if (d.updated_at > newest) newest = d.updated_at
          yield { records: fresh.map(disputeRecord), problems: [], cursor: null }
        }
      }
      yield { records: [], problems: [], cursor: position.encode({ since: newest }) }
    }
    return { complete: false, pages: out() }
  },
  read: async (ctx, ids) => (await byIds(ctx, ids, '/v2/disputes', 'dispute', disputeSchema)).map(disputeRecord),
  findByKey: byKeyFromIds(
    async (ctx, ids) => (await byIds(ctx, ids, '/v2/disputes', 'dispute', disputeSchema)).map(disputeRecord),
    async (ctx) => disputes.listChanged(ctx, null)
  ),
  write: readOnly('disputes')
}

/** Every customer, page by page. */
async function allCustomers(ctx: SquareContext): Promise<SquareCustomer[]> {
  const all: SquareCustomer[] = []
  for await (const list of walk(ctx, '/v2/customers', 'customers', customerSchema, { limit: 100 })) all.push(...list)
  return all
}

/** The body of a customer write: the mapped fields as Square names them. */
function customerBody(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [ours, theirs] of Object.entries(CUSTOMER_WRITABLE)) if (ours in fields) out[theirs] = fields[ours] === null ? '' : String(fields[ours])
  return out
}

/** The key of a create: the same fields always make the same key, so Square answers a repeat with the customer it made. */
export function customerIdempotencyKey(connectionId: string, body: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify([connectionId, body])).digest('base64url').slice(0, 40)
}

/** Customers: read (full list every time: ListCustomers has no change filter) and write. */
export const customers: ObjectFunctions<SquareContext> = {
  maxBatch: 25,
  fields: async () => [
    { name: 'id', label: 'Square id' },
    { name: 'email', label: 'Email', type: 'email' },
    { name: 'given_name', label: 'First name' },
    { name: 'family_name', label: 'Last name' },
    { name: 'company_name', label: 'Company' },
    { name: 'phone', label: 'Phone', type: 'phone' },
    { name: 'reference_id', label: 'Reference' },
    { name: 'note', label: 'Note' }
  ],
  async listChanged(ctx) {
    async function* out(): AsyncGenerator<ChangePage> {
      for await (const list of walk(ctx, '/v2/customers', 'customers', customerSchema, { limit: 100 })) yield { records: list.map(customerRecord), problems: [], cursor: null }
    }
    return { complete: true, pages: out() }
  },
  read: async (ctx, ids) => (await byIds(ctx, ids, '/v2/customers', 'customer', customerSchema)).map(customerRecord),
  async findByKey(ctx, field, values, normalise) {
    const want = new Set(values.map(normalise))
    return (await allCustomers(ctx)).map(customerRecord).filter((r) => want.has(normalise(r.fields[field])))
  },
  async write(ctx, items) {
    const out: WriteOutcome[] = []
    for (const item of items) {
      try {
        if (item.op === 'create') {
          const body = customerBody(item.fields)
          const idempotency_key = customerIdempotencyKey(ctx.connectionId, body)
          const answer = await ctx.client.request({ method: 'POST', url: '/v2/customers', data: { idempotency_key, ...body }, schema: customerAnswer, idempotent: true })
          out.push({ ref: item.ref, ok: true, id: answer.customer.id })
        } else if (item.op === 'update') {
          const answer = await ctx.client.request({ method: 'PUT', url: `/v2/customers/${encodeURIComponent(item.id)}`, data: customerBody(item.fields), schema: customerAnswer })
          out.push({ ref: item.ref, ok: true, id: answer.customer.id })
        } else {
          await ctx.client.request({ method: 'DELETE', url: `/v2/customers/${encodeURIComponent(item.id)}` })
          out.push({ ref: item.ref, ok: true, id: item.id })
        }
      } catch (err) {
        if (!(err instanceof RecordError)) throw err
        out.push({ ref: item.ref, ok: false, error: err })
      }
    }
    return out
  }
}
