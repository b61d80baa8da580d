/**
 * What the fake's endpoints do to a company: create, sparse or full update, delete,
 * query and Change Data Capture. Each throws a FakeFault the way QuickBooks refuses.
 */
import type { QboEntity } from '../../connectors/quickbooks/api'
import { FakeFault, faults } from './faults'
import { matches, parseQuery, QueryError, valueAt } from './query-language'
import { applyPayment, checkEntity, checkPeriod, complete } from './rules'
import { NAME_LISTS, type FakeCompany } from './store'

/** Creates an entity. */
export function create(co: FakeCompany, entity: string, body: QboEntity): QboEntity {
  const { Id: _id, SyncToken: _t, MetaData: _m, sparse: _s, ...fields } = body
  const full = complete(co, entity, fields)
  checkEntity(co, entity, full, body)
  checkPeriod(co, entity, full.TxnDate)
  const stored = co.insert(entity, full)
  if (entity === 'Payment') applyPayment(co, stored)
  return stored
}

function current(co: FakeCompany, entity: string, body: QboEntity): QboEntity {
  if (!body.Id) throw faults.required('Id')
  if (body.SyncToken === undefined) throw faults.required('SyncToken')
  const old = co.find(entity, String(body.Id))
  if (!old) throw faults.notFound(entity, String(body.Id))
  if (String(body.SyncToken) !== String(old.SyncToken)) throw faults.stale()
  return old
}

/** Updates an entity; `sparse: true` changes only the properties sent. */
export function update(co: FakeCompany, entity: string, body: QboEntity): QboEntity {
  const old = current(co, entity, body)
  const { sparse, SyncToken: _t, MetaData: _m, ...fields } = body
  const merged = sparse ? { ...old, ...fields } : { ...fields, Id: old.Id }
  const { MetaData: _om, SyncToken: _os, domain: _d, sparse: _sp, ...content } = merged
  const full = complete(co, entity, content)
  checkEntity(co, entity, full, body)
  checkPeriod(co, entity, old.TxnDate, full.TxnDate)
  return co.replace(entity, String(old.Id), full)
}

/** Deletes a transaction; name lists can only be made inactive. */
export function remove(co: FakeCompany, entity: string, body: QboEntity): QboEntity {
  if (NAME_LISTS.has(entity)) throw new FakeFault('500', 'Unsupported Operation', `Operation Delete is not supported for ${entity}; make it inactive instead.`)
  const old = current(co, entity, body)
  checkPeriod(co, entity, old.TxnDate)
  return co.remove(entity, String(old.Id))
}

/** Runs a query statement and returns the QueryResponse object. */
export function query(co: FakeCompany, statement: string): Record<string, unknown> {
  let q
  try {
    q = parseQuery(statement)
  } catch (err) {
    if (err instanceof QueryError) throw faults.badQuery(err.message)
    throw err
  }
  let rows = co.list(q.entity)
  if (NAME_LISTS.has(q.entity) && !q.where.some((c) => c.field === 'Active')) rows = rows.filter((r) => r.Active !== false)
  rows = rows.filter((r) => q.where.every((c) => matches(r, c)))
  if (q.count) return { totalCount: rows.length }
  const order = q.orderBy
  rows.sort(order ? (a, b) => cmp(valueAt(a, order.field), valueAt(b, order.field)) * (order.desc ? -1 : 1) : (a, b) => Number(a.Id) - Number(b.Id))
  const page = rows.slice(q.start - 1, q.start - 1 + q.max)
  return page.length ? { [q.entity]: page, startPosition: q.start, maxResults: page.length } : {}
}

function cmp(a: unknown, b: unknown): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a ?? '').localeCompare(String(b ?? ''))
}

/** Change Data Capture: everything changed at or after `since`, at most 1,000 objects in all. */
export function cdc(co: FakeCompany, entities: string[], since: string): Record<string, unknown>[] {
  const from = Date.parse(since)
  if (Number.isNaN(from)) throw faults.badQuery(`changedSince "${since}" is not a date-time`)
  if (co.now() - from > 30 * 86_400_000) throw new FakeFault('4001', 'Invalid Query', 'changedSince cannot be more than 30 days in the past')
  let room = 1000
  return entities.map((entity) => {
    const changed = [...co.list(entity), ...co.deleted(entity)]
      .filter((e) => Date.parse(String((e.MetaData as { LastUpdatedTime: string }).LastUpdatedTime)) >= from)
      .sort((a, b) => Number(a.Id) - Number(b.Id))
      .slice(0, Math.max(0, room))
    room -= changed.length
    return changed.length ? { [entity]: changed, startPosition: 1, maxResults: changed.length, totalCount: changed.length } : {}
  })
}
