/**
 * The fake's endpoints, each as SendGrid documents it (FIDELITY.md cites the page per
 * behaviour). Paths are under `/v3`; files (exports, job errors) are served apart by the
 * server, without the API key, as SendGrid's pre-signed download links are.
 */
import { randomUUID } from 'node:crypto'
import type { Faults } from './faults'
import { errorBody, iso, renderContact, renderJob } from './render'
import type { ContactInput, Job, SendgridStore } from './store'

/** One parsed request. */
export interface RouteRequest {
  store: SendgridStore
  faults: Faults
  /** `http://127.0.0.1:<port>`. */
  base: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /** Starts a job's clock: it is carried out after the fake's job delay unless polled sooner. */
  schedule(job: Job): void
  exports: Map<string, ExportJob>
}

/** One answer. */
export interface RouteAnswer {
  status: number
  body?: unknown
}

/** A contacts export, ready at its first status poll. */
export interface ExportJob {
  id: string
  createdAt: number
  /** NDJSON of contact-details3, filled when ready. */
  file?: string
  count?: number
}

type Route = (req: RouteRequest) => RouteAnswer
const bad = (message: string, field: string | null = null): RouteAnswer => ({ status: 400, body: errorBody(message, field) })
const asObject = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined)
/** Polls a pending job sees before it is carried out (the job's own timer may come first). */
const POLLS_PENDING = 1
const polls = new WeakMap<Job, number>()

/** `PUT /v3/marketing/contacts`: validates the request, then queues the upsert and answers 202 with its `job_id`. */
const upsertContacts: Route = ({ store, faults, body, schedule }) => {
  const b = asObject(body)
  const contacts = b?.contacts
  if (!Array.isArray(contacts) || contacts.length === 0) return bad('contacts is required and must hold at least one contact', 'contacts')
  if (contacts.length > 30_000) return bad('at most 30000 contacts can be upserted at once', 'contacts')
  const listIds = Array.isArray(b?.list_ids) ? (b.list_ids as unknown[]).map(String) : []
  for (const [i, l] of listIds.entries()) if (!store.lists.has(l)) return bad(`list ${l} does not exist`, `list_ids[${i}]`)
  for (const [i, c] of contacts.entries()) {
    const rec = asObject(c)
    if (!rec || (rec.email === undefined && rec.external_id === undefined && rec.phone_number_id === undefined && rec.anonymous_id === undefined)) {
      return bad('each contact needs an email, phone_number_id, external_id or anonymous_id', `contacts[${i}]`)
    }
    for (const id of Object.keys(asObject(rec.custom_fields) ?? {})) if (!store.fields.has(id)) return bad(`custom field ${id} does not exist`, `contacts[${i}].custom_fields.${id}`)
  }
  const fault = faults.nextJob()
  const job = store.queueJob('upsert', contacts.length, (j) => {
    const half = fault === 'halfway' ? Math.ceil(contacts.length / 2) : fault === 'whole' ? 0 : contacts.length
    for (const [i, c] of (contacts as ContactInput[]).entries()) {
      const email = typeof c.email === 'string' ? c.email.trim().toLowerCase() : String(c.email ?? '')
      if (i >= half) {
        j.errors.push({ email, message: 'processing stopped before this contact was imported' })
        continue
      }
      const problem = store.problemWith(c)
      if (problem) j.errors.push({ email, message: problem })
      else if (store.upsert(c, listIds)) j.created++
      else j.updated++
    }
    j.status = j.errors.length === 0 ? 'completed' : j.errors.length === contacts.length ? 'failed' : 'errored'
  })
  schedule(job)
  return { status: 202, body: { job_id: job.id } }
}

