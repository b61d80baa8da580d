/**
 * How a preview names a money record: "£12.50 from ann@example.com on 3 Dec 2026", which
 * an owner recognises, rather than the payment processor's id (`ch_3Q…`).
 */
import type { Fields, Sync } from '../../shared/domain'

/** Whether the sync's canonical amounts are whole cents (the accounting documents, or a minor-units transform). */
export function amountsInMinorUnits(sync: Pick<Sync, 'left' | 'right' | 'mapping'>): boolean {
  if (sync.left.object === 'documents' || sync.right.object === 'documents') return true
  const amount = sync.mapping.find((m) => m.name === 'amount')
  return [...(amount?.fromLeft ?? []), ...(amount?.fromRight ?? [])].some((t) => t.kind === 'minor-units')
}

/** A money record's amount, customer and date in words; undefined when the record has no amount. */
export function moneyLabel(canon: Fields | null | undefined, minorUnits: boolean): string | undefined {
  if (!canon) return undefined
  const raw = typeof canon.amount === 'number' ? canon.amount : typeof canon.amount === 'string' && canon.amount.trim() !== '' ? Number(canon.amount) : NaN
  if (!Number.isFinite(raw)) return undefined
  const amount = minorUnits ? raw / 100 : raw
  const currency = typeof canon.currency === 'string' && /^[A-Za-z]{3}$/.test(canon.currency) ? canon.currency.toUpperCase() : undefined
  const money = currency ? new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amount) : amount.toFixed(minorUnits ? 2 : Math.min(2, decimals(raw)))
  const who = [canon.customer_name, canon.customer_email, canon.customer].find((v) => typeof v === 'string' && v.trim() !== '')
  const when = dayOf(canon.date)
  return [money, who ? `from ${String(who).trim()}` : undefined, when ? `on ${when}` : undefined].filter(Boolean).join(' ')
}

function decimals(n: number): number {
  return (String(n).split('.')[1] ?? '').length
}

function dayOf(value: Fields[string] | undefined): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined
  const at = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value)
  if (Number.isNaN(at)) return value
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(at)
}
