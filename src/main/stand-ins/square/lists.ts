/**
 * Square's list endpoints: time windows on `created_at` (`begin_time` inclusive,
 * `end_time` exclusive, a year back by default) or on `updated_at`
 * (`updated_at_begin_time`…), `sort_order` DESC by default, at most 100 a page, and an
 * opaque `cursor` that only continues the query it came from.
 */
import { createHash } from 'node:crypto'
import { invalidCursor, invalidValue } from './errors'
import type { Obj } from './state'

/** A page of a list and the cursor to the next, if any. */
export interface ListPage {
  items: Obj[]
  cursor?: string
}

function parseTime(field: string, raw: string | null): number | undefined {
  if (raw === null || raw === '') return undefined
  const t = Date.parse(raw)
  if (Number.isNaN(t)) throw invalidValue(field, `Invalid value for ${field}: ${raw} is not an RFC 3339 timestamp`)
  return t
}

/** Filters, sorts and pages `all` as ListPayments and ListPaymentRefunds do. */
export function timeWindowPage(all: Obj[], q: URLSearchParams, now: number, filter: (o: Obj) => boolean = () => true): ListPage {
  const byUpdated = q.get('sort_field') === 'UPDATED_AT' || q.has('updated_at_begin_time') || q.has('updated_at_end_time')
  const field = byUpdated ? 'updated_at' : 'created_at'
  const begin = parseTime(byUpdated ? 'updated_at_begin_time' : 'begin_time', q.get(byUpdated ? 'updated_at_begin_time' : 'begin_time')) ?? now - 365 * 86_400_000
  const end = parseTime(byUpdated ? 'updated_at_end_time' : 'end_time', q.get(byUpdated ? 'updated_at_end_time' : 'end_time')) ?? Number.MAX_SAFE_INTEGER
  const order = q.get('sort_order') ?? 'DESC'
  if (order !== 'ASC' && order !== 'DESC') throw invalidValue('sort_order', `Invalid value for sort_order: ${order}`)
  const location = q.get('location_id')
  const chosen = all.filter((o) => {
    const t = Date.parse(String(o[field]))
    return t >= begin && t < end && (!location || o.location_id === location) && filter(o)
  })
  chosen.sort((a, b) => Date.parse(String(a[field])) - Date.parse(String(b[field])) || String(a.id).localeCompare(String(b.id)))
  if (order === 'DESC') chosen.reverse()
  return page(chosen, q, limitOf(q, 100))
}

/** The `limit` asked for, at most `max` (Square returns no more than its maximum, without an error). */
export function limitOf(q: URLSearchParams, max: number): number {
  const raw = q.get('limit')
  if (raw === null) return max
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1) throw invalidValue('limit', `Invalid value for limit: ${raw}`)
  return Math.min(n, max)
}

/** A query's fingerprint: every parameter but the cursor. */
function fingerprint(q: URLSearchParams): string {
  const pairs = [...q.entries()].filter(([k]) => k !== 'cursor').sort(([a], [b]) => a.localeCompare(b))
  return createHash('sha256').update(JSON.stringify(pairs)).digest('base64url').slice(0, 10)
}

/** One page of `items` after the cursor; the cursor encodes the offset and the query. */
export function page(items: Obj[], q: URLSearchParams, size: number): ListPage {
  let offset = 0
  const cursor = q.get('cursor')
  if (cursor) {
    const m = /^(\d+)\.([\w-]+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (!m || m[2] !== fingerprint(q)) throw invalidCursor()
    offset = Number(m[1])
  }
  const items_ = items.slice(offset, offset + size)
  const next = offset + size < items.length ? Buffer.from(`${offset + size}.${fingerprint(q)}`).toString('base64url') : undefined
  return { items: items_, ...(next ? { cursor: next } : {}) }
}
