/**
 * SendGrid's Marketing Campaigns contacts as one Patchbay object. One adapter per run: it
 * reads the account's custom fields, lists and suppressions once and remembers the contacts
 * it saw (an update must name the contact by email: SendGrid does not update by id).
 *
 * Reads: every run exports all contacts (a complete feed: an absent linked contact was
 * deleted); by id through `POST …/contacts/batch`; by email through `…/search/emails`.
 * Writes: unsubscribes first (suppressions, never removed), then one `PUT …/contacts` per
 * set of lists, the run waiting for each import job; records the job lists as failed become
 * RecordErrors, the rest are confirmed by email and written. Deletes are a job too.
 */
import type { Fields } from '../../../shared/domain'
import { ApiChangedError, RecordError } from '../../errors'
import type { HttpClient } from '../http'
import { itemsOf, pages, type PageRequest } from '../platform'
import { LISTS_PAGING } from './http'
import type { ChangeFeed, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { CONSENT, CONSENT_AT, readSuppressions, suppress, withdraws } from './consent'
import { RESERVED, splitNames, toRecord, type Catalogue, type CustomField } from './fields'
import { exportContacts, jobErrors, waitForJob, type JobContext } from './jobs'
import { batchSchema, byEmailSchema, contactSchema, fieldDefsSchema, jobStartSchema, listsSchema, type Contact } from './schemas'
import type { SendgridSettings } from './settings'

/** What the adapter needs from the session. */
export interface ContactsContext {
  client: HttpClient
  settings: SendgridSettings
  connectionId: string
}

const PAGE = 500
const chunks = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n))
const lower = (e: unknown): string => String(e ?? '').trim().toLowerCase()

/** A write about to be sent: the item, its contact body and the lists it joins. */
interface Pending {
  item: Extract<WriteItem, { op: 'create' | 'update' }>
  email: string
  body: Record<string, unknown>
  listIds: string[]
  /** Lists to leave (updates whose `lists` dropped one): list id → reason. */
  leave: string[]
}

/** The contacts of one SendGrid account, for one run. */
export class SendgridContacts implements ObjectAdapter {
  /** Contacts per import job (SendGrid takes 30,000 or 6 MB a call; the engine writes at most 1,000 at a time). */
  readonly maxBatch = 1000
  private catalogue: Promise<Catalogue> | undefined
  /** Email of each contact seen this run, by id. */
  private readonly emails = new Map<string, string>()
  private readonly jobs: JobContext

  constructor(private readonly c: ContactsContext) {
    this.jobs = { client: c.client, settings: c.settings, connectionId: c.connectionId }
  }

  private load(): Promise<Catalogue> {
    this.catalogue ??= (async () => {
      const [defs, lists, suppressions] = await Promise.all([
        this.c.client.request({ url: '/v3/marketing/field_definitions', schema: fieldDefsSchema }),
        this.allLists(),
        readSuppressions(this.c.client)
      ])
      const custom = new Map<string, CustomField>(defs.custom_fields.map((f) => [f.name, { id: f.id, name: f.name, type: f.field_type }]))
      return { custom, lists, suppressions }
    })().catch((err: unknown) => {
      this.catalogue = undefined
      throw err
    })
    return this.catalogue
  }

  private async allLists(): Promise<Map<string, string>> {
    const out = new Map<string, string>()
    const fetchPage = async (p: PageRequest) => {
      const answer = await this.c.client.request({ url: '/v3/marketing/lists', params: { page_size: 1000, ...p.params }, schema: listsSchema })
      const next = answer._metadata?.next
      return { data: { ...answer, page_token: next ? (new URL(next).searchParams.get('page_token') ?? undefined) : undefined } }
    }
    for await (const page of pages(LISTS_PAGING, fetchPage)) for (const l of itemsOf<{ id: string; name: string }>(LISTS_PAGING, page.data)) out.set(l.id, l.name)
    return out
  }

  private record(contact: Contact, cat: Catalogue): SourceRecord {
    if (contact.email) this.emails.set(contact.id, contact.email)
    return toRecord(contact, cat)
  }

