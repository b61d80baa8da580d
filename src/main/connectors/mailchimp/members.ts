/**
 * The members of one Mailchimp audience as an ObjectAdapter.
 *
 * Reading: the first run lists every member (a full scan: a linked member missing from
 * it was archived); later runs list members changed since the cursor, plus archived
 * members changed since then as deletes. Record ids are Mailchimp's `contact_id`,
 * which every member endpoint accepts and which, unlike the subscriber hash, stays the
 * same when a member's address changes.
 */
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { CursorBuilder, decodeCursor, encodeCursor, queryFrom, seenBefore, type MembersCursor } from './cursor'
import { GONE, fingerprint, memberFields, memberId, subscriberHash } from './fields'
import { listMembers, type MemberListing } from './listing'
import { RunMemory } from './memory'
import type { MergeFieldCatalog } from './merge-fields'
import type { Member } from './schemas'
import type { MailchimpSettings } from './settings'
import { getMember, type MemberCalls } from './single'
import { writeMembers } from './write'

/** Up to this many unknown members, `get` reads them one by one. */
const FEW = 10

/** What a members adapter is made of. */
export interface MembersOptions extends MemberCalls {
  settings: MailchimpSettings
  catalog: MergeFieldCatalog
}

/** One audience's members. Make one per run: it remembers what the run read and wrote. */
export class MailchimpMembers implements ObjectAdapter {
  /** Batch subscribe takes up to 500 members per call. */
  readonly maxBatch = 500
  private memory = new RunMemory()

  constructor(private readonly o: MembersOptions) {}

  /** A member as a record: archived members, and cleaned ones when so set, are deletes. */
  toRecord = (m: Member): SourceRecord => {
    const gone = m.status === 'archived' || (m.status === 'cleaned' && this.o.settings.cleanedAsDeleted)
    return { id: memberId(m), fields: gone ? {} : memberFields(m), updatedAt: m.last_changed, ...(gone ? { deleted: true } : {}) }
  }

  private printOf(rec: SourceRecord): string {
    return rec.deleted ? GONE : fingerprint(rec.fields)
  }

  async fields(): Promise<FieldInfo[]> {
    return this.o.catalog.fieldInfo()
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    const previous = cursor === null ? undefined : decodeCursor(cursor)
    this.memory = new RunMemory()
    const since = previous ? queryFrom(previous) : undefined
    const q = { listId: this.o.listId, since, pageSize: this.o.settings.pageSize }
    const live = await listMembers(this.o.client, q)
    // Mailchimp leaves archived members out of a plain listing; a full scan needs none of
    // them (absent means gone), an incremental read asks for them to report deletes.
    const archived = previous ? await listMembers(this.o.client, { ...q, status: 'archived' }) : undefined
    return { complete: previous === undefined, total: previous ? undefined : live.total, pages: this.pages(previous, [live, archived]) }
  }

  private async *pages(previous: MembersCursor | undefined, listings: (MemberListing | undefined)[]): AsyncGenerator<ChangePage> {
    const builder = new CursorBuilder(previous)
    const unchanged = seenBefore(previous)
    for (const listing of listings) {
      if (!listing) continue
      for await (const members of listing.pages) {
        const records: SourceRecord[] = []
        for (const m of members) {
          const rec = this.toRecord(m)
          const print = this.printOf(rec)
          builder.see(rec.id, m.last_changed, print)
          this.memory.note(m.email_address, rec)
          // Read again in the overlap and unchanged: the last run already has it.
          if (unchanged(rec.id, print)) continue
          records.push(rec)
        }
        yield { records, problems: [], cursor: null }
      }
    }
    const next = builder.build()
    this.memory.pulled = next ?? null
    this.memory.complete = previous === undefined
    yield { records: [], problems: [], cursor: next ? encodeCursor(next) : null }
  }

  /**
   * Current records by id. A few are read one by one; many (before-images of a run's
   * updates) are read with the audience listing when that takes fewer calls, once per run.
   */
  async get(ids: string[]): Promise<SourceRecord[]> {
    const m = this.memory
    const want = [...new Set(ids)]
    if (!m.complete && want.filter((id) => !m.known.has(id)).length > FEW) await this.readAudience(want)
    const out: SourceRecord[] = []
    const fetch: string[] = []
    for (const id of want) {
      const known = m.known.get(id)
      if (known) out.push(known.record)
      else if (!m.complete) fetch.push(id)
    }
    for (const member of await Promise.all(fetch.map((id) => getMember(this.o, id)))) {
      if (!member) continue
      const rec = this.toRecord(member)
      m.note(member.email_address, rec)
      if (!rec.deleted) out.push(rec)
    }
    return out
  }

  /** Reads the audience into memory, unless after its first page fetching the rest one by one is cheaper. */
  private async readAudience(want: string[]): Promise<void> {
    const { pageSize } = this.o.settings
    const listing = await listMembers(this.o.client, { listId: this.o.listId, pageSize })
    let pagesLeft = Math.ceil(listing.total / pageSize)
    for await (const members of listing.pages) {
      for (const member of members) this.memory.note(member.email_address, this.toRecord(member))
      pagesLeft--
      if (pagesLeft > 0 && want.filter((id) => !this.memory.known.has(id)).length < pagesLeft) return
    }
    this.memory.complete = true
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    const want = new Set(values)
    let candidates: SourceRecord[]
    if (field === 'email_address') {
      // The subscriber hash is the address's own key: one exact lookup per address.
      const found = await Promise.all([...want].map((email) => getMember(this.o, subscriberHash(email))))
      candidates = found.flatMap((m) => (m ? [this.toRecord(m)] : []))
    } else {
      // Any other key means reading the audience; Mailchimp has no filter by merge field.
      candidates = []
      const listing = await listMembers(this.o.client, { listId: this.o.listId, pageSize: this.o.settings.pageSize })
      for await (const members of listing.pages) candidates.push(...members.map(this.toRecord))
    }
    return candidates.filter((r) => !r.deleted && want.has(normalise(r.fields[field])))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    return writeMembers(
      { ...this.o, statusIfNew: this.o.settings.statusIfNew, memory: this.memory, mergeTags: () => this.o.catalog.tags(), toRecord: this.toRecord },
      items
    )
  }

  /**
   * After this run's writes, reads what changed since the pull once more. When every
   * change is one this run made (the member reads back exactly as written) the cursor
   * moves past them, so the next run does not read Patchbay's own writes back; when
   * anyone else changed a member meanwhile, the pull's cursor stays and the next run
   * reads it all.
   */
  async cursorAfterWrites(): Promise<string | undefined> {
    const m = this.memory
    if (m.pulled === undefined || !m.wrote) return undefined
    const pulled = m.pulled ?? undefined
    const since = pulled ? queryFrom(pulled) : undefined
    const q = { listId: this.o.listId, since, pageSize: this.o.settings.pageSize }
    const listings = [await listMembers(this.o.client, q), pulled ? await listMembers(this.o.client, { ...q, status: 'archived' }) : undefined]
    const builder = new CursorBuilder(pulled)
    const unchanged = seenBefore(pulled)
    for (const listing of listings) {
      if (!listing) continue
      for await (const members of listing.pages) {
        for (const member of members) {
          const rec = this.toRecord(member)
          const print = this.printOf(rec)
          const ours = m.written.get(rec.id) === print || (rec.deleted && m.archived.has(rec.id)) || unchanged(rec.id, print)
          if (!ours) return undefined
          builder.see(rec.id, member.last_changed, print)
        }
      }
    }
    const next = builder.build()
    return next ? encodeCursor(next) : undefined
  }
}
