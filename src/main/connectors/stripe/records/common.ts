/** Small helpers every Stripe record mapper shares. */
import type { Fields } from '../../../../shared/domain'
import type { FieldInfo } from '../../types'
import type { BalanceTransaction, Invoice } from '../schemas'

/** An ISO instant from Stripe's unix seconds. */
export function iso(unix: number | null | undefined): string | null {
  return unix === null || unix === undefined ? null : new Date(unix * 1000).toISOString()
}

/** The id of a field Stripe sends as an id or an expanded object. */
export function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null
  return typeof value === 'string' ? value : value.id
}

/** The expanded object of such a field, if it came expanded. */
export function expanded<T extends { id: string }>(value: string | T | null | undefined): T | undefined {
  return value !== null && typeof value === 'object' ? value : undefined
}

/** Metadata as flat fields: `metadata.order_id`. */
export function metadataFields(meta: Record<string, string> | null | undefined): Fields {
  const out: Fields = {}
  for (const [k, v] of Object.entries(meta ?? {})) out[`metadata.${k}`] = v
  return out
}

/**
 * The money a balance transaction moved, in its own (settlement) currency. `exchange_rate`
 * is kept as text: it is a rate, not an amount, and must not tempt anyone into float sums.
 */
export function balanceFields(bt: BalanceTransaction | null | undefined): Fields {
  return {
    balance_transaction: bt?.id ?? null,
    balance_amount: bt?.amount ?? null,
    fee: bt?.fee ?? null,
    net: bt?.net ?? null,
    balance_currency: bt?.currency ?? null,
    exchange_rate: bt?.exchange_rate === null || bt?.exchange_rate === undefined ? null : String(bt.exchange_rate)
  }
}

/** Sums of several balance transactions (a dispute's), in minor units. */
export function sumBalances(bts: BalanceTransaction[]): Fields {
  if (bts.length === 0) return balanceFields(null)
  let amount = 0
  let fee = 0
  let net = 0
  for (const bt of bts) {
    amount += bt.amount
    fee += bt.fee
    net += bt.net
  }
  return { ...balanceFields(bts[0]), balance_amount: amount, fee, net }
}

/** The price and product of an invoice whose lines all share one price, else nulls. */
export function singlePrice(invoice: Invoice | null | undefined): { price_id: string | null; product_id: string | null } {
  const prices = new Set((invoice?.lines.data ?? []).map((l) => l.price?.id ?? null))
  if (prices.size !== 1 || prices.has(null)) return { price_id: null, product_id: null }
  const line = invoice!.lines.data[0]
  return { price_id: line.price!.id, product_id: idOf(line.price!.product) }
}

const MONEY: FieldInfo['type'] = 'number'

/** FieldInfo shorthand: money fields are numbers (minor units), times are dates. */
export function describe(spec: Record<string, FieldInfo['type'] | 'money'>, labels: Record<string, string> = {}): FieldInfo[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type: type === 'money' ? MONEY : type, ...(labels[name] ? { label: labels[name] } : {}) }))
}

/** The fields balanceFields adds, described once. */
export const BALANCE_FIELDS = {
  balance_transaction: 'string',
  balance_amount: 'money',
  fee: 'money',
  net: 'money',
  balance_currency: 'string',
  exchange_rate: 'string'
} as const
