/**
 * One-member calls: upsert with `PUT /lists/{list_id}/members/{subscriber_hash}`, tag
 * changes with `POST …/tags` (exact, or only adding), archive with `DELETE`. Each is safe to repeat (an upsert
 * by address, tags set active or inactive, an archive), so the client retries them.
 */
import { ConfigError, RecordError } from '../../errors'
import type { HttpClient } from '../http'
import { joinTags, type MemberBody } from './fields'
import { MEMBER_FIELDS_PARAM } from './partial'
import { memberSchema, type Member } from './schemas'

/** What a one-member call needs. */
export interface MemberCalls {
  client: HttpClient
  listId: string
  connectionId?: string
}

/** True when a RecordError is Mailchimp's 404 "Resource Not Found". */
export function isNotFound(err: unknown): boolean {
  return err instanceof RecordError && err.meta.status === 404
}

/** A 404 on the audience itself means the connection names an audience that is not there: a setting to fix. */
export function missingAudience(err: unknown, c: Pick<MemberCalls, 'listId' | 'connectionId'>): unknown {
  if (!isNotFound(err)) return err
  return new ConfigError(`Mailchimp has no audience "${c.listId}"`, {
    connectionId: c.connectionId,
    status: 404,
    hint: 'Check the audience id in the Mailchimp connection settings (Audience → Settings → Audience name and defaults).',
    cause: err
  })
}

/** A RecordError in the user's words: who was refused and Mailchimp's own reason. */
export function refusal(who: string, err: RecordError, recordId?: string): RecordError {
  const why = err.meta.vendorMessage ?? err.message
  return new RecordError(`Mailchimp refused ${who}: ${why}`, { ...err.meta, recordId, cause: err })
}

/**
 * Adds or updates one member. `key` is the subscriber hash for a new member or the
 * contact id for a known one (Mailchimp accepts either in the path). When `body.tags` is
 * set the member ends with exactly those tags.
 */
export async function putMember(c: MemberCalls, key: string, body: MemberBody): Promise<Member> {
  const { tags, ...rest } = body
  const member = await c.client.request({ method: 'PUT', url: `/lists/${c.listId}/members/${encodeURIComponent(key)}`, params: { fields: MEMBER_FIELDS_PARAM }, data: rest, schema: memberSchema })
  if (tags === undefined) return member
  return setTags(c, member, tags)
}

/** Makes a member's tags exactly `wanted`: adds the missing ones, deactivates the rest. */
export async function setTags(c: MemberCalls, member: Member, wanted: string[]): Promise<Member> {
  const have = new Set(member.tags.map((t) => t.name))
  const want = new Set(wanted)
  const changes = [
    ...[...want].filter((t) => !have.has(t)).map((name) => ({ name, status: 'active' as const })),
    ...[...have].filter((t) => !want.has(t)).map((name) => ({ name, status: 'inactive' as const }))
  ]
  if (changes.length === 0) return member
  const key = member.contact_id ?? member.id
  await c.client.request({ method: 'POST', url: `/lists/${c.listId}/members/${encodeURIComponent(key)}/tags`, data: { tags: changes }, idempotent: true })
  const tags = joinTags(wanted)?.split(', ') ?? []
  return { ...member, tags: tags.map((name) => ({ name })), tags_count: tags.length }
}

/**
 * Adds `names` to the tags of the member `key` (contact id or hash) who has `have`, keeping
 * every other tag: only the ones the member lacks are sent, each `active` (Mailchimp's
 * `POST …/tags` never removes a tag it is not told to make inactive), so a member who has them
 * all costs no call. `is_syncing` is left out, so a Customer Journey that starts on "tag added"
 * (a shipping email) starts. Returns the tags the member has now.
 */
export async function addTags(c: MemberCalls, key: string, have: readonly string[], names: readonly string[]): Promise<string[]> {
  const missing = [...new Set(names)].filter((t) => !have.includes(t))
  if (missing.length === 0) return [...have]
  await c.client.request({ method: 'POST', url: `/lists/${c.listId}/members/${encodeURIComponent(key)}/tags`, data: { tags: missing.map((name) => ({ name, status: 'active' })) }, idempotent: true })
  return [...have, ...missing]
}

/** A member with `names` added to its tags (see `addTags`). */
export async function withAddedTags(c: MemberCalls, member: Member, names: readonly string[]): Promise<Member> {
  if (names.length === 0) return member
  const have = member.tags.map((t) => t.name)
  const now = await addTags(c, member.contact_id ?? member.id, have, names)
  if (now.length === have.length) return member
  return { ...member, tags: now.map((name) => ({ name })), tags_count: now.length }
}

/** Archives a member (Mailchimp's DELETE); one already gone counts as done. */
export async function archiveMember(c: MemberCalls, key: string): Promise<void> {
  try {
    await c.client.request({ method: 'DELETE', url: `/lists/${c.listId}/members/${encodeURIComponent(key)}` })
  } catch (err) {
    if (!isNotFound(err)) throw err
  }
}

/** Reads one member; undefined when Mailchimp has no member by that key. */
export async function getMember(c: MemberCalls, key: string): Promise<Member | undefined> {
  try {
    return await c.client.request({ url: `/lists/${c.listId}/members/${encodeURIComponent(key)}`, params: { fields: MEMBER_FIELDS_PARAM }, schema: memberSchema })
  } catch (err) {
    if (isNotFound(err)) return undefined
    throw err
  }
}