  async fields(): Promise<FieldInfo[]> {
    const cat = await this.load()
    return [
      { name: 'email', label: 'Email', type: 'email' },
      ...RESERVED.map((name): FieldInfo => ({ name, label: name.replace(/_/g, ' '), type: name === 'phone_number' ? 'phone' : 'string' })),
      { name: 'lists', label: 'Lists', type: 'string' },
      ...[...cat.custom.values()].map((f): FieldInfo => ({ name: f.name, label: f.name, type: f.type === 'Number' ? 'number' : f.type === 'Date' ? 'date' : 'string' })),
      { name: CONSENT, label: 'Marketing consent (subscribed, unsubscribed, cleaned)', type: 'string' },
      { name: CONSENT_AT, label: 'Marketing consent changed', type: 'date' }
    ]
  }

  async listChanged(): Promise<ChangeFeed> {
    // The suppressions are read fresh each run: an unsubscribe since the last run must show.
    this.catalogue = undefined
    const cat = await this.load()
    const records = (await this.exported()).map((c) => this.record(c, cat))
    const stamp = `export:${new Date().toISOString()}`
    async function* pages() {
      for (let i = 0; i < records.length; i += PAGE) yield { records: records.slice(i, i + PAGE), problems: [], cursor: i + PAGE >= records.length ? stamp : null }
      if (records.length === 0) yield { records: [], problems: [], cursor: stamp }
    }
    return { complete: true, total: records.length, pages: pages() }
  }

  /** Every contact, through an export; a line in a shape Patchbay does not know is an ApiChangedError. */
  private async exported(): Promise<Contact[]> {
    return (await exportContacts(this.jobs)).map((row) => {
      const parsed = contactSchema.safeParse(row)
      if (!parsed.success) throw new ApiChangedError('SendGrid exported a contact in a shape Patchbay does not know', JSON.stringify(row).slice(0, 200), { connectionId: this.c.connectionId })
      return parsed.data
    })
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    const cat = await this.load()
    const out: SourceRecord[] = []
    for (const part of chunks(ids, 100)) {
      const { result } = await this.c.client.request({ method: 'POST', url: '/v3/marketing/contacts/batch', data: { ids: part }, schema: batchSchema, idempotent: true })
      out.push(...result.map((c) => this.record(c, cat)))
    }
    return out
  }

  /** Contacts by email (`search/emails`, 100 a call; 404 means none of them). */
  private async byEmail(emails: readonly string[]): Promise<Contact[]> {
    const out: Contact[] = []
    for (const part of chunks([...new Set(emails.map(lower).filter(Boolean))], 100)) {
      try {
        const { result } = await this.c.client.request({ method: 'POST', url: '/v3/marketing/contacts/search/emails', data: { emails: part }, schema: byEmailSchema, idempotent: true })
        for (const r of Object.values(result)) if (r.contact) out.push(r.contact)
      } catch (err) {
        if (!(err instanceof RecordError && err.meta.status === 404)) throw err
      }
    }
    return out
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    const cat = await this.load()
    const wanted = new Set(values.map(normalise))
    if (field === 'email') return (await this.byEmail(values)).map((c) => this.record(c, cat)).filter((r) => wanted.has(normalise(r.fields.email)))
    // Any other field: SendGrid searches only by email, so the export is read.
    return (await this.exported()).map((c) => this.record(c, cat)).filter((r) => wanted.has(normalise(r.fields[field])))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    const cat = await this.load()
    const outcomes = new Map<string, WriteOutcome>()
    const fail = (ref: string, message: string, vendorMessage?: string, recordId?: string) =>
      outcomes.set(ref, { ref, ok: false, error: new RecordError(message, { connectionId: this.c.connectionId, vendorMessage, recordId }) })

    const upserts = items.filter((i): i is Pending['item'] => i.op !== 'delete')
    const missing = upserts.filter((i) => i.op === 'update' && !this.emails.has(i.id) && !('email' in i.fields)).map((i) => (i as { id: string }).id)
    if (missing.length) await this.get(missing)
    const pending: Pending[] = []
    for (const item of upserts) {
      const email = lower(item.fields.email ?? (item.op === 'update' ? this.emails.get(item.id) : undefined))
      const who = email || (item.op === 'update' ? `contact ${item.id}` : 'a new contact')
      if (!email) {
        fail(item.ref, `SendGrid needs an email address for ${who}`, undefined, item.op === 'update' ? item.id : undefined)
        continue
      }
      const was = item.op === 'update' ? this.emails.get(item.id) : undefined
      if (was !== undefined && lower(was) !== email) {
        // SendGrid finds contacts by address: a PUT with the new one would add a second contact and leave the old one.
        outcomes.set(item.ref, { ref: item.ref, ok: false, error: new RecordError(`SendGrid cannot change the email address of ${was} to ${email}`, { connectionId: this.c.connectionId, recordId: (item as { id: string }).id, hint: `SendGrid keys contacts by address: change it in SendGrid (Marketing → Contacts → ${was}), or add ${email} there as a new contact.` }) })
        continue
      }
      const built = this.body(item.fields, cat, item.op === 'update' ? item.id : undefined)
      if (typeof built === 'string') fail(item.ref, `SendGrid cannot take ${who}: ${built}`, undefined, item.op === 'update' ? item.id : undefined)
      else pending.push({ item, email, ...built })
    }
    // An update that only carries consent (or nothing SendGrid keeps on the contact) needs no import job.
    const onContact = (p: Pending) => p.item.op === 'create' || Object.keys(p.body).some((k) => k !== 'email') || p.listIds.length > 0 || p.leave.length > 0
    for (const p of pending.filter((x) => !onContact(x))) outcomes.set(p.item.ref, { ref: p.item.ref, ok: true, id: (p.item as { id: string }).id })

    // Unsubscribes first: if the run stops after this, the person is already left alone.
    const leaving = pending.filter((p) => withdraws(p.item.fields[CONSENT]) && !cat.suppressions.has(p.email)).map((p) => p.email)
    await suppress(this.c.client, leaving, this.c.settings.unsubscribeGroupId, cat.suppressions, Date.now())

    const groups = new Map<string, Pending[]>()
    for (const p of pending.filter(onContact)) {
      const key = p.listIds.slice().sort().join(',')
      groups.set(key, [...(groups.get(key) ?? []), p])
    }
    for (const group of groups.values()) await this.upsert(group, cat, outcomes, fail)

    const deletes = items.filter((i): i is Extract<WriteItem, { op: 'delete' }> => i.op === 'delete')
    if (deletes.length) await this.remove(deletes, outcomes)
    return items.map((i) => outcomes.get(i.ref) ?? { ref: i.ref, ok: false, error: new RecordError('SendGrid did not say what became of this record', { connectionId: this.c.connectionId, hint: 'Patchbay tries it again at the next run.' }) })
  }

