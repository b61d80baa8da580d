/**
 * The `documents` object of a books connection: money records as books. Its records are
 * money records (record.ts) whose id is the source id; writing one posts it (post.ts),
 * reading gives back what the books hold for each source id. The accounting mapping is
 * read and its accounts checked when a run starts reading, so a wrong setting stops the
 * run before anything is written. The books (connectors/books.ts) are the only way to
 * the accounting system: QuickBooks today, Xero next. The records come from any payment
 * system (Stripe, Square): each says which in `source`.
 */
import type { Books, BooksHandle, DocType, Posting } from '../connectors/books'
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../connectors/types'
import { memoryHeld, openHeld, type HeldRecords } from './held'
import { readAccountingMapping, type AccountingMapping } from './mapping'
import { postItems } from './post'
import { readPosting } from './read-back'
import { DOCUMENT_FIELDS } from './record'
import { resolveAccounts } from './resolve'

/** What the documents object is opened with. */
export type DocumentsOptions = BooksHandle

/** The accounting documents of one set of books. */
export class DocumentsAdapter implements ObjectAdapter {
  readonly maxBatch: number
  private readonly books: Books
  // Opened at the first write: a file read (and repaired, if damaged) only when something is posted.
  private held?: Promise<HeldRecords>
  private checked?: AccountingMapping

  constructor(private readonly o: DocumentsOptions) {
    this.books = o.books
    this.maxBatch = o.books.maxBatch
  }

  /** Batch calls and operations sent, for benchmarks. */
  get batchStats(): { calls: number; items: number } {
    return this.books.stats
  }

  /** The mapping, checked against the company's accounts once per session. */
  async mapping(): Promise<AccountingMapping> {
    if (!this.checked) {
      const m = readAccountingMapping(this.o.mapping, this.o.connectionId)
      await resolveAccounts(this.books, m)
      for (const source of Object.keys(m.sources)) await resolveAccounts(this.books, m, source)
      this.checked = m
    }
    return this.checked
  }

  async fields(): Promise<FieldInfo[]> {
    return DOCUMENT_FIELDS
  }

  private records(groups: Map<string, Posting>): SourceRecord[] {
    const out: SourceRecord[] = []
    for (const [id, posting] of groups) {
      this.books.noteRead(posting)
      const money = this.books.readBack(posting)
      const updatedAt = posting.get('main')?.updatedAt
      // A posting whose main document is gone was deleted in the books.
      out.push(money ? { id, fields: readPosting(id, money), updatedAt } : { id, fields: { source_id: id }, deleted: true })
    }
    return out
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    await this.mapping()
    const feed = this.books.changes(cursor)
    const read = async (): Promise<SourceRecord[]> => {
      const groups = await feed.read()
      if (!feed.complete && groups.size) {
        // A change to one part needs its siblings to make a whole record.
        const whole = await this.books.findPostings([...groups.keys()], MAIN_AND_FEE_TYPES)
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
    const groups = await this.books.findPostings(ids, MAIN_AND_FEE_TYPES)
    return this.records(groups).filter((r) => !r.deleted)
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    // `stripe_id`: a sync from before the id was neutral (accounting/migrate.ts renames it).
    if (field !== 'source_id' && field !== 'stripe_id') return []
    const want = new Set(values)
    return (await this.get(values)).filter((r) => want.has(normalise(r.fields.source_id)))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    const mapping = await this.mapping()
    return postItems({ books: this.books, mapping, held: await this.openHeld() }, items)
  }

  private openHeld(): Promise<HeldRecords> {
    const { dataDir, noteRecovery } = this.o
    this.held ??= (dataDir ? openHeld(dataDir, noteRecovery) : Promise.resolve(memoryHeld())).catch((err: unknown) => {
      // Not kept: the next write tries again (a full disk, a file another program held).
      this.held = undefined
      throw err
    })
    return this.held
  }
}

/** Every document type but payments (found by date, not by marker). */
const MAIN_AND_FEE_TYPES: DocType[] = ['sales-receipt', 'invoice', 'refund-receipt', 'credit-memo', 'expense', 'deposit']
