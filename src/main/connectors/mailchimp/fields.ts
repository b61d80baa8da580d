/**
 * A member's fields as Patchbay names them, and back. Field names are flat so a mapping
 * can say `FNAME` rather than `merge_fields.FNAME`:
 *
 * - `email_address`, `status`, `vip`, `language`: the member's own properties;
 * - `tags`: the member's tag names, sorted and joined with ", " ("customer, vip"); writing it
 *   makes them exactly those, so it removes any tag it does not list;
 * - `tags_add`: tags to add, keeping every other tag the member has ("shipped"). Written through
 *   `POST …/members/{hash}/tags` with each tag `active`, and only the ones the member lacks, so
 *   writing it again adds nothing twice; an empty value adds nothing. It reads back as `tags`
 *   (everything the member now has), which is what it added to;
 * - every merge field by its tag (`FNAME`, `LNAME`, `PHONE`, `BIRTHDAY`…), upper case as
 *   Mailchimp writes tags; an address merge field as `ADDRESS.addr1`, `ADDRESS.city`, …
 *
 * Lower-case names are the member's own and upper-case names are merge tags, so the
 * two can never collide. An empty merge field ("" in Mailchimp) reads as null.
 */
import { createHash } from 'node:crypto'
import type { Fields, FieldValue } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { Member } from './schemas'

/** The member's own fields, always offered. */
export const MEMBER_FIELDS = ['email_address', 'status', 'vip', 'language', 'tags', 'tags_add'] as const

