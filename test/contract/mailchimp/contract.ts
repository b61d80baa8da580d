/**
 * Checks recorded exchanges against Mailchimp's documented contract: each request's
 * method, path, query and body, and each response's status, content type and body,
 * per endpoint. Returns every violation in words, so one run shows them all.
 */
import { createHash } from 'node:crypto'
import type { ZodType } from 'zod'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import * as s from './schemas'

/** One documented endpoint: what may be sent and what may come back. */
interface Endpoint {
  name: string
  method: string
  path: RegExp
  query: ZodType
  body?: ZodType
  /** Success statuses and the body each carries (undefined = no body, 204). */
  ok: Record<number, ZodType | undefined>
}

const LIST = '/3.0/lists/[a-z0-9]+'
const MEMBER = `${LIST}/members/[^/]+`

/** The endpoints Patchbay uses, from the API reference. */
export const ENDPOINTS: Endpoint[] = [
  { name: 'ping', method: 'GET', path: /^\/3\.0\/ping$/, query: s.fieldsQuery, ok: { 200: s.pingAnswer } },
  { name: 'root', method: 'GET', path: /^\/3\.0\/?$/, query: s.fieldsQuery, ok: { 200: s.rootAnswer } },
  { name: 'get list', method: 'GET', path: new RegExp(`^${LIST}$`), query: s.fieldsQuery, ok: { 200: s.listAnswer } },
  { name: 'batch subscribe', method: 'POST', path: new RegExp(`^${LIST}$`), query: s.fieldsQuery.extend({ skip_merge_validation: s.fieldsQuery.shape.fields, skip_duplicate_check: s.fieldsQuery.shape.fields }), body: s.batchSubscribeBody, ok: { 200: s.batchSubscribeAnswer } },
  { name: 'list members', method: 'GET', path: new RegExp(`^${LIST}/members$`), query: s.listMembersQuery, ok: { 200: s.memberPageSchema } },
  { name: 'get member', method: 'GET', path: new RegExp(`^${MEMBER}$`), query: s.fieldsQuery, ok: { 200: s.memberSchema } },
  { name: 'upsert member', method: 'PUT', path: new RegExp(`^${MEMBER}$`), query: s.fieldsQuery.extend({ skip_merge_validation: s.fieldsQuery.shape.fields }), body: s.upsertMemberBody, ok: { 200: s.memberSchema } },
  { name: 'archive member', method: 'DELETE', path: new RegExp(`^${MEMBER}$`), query: s.fieldsQuery, ok: { 204: undefined } },
  { name: 'member tags', method: 'POST', path: new RegExp(`^${MEMBER}/tags$`), query: s.fieldsQuery, body: s.memberTagsBody, ok: { 204: undefined } },
  { name: 'merge fields', method: 'GET', path: new RegExp(`^${LIST}/merge-fields$`), query: s.mergeFieldsQuery, ok: { 200: s.mergeFieldsAnswer } }
]

/** The endpoint an exchange was for, if it is one Patchbay may use. */
export function endpointOf(e: Pick<Exchange, 'method' | 'path'>): Endpoint | undefined {
  return ENDPOINTS.find((p) => p.method === e.method && p.path.test(e.path))
}

function issues(schema: ZodType, value: unknown): string[] {
  const r = schema.safeParse(value)
  return r.success ? [] : r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
}

const md5 = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex')

function memberInvariants(m: unknown): string[] {
  const member = m as { id?: string; email_address?: string }
  return member.id && member.email_address && member.id !== md5(member.email_address) ? [`member id ${member.id} is not the MD5 of ${member.email_address} lower-cased`] : []
}

/** Every way `e` breaks the contract; empty when it keeps it. */
export function checkExchange(e: Exchange): string[] {
  const where = `#${e.seq} ${e.method} ${e.path}`
  const ep = endpointOf(e)
  if (!ep) return [`${where}: not an endpoint of the Mailchimp reference that Patchbay uses`]
  const out: string[] = []
  const say = (what: string, list: string[]) => list.forEach((i) => out.push(`${where} ${what}: ${i}`))
  say('query', issues(ep.query, e.query))
  if (ep.body) say('request body', issues(ep.body, e.requestBody))
  else if (e.requestBody !== undefined) out.push(`${where}: sends a body the endpoint does not take`)
  if (!/^Basic \[redacted\]$/.test(e.requestHeaders.authorization ?? '')) out.push(`${where}: not authenticated with HTTP Basic`)
  if (e.status === null || e.fault === 'malformed') return out
  const type = e.responseHeaders['content-type'] ?? ''
  if (e.status >= 400) {
    if (!type.startsWith('application/problem+json')) out.push(`${where}: error ${e.status} is not application/problem+json`)
    say('problem', issues(s.problemSchema, e.responseBody))
    if ((e.responseBody as { status?: unknown } | undefined)?.status !== e.status) out.push(`${where}: problem status differs from HTTP ${e.status}`)
    return out
  }
  if (!(e.status in ep.ok)) return [...out, `${where}: ${e.status} is not a documented success of ${ep.name}`]
  const schema = ep.ok[e.status]
  if (schema === undefined) {
    if (e.responseBody !== undefined) out.push(`${where}: ${e.status} should have no body`)
    return out
  }
  if (!type.startsWith('application/json')) out.push(`${where}: answer is not application/json`)
  say('answer', issues(schema, e.responseBody))
  const body = e.responseBody as { members?: unknown[]; new_members?: unknown[]; updated_members?: unknown[]; total_items?: number }
  const members = ep.name === 'get member' || ep.name === 'upsert member' ? [body] : [...(body.members ?? []), ...(body.new_members ?? []), ...(body.updated_members ?? [])]
  for (const m of members) say('member', memberInvariants(m))
  if (ep.name === 'list members') {
    const count = Number(e.query.count ?? 10)
    if ((body.members?.length ?? 0) > count) out.push(`${where}: page longer than count=${count}`)
    if ((body.total_items ?? 0) < (body.members?.length ?? 0)) out.push(`${where}: total_items smaller than the page`)
  }
  return out
}

/** Checks every exchange; returns all violations. */
export function checkExchanges(all: readonly Exchange[]): string[] {
  return all.flatMap(checkExchange)
}
