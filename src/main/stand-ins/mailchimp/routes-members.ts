/**
 * List member routes (https://mailchimp.com/developer/marketing/api/list-members/ and
 * …/list-member-tags/): list with count/offset, status, since/before_last_changed and
 * sorting; get, add (POST), add or update (PUT), update (PATCH), archive (DELETE),
 * delete permanently; read and set tags.
 */
import { ProblemError, problems } from './problems'
import { link, memberJson, mcTime, tagId } from './render'
import type { Route, RouteRequest } from './route-types'
import { hashOf, type Audience, type MemberInput, type StoredMember } from './store'

const STATUSES = ['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived']
const SORT_FIELDS: Record<string, (m: StoredMember) => number> = { last_changed: (m) => m.lastChanged, timestamp_opt: (m) => m.signupAt, timestamp_signup: (m) => m.signupAt }

function bad(field: string, message: string): ProblemError {
  return new ProblemError(problems.invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field, message }]))
}

function timeParam(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name)
  if (raw === null || raw === '') return undefined
  const at = Date.parse(raw)
  if (Number.isNaN(at)) throw bad(name, 'Please enter a date in ISO 8601 format, such as 2015-10-21T15:41:36+00:00')
  return at
}

function intParam(q: URLSearchParams, name: string, fallback: number, max: number): number {
  const raw = q.get(name)
  if (raw === null || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > max) throw bad(name, `Please enter a whole number from 0 to ${max}`)
  return n
}

function input(body: unknown): MemberInput {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ProblemError(problems.jsonParse())
  return body as MemberInput
}

function member(req: RouteRequest): { a: Audience; m: StoredMember } {
  const a = req.store.audience(req.params.list_id)
  const m = req.store.find(a, req.params.subscriber_hash)
  if (!m) throw new ProblemError(problems.notFound())
  return { a, m }
}

