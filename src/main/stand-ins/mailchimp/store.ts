/**
 * The fake's data: an account with audiences, each with merge fields and members.
 * Members are stored by `contact_id` (stable) and found by subscriber hash (MD5 of the
 * lower-cased address), contact id or the address itself, as the API allows. Every
 * change stamps `last_changed` with the fake's clock, to the second, as Mailchimp does.
 */
import { createHash } from 'node:crypto'
import { ProblemError, problems } from './problems'
import { checkEmail, checkMergeFields, checkStatus, defaultMergeFields, looksFake, type MergeFieldDef, type MergeValue } from './rules'

/** Statuses a stored member can have. */
export type MemberStatus = 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'transactional' | 'archived'

/** One member as the fake keeps it. */
export interface StoredMember {
  contactId: string
  email: string
  uniqueEmailId: string
  webId: number
  status: MemberStatus
  merge: Record<string, MergeValue>
  tags: string[]
  vip: boolean
  language: string
  emailType: 'html' | 'text'
  source: string
  signupAt: number
  lastChanged: number
}

/** One audience. */
export interface Audience {
  id: string
  webId: number
  name: string
  createdAt: number
  mergeFields: MergeFieldDef[]
  members: Map<string, StoredMember>
  byEmail: Map<string, string>
  byHash: Map<string, string>
  /** Addresses permanently deleted: Mailchimp will not take them back by API. */
  forgotten: Set<string>
}

/** The body a client sends for one member (PUT, PATCH, POST or one batch entry). */
export interface MemberInput {
  email_address?: unknown
  status?: unknown
  status_if_new?: unknown
  merge_fields?: unknown
  vip?: unknown
  language?: unknown
  email_type?: unknown
  tags?: unknown
}

/** How an input applies. */
export interface ApplyOptions {
  /** Tags in the input replace all (`sync_tags`) instead of being added. @default false */
  replaceTags?: boolean
  skipMergeValidation?: boolean
}

/** MD5 of the lower-cased address. */
export const hashOf = (email: string): string => createHash('md5').update(email.trim().toLowerCase()).digest('hex')
const hex = (seed: string, n: number): string => createHash('sha1').update(seed).digest('hex').slice(0, n)

/** Options of the store. */
export interface StoreOptions {
  now: () => number
  accountName: string
  /** Which addresses Mailchimp would call fake. @default looksFake */
  isFake?: (email: string) => boolean
}

/** The fake account's data. */
export class FakeStore {
  readonly audiences = new Map<string, Audience>()
  private nextWebId = 100_001
  private serial = 0

  constructor(readonly o: StoreOptions) {}

  /** Seconds-precision "now", as Mailchimp stamps changes. */
  now(): number {
    return Math.floor(this.o.now() / 1000) * 1000
  }

  /** Adds an audience with Mailchimp's default merge fields. */
  addAudience(id: string, name: string, mergeFields: MergeFieldDef[] = defaultMergeFields()): Audience {
    const a: Audience = { id, webId: this.nextWebId++, name, createdAt: this.now(), mergeFields, members: new Map(), byEmail: new Map(), byHash: new Map(), forgotten: new Set() }
    this.audiences.set(id, a)
    return a
  }

  /** The audience, or a 404 problem. */
  audience(id: string): Audience {
    const a = this.audiences.get(id)
    if (!a) throw new ProblemError(problems.notFound())
    return a
  }

  /** Finds a member by subscriber hash, contact id or address (archived ones too). */
  find(a: Audience, key: string): StoredMember | undefined {
    const byId = a.members.get(key)
    if (byId) return byId
    if (key.includes('@')) return this.byAddress(a, key)
    const id = a.byHash.get(key.toLowerCase())
    return id === undefined ? undefined : a.members.get(id)
  }

  /** The member with this address, if any. */
  byAddress(a: Audience, email: string): StoredMember | undefined {
    const id = a.byEmail.get(email.trim().toLowerCase())
    return id === undefined ? undefined : a.members.get(id)
  }