/** `DELETE /v3/marketing/contacts?ids=`: queues the deletion, 202 with its `job_id`. */
const deleteContacts: Route = ({ store, query, schedule }) => {
  const ids = (query.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  if (ids.length === 0 && query.get('delete_all_contacts') !== 'true') return bad('either ids or delete_all_contacts must be set', 'ids')
  const job = store.queueJob('delete', ids.length, (j) => {
    for (const id of ids) if (store.remove(id)) j.deleted++
    j.status = 'completed'
  })
  schedule(job)
  return { status: 202, body: { job_id: job.id } }
}

/** `GET /v3/marketing/contacts/imports/{id}`: pending until carried out, then completed, errored or failed. */
const importStatus: Route = ({ store, params, base }) => {
  const job = store.jobs.get(params.id)
  if (!job) return { status: 404, body: errorBody('job not found', 'id') }
  const seen = (polls.get(job) ?? 0) + 1
  polls.set(job, seen)
  if (job.run && seen > POLLS_PENDING) job.run()
  return { status: 200, body: renderJob(job, `${base}/files`) }
}

/** `POST /v3/marketing/contacts/search/emails`: up to 100 addresses; 404 when none matches. */
const searchEmails: Route = ({ store, body, base }) => {
  const emails = asObject(body)?.emails
  if (!Array.isArray(emails) || emails.length === 0) return bad('emails is required', 'emails')
  if (emails.length > 100) return bad('at most 100 emails can be searched at once', 'emails')
  const result: Record<string, unknown> = {}
  let found = 0
  for (const raw of emails) {
    const e = String(raw).trim().toLowerCase()
    if (e === '') continue
    const c = store.byAddress(e)
    if (c) found++
    result[e] = c ? { contact: renderContact(store, c, base) } : { error: 'contact not found' }
  }
  if (found === 0) return { status: 404, body: errorBody('No contacts found') }
  return { status: 200, body: { result } }
}

/** `POST /v3/marketing/contacts/batch`: up to 100 ids. */
const batchById: Route = ({ store, body, base }) => {
  const ids = asObject(body)?.ids
  if (!Array.isArray(ids)) return bad('ids is required', 'ids')
  if (ids.length > 100) return bad('at most 100 ids can be given at once', 'ids')
  const result = ids.map((id) => store.contacts.get(String(id))).filter((c) => c !== undefined).map((c) => renderContact(store, c, base))
  return { status: 200, body: { result } }
}

/** `GET /v3/marketing/contacts/count`. */
const countContacts: Route = ({ store }) => ({ status: 200, body: { contact_count: store.contacts.size, billable_count: store.contacts.size } })

/** `POST /v3/marketing/contacts/exports`: an export job; JSON files are NDJSON of contacts. */
const startExport: Route = ({ exports, body, base }) => {
  const b = asObject(body) ?? {}
  if (b.file_type !== undefined && b.file_type !== 'json' && b.file_type !== 'csv') return bad('file_type must be json or csv', 'file_type')
  const id = randomUUID()
  exports.set(id, { id, createdAt: Date.now() })
  return { status: 202, body: { id, _metadata: { self: `${base}/v3/marketing/contacts/exports/${id}` } } }
}

/** `GET /v3/marketing/contacts/exports/{id}`: ready (with its download URLs) from the first poll. */
const exportStatus: Route = ({ exports, store, params, base }) => {
  const job = exports.get(params.id)
  if (!job) return { status: 404, body: errorBody('export not found', 'id') }
  if (job.file === undefined) {
    const contacts = [...store.contacts.values()]
    job.count = contacts.length
    job.file = contacts.map((c) => JSON.stringify(renderContact(store, c, base))).join('\n')
  }
  const at = iso(job.createdAt)
  return {
    status: 200,
    body: { id: job.id, status: 'ready', created_at: at, updated_at: at, completed_at: at, expires_at: iso(job.createdAt + 72 * 3600_000), urls: [`${base}/files/exports/${job.id}.json`], contact_count: job.count }
  }
}

/** `GET /v3/marketing/field_definitions`: custom and reserved fields. */
const listFields: Route = ({ store }) => ({
  status: 200,
  body: {
    custom_fields: [...store.fields.values()],
    reserved_fields: [
      ...['first_name', 'last_name', 'email', 'alternate_emails', 'address_line_1', 'address_line_2', 'city', 'state_province_region', 'postal_code', 'country', 'phone_number'].map((name, i) => ({ id: `_rf${i}_T`, name, field_type: 'Text', read_only: false })),
      { id: '_rf20_T', name: 'created_at', field_type: 'Date', read_only: true },
      { id: '_rf21_T', name: 'updated_at', field_type: 'Date', read_only: true }
    ]
  }
})

/** `POST /v3/marketing/field_definitions`. */
const createField: Route = ({ store, body }) => {
  const b = asObject(body)
  const name = typeof b?.name === 'string' ? b.name.trim() : ''
  const type = b?.field_type
  if (!name) return bad('name is required', 'name')
  if (type !== 'Text' && type !== 'Number' && type !== 'Date') return bad('field_type must be Text, Number or Date', 'field_type')
  if ([...store.fields.values()].some((f) => f.name === name)) return bad('a field with this name already exists', 'name')
  return { status: 200, body: store.addField(name, type) }
}

/** `GET /v3/marketing/lists`: page_size (1–1000, default 100) and page_token. */
const listLists: Route = ({ store, query, base }) => {
  const size = Math.min(1000, Math.max(1, Number(query.get('page_size') ?? 100) || 100))
  const start = Number(query.get('page_token') ?? 0) || 0
  const all = [...store.lists.values()]
  const counts = new Map<string, number>()
  for (const c of store.contacts.values()) for (const l of c.listIds) counts.set(l, (counts.get(l) ?? 0) + 1)
  const page = all.slice(start, start + size).map((l) => ({ ...l, contact_count: counts.get(l.id) ?? 0, _metadata: { self: `${base}/v3/marketing/lists/${l.id}` } }))
  const next = start + size < all.length ? `${base}/v3/marketing/lists?page_size=${size}&page_token=${start + size}` : undefined
  return { status: 200, body: { result: page, _metadata: { self: `${base}/v3/marketing/lists?page_size=${size}&page_token=${start}`, ...(next ? { next } : {}), count: all.length } } }
}

/** `DELETE /v3/marketing/lists/{id}/contacts?contact_ids=`: 202 with a `job_id`. */
const removeFromList: Route = ({ store, params, query, schedule }) => {
  if (!store.lists.has(params.id)) return { status: 404, body: errorBody('list not found', 'id') }
  const ids = (query.get('contact_ids') ?? '').split(',').filter(Boolean)
  if (ids.length === 0) return bad('contact_ids is required', 'contact_ids')
  const job = store.queueJob('delete', ids.length, (j) => {
    store.removeFromList(params.id, ids)
    j.status = 'completed'
  })
  schedule(job)
  return { status: 202, body: { job_id: job.id } }
}

/** limit (1–500, default 500) and offset over a sorted array, as the suppression lists page. */
function pageOf<T>(items: T[], query: URLSearchParams): T[] {
  const limit = Math.min(500, Math.max(1, Number(query.get('limit') ?? 500) || 500))
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0)
  return items.slice(offset, offset + limit)
}

