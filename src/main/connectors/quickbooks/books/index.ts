/**
 * QuickBooks as "the books" (connectors/books.ts): the lists, customers, transactions and
 * change feed of one company behind the interface the accounting engine posts through.
 * Writes go through the batch endpoint; updates and deletes carry the SyncToken of
 * Patchbay's last read, so a change someone made in QuickBooks since is never overwritten.
 */
import type { Books, BooksAnswer, BooksChanges, BooksList, BooksWrite, DocType, Posting } from '../../books'
import type { QboEntity, QuickBooksApi } from '../api'
import { sendBatches, type BatchOp, type BatchStats } from '../batch'
import { readChanges } from '../changes'
import type { SyncTokens } from '../entity-adapter'
import { recordErrorFor } from '../faults'
import { customerBody, CustomerDirectory } from './customers'
import { QboLists, type ListName } from './lists'
import { ENTITY_OF, findPostings, groupParts, partOf, POSTING_ENTITIES, readPostedMoney, type PostedPart } from './posted'
import { render } from './render'
import { alreadySays } from './same'

const LIST_OF: Record<BooksList, ListName> = { item: 'Item', taxCode: 'TaxCode', vendor: 'Vendor', paymentMethod: 'PaymentMethod' }

/** What QuickBooks' books are opened with. */
export interface QuickBooksBooksOptions {
  api: QuickBooksApi
  /** SyncTokens last read, shared with the session's entity objects. */
  tokens: SyncTokens
  connectionId?: string
}

/** The books of one QuickBooks company. */
export class QuickBooksBooks implements Books {
  readonly label = 'QuickBooks'
  readonly maxBatch: number
  readonly stats: BatchStats = { calls: 0, items: 0 }
  readonly customers: CustomerDirectory
  private readonly lists: QboLists

  constructor(private readonly o: QuickBooksBooksOptions) {
    this.maxBatch = o.api.settings.batchItems
    this.lists = new QboLists(o.api, o.connectionId)
    this.customers = new CustomerDirectory(o.api)
  }

  fresh(): void {
    this.lists.fresh()
  }

  prefs() {
    return this.lists.prefs()
  }

  account(setting: string, nameOrId: string, use: Parameters<Books['account']>[2]) {
    return this.lists.account(setting, nameOrId, use)
  }

  async lookup(list: BooksList, nameOrId: string) {
    // US companies mark lines with the pseudo tax codes TAX and NON.
    if (list === 'taxCode' && (nameOrId === 'TAX' || nameOrId === 'NON')) return { ref: { value: nameOrId }, active: true }
    const e = await this.lists.find(LIST_OF[list], nameOrId)
    if (!e) return undefined
    return { ref: { value: String(e.Id), name: String(list === 'vendor' ? e.DisplayName : e.Name) }, active: e.Active !== false }
  }

  nameOf(type: DocType): string {
    return ENTITY_OF[type]
  }

  findPostings(sourceIds: string[], types: DocType[], dates: string[] = []): Promise<Map<string, Posting>> {
    return findPostings(this.o.api, sourceIds, types.map((t) => ENTITY_OF[t]), dates)
  }

  readBack(posting: Posting) {
    return readPostedMoney(posting)
  }

  /** Remembers each transaction's SyncToken as the engine read it. */
  noteRead(posting: Posting): void {
    for (const d of posting.values()) {
      const p = partOf(d)
      if (p.Id && p.SyncToken !== undefined) this.o.tokens.set(`${p.entity}:${p.Id}`, String(p.SyncToken))
    }
  }

  unchanged(doc: Parameters<Books['unchanged']>[0], existing: Parameters<Books['unchanged']>[1]): boolean {
    return alreadySays(render(doc).body, partOf(existing))
  }

  private tokenOf(part: PostedPart): string {
    // The SyncToken of Patchbay's last read, so a change made in QuickBooks since is never overwritten.
    return this.o.tokens.get(`${part.entity}:${part.Id}`) ?? String(part.SyncToken)
  }

  private op(w: BooksWrite): BatchOp {
    switch (w.op) {
      case 'create':
        return { operation: 'create', ...render(w.doc) }
      case 'update': {
        const part = partOf(w.existing)
        const { entity, body } = render(w.doc)
        return { operation: 'update', entity, body: { ...body, Id: part.Id, SyncToken: this.tokenOf(part), sparse: true } }
      }
      case 'delete': {
        const part = partOf(w.existing)
        return { operation: 'delete', entity: part.entity, body: { Id: part.Id, SyncToken: this.tokenOf(part) } }
      }
      case 'create-item':
        return { operation: 'create', entity: 'Item', body: { Name: w.name, Type: 'Service', IncomeAccountRef: w.incomeAccount } }
      case 'create-customer':
        return { operation: 'create', entity: 'Customer', body: customerBody(w.customer) }
    }
  }

  async write(ops: BooksWrite[]): Promise<BooksAnswer[]> {
    const batch = ops.map((w) => this.op(w))
    const answers = await sendBatches(this.o.api, batch, this.stats)
    return answers.map((a, i) => {
      const w = ops[i]
      if (a.fault) return { ok: false, error: recordErrorFor(a.fault, w.what, w.recordId ? { recordId: w.recordId } : {}) }
      const e: QboEntity = a.entity ?? {}
      if (w.op === 'create-customer') this.customers.add(e)
      else if (w.op === 'create-item') this.lists.remember('Item', e)
      else if (e.Id && e.SyncToken !== undefined) this.o.tokens.set(`${batch[i].entity}:${e.Id}`, String(e.SyncToken))
      return { ok: true, id: String(e.Id), name: String(e.DisplayName ?? e.Name) }
    })
  }

  changes(cursor: string | null): BooksChanges {
    const feed = readChanges(this.o.api, POSTING_ENTITIES, cursor)
    return {
      complete: feed.complete,
      read: async () => {
        const parts: PostedPart[] = []
        for await (const page of feed.pages) for (const e of page.entities) if (e.status !== 'Deleted') parts.push({ ...e, entity: page.entity })
        return groupParts(parts)
      },
      cursor: () => feed.cursor()
    }
  }

  multiCurrencyHint(currency: string): string {
    return `Turn on multi-currency in QuickBooks (Settings › Account and settings › Advanced › Currency; it cannot be turned off again), or book ${currency} payments by hand.`
  }
}

export { postedMoneyOf, POSTING_ENTITIES, type PostedPart } from './posted'
export { docNumberFor, noteFor, readNote, DOC_NUMBER_MAX, type Mark } from './marker'
export { CustomerDirectory } from './customers'
export { render } from './render'
