/**
 * Finding what QuickBooks already holds for Stripe objects, and reading it back as
 * accounting records. A posting is found by its DocNumber (one `IN` query per
 * transaction type) and confirmed by its private note, so a DocNumber someone typed by
 * hand never passes for Patchbay's. Payments carry no DocNumber of ours and are found by
 * date and note.
 */
import type { Fields } from '../../shared/domain'
import type { QboEntity, QuickBooksApi } from '../connectors/quickbooks/api'
import { currencyDecimals, decimalToMinor } from '../connectors/quickbooks/amounts'
import { selectIn } from '../connectors/quickbooks/query'
import { docNumberFor, readNote, type PartRole } from './marker'
import { kindOf, type DocumentKind } from './record'

/** A transaction of a posting, with its entity name. */
export type PostedPart = QboEntity & { entity: string }

/** The parts QuickBooks holds for one Stripe object, by role. */
export type Posting = Map<PartRole, PostedPart>

/** Every transaction type a posting can use. */
export const POSTING_ENTITIES = ['SalesReceipt', 'Invoice', 'Payment', 'RefundReceipt', 'CreditMemo', 'Purchase', 'Deposit']

/** Groups parts by the Stripe id in their notes; parts Patchbay did not write are left out. */
export function groupParts(parts: PostedPart[], into: Map<string, Posting> = new Map()): Map<string, Posting> {
  for (const p of parts) {
    const mark = readNote(p.PrivateNote)
    if (!mark) continue
    if (!into.has(mark.stripeId)) into.set(mark.stripeId, new Map())
    into.get(mark.stripeId)!.set(mark.role, p)
  }
  return into
}

/** What QuickBooks holds for `stripeIds`, looked up in `entities` (and Payments on `dates`). */
export async function findPostings(api: QuickBooksApi, stripeIds: string[], entities: string[], dates: string[] = []): Promise<Map<string, Posting>> {
  const wanted = new Set(stripeIds)
  const numbers = [...new Set(stripeIds.map(docNumberFor))]
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

function prefixKind(stripeId: string): DocumentKind | undefined {
  try {
    return kindOf(stripeId, null)
  } catch {
    return undefined
  }
}

const KIND_OF_MAIN: Record<string, DocumentKind> = { SalesReceipt: 'sale', Invoice: 'sale', RefundReceipt: 'refund', CreditMemo: 'refund', Deposit: 'payout' }

function money(e: QboEntity | undefined, path: (e: QboEntity) => unknown): { amount: number; currency: string } | undefined {
  if (!e) return undefined
  const currency = String((e.CurrencyRef as { value?: string } | undefined)?.value ?? 'USD')
  const raw = path(e)
  return raw === undefined || raw === null ? undefined : { amount: decimalToMinor(raw as number, currencyDecimals(currency)), currency }
}

/** A posting read back as the record's canonical fields (what Patchbay can tell from QuickBooks). */
export function readPosting(stripeId: string, posting: Posting): Fields | undefined {
  const main = posting.get('main')
  if (!main) return undefined
  const kind: DocumentKind = main.entity === 'Purchase' ? (prefixKind(stripeId) === 'dispute' ? 'dispute' : 'fee') : (KIND_OF_MAIN[main.entity] ?? 'sale')
  const lines = (main.Line as { Amount?: number }[] | undefined) ?? []
  const total = money(main, (e) => e.TotalAmt)
  const tax = money(main, (e) => (e.TxnTaxDetail as { TotalTax?: number } | undefined)?.TotalTax)
  let fee = 0
  let feeCurrency = total?.currency ?? null
  const feePart = posting.get('fee')
  const feeMoney = money(feePart, (e) => e.TotalAmt)
  if (feePart && feeMoney) {
    fee = feePart.entity === 'Deposit' ? -feeMoney.amount : feeMoney.amount
    feeCurrency = feeMoney.currency
  }
  let amount = total?.amount ?? 0
  if (kind === 'dispute' && lines.length > 1) {
    // One Purchase holds the chargeback and its fee.
    fee = decimalToMinor(lines[1].Amount ?? 0, currencyDecimals(total?.currency ?? 'USD'))
    amount -= fee
  }
  return {
    stripe_id: stripeId,
    kind,
    date: String(main.TxnDate ?? ''),
    currency: total?.currency ?? null,
    amount,
    fee,
    fee_currency: feeCurrency,
    tax_amount: tax?.amount ?? 0,
    customer_email: (main.BillEmail as { Address?: string } | undefined)?.Address ?? null
  }
}