/** `GET /v3/suppression/unsubscribes`: the global unsubscribes, newest first. */
const listGlobal: Route = ({ store, query }) => ({
  status: 200,
  body: pageOf([...store.globalUnsubscribes].map(([email, created]) => ({ email, created })).sort((a, b) => b.created - a.created || a.email.localeCompare(b.email)), query)
})

const suppressionEmails = (body: unknown): string[] | RouteAnswer => {
  const list = asObject(body)?.recipient_emails
  if (!Array.isArray(list) || list.length === 0) return bad('recipient_emails is required', 'recipient_emails')
  return list.map((e) => String(e).trim().toLowerCase())
}

/** `POST /v3/asm/suppressions/global`: 201 with the addresses now globally suppressed. */
const addGlobal: Route = ({ store, body }) => {
  const emails = suppressionEmails(body)
  if (!Array.isArray(emails)) return emails
  store.unsubscribeGlobally(emails)
  return { status: 201, body: { recipient_emails: emails } }
}

/** `GET /v3/asm/suppressions/global/{email}`: the address when suppressed, else `{}`. */
const getGlobal: Route = ({ store, params }) => {
  const e = params.email.toLowerCase()
  return { status: 200, body: store.globalUnsubscribes.has(e) ? { recipient_email: e } : {} }
}