const ADDRESS_PARTS = ['addr1', 'addr2', 'city', 'state', 'zip', 'country'] as const
const MERGE_TAG = /^[A-Z][A-Z0-9_]*$/
const ADDRESS_PART = /^([A-Z][A-Z0-9_]*)\.(addr1|addr2|city|state|zip|country)$/
const WRITABLE_STATUS = new Set(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'])

const empty = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === ''

/** MD5 of the lower-cased address: how Mailchimp names a member in URLs. */
export function subscriberHash(email: string): string {
  return createHash('md5').update(email.trim().toLowerCase()).digest('hex')
}

/** The record id Patchbay uses: `contact_id`, which survives an email change; the hash only if Mailchimp sends no contact id. */
export function memberId(m: Pick<Member, 'id' | 'contact_id'>): string {
  return m.contact_id ?? m.id
}

/** Tags as one canonical value: names sorted and joined, or null for none. */
export function joinTags(names: readonly string[]): string | null {
  const clean = [...new Set(names.map((n) => n.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b))
  return clean.length ? clean.join(', ') : null
}

/** The tag names a `tags` value lists. */
export function splitTags(value: FieldValue | undefined): string[] {
  if (empty(value)) return []
  return [...new Set(String(value).split(',').map((t) => t.trim()).filter(Boolean))]
}

/** A member as Patchbay fields. */
export function memberFields(m: Member): Fields {
  const out: Fields = {
    email_address: m.email_address,
    status: m.status,
    vip: m.vip ?? false,
    language: m.language || null,
    tags: joinTags(m.tags.map((t) => t.name))
  }
  out.tags_add = out.tags
  for (const [tag, value] of Object.entries(m.merge_fields)) {
    if (value !== null && typeof value === 'object') {
      for (const part of ADDRESS_PARTS) out[`${tag}.${part}`] = value[part] || null
    } else out[tag] = value === '' ? null : value
  }
  return out
}

/** Why a field name is not one Mailchimp members have, or undefined when it is fine. */
export function fieldNameProblem(name: string, mergeTags: ReadonlySet<string> | undefined): string | undefined {
  if ((MEMBER_FIELDS as readonly string[]).includes(name)) return undefined
  const tag = ADDRESS_PART.exec(name)?.[1] ?? (MERGE_TAG.test(name) ? name : undefined)
  if (tag === undefined) return `Mailchimp members have no field "${name}"; use email_address, status, vip, language, tags, tags_add or a merge tag such as FNAME`
  if (mergeTags && !mergeTags.has(tag)) return `the audience has no merge field "${tag}"; add it in Mailchimp (Audience → Settings → Audience fields) or fix the mapping`
  return undefined
}

/** The JSON body Mailchimp takes for one member (`PUT …/members/{hash}` or one entry of batch subscribe). */
export interface MemberBody {
  email_address?: string
  status?: string
  status_if_new?: string
  merge_fields?: Record<string, string | number | Record<string, string>>
  vip?: boolean
  language?: string
  tags?: string[]
}

/** Builds a member body from Patchbay fields; a value Mailchimp cannot take is a RecordError. */
export function memberBody(fields: Fields, opts: { statusIfNew?: string } = {}): MemberBody {
  const body: MemberBody = {}
  const merge: NonNullable<MemberBody['merge_fields']> = {}
  const addresses = new Map<string, Record<string, string>>()
  for (const [name, value] of Object.entries(fields)) {
    const part = ADDRESS_PART.exec(name)
    if (name === 'email_address') {
      if (!empty(value)) body.email_address = String(value).trim()
    } else if (name === 'status') {
      if (empty(value)) continue
      const status = String(value).trim().toLowerCase()
      if (!WRITABLE_STATUS.has(status)) throw new RecordError(`"${String(value)}" is not a Mailchimp status; use subscribed, unsubscribed, pending, cleaned or transactional`)
      body.status = status
    } else if (name === 'vip') body.vip = value === true || /^(true|yes|1)$/i.test(String(value ?? ''))
    else if (name === 'language') body.language = empty(value) ? '' : String(value)
    else if (name === 'tags') body.tags = splitTags(value)
    else if (name === 'tags_add') continue // not part of the member: see `tagsToAdd`
    else if (part) {
      const address = addresses.get(part[1]) ?? {}
      address[part[2]] = empty(value) ? '' : String(value)
      addresses.set(part[1], address)
    } else merge[name] = empty(value) ? '' : typeof value === 'number' ? value : String(value)
  }
  for (const [tag, address] of addresses) {
    // Mailchimp takes a whole address or none: all parts empty clears it.
    merge[tag] = Object.values(address).every((v) => v === '') ? '' : address
  }
  if (Object.keys(merge).length) body.merge_fields = merge
  if (opts.statusIfNew) body.status_if_new = opts.statusIfNew
  return body
}

/** The tags a write adds to the member's own (its `tags_add`); empty when it adds none. */
export function tagsToAdd(fields: Fields): string[] {
  return splitTags(fields.tags_add)
}

/** Fields as they will read back once written (same normal form as `memberFields`). */
export function normaliseWritten(fields: Fields): Fields {
  const out: Fields = {}
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'tags' || name === 'tags_add') out[name] = joinTags(splitTags(value))
    else if (name === 'vip') out.vip = value === true || /^(true|yes|1)$/i.test(String(value ?? ''))
    else if (name === 'status') out.status = empty(value) ? null : String(value).trim().toLowerCase()
    else if (name === 'email_address') out.email_address = empty(value) ? null : String(value).trim()
    else out[name] = empty(value) ? null : value
  }
  return out
}

/** True when two field values mean the same ("" and null are both empty). */
export function sameField(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (empty(a) && empty(b)) return true
  return !empty(a) && !empty(b) && String(a) === String(b)
}

/** A short digest of a record's fields, to tell "read again, unchanged" from "changed". */
export function fingerprint(fields: Fields): string {
  // `tags_add` repeats `tags`: leaving it out keeps the digests cursors saved before it existed.
  const keys = Object.keys(fields).filter((k) => k !== 'tags_add' && !empty(fields[k])).sort()
  const text = JSON.stringify(keys.map((k) => [k, fields[k]]))
  return createHash('sha1').update(text).digest('base64url').slice(0, 16)
}

/** The fingerprint of a member reported as deleted (archived, or cleaned when those count as deleted). */
export const GONE = 'gone'
