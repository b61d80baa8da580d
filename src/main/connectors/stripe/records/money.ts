/**
 * Refunds, disputes, balance transactions and payouts as flat fields. Each carries the
 * balance transaction(s) it caused, so fees and net reconcile to the cent with what Stripe
 * pays out.
 */
import type { Fields } from '../../../../shared/domain'
import type { FieldInfo } from '../../types'
import type { Lookups } from '../lookups'
import type { BalanceTransaction, Dispute, Payout, Refund } from '../schemas'
import { BALANCE_FIELDS, balanceFields, describe, expanded, idOf, iso, metadataFields, sumBalances } from './common'

/** The fields of a `refunds` record. */
export const REFUND_FIELDS: FieldInfo[] = describe({
  id: 'string', amount: 'money', currency: 'string', status: 'string', reason: 'string', charge: 'string', payment_intent: 'string', created: 'date', ...BALANCE_FIELDS
})

/** The fields of a `disputes` record; fee and net sum all its balance transactions. */
export const DISPUTE_FIELDS: FieldInfo[] = describe({
  id: 'string', amount: 'money', currency: 'string', status: 'string', reason: 'string', charge: 'string', payment_intent: 'string', created: 'date', is_charge_refundable: 'boolean', ...BALANCE_FIELDS
})

/** The fields of a `balance_transactions` record. */
export const BALANCE_TRANSACTION_FIELDS: FieldInfo[] = describe({
  id: 'string', type: 'string', reporting_category: 'string', amount: 'money', fee: 'money', net: 'money', currency: 'string', source: 'string', status: 'string',
  created: 'date', available_on: 'date', description: 'string', exchange_rate: 'string', fee_stripe: 'money', fee_tax: 'money', fee_other: 'money'
})

/** The fields of a `payouts` record. */
export const PAYOUT_FIELDS: FieldInfo[] = describe({
  id: 'string', amount: 'money', currency: 'string', status: 'string', arrival_date: 'date', created: 'date', method: 'string', type: 'string', description: 'string', ...BALANCE_FIELDS
})

/** Balance transactions each of `items` names by id, fetched in bulk. */
async function balancesOf<T extends { created: number; balance_transaction?: string | BalanceTransaction | null }>(items: T[], lookups: Lookups) {
  for (const i of items) lookups.prime({ balance: expanded(i.balance_transaction) })
  const refs = items.flatMap((i) => (typeof i.balance_transaction === 'string' ? [{ id: i.balance_transaction, created: i.created }] : []))
  const found = await lookups.balanceTransactions(refs)
  return (i: T) => expanded(i.balance_transaction) ?? found.get(idOf(i.balance_transaction) ?? '')
}

/** Refunds as records. */
export async function refundFields(refunds: Refund[], lookups: Lookups): Promise<Fields[]> {
  const bt = await balancesOf(refunds, lookups)
  return refunds.map((r) => ({
    id: r.id,
    amount: r.amount,
    currency: r.currency,
    status: r.status ?? null,
    reason: r.reason ?? null,
    charge: idOf(r.charge),
    payment_intent: idOf(r.payment_intent),
    created: iso(r.created),
    ...balanceFields(bt(r)),
    ...metadataFields(r.metadata)
  }))
}

/** Disputes as records; their balance transactions come embedded. */
export async function disputeFields(disputes: Dispute[]): Promise<Fields[]> {
  return disputes.map((d) => ({
    id: d.id,
    amount: d.amount,
    currency: d.currency,
    status: d.status,
    reason: d.reason,
    charge: idOf(d.charge),
    payment_intent: idOf(d.payment_intent),
    created: iso(d.created),
    is_charge_refundable: d.is_charge_refundable,
    ...sumBalances(d.balance_transactions),
    ...metadataFields(d.metadata)
  }))
}

/** Balance transactions as records; fees split by Stripe's fee types. */
export async function balanceTransactionFields(bts: BalanceTransaction[]): Promise<Fields[]> {
  return bts.map((bt) => {
    const fees = { stripe_fee: 0, tax: 0, other: 0 }
    for (const f of bt.fee_details) {
      if (f.type === 'stripe_fee') fees.stripe_fee += f.amount
      else if (f.type === 'tax') fees.tax += f.amount
      else fees.other += f.amount
    }
    return {
      id: bt.id,
      type: bt.type,
      reporting_category: bt.reporting_category ?? null,
      amount: bt.amount,
      fee: bt.fee,
      net: bt.net,
      currency: bt.currency,
      source: idOf(bt.source),
      status: bt.status,
      created: iso(bt.created),
      available_on: iso(bt.available_on),
      description: bt.description ?? null,
      exchange_rate: bt.exchange_rate === null || bt.exchange_rate === undefined ? null : String(bt.exchange_rate),
      fee_stripe: fees.stripe_fee,
      fee_tax: fees.tax,
      fee_other: fees.other
    }
  })
}

/** Payouts as records. */
export async function payoutFields(payouts: Payout[], lookups: Lookups): Promise<Fields[]> {
  const bt = await balancesOf(payouts, lookups)
  return payouts.map((p) => ({
    id: p.id,
    amount: p.amount,
    currency: p.currency,
    status: p.status,
    arrival_date: iso(p.arrival_date),
    created: iso(p.created),
    method: p.method ?? null,
    type: p.type ?? null,
    description: p.description ?? null,
    ...balanceFields(bt(p)),
    ...metadataFields(p.metadata)
  }))
}
