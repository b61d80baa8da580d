/**
 * "The books": what the accounting engine (src/main/accounting) needs from an accounting
 * system, so QuickBooks (connectors/quickbooks/books) and next Xero implement one
 * interface and the engine imports no connector. The engine decides which documents a
 * money record becomes (a sales receipt, a refund, an expense for a fee, a deposit, a
 * payment), in the system's words nowhere; the books turn them into their own objects,
 * mark each with the record's source id so it is found again before anything is posted
 * twice, and read them back.
 *
 * Amounts are integers in minor units of the document's currency, as in the canonical
 * money record (./money-record.ts).
 */
import type { RecordError } from '../errors'
import type { DocumentKind } from './money-record'
import type { ConnectorSession } from './types'
import type { RecoveryNotice } from '../store/document'

/** A reference to something in the books: its id and, when known, its name. */
export interface Ref {
  value: string
  name?: string
}

/** Company preferences that change how money is posted. */
export interface CompanyPrefs {
  multiCurrency: boolean
  homeCurrency: string
  /** Books are closed up to and including this day. */
  closingDate?: string
}

/** The part a document plays for one source record. */
export type PartRole = 'main' | 'fee' | 'payment'

/** What an account named in the mapping must be able to do: `money` holds money (bank or card), `income` takes sales. */
export type AccountUse = 'money' | 'income' | 'any'

/** The lists looked up by name or id. */
export type BooksList = 'item' | 'taxCode' | 'vendor' | 'paymentMethod'

/** The kinds of documents the engine posts. */
export type DocType = 'sales-receipt' | 'invoice' | 'refund-receipt' | 'credit-memo' | 'expense' | 'deposit' | 'payment'

interface DocHead {
  role: PartRole
  /** The source record's id: with `source`, the marker that finds the document again. */
  sourceId: string
  /** The payment system of the record (`stripe`, `square`); the marker names it (money-record.ts `sourceLabel`). */
  source: string
  /**
   * The record's kind, set only when its id cannot tell it (a Stripe id's prefix can, a
   * Square id cannot): the marker keeps it, so a posting read back is the same kind again.
   */
  kind?: DocumentKind
  /** yyyy-MM-dd */
  date: string
  currency: string
  /** Extra words for the document's note (a description, "refund of ch_…"). */
  note?: string | null
}

/** One sold line: `amount` is without tax. */
export interface SalesLine {
  amount: number
  description: string | null
  quantity: number
  item: Ref
  taxCode?: Ref
}

/** Sales and refunds: a receipt is paid into `depositTo` at once, an invoice or credit memo is owed. */
export interface SalesDocument extends DocHead {
  type: 'sales-receipt' | 'invoice' | 'refund-receipt' | 'credit-memo'
  customer?: Ref
  email?: string | null
  /** Receipts only. */
  depositTo?: Ref
  paymentMethod?: Ref
  lines: SalesLine[]
  /** Total tax of the lines, 0 for none. */
  tax: number
}

/** Money paid out of `from` (fees, chargebacks). */
export interface ExpenseDocument extends DocHead {
  type: 'expense'
  from: Ref
  vendor?: Ref
  lines: { amount: number; account: Ref; text: string }[]
}

/** Money moved into `into` out of `from` (payouts, fees given back). */
export interface DepositDocument extends DocHead {
  type: 'deposit'
  into: Ref
  from: Ref
  amount: number
  text: string
}

/** A payment that settles an invoice. */
export interface PaymentDocument extends DocHead {
  type: 'payment'
  invoiceId: string
  customer?: Ref
  amount: number
  depositTo: Ref
  paymentMethod?: Ref
}

export type BooksDocument = SalesDocument | ExpenseDocument | DepositDocument | PaymentDocument

/** A document the books hold, as the engine sees it; `raw` is the system's own object. */
export interface PostedDocument {
  type: DocType
  id: string
  /** When the books last changed it. */
  updatedAt?: string
  raw: unknown
}

/** The documents the books hold for one source record, by role. */
export type Posting = Map<PartRole, PostedDocument>

/** What a posting says, read back in minor units. */
export interface PostedMoney {
  /** The payment system and kind the marker names; undefined for a marker without them. */
  source?: string
  kind?: DocumentKind
  mainType: DocType
  date: string
  currency: string | null
  total: number
  tax: number
  /** Amount of each line of the main document. */
  lineAmounts: number[]
  /** The fee part: positive when paid, negative when given back. */
  fee?: { amount: number; currency: string }
  email: string | null
}