  /** The contact body of a write, the lists it joins and leaves, or why it cannot be sent. */
  private body(fields: Fields, cat: Catalogue, id: string | undefined): Omit<Pending, 'item' | 'email'> | string {
    const body: Record<string, unknown> = {}
    const custom: Record<string, string | number> = {}
    const listIds: string[] = id === undefined && this.c.settings.listId ? [this.c.settings.listId] : []
    const leave: string[] = []
    for (const [name, v] of Object.entries(fields)) {
      if (name === 'email') body.email = lower(v)
      else if ((RESERVED as readonly string[]).includes(name)) body[name] = v === null || v === undefined ? '' : String(v)
      else if (name === CONSENT || name === CONSENT_AT) continue
      else if (name === 'lists') {
        const byName = new Map([...cat.lists].map(([lid, n]) => [n.toLowerCase(), lid]))
        const want: string[] = []
        for (const n of splitNames(v)) {
          const lid = byName.get(n.toLowerCase())
          if (!lid) return `there is no list named "${n}" (create it under Marketing → Contacts → Lists, or change the mapping)`
          want.push(lid)
        }
        listIds.push(...want)
        if (id !== undefined) leave.push(...[...cat.lists.keys()].filter((lid) => !want.includes(lid)))
      } else {
        const def = cat.custom.get(name)
        if (!def) return `it has no custom field "${name}" (add it under Marketing → Custom Fields, or change the mapping)`
        if (v === null || v === undefined || v === '') custom[def.id] = ''
        else if (def.type === 'Number') {
          const n = Number(v)
          if (!Number.isFinite(n)) return `"${String(v)}" is not a number, and the custom field "${name}" holds numbers`
          custom[def.id] = n
        } else custom[def.id] = String(v)
      }
    }
    if (Object.keys(custom).length) body.custom_fields = custom
    return { body, listIds: [...new Set(listIds)], leave }
  }

