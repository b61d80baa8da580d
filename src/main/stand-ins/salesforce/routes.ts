/**
 * The REST API resources the fake answers, under `/services/data/vXX.X`: limits, query and
 * queryMore, describe, getDeleted, and sObject Collections create / update / delete /
 * upsert-by-external-id. Behaviours and their references are in ./FIDELITY.md.
 */
import { randomBytes } from 'node:crypto'
import type { FakeField } from './catalog'
import { fail, type RecordProblem } from './errors'
import { matches, parseSoql, SoqlError, type Soql } from './soql'
import { parseSfDate, sfDate, type FakeOrg, type FakeRecord } from './store'

/** An answer before it is sent. */
export interface Answer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** What routes need besides the org. */
export interface RouteContext {
  org: FakeOrg
  /** `v66.0`. */
  version: string
  now: () => number
  /** Largest query batch, below Salesforce's 2,000 (tests page through small worlds). @default 2000 */
  queryBatchCap: number
  cursors: Map<string, { type: string; fields: string[]; ids: string[] }>
}

const DAY = 86_400_000
const MAX_COLLECTION = 200

function fieldMap(ctx: RouteContext, type: string): Map<string, FakeField> | undefined {
  const fields = ctx.org.fields(type)
  return fields && new Map(fields.map((f) => [f.name.toLowerCase(), f]))
}

function view(ctx: RouteContext, type: string, rec: FakeRecord, fields: string[], known: Map<string, FakeField>): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type, url: `/services/data/${ctx.version}/sobjects/${type}/${rec.Id}` } }
  for (const f of fields) {
    const name = known.get(f.toLowerCase())!.name
    out[name] = rec[name] ?? null
  }
  return out
}