/** `DELETE /v3/asm/suppressions/global/{email}`: 204 (the connector never calls it). */
const deleteGlobal: Route = ({ store, params }) => {
  store.globalUnsubscribes.delete(params.email.toLowerCase())
  return { status: 204 }
}

/** `GET /v3/asm/groups`. */
const listGroups: Route = ({ store }) => ({ status: 200, body: [...store.groups.values()].map((g) => ({ ...g, unsubscribes: store.groupUnsubscribes.get(g.id)?.size ?? 0 })) })

/** `GET /v3/asm/suppressions`: every group unsubscribe. */
const listGroupSuppressions: Route = ({ store }) => ({
  status: 200,
  body: [...store.groupUnsubscribes].flatMap(([id, m]) => [...m].map(([email, created_at]) => ({ email, group_id: id, group_name: store.groups.get(id)?.name ?? '', created_at })))
})

/** `POST /v3/asm/groups/{group_id}/suppressions`: 201. */
const addToGroup: Route = ({ store, params, body }) => {
  const id = Number(params.group_id)
  if (!store.groups.has(id)) return { status: 404, body: errorBody('unsubscribe group not found', 'group_id') }
  const emails = suppressionEmails(body)
  if (!Array.isArray(emails)) return emails
  store.unsubscribeFromGroup(id, emails)
  return { status: 201, body: { recipient_emails: emails } }
}

/** `GET /v3/suppression/bounces`. */
const listBounces: Route = ({ store, query }) => ({
  status: 200,
  body: pageOf([...store.bounces].map(([email, b]) => ({ email, ...b })).sort((a, b) => b.created - a.created || a.email.localeCompare(b.email)), query)
})

/** Every route, as `[method, template, handler, rate-limit bucket]`. */
export const ROUTES: readonly [string, string, Route][] = [
  ['PUT', '/v3/marketing/contacts', upsertContacts],
  ['DELETE', '/v3/marketing/contacts', deleteContacts],
  ['GET', '/v3/marketing/contacts/count', countContacts],
  ['GET', '/v3/marketing/contacts/imports/:id', importStatus],
  ['POST', '/v3/marketing/contacts/search/emails', searchEmails],
  ['POST', '/v3/marketing/contacts/batch', batchById],
  ['POST', '/v3/marketing/contacts/exports', startExport],
  ['GET', '/v3/marketing/contacts/exports/:id', exportStatus],
  ['GET', '/v3/marketing/field_definitions', listFields],
  ['POST', '/v3/marketing/field_definitions', createField],
  ['GET', '/v3/marketing/lists', listLists],
  ['DELETE', '/v3/marketing/lists/:id/contacts', removeFromList],
  ['GET', '/v3/suppression/unsubscribes', listGlobal],
  ['POST', '/v3/asm/suppressions/global', addGlobal],
  ['GET', '/v3/asm/suppressions/global/:email', getGlobal],
  ['DELETE', '/v3/asm/suppressions/global/:email', deleteGlobal],
  ['GET', '/v3/asm/groups', listGroups],
  ['GET', '/v3/asm/suppressions', listGroupSuppressions],
  ['POST', '/v3/asm/groups/:group_id/suppressions', addToGroup],
  ['GET', '/v3/suppression/bounces', listBounces]
]

function match(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/').filter(Boolean)
  const got = path.split('/').filter(Boolean)
  if (want.length !== got.length) return undefined
  const params: Record<string, string> = {}
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i])
    else if (want[i] !== got[i]) return undefined
  }
  return params
}

/** The route for `method path`, a 405's allowed methods, or undefined. */
export function dispatch(method: string, path: string): { route: Route; template: string; params: Record<string, string> } | { allow: string[] } | undefined {
  const allow: string[] = []
  for (const [m, template, route] of ROUTES) {
    const params = match(template, path)
    if (!params) continue
    if (m === method) return { route, template, params }
    allow.push(m)
  }
  return allow.length ? { allow } : undefined
}