/** `GET /lists/{list_id}/members`. Without `status`, archived members are left out. */
export const listMembers: Route = (req) => {
  const a = req.store.audience(req.params.list_id)
  const q = req.query
  const count = intParam(q, 'count', 10, 1000)
  const offset = intParam(q, 'offset', 0, Number.MAX_SAFE_INTEGER)
  const status = q.get('status')
  if (status && !STATUSES.includes(status)) throw bad('status', `Value must be one of: ${STATUSES.join(', ')}`)
  const since = timeParam(q, 'since_last_changed')
  const before = timeParam(q, 'before_last_changed')
  const sortField = q.get('sort_field')
  if (sortField && !SORT_FIELDS[sortField]) throw bad('sort_field', `Value must be one of: ${Object.keys(SORT_FIELDS).join(', ')}`)
  const dir = (q.get('sort_dir') ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1
  let all = [...a.members.values()].filter((m) => (status ? m.status === status : m.status !== 'archived'))
  if (since !== undefined) all = all.filter((m) => m.lastChanged > since)
  if (before !== undefined) all = all.filter((m) => m.lastChanged < before)
  if (sortField) {
    const key = SORT_FIELDS[sortField]
    all.sort((x, y) => (key(x) - key(y)) * dir || x.webId - y.webId)
  }
  const page = all.slice(offset, offset + count)
  return {
    status: 200,
    body: { members: page.map((m) => memberJson(req.base, a, m)), list_id: a.id, total_items: all.length, _links: [link('self', `${req.base}/lists/${a.id}/members`), link('create', `${req.base}/lists/${a.id}/members`, 'POST')] }
  }
}

/** `GET /lists/{list_id}/members/{subscriber_hash}` (hash, contact id or address). */
export const getMember: Route = (req) => {
  const { a, m } = member(req)
  return { status: 200, body: memberJson(req.base, a, m) }
}

/** `POST /lists/{list_id}/members`: add; an address already on the list is "Member Exists". */
export const addMember: Route = (req) => {
  const a = req.store.audience(req.params.list_id)
  const body = input(req.body)
  const email = String(body.email_address ?? '')
  if (req.store.byAddress(a, email)) throw new ProblemError(problems.memberExists(email))
  return { status: 200, body: memberJson(req.base, a, req.store.create(a, body, { skipMergeValidation: req.query.get('skip_merge_validation') === 'true' })) }
}

/**
 * `PUT /lists/{list_id}/members/{subscriber_hash}`: add or update. A new member needs
 * `email_address` whose hash is the one in the path, and `status_if_new` or `status`.
 */
export const putMember: Route = (req) => {
  const a = req.store.audience(req.params.list_id)
  const body = input(req.body)
  const key = req.params.subscriber_hash
  const skipMergeValidation = req.query.get('skip_merge_validation') === 'true'
  const existing = req.store.find(a, key)
  if (existing) {
    req.store.update(a, existing, body, { skipMergeValidation })
    return { status: 200, body: memberJson(req.base, a, existing) }
  }
  const email = String(body.email_address ?? '').trim()
  if (!/^[0-9a-f]{32}$/i.test(key) && !key.includes('@')) throw new ProblemError(problems.notFound())
  if (!email) throw bad('email_address', 'This value should not be blank.')
  if (hashOf(email) !== key.toLowerCase() && email.toLowerCase() !== key.toLowerCase()) throw bad('email_address', 'The email address does not match the subscriber hash in the URL.')
  const created = req.store.create(a, body, { skipMergeValidation })
  return { status: 200, body: memberJson(req.base, a, created) }
}

/** `PATCH /lists/{list_id}/members/{subscriber_hash}`: update an existing member. */
export const patchMember: Route = (req) => {
  const { a, m } = member(req)
  req.store.update(a, m, input(req.body), { skipMergeValidation: req.query.get('skip_merge_validation') === 'true' })
  return { status: 200, body: memberJson(req.base, a, m) }
}

/** `DELETE /lists/{list_id}/members/{subscriber_hash}`: archive. An archived member is not found again. */
export const archiveMember: Route = (req) => {
  const { m } = member(req)
  if (m.status === 'archived') throw new ProblemError(problems.notFound())
  req.store.archive(m)
  return { status: 204 }
}

/** `POST …/members/{subscriber_hash}/actions/delete-permanent`. */
export const deletePermanent: Route = (req) => {
  const { a, m } = member(req)
  req.store.forget(a, m)
  return { status: 204 }
}

/** `GET …/members/{subscriber_hash}/tags`. */
export const listTags: Route = (req) => {
  const { m } = member(req)
  return { status: 200, body: { tags: m.tags.map((name) => ({ id: tagId(name), name, date_added: mcTime(m.lastChanged) })), total_items: m.tags.length, _links: [] } }
}

/**
 * `POST …/members/{subscriber_hash}/tags`: `{tags: [{name, status: active|inactive}], is_syncing?}` → 204
 * with no body. `active` adds the tag (making it in the audience if new), `inactive` removes it;
 * a tag the request does not name is left as it is, so a request of `active` tags only adds.
 * Naming a tag the member already has (or lacks, for `inactive`) changes nothing.
 */
export const setTags: Route = (req) => {
  const { m } = member(req)
  const body = req.body as { tags?: unknown; is_syncing?: unknown } | null
  const tags = body?.tags
  if (!Array.isArray(tags) || tags.some((t) => typeof t?.name !== 'string' || !t.name.trim() || (t.status !== 'active' && t.status !== 'inactive'))) {
    throw bad('tags', 'Each tag needs a name and a status of active or inactive')
  }
  if (body?.is_syncing !== undefined && typeof body.is_syncing !== 'boolean') throw bad('is_syncing', 'Value must be a boolean')
  req.store.setTags(m, (tags as { name: string; status: 'active' | 'inactive' }[]).map((t) => ({ name: t.name.trim(), status: t.status })))
  return { status: 204 }
}