/** A customer the books would create for a payer. */
export interface NewCustomer {
  name: string
  email: string
  /** Set when it differs from the home currency. */
  currency?: string
  givenName?: string
  familyName?: string
}

/** What a payer resolves to: an existing customer, or one to create. */
export type CustomerChoice = { ref: Ref } | { create: NewCustomer; key: string }

/** The customers of the books. */
export interface CustomerBook {
  /** Reads the directory the first time, then only what changed since. */
  refresh(): Promise<void>
  /** An active customer by name. */
  byName(name: string): Ref | undefined
  /** The customer for a payer, or the customer to create; a RecordError when the only match was deleted. */
  choose(email: string, name: string | null, currency: string, prefs: CompanyPrefs): CustomerChoice
}

/** One write. `what` names it in an error ("the SalesReceipt for ch_1"); `recordId` is the source record it is for. */
export type BooksWrite = { what: string; recordId?: string } & (
  | { op: 'create'; doc: BooksDocument }
  | { op: 'update'; doc: BooksDocument; existing: PostedDocument }
  | { op: 'delete'; existing: PostedDocument }
  | { op: 'create-item'; name: string; incomeAccount: Ref }
  | { op: 'create-customer'; customer: NewCustomer }
)

/** The answer to one write, in order. */
export type BooksAnswer = { ok: true; id: string; name?: string } | { ok: false; error: RecordError }

/** What changed in the books since a cursor: live postings grouped by source id. */
export interface BooksChanges {
  complete: boolean
  read(): Promise<Map<string, Posting>>
  /** The cursor to store once `read` is done. */
  cursor(): string | null
}

/** One company's books. */
export interface Books {
  /** The system's name for messages: "QuickBooks". */
  readonly label: string
  /** Most writes worth sending at once. */
  readonly maxBatch: number
  /** Batch calls and operations sent, for benchmarks. */
  readonly stats: { calls: number; items: number }
  /** Allows the lists to be read once more when a name is missing (once per write). */
  fresh(): void
  prefs(): Promise<CompanyPrefs>
  /** An account named in the mapping; a ConfigError names `setting` when it is missing or cannot be used so. */
  account(setting: string, nameOrId: string, use: AccountUse): Promise<Ref>
  /** An entry of a list by id or name (inactive ones too). */
  lookup(list: BooksList, nameOrId: string): Promise<{ ref: Ref; active: boolean } | undefined>
  readonly customers: CustomerBook
  /** The system's word for a document type: "SalesReceipt". */
  nameOf(type: DocType): string
  /** What the books hold for `sourceIds` among `types` (payments: on `dates`). */
  findPostings(sourceIds: string[], types: DocType[], dates?: string[]): Promise<Map<string, Posting>>
  /** Remembers the version of each document as the engine read it, so a later update never overwrites a change made in the books since. */
  noteRead(posting: Posting): void
  /** A posting's money, or undefined when it has no main document. */
  readBack(posting: Posting): PostedMoney | undefined
  /** True when `existing` already says everything `doc` would write. */
  unchanged(doc: BooksDocument, existing: PostedDocument): boolean
  /** Writes in as few calls as allowed; writes of one call must not depend on each other. */
  write(ops: BooksWrite[]): Promise<BooksAnswer[]>
  changes(cursor: string | null): BooksChanges
  /** A note on a currency the company cannot book: how to turn multi-currency on. */
  multiCurrencyHint(currency: string): string
}

/** What a books connection hands the accounting engine. */
export interface BooksHandle {
  books: Books
  /** The connection's `accounting` setting, as stored. */
  mapping: unknown
  connectionId?: string
  /** Folder for records held back from posting. */
  dataDir?: string
  /** Told when the held records' file was damaged and repaired on opening, for the owner. */
  noteRecovery?: (notice: RecoveryNotice) => void
}

/** A session of a books connector. */
export interface BooksSession extends ConnectorSession {
  books(): BooksHandle
}

/** The object a books connection offers for posted money. */
export const DOCUMENTS_OBJECT = 'documents'

/** Whether a session can hand over its books. */
export function hasBooks(s: ConnectorSession): s is BooksSession {
  return typeof (s as Partial<BooksSession>).books === 'function'
}