  /** Adds a member; the input must name an address and a status (or status_if_new). */
  create(a: Audience, input: MemberInput, opts: ApplyOptions = {}): StoredMember {
    const email = String(input.email_address ?? '').trim()
    if (!email) throw new ProblemError(problems.invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field: 'email_address', message: 'This value should not be blank.' }]))
    if (a.forgotten.has(email.toLowerCase())) throw new ProblemError(problems.forgotten(email))
    checkEmail(email, this.o.isFake ?? looksFake)
    const status = checkStatus('status', input.status) ?? checkStatus('status_if_new', input.status_if_new)
    if (!status) throw new ProblemError(problems.invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field: 'status', message: 'Schema describes string, NULL found instead' }]))
    const merge = checkMergeFields(asObject(input.merge_fields), a.mergeFields, true, opts.skipMergeValidation)
    const at = this.now()
    const n = ++this.serial
    const m: StoredMember = {
      contactId: hex(`contact:${a.id}:${email.toLowerCase()}:${n}`, 32),
      email,
      uniqueEmailId: hex(`unique:${email.toLowerCase()}`, 10),
      webId: this.nextWebId++,
      status,
      merge: Object.fromEntries(a.mergeFields.filter((d) => d.type !== 'address').map((d) => [d.tag, ''])),
      tags: [],
      vip: input.vip === true,
      language: typeof input.language === 'string' ? input.language : '',
      emailType: input.email_type === 'text' ? 'text' : 'html',
      source: 'API - Generic',
      signupAt: at,
      lastChanged: at
    }
    for (const d of a.mergeFields) if (d.type === 'address') m.merge[d.tag] = ''
    Object.assign(m.merge, merge)
    if (Array.isArray(input.tags)) m.tags = uniq(input.tags.map(String))
    a.members.set(m.contactId, m)
    index(a, m)
    return m
  }

  /** Changes a member; an archived member comes back with `status` or `status_if_new`. Returns whether anything changed. */
  update(a: Audience, m: StoredMember, input: MemberInput, opts: ApplyOptions = {}): boolean {
    const before = JSON.stringify(m)
    const email = input.email_address === undefined ? undefined : String(input.email_address).trim()
    if (email && email.toLowerCase() !== m.email.toLowerCase()) {
      const other = this.byAddress(a, email)
      if (other && other !== m) throw new ProblemError(problems.memberExists(email))
      checkEmail(email, this.o.isFake ?? looksFake)
    }
    const status = checkStatus('status', input.status)
    const ifNew = checkStatus('status_if_new', input.status_if_new)
    // Only the person can subscribe again (through Mailchimp's own form); the API refuses, and changes nothing.
    if (status === 'subscribed' && (m.status === 'unsubscribed' || m.status === 'cleaned')) throw new ProblemError(problems.compliance(m.email))
    const merge = checkMergeFields(asObject(input.merge_fields), a.mergeFields, false, opts.skipMergeValidation)
    if (email && email !== m.email) {
      unindex(a, m)
      m.email = email
      index(a, m)
    }
    if (status) m.status = status
    else if (m.status === 'archived') m.status = ifNew ?? 'subscribed'
    Object.assign(m.merge, merge)
    if (typeof input.vip === 'boolean') m.vip = input.vip
    if (typeof input.language === 'string') m.language = input.language
    if (input.email_type === 'html' || input.email_type === 'text') m.emailType = input.email_type
    if (Array.isArray(input.tags)) m.tags = opts.replaceTags ? uniq(input.tags.map(String)) : uniq([...m.tags, ...input.tags.map(String)])
    return this.touch(m, before)
  }

  /** Sets tags active or inactive; returns whether anything changed. */
  setTags(m: StoredMember, changes: { name: string; status: 'active' | 'inactive' }[]): boolean {
    const before = JSON.stringify(m)
    for (const c of changes) m.tags = c.status === 'active' ? uniq([...m.tags, c.name]) : m.tags.filter((t) => t !== c.name)
    return this.touch(m, before)
  }

  /** Archives a member (what DELETE does). */
  archive(m: StoredMember): void {
    const before = JSON.stringify(m)
    m.status = 'archived'
    this.touch(m, before)
  }

  /** Deletes a member for good; the address can never be added back by API. */
  forget(a: Audience, m: StoredMember): void {
    a.members.delete(m.contactId)
    unindex(a, m)
    a.forgotten.add(m.email.toLowerCase())
  }

  private touch(m: StoredMember, before: string): boolean {
    if (JSON.stringify(m) === before) return false
    m.lastChanged = this.now()
    return true
  }
}

function index(a: Audience, m: StoredMember): void {
  a.byEmail.set(m.email.toLowerCase(), m.contactId)
  a.byHash.set(hashOf(m.email), m.contactId)
}

function unindex(a: Audience, m: StoredMember): void {
  a.byEmail.delete(m.email.toLowerCase())
  a.byHash.delete(hashOf(m.email))
}

function asObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
}

function uniq(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))]
}