function page(ctx: RouteContext, locator: string, offset: number, batch: number): Answer {
  const cur = ctx.cursors.get(locator)
  if (!cur) return fail(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator')
  const known = fieldMap(ctx, cur.type)!
  const slice = cur.ids.slice(offset, offset + batch)
  const records = slice.map((id) => ctx.org.find(id)?.record).filter((r): r is FakeRecord => r !== undefined)
  const done = offset + batch >= cur.ids.length
  if (done) ctx.cursors.delete(locator)
  return {
    status: 200,
    body: {
      totalSize: cur.ids.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/${ctx.version}/query/${locator}-${offset + batch}` }),
      records: records.map((r) => view(ctx, cur.type, r, cur.fields, known))
    }
  }
}

function batchSize(ctx: RouteContext, header: string | undefined): number {
  const asked = Number(/batchSize=(\d+)/i.exec(header ?? '')?.[1] ?? 2000)
  // Salesforce takes 200..2000 and treats the number as a hint.
  return Math.min(Math.max(200, Math.min(asked, 2000)), ctx.queryBatchCap)
}

function query(ctx: RouteContext, q: string | null, options: string | undefined): Answer {
  if (!q) return fail(400, 'MALFORMED_QUERY', 'A query string has to be specified')
  let soql: Soql
  try {
    soql = parseSoql(q)
  } catch (err) {
    return fail(400, 'MALFORMED_QUERY', err instanceof SoqlError ? err.message : String(err))
  }
  const type = Object.keys({ Contact: 1, Lead: 1, Account: 1, Organization: 1 }).find((t) => t.toLowerCase() === soql.from.toLowerCase())
  const known = type ? fieldMap(ctx, type) : undefined
  if (!type || !known) return fail(400, 'INVALID_TYPE', `sObject type '${soql.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`)
  for (const f of [...soql.fields, ...soql.where.map((c) => c.field), ...soql.orderBy.map((o) => o.field)]) {
    if (!known.has(f.toLowerCase())) return fail(400, 'INVALID_FIELD', `No such column '${f}' on entity '${type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`)
  }
  const typeOf = (f: string): string => known.get(f.toLowerCase())!.type
  const nameOf = (f: string): string => known.get(f.toLowerCase())!.name
  const where = soql.where.map((c) => ({ ...c, field: nameOf(c.field) }))
  let hits = ctx.org.all(type).filter((r) => matches(r, where, typeOf))
  const order = soql.orderBy.length ? soql.orderBy : [{ field: 'Id', desc: false }]
  hits.sort((a, b) => {
    for (const o of order) {
      const [x, y] = [a[nameOf(o.field)], b[nameOf(o.field)]].map((v) => (typeOf(o.field) === 'datetime' ? parseSfDate(String(v)) : (v ?? ''))) as [string | number, string | number]
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1)
    }
    return 0
  })
  if (soql.limit !== undefined) hits = hits.slice(0, soql.limit)
  const locator = `01g5g00000${randomBytes(4).toString('hex').toUpperCase()}`
  ctx.cursors.set(locator, { type, fields: soql.fields, ids: hits.map((r) => r.Id) })
  return page(ctx, locator, 0, batchSize(ctx, options))
}

function getDeleted(ctx: RouteContext, type: string, q: URLSearchParams): Answer {
  if (!fieldMap(ctx, type) || type === 'Organization') return fail(404, 'NOT_FOUND', 'The requested resource does not exist')
  // The API ignores the seconds portion of both dates.
  const minute = (s: string | null): number => Math.floor(parseSfDate(s ?? '') / 60_000) * 60_000
  const start = minute(q.get('start'))
  const end = Math.min(minute(q.get('end')), Math.floor(ctx.now() / 60_000) * 60_000)
  if (Number.isNaN(start) || Number.isNaN(end)) return fail(400, 'INVALID_REPLICATION_DATE', 'start and end must be dateTime values, such as 2026-12-01T00:00:00+00:00')
  // "no more than 15 days previous to the day the call is executed"
  const today = Math.floor(ctx.now() / DAY) * DAY
  if (start < today - 15 * DAY) return fail(400, 'INVALID_REPLICATION_DATE', 'startDate cannot be more than 15 days ago')
  if (end - start <= 60_000 - 1 || end <= start) return fail(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute')
  const held = ctx.org.deleted.filter((d) => d.deletedAt >= today - 15 * DAY)
  const hits = held.filter((d) => d.type === type && d.deletedAt >= start && d.deletedAt < end)
  return {
    status: 200,
    body: {
      deletedRecords: hits.map((d) => ({ id: d.id, deletedDate: sfDate(d.deletedAt) })),
      earliestDateAvailable: sfDate(Math.min(today - 15 * DAY, ...held.map((d) => d.deletedAt))),
      latestDateCovered: sfDate(end)
    }
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Checks one record's values; the problems a save would report, or the values by API name. */
function check(ctx: RouteContext, type: string, values: Record<string, unknown>, creating: boolean, known: Map<string, FakeField>): { problems: RecordProblem[]; clean: Record<string, unknown> } | { unknown: string } {
  const clean: Record<string, unknown> = {}
  const problems: RecordProblem[] = []
  const locked: string[] = []
  for (const [k, v] of Object.entries(values)) {
    if (k === 'attributes' || k.toLowerCase() === 'id') continue
    const f = known.get(k.toLowerCase())
    if (!f) return { unknown: k }
    if (!(creating ? f.createable : f.updateable)) {
      locked.push(f.name)
      continue
    }
    if (f.type === 'boolean' && typeof v !== 'boolean') problems.push({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: `${f.label}: value not of required type: ${String(v)}`, fields: [f.name] })
    else if (f.type === 'email' && v !== null && v !== '' && !EMAIL.test(String(v))) problems.push({ statusCode: 'INVALID_EMAIL_ADDRESS', message: `${f.label}: invalid email address: ${String(v)}`, fields: [f.name] })
    clean[f.name] = v === '' ? null : v
  }
  if (locked.length) problems.push({ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: `Unable to create/update fields: ${locked.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, fields: locked })
  const missing = [...known.values()].filter((f) => f.required && (creating ? clean[f.name] === undefined || clean[f.name] === null : f.name in clean && clean[f.name] === null)).map((f) => f.name)
  if (missing.length) problems.push({ statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing })
  void ctx
  return { problems, clean }
}

type Records = Array<Record<string, unknown>>

function recordsOf(body: unknown): Records | Answer {
  const records = (body as { records?: unknown } | undefined)?.records
  if (!Array.isArray(records)) return fail(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject list: records is required')
  if (records.length > MAX_COLLECTION) return fail(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call')
  return records as Records
}

function allOrNone(body: unknown): boolean {
  return (body as { allOrNone?: unknown } | undefined)?.allOrNone === true
}

/** Runs each record's save; with allOrNone, one failure rolls back the rest (nothing is applied). */
function saveAll(results: Array<{ ok: boolean; apply?: () => Record<string, unknown>; fail?: Record<string, unknown> }>, rollback: boolean): Answer {
  if (rollback && results.some((r) => !r.ok)) {
    return { status: 200, body: results.map((r) => r.fail ?? { id: null, success: false, errors: [{ statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] }) }
  }
  return { status: 200, body: results.map((r) => (r.ok ? r.apply!() : r.fail)) }
}

function create(ctx: RouteContext, body: unknown): Answer {
  const records = recordsOf(body)
  if (!Array.isArray(records)) return records
  const results = []
  for (const rec of records) {
    const type = (rec.attributes as { type?: string } | undefined)?.type ?? ''
    const known = type === 'Organization' ? undefined : fieldMap(ctx, type)
    if (!known) return fail(400, 'INVALID_TYPE', type ? `sObject type '${type}' is not supported.` : 'Must send a concrete entity type.')
    if (rec.id !== undefined || rec.Id !== undefined) {
      results.push({ ok: false, fail: { success: false, errors: [{ statusCode: 'INVALID_FIELD', message: 'cannot specify Id in an insert call', fields: ['Id'] }] } })
      continue
    }
    const checked = check(ctx, type, rec, true, known)
    if ('unknown' in checked) return fail(400, 'INVALID_FIELD', `No such column '${checked.unknown}' on sobject of type ${type}`)
    if (checked.problems.length) results.push({ ok: false, fail: { success: false, errors: checked.problems } })
    else results.push({ ok: true, apply: () => ({ id: ctx.org.create(type, checked.clean).Id, success: true, errors: [] }) })
  }
  return saveAll(results, allOrNone(body))
}

function gone(ctx: RouteContext, id: string): Record<string, unknown> {
  const deleted = ctx.org.deleted.some((d) => d.id === id)
  return {
    id,
    success: false,
    errors: [deleted ? { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] } : { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] }]
  }
}

function update(ctx: RouteContext, body: unknown): Answer {
  const records = recordsOf(body)
  if (!Array.isArray(records)) return records
  const results = []
  for (const rec of records) {
    const id = String(rec.id ?? rec.Id ?? '')
    const hit = ctx.org.find(id)
    const type = (rec.attributes as { type?: string } | undefined)?.type ?? hit?.type ?? ''
    if (!hit || hit.type !== type || type === 'Organization') {
      results.push({ ok: false, fail: id ? gone(ctx, id) : { id: null, success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }] } })
      continue
    }
    const known = fieldMap(ctx, type)!
    const checked = check(ctx, type, rec, false, known)
    if ('unknown' in checked) return fail(400, 'INVALID_FIELD', `No such column '${checked.unknown}' on sobject of type ${type}`)
    if (checked.problems.length) results.push({ ok: false, fail: { id, success: false, errors: checked.problems } })
    else results.push({ ok: true, apply: () => (ctx.org.update(id, checked.clean), { id, success: true, errors: [] }) })
  }
  return saveAll(results, allOrNone(body))
}

function upsert(ctx: RouteContext, type: string, field: string, body: unknown): Answer {
  const known = type === 'Organization' ? undefined : fieldMap(ctx, type)
  if (!known) return fail(404, 'NOT_FOUND', 'The requested resource does not exist')
  const ext = known.get(field.toLowerCase())
  if (!ext || !ext.externalId) return fail(400, 'INVALID_FIELD', `Field name provided, ${field} is not an External ID or indexed field for ${type}`)
  const records = recordsOf(body)
  if (!Array.isArray(records)) return records
  const seen = new Map<string, number>()
  for (const rec of records) {
    const key = String(rec[ext.name] ?? '').toLowerCase()
    if (key) seen.set(key, (seen.get(key) ?? 0) + 1)
  }
  const results = []
  for (const rec of records) {
    if ((rec.attributes as { type?: string } | undefined)?.type !== type) return fail(400, 'INVALID_TYPE', `Records in this call must all be of type ${type}`)
    const key = String(rec[ext.name] ?? '').toLowerCase()
    if (!key) {
      results.push({ ok: false, fail: { success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${ext.name} not specified`, fields: [ext.name] }] } })
      continue
    }
    if ((seen.get(key) ?? 0) > 1) {
      results.push({ ok: false, fail: { success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `Duplicate external id specified: ${key}`, fields: [ext.name] }] } })
      continue
    }
    // External ids match without regard to case unless the field is marked case-sensitive.
    const existing = ctx.org.all(type).filter((r) => String(r[ext.name] ?? '').toLowerCase() === key)
    if (existing.length > 1) {
      results.push({ ok: false, fail: { success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${ext.name}: more than one record found for external id field: [${existing.map((r) => r.Id).join(', ')}]`, fields: [ext.name] }] } })
      continue
    }
    const checked = check(ctx, type, rec, existing.length === 0, known)
    if ('unknown' in checked) return fail(400, 'INVALID_FIELD', `No such column '${checked.unknown}' on sobject of type ${type}`)
    if (checked.problems.length) results.push({ ok: false, fail: { success: false, errors: checked.problems } })
    else if (existing.length === 1) results.push({ ok: true, apply: () => (ctx.org.update(existing[0].Id, checked.clean), { id: existing[0].Id, success: true, errors: [], created: false }) })
    else results.push({ ok: true, apply: () => ({ id: ctx.org.create(type, checked.clean).Id, success: true, errors: [], created: true }) })
  }
  return saveAll(results, allOrNone(body))
}

function remove(ctx: RouteContext, q: URLSearchParams): Answer {
  const ids = (q.get('ids') ?? '').split(',').filter(Boolean)
  if (ids.length === 0) return fail(400, 'MISSING_ARGUMENT', 'ids parameter is required')
  if (ids.length > MAX_COLLECTION) return fail(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call')
  const results = ids.map((id) => (ctx.org.find(id) && ctx.org.find(id)!.type !== 'Organization' ? { ok: true, apply: () => (ctx.org.remove(id), { id, success: true, errors: [] }) } : { ok: false, fail: gone(ctx, id) }))
  return saveAll(results, q.get('allOrNone') === 'true')
}

/** Answers one authenticated API request; `path` is the part after `/services/data/vXX.X`. */
export function route(ctx: RouteContext, method: string, path: string, q: URLSearchParams, body: unknown, headers: Record<string, string | string[] | undefined>): Answer {
  const p = path.replace(/\/$/, '')
  let m: RegExpExecArray | null
  if (method === 'GET' && p === '/limits') {
    return { status: 200, body: {} } // filled in by the server, which holds the quota
  }
  if (method === 'GET' && p === '/query') return query(ctx, q.get('q'), headers['sforce-query-options'] as string | undefined)
  if (method === 'GET' && (m = /^\/query\/([\w]+)-(\d+)$/.exec(p))) return page(ctx, m[1], Number(m[2]), batchSize(ctx, headers['sforce-query-options'] as string | undefined))
  if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/describe$/.exec(p))) {
    const fields = ctx.org.fields(m[1])
    return fields ? { status: 200, body: { name: m[1], label: m[1], fields } } : fail(404, 'NOT_FOUND', 'The requested resource does not exist')
  }
  if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/deleted$/.exec(p))) return getDeleted(ctx, m[1], q)
  if (p === '/composite/sobjects') {
    if (method === 'POST') return create(ctx, body)
    if (method === 'PATCH') return update(ctx, body)
    if (method === 'DELETE') return remove(ctx, q)
  }
  if (method === 'PATCH' && (m = /^\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(p))) return upsert(ctx, m[1], m[2], body)
  return fail(404, 'NOT_FOUND', 'The requested resource does not exist')
}