  /** One `PUT …/contacts` and its job, retried without the records SendGrid refused outright (400 naming `contacts[i]`). */
  private async upsert(group: Pending[], cat: Catalogue, outcomes: Map<string, WriteOutcome>, fail: (ref: string, message: string, vendorMessage?: string, recordId?: string) => void): Promise<void> {
    let sending = group
    for (let attempt = 0; sending.length > 0 && attempt < 5; attempt++) {
      const contacts = sending.map((p) => ({ ...p.body, email: p.email }))
      let jobId: string
      try {
        ;({ job_id: jobId } = await this.c.client.request({ method: 'PUT', url: '/v3/marketing/contacts', data: { ...(sending[0].listIds.length ? { list_ids: sending[0].listIds } : {}), contacts }, schema: jobStartSchema }))
      } catch (err) {
        const refused = err instanceof RecordError ? refusedIndexes(err.meta.vendorMessage) : new Map<number, string>()
        if (refused.size === 0) {
          if (!(err instanceof RecordError)) throw err
          for (const p of sending) fail(p.item.ref, `SendGrid refused ${p.email}: ${err.meta.vendorMessage ?? err.message}`, err.meta.vendorMessage, idOf(p))
          return
        }
        for (const [i, why] of refused) if (sending[i]) fail(sending[i].item.ref, `SendGrid refused ${sending[i].email}: ${why}`, why, idOf(sending[i]))
        sending = sending.filter((_, i) => !refused.has(i))
        continue
      }
      const job = await waitForJob(this.jobs, jobId)
      const errors = job.status === 'completed' ? new Map<string, string>() : await jobErrors(this.jobs, job)
      // The job gives no ids: the contacts are found by the addresses just imported.
      const found = new Map((await this.byEmail(sending.map((p) => p.email))).map((c) => [lower(c.email), c]))
      for (const p of sending) {
        const why = errors.get(p.email)
        const contact = found.get(p.email)
        if (why !== undefined) fail(p.item.ref, `SendGrid did not import ${p.email}: ${why}`, why, idOf(p))
        else if (job.status === 'failed') fail(p.item.ref, `SendGrid's import of ${p.email} failed`, undefined, idOf(p))
        else if (!contact) fail(p.item.ref, `SendGrid finished the import but has no contact ${p.email}`, undefined, idOf(p))
        else {
          this.record(contact, cat)
          outcomes.set(p.item.ref, { ref: p.item.ref, ok: true, id: contact.id })
        }
      }
      await this.leaveLists(sending.filter((p) => outcomes.get(p.item.ref)?.ok && p.leave.length > 0), found)
      return
    }
  }

  /** Takes updated contacts off the lists their `lists` value no longer names. */
  private async leaveLists(done: Pending[], found: Map<string, Contact>): Promise<void> {
    const byList = new Map<string, string[]>()
    for (const p of done) {
      const c = found.get(p.email)
      for (const lid of p.leave) if (c?.list_ids.includes(lid)) byList.set(lid, [...(byList.get(lid) ?? []), c.id])
    }
    for (const [lid, ids] of byList) {
      for (const part of chunks(ids, 100)) {
        const { job_id } = await this.c.client.request({ method: 'DELETE', url: `/v3/marketing/lists/${lid}/contacts`, params: { contact_ids: part.join(',') }, schema: jobStartSchema })
        await waitForJob(this.jobs, job_id)
      }
    }
  }

  private async remove(deletes: Extract<WriteItem, { op: 'delete' }>[], outcomes: Map<string, WriteOutcome>): Promise<void> {
    for (const part of chunks(deletes, 100)) {
      const { job_id } = await this.c.client.request({ method: 'DELETE', url: '/v3/marketing/contacts', params: { ids: part.map((d) => d.id).join(',') }, schema: jobStartSchema })
      await waitForJob(this.jobs, job_id)
      // A contact already gone counts as deleted; its suppressions stay with its address.
      for (const d of part) {
        outcomes.set(d.ref, { ref: d.ref, ok: true, id: d.id })
        this.emails.delete(d.id)
      }
    }
  }
}

const idOf = (p: Pending): string | undefined => (p.item.op === 'update' ? p.item.id : undefined)

/** The records a synchronous 400 names (`contacts[3].email: …`), by index. */
function refusedIndexes(message: string | undefined): Map<number, string> {
  const out = new Map<number, string>()
  for (const part of (message ?? '').split('; ')) {
    const m = /^contacts\[(\d+)\][^:]*:\s*(.*)$/.exec(part)
    if (m) out.set(Number(m[1]), m[2])
  }
  return out
}
