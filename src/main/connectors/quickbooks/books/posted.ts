/**
 * Finding what QuickBooks already holds for source records, and reading it back. A
 * posting is found by its DocNumber (one `IN` query per transaction type) and confirmed
 * by its private note, so a DocNumber someone typed by hand never passes for Patchbay's.
 * Payments carry no DocNumber of ours and are found by date and note.
 */
import type { DocType, PartRole, PostedDocument, PostedMoney, Posting } from '../../books'
import type { QboEntity, QuickBooksApi } from '../api'
import { currencyDecimals, decimalToMinor } from '../amounts'
import { selectIn } from '../query'
import { docNumberFor, readNote } from './marker'

/** A transaction of a posting, with its entity name. */
export type PostedPart = QboEntity & { entity: string }

/** The QuickBooks entity of each document type. */
export const ENTITY_OF: Record<DocType, string> = {
  'sales-receipt': 'SalesReceipt',
  invoice: 'Invoice',
  payment: 'Payment',
  'refund-receipt': 'RefundReceipt',
  'credit-memo': 'CreditMemo',
  expense: 'Purchase',
  deposit: 'Deposit'
}

const TYPE_OF: Record<string, DocType> = Object.fromEntries(Object.entries(ENTITY_OF).map(([t, e]) => [e, t as DocType]))

/** Every transaction type a posting can use. */
export const POSTING_ENTITIES = ['SalesReceipt', 'Invoice', 'Payment', 'RefundReceipt', 'CreditMemo', 'Purchase', 'Deposit']

/** A QuickBooks transaction as the engine sees it. */
export function postedDocument(p: PostedPart): PostedDocument & { raw: PostedPart; updatedAt?: string } {
  const meta = p.MetaData as { LastUpdatedTime?: string } | undefined
  return { type: TYPE_OF[p.entity], id: String(p.Id), raw: p, ...(meta?.LastUpdatedTime ? { updatedAt: meta.LastUpdatedTime } : {}) }
}

/** The QuickBooks transaction behind a posted document. */
export const partOf = (d: PostedDocument): PostedPart => d.raw as PostedPart

/** Groups parts by the source id in their notes; parts Patchbay did not write are left out. */
export function groupParts(parts: PostedPart[], into: Map<string, Posting> = new Map()): Map<string, Posting> {
  for (const p of parts) {
    const mark = readNote(p.PrivateNote)
    if (!mark) continue
    if (!into.has(mark.sourceId)) into.set(mark.sourceId, new Map<PartRole, PostedDocument>())
    into.get(mark.sourceId)!.set(mark.role, postedDocument(p))
  }
  return into
}

/** What QuickBooks holds for `sourceIds`, looked up in `entities` (and Payments on `dates`). */
export async function findPostings(api: QuickBooksApi, sourceIds: string[], entities: string[], dates: string[] = []): Promise<Map<string, Posting>> {
  const wanted = new Set(sourceIds)
  const numbers = [...new Set(sourceIds.map(docNumberFor))]
  const parts: PostedPart[] = []
  if (numbers.length) {
    for (const entity of entities.filter((e) => e !== 'Payment')) {
      for (const e of await selectIn(api, entity, 'DocNumber', numbers)) parts.push({ ...e, entity })
    }
  }
  if (entities.includes('Payment') && dates.length) for (const e of await selectIn(api, 'Payment', 'TxnDate', dates)) parts.push({ ...e, entity: 'Payment' })
  const groups = groupParts(parts)
  for (const id of [...groups.keys()]) if (!wanted.has(id)) groups.delete(id)
  return groups
}

function money(e: QboEntity | undefined, path: (e: QboEntity) => unknown): { amount: number; currency: string } | undefined {
  if (!e) return undefined
  const currency = String((e.CurrencyRef as { value?: string } | undefined)?.value ?? 'USD')
  const raw = path(e)
  return raw === undefined || raw === null ? undefined : { amount: decimalToMinor(raw as number, currencyDecimals(currency)), currency }
}

/** A posting's money, read from its QuickBooks transactions. */
export function readPostedMoney(posting: Posting): PostedMoney | undefined {
  const mainDoc = posting.get('main')
  if (!mainDoc) return undefined
  const main = partOf(mainDoc)
  const total = money(main, (e) => e.TotalAmt)
  const tax = money(main, (e) => (e.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax)
  const lineDecimals = currencyDecimals(total?.currency ?? 'USD')
  const lines = (main.Line as { Amount?: number }[] | undefined) ?? []
  const feeDoc = posting.get('fee')
  const feeMoney = feeDoc ? money(partOf(feeDoc), (e) => e.TotalAmt) : undefined
  const mark = readNote(main.PrivateNote)
  return {
    ...(mark ? { source: mark.source } : {}),
    ...(mark?.kind ? { kind: mark.kind } : {}),
    mainType: mainDoc.type,
    date: String(main.TxnDate ?? ''),
    currency: total?.currency ?? null,
    total: total?.amount ?? 0,
    tax: tax?.amount ?? 0,
    // Only a Purchase's lines are read (a chargeback and its fee); sales lines carry no amounts of ours to read back.
    lineAmounts: mainDoc.type === 'expense' ? lines.map((l) => decimalToMinor(l.Amount ?? 0, lineDecimals)) : [],
    ...(feeDoc && feeMoney ? { fee: { amount: feeDoc.type === 'deposit' ? -feeMoney.amount : feeMoney.amount, currency: feeMoney.currency } } : {}),
    email: (main.BillEmail as { Address?: string } | undefined)?.Address ?? null
  }
}

/** Every Patchbay posting among `parts` with its money and number of transactions (for reconciliation). */
export function postedMoneyOf(parts: PostedPart[]): { id: string; money: PostedMoney; documents: number }[] {
  const out: { id: string; money: PostedMoney; documents: number }[] = []
  for (const [id, posting] of groupParts(parts)) {
    const m = readPostedMoney(posting)
    if (m) out.push({ id, money: m, documents: posting.size })
  }
  return out
}
