/**
 * The `documents` object of a QuickBooks connection: Stripe money as books. Its records
 * are accounting records (record.ts) whose id is the Stripe id; writing one posts it
 * (post.ts), reading gives back what QuickBooks holds for each Stripe id. The accounting
 * mapping is read and its accounts checked when a run starts reading, so a wrong setting
 * stops the run before anything is written.
 */
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../connectors/types'
import type { QboEntity, QuickBooksApi } from '../connectors/quickbooks/api'
import type { BatchStats } from '../connectors/quickbooks/batch'
import { readChanges } from '../connectors/quickbooks/changes'
import type { SyncTokens } from '../connectors/quickbooks/entity-adapter'
import { Books } from './books'
import { CustomerDirectory } from './customers'
import { fileHeld, memoryHeld, type HeldRecords } from './held'
import { readAccountingMapping, type AccountingMapping } from './mapping'
import { readNote } from './marker'
import { postItems } from './post'
import { findPostings, groupParts, POSTING_ENTITIES, readPosting, type PostedPart, type Posting } from './posted'
import { DOCUMENT_FIELDS } from './record'
import { resolveAccounts } from './resolve'

/** What the documents object is opened with. */
export interface DocumentsOptions {
  api: QuickBooksApi
  tokens: SyncTokens
  /** The connection's `accounting` setting, as stored. */
  mapping: unknown
  connectionId?: string
  /** Folder for records held back from posting. @default kept in memory */
  dataDir?: string
}

/** The accounting documents of one QuickBooks company. */
export class DocumentsAdapter implements ObjectAdapter {
  readonly maxBatch: number
  /** Batch calls and operations sent, for benchmarks. */
  readonly batchStats: BatchStats = { calls: 0, items: 0 }
  private readonly books: Books
  private readonly directory: CustomerDirectory
  private readonly held: HeldRecords
  private checked?: AccountingMapping

  constructor(private readonly o: DocumentsOptions) {
    this.maxBatch = o.api.settings.batchItems
    this.books = new Books(o.api, o.connectionId)
    this.directory = new CustomerDirectory(o.api)
    this.held = o.dataDir ? fileHeld(o.dataDir) : memoryHeld()
  }

  /** The mapping, checked against the company's accounts once per session. */
  async mapping(): Promise<AccountingMapping> {
    if (!this.checked) {
      const m = readAccountingMapping(this.o.mapping, this.o.connectionId)
      await resolveAccounts(this.books, m)
      this.checked = m
    }
    return this.checked
  }

  async fields(): Promise<FieldInfo[]> {
    return DOCUMENT_FIELDS
  }

  private remember(parts: PostedPart[]): void {
    for (const p of parts) if (p.Id && p.SyncToken !== undefined) this.o.tokens.set(`${p.entity}:${p.Id}`, String(p.SyncToken))
  }

  private records(groups: Map<string, Posting>): SourceRecord[] {
    const out: SourceRecord[] = []
    for (const [id, posting] of groups) {
      this.remember([...posting.values()])
      const fields = readPosting(id, posting)
      const meta = posting.get('main')?.MetaData as { LastUpdatedTime?: string } | undefined
      // A posting whose main transaction is gone was deleted in QuickBooks.
      out.push(fields ? { id, fields, updatedAt: meta?.LastUpdatedTime } : { id, fields: { stripe_id: id }, deleted: true })
    }
    return out
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    await this.mapping()
    const feed = readChanges(this.o.api, POSTING_ENTITIES, cursor)
    const read = async (): Promise<SourceRecord[]> => {
      const parts: PostedPart[] = []
      for await (const page of feed.pages) for (const e of page.entities) if (e.status !== 'Deleted') parts.push({ ...(e as QboEntity), entity: page.entity })
      const groups = groupParts(parts)
      if (!feed.complete && groups.size) {
        // A change to one part needs its siblings to make a whole record.
        const whole = await findPostings(this.o.api, [...groups.keys()], POSTING_ENTITIES.filter((e) => e !== 'Payment'))
        for (const [id, posting] of whole) for (const [role, part] of posting) if (!groups.get(id)!.has(role)) groups.get(id)!.set(role, part)
      }
      return this.records(groups)
    }
    async function* pages(): AsyncGenerator<ChangePage> {
      yield { records: await read(), problems: [], cursor: null }
      yield { records: [], problems: [], cursor: feed.cursor() }
    }
    return { complete: feed.complete, pages: pages() }
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    if (ids.length === 0) return []
    const groups = await findPostings(this.o.api, ids, POSTING_ENTITIES.filter((e) => e !== 'Payment'))
    return this.records(groups).filter((r) => !r.deleted)
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    if (field !== 'stripe_id') return []
    const want = new Set(values)
    return (await this.get(values)).filter((r) => want.has(normalise(r.fields.stripe_id)))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    const mapping = await this.mapping()
    return postItems({ api: this.o.api, books: this.books, directory: this.directory, mapping, held: this.held, tokens: this.o.tokens, stats: this.batchStats }, items)
  }
}

/** True when a QuickBooks transaction was posted by Patchbay for a Stripe object. */
export function isPatchbayPosting(e: { PrivateNote?: unknown }): boolean {
  return readNote(e.PrivateNote) !== undefined
}

