/**
 * Writing customers. Every POST carries an `Idempotency-Key`, and the toolkit resends it
 * unchanged on each retry, so a write whose answer was lost is never applied twice:
 *
 * - a create's key is derived from the connection and the fields (plus the item's place
 *   among identical creates in the batch). A run that crashed after Stripe created the
 *   customer, but before Patchbay committed the link, sends the same key on the rerun and
 *   Stripe answers with the customer it made the first time (keys live at least 24 h);
 * - an update's key comes from the engine's write ref: retries of this run share it, and a
 *   later run's update is a new request, as it should be;
 * - DELETE carries no key: Stripe documents GET and DELETE as idempotent by definition and
 *   says not to send one (docs.stripe.com/api/idempotent_requests).
 *
 * A replayed create whose customer was deleted since is created again under a fresh key.
 */
import { createHash } from 'node:crypto'
import type { Fields } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { HttpClient } from '../http'
import type { WriteItem, WriteOutcome } from '../types'
import { StripeRequestError } from './errors'
import { formBody, type StripeParam } from './form'
import { customerFields, WRITABLE_CUSTOMER_FIELDS } from './records/customers'
import { customerOrDeletedSchema, customerSchema } from './schemas'

/** Who is writing, for keys and messages. */
export interface WriteContext {
  client: HttpClient
  connectionId?: string
}

/** Stable JSON: keys sorted, so the same fields always hash alike. */
function stable(fields: Fields): string {
  return JSON.stringify(Object.keys(fields).sort().map((k) => [k, fields[k]]))
}

/** The idempotency key of a create: the same fields (and place) give the same key. */
export function createKey(connectionId: string | undefined, fields: Fields, occurrence: number): string {
  const hash = createHash('sha256').update(`${connectionId ?? ''}\n${stable(fields)}\n${occurrence}`).digest('hex').slice(0, 40)
  return `patchbay-customers-create-${hash}`
}

/** Form params for a customer's fields; throws RecordError for a field Stripe will not take. */
export function customerParams(fields: Fields, op: 'create' | 'update'): Record<string, StripeParam> {
  const params: Record<string, StripeParam> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'id') continue
    const meta = /^metadata\.(.+)$/.exec(name)
    const param = meta ? `metadata[${meta[1]}]` : WRITABLE_CUSTOMER_FIELDS[name]
    if (!param) throw new RecordError(`Patchbay cannot write "${name}" on a Stripe customer`, { hint: `Writable fields: ${Object.keys(WRITABLE_CUSTOMER_FIELDS).join(', ')}, metadata.<key>.` })
    if (value === null || value === '') {
      // Empty means "unset" to Stripe; a create simply leaves it out.
      if (op === 'update') params[param] = null
      continue
    }
    params[param] = typeof value === 'boolean' || typeof value === 'number' ? String(value) : value
  }
  return params
}

/** Applies a batch of customer writes, one request each, paced by the connection's limiter. */
export async function writeCustomers(ctx: WriteContext, items: WriteItem[]): Promise<WriteOutcome[]> {
  const occurrences = new Map<string, number>()
  const settled = await Promise.allSettled(
    items.map((item) => {
      if (item.op !== 'create') return writeOne(ctx, item, 0)
      const key = stable(item.fields)
      const n = occurrences.get(key) ?? 0
      occurrences.set(key, n + 1)
      return writeOne(ctx, item, n)
    })
  )
  // A refusal belongs to its record; anything else (auth, outage, API change) stops the run.
  const fatal = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && !(s.reason instanceof RecordError))
  if (fatal) throw fatal.reason
  return settled.map((s, i) => (s.status === 'fulfilled' ? s.value : { ref: items[i].ref, ok: false, error: s.reason as RecordError }))
}

async function writeOne(ctx: WriteContext, item: WriteItem, occurrence: number): Promise<WriteOutcome> {
  const { client } = ctx
  if (item.op === 'delete') {
    try {
      await client.request({ method: 'DELETE', url: `/v1/customers/${encodeURIComponent(item.id)}`, schema: customerOrDeletedSchema })
    } catch (err) {
      // Already gone is what a delete wants.
      if (!(err instanceof StripeRequestError && err.stripe.code === 'resource_missing')) throw err
    }
    return { ref: item.ref, ok: true, id: item.id }
  }
  const params = customerParams(item.fields, item.op)
  if (item.op === 'update') {
    const c = await client.request({ method: 'POST', url: `/v1/customers/${encodeURIComponent(item.id)}`, data: formBody(params), idempotencyKey: `patchbay-customers-update-${item.ref}`, schema: customerSchema })
    return { ref: item.ref, ok: true, id: c.id, fields: customerFields(c) }
  }
  const key = createKey(ctx.connectionId, item.fields, occurrence)
  const res = await client.send({ method: 'POST', url: '/v1/customers', data: formBody(params), idempotencyKey: key, schema: customerSchema })
  let customer = res.data
  if (res.headers['idempotent-replayed'] === 'true') {
    // The first create happened (a crashed run); if someone deleted that customer since, make a new one.
    const now = await client.request({ url: `/v1/customers/${encodeURIComponent(customer.id)}`, schema: customerOrDeletedSchema })
    if ('deleted' in now) {
      customer = await client.request({ method: 'POST', url: '/v1/customers', data: formBody(params), idempotencyKey: `${key}-after-${customer.id}`, schema: customerSchema })
    }
  }
  return { ref: item.ref, ok: true, id: customer.id, fields: customerFields(customer) }
}
