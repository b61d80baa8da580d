/**
 * The two ways a payment system's money (Stripe's, Square's) reaches QuickBooks, as sync
 * templates (plain JSON data). For Stripe:
 *
 * - real time: a `watch` sync polls Stripe every 30 seconds (Stripe's events API, from
 *   the connector's cursor) and posts each new payment as a sales receipt, with its fee;
 * - nightly: at 00:00 in the business's time zone, the day's payments, refunds,
 *   disputes and payouts, one sync per Stripe object, all into the `documents` object.
 *
 * Both may run at once: every posting carries its Stripe id, so the second to see a
 * payment finds the first one's posting instead of making another. Field names on the
 * left are the Stripe connector's records (src/main/connectors/stripe/records); on the
 * right, the accounting record's (record.ts). Amounts are minor units on both sides,
 * so no amount field has a transform.
 *
 * Square's are the same two, from the Square connector's records
 * (src/main/connectors/square/records.ts): payments (with their order's lines and
 * Square's fee), refunds and disputes. Its ids say nothing of what they are, so its
 * records carry `source` and `kind`, mapped like any other field.
 */
import { syncSchema, type Sync, type SyncInput, type Transform } from '../../shared/domain'

/** A bundle of syncs the user adds in one go. */
export interface AccountingTemplate {
  id: string
  title: string
  description: string
  syncs: SyncInput[]
}

/** Placeholders the templates use, replaced by `accountingSyncs`. */
export const PLACEHOLDERS = { stripe: 'stripe', square: 'square', quickbooks: 'quickbooks', timeZone: 'UTC' } as const

const upper: Transform[] = [{ kind: 'upper' }]
const email: Transform[] = [{ kind: 'trim' }, { kind: 'lower' }]
const day = (field: string) => ({ name: 'date', left: field, right: 'date', fromLeft: [{ kind: 'date', from: 'UTC', to: PLACEHOLDERS.timeZone, format: 'date' }] as Transform[] })
const common = (amountField: string) => [
  { name: 'source_id', left: 'id', right: 'source_id' },
  { name: 'status', left: 'status', right: 'status' },
  { name: 'currency', left: 'currency', right: 'currency', fromLeft: upper },
  { name: 'amount', left: amountField, right: 'amount' },
  { name: 'fee', left: 'fee', right: 'fee' },
  { name: 'fee_currency', left: 'balance_currency', right: 'fee_currency', fromLeft: upper }
]

const oneWay: Pick<SyncInput, 'direction' | 'conflictPolicy' | 'deletes' | 'match'> = {
  direction: 'left-to-right',
  conflictPolicy: 'prefer-left',
  deletes: 'ignore',
  // Payment system ids are case-sensitive: never lower-case them.
  match: { field: 'source_id', normalise: ['trim'] }
}

const charges = (id: string, name: string, trigger: SyncInput['trigger']): SyncInput => ({
  ...oneWay,
  id,
  name,
  trigger,
  left: { connectionId: PLACEHOLDERS.stripe, object: 'charges' },
  right: { connectionId: PLACEHOLDERS.quickbooks, object: 'documents' },
  mapping: [
    ...common('amount_captured'),
    day('created'),
    { name: 'product', left: 'product_id', right: 'product' },
    { name: 'customer_email', left: 'customer_email', right: 'customer_email', fromLeft: email },
    { name: 'description', left: 'description', right: 'description' }
  ]
})

const related = (object: 'refunds' | 'disputes', name: string, trigger: SyncInput['trigger']): SyncInput => ({
  ...oneWay,
  id: `stripe-${object}-nightly`,
  name,
  trigger,
  left: { connectionId: PLACEHOLDERS.stripe, object },
  right: { connectionId: PLACEHOLDERS.quickbooks, object: 'documents' },
  mapping: [...common('amount'), day('created'), { name: 'charge', left: 'charge', right: 'charge' }]
})

const nightly: SyncInput['trigger'] = { kind: 'schedule', cron: '0 0 * * *', timeZone: PLACEHOLDERS.timeZone }

/** A Square object into the books: the fields every Square money record has, then `extra`. */
const square = (object: 'payments' | 'refunds' | 'disputes', id: string, name: string, trigger: SyncInput['trigger'], extra: SyncInput['mapping']): SyncInput => ({
  ...oneWay,
  id,
  name,
  trigger,
  left: { connectionId: PLACEHOLDERS.square, object },
  right: { connectionId: PLACEHOLDERS.quickbooks, object: 'documents' },
  mapping: [
    { name: 'source_id', left: 'id', right: 'source_id' },
    { name: 'source', left: 'source', right: 'source' },
    { name: 'kind', left: 'kind', right: 'kind' },
    { name: 'status', left: 'status', right: 'status' },
    { name: 'currency', left: 'currency', right: 'currency' },
    { name: 'amount', left: 'amount', right: 'amount' },
    { name: 'fee', left: 'fee', right: 'fee' },
    { name: 'fee_currency', left: 'fee_currency', right: 'fee_currency' },
    day('created'),
    ...extra
  ]
})

const squarePayments = (id: string, name: string, trigger: SyncInput['trigger']): SyncInput =>
  square('payments', id, name, trigger, [
    { name: 'product', left: 'product', right: 'product' },
    { name: 'lines', left: 'lines', right: 'lines' },
    { name: 'customer_email', left: 'customer_email', right: 'customer_email', fromLeft: email },
    { name: 'customer_name', left: 'customer_name', right: 'customer_name' },
    { name: 'description', left: 'description', right: 'description' }
  ])

/** The templates, as data. */
export const ACCOUNTING_TEMPLATES: AccountingTemplate[] = [
  {
    id: 'stripe-quickbooks-realtime',
    title: 'Stripe payments → QuickBooks, as they happen',
    description: 'Every 30 seconds Patchbay asks Stripe what happened and posts each new payment as a sales receipt, with Stripe’s fee as an expense.',
    syncs: [charges('stripe-payments-realtime', 'Stripe payments → QuickBooks (real time)', { kind: 'watch', everySeconds: 30 })]
  },
  {
    id: 'stripe-quickbooks-nightly',
    title: 'Stripe → QuickBooks, every night',
    description: 'At midnight the day’s payments become sales receipts (or invoices), refunds become refund receipts (or credit memos), chargebacks and fees become expenses, and payouts move money from the Stripe account to your bank.',
    syncs: [
      charges('stripe-payments-nightly', 'Stripe payments → QuickBooks (nightly)', nightly),
      related('refunds', 'Stripe refunds → QuickBooks (nightly)', nightly),
      related('disputes', 'Stripe chargebacks → QuickBooks (nightly)', nightly),
      {
        ...oneWay,
        id: 'stripe-payouts-nightly',
        name: 'Stripe payouts → QuickBooks (nightly)',
        trigger: nightly,
        left: { connectionId: PLACEHOLDERS.stripe, object: 'payouts' },
        right: { connectionId: PLACEHOLDERS.quickbooks, object: 'documents' },
        mapping: [...common('amount'), day('arrival_date')]
      }
    ]
  },
  {
    id: 'square-quickbooks-realtime',
    title: 'Square payments → QuickBooks, as they happen',
    description: 'Every minute Patchbay asks Square what changed and posts each new payment as a sales receipt with its items from the order, and Square’s processing fee as an expense.',
    syncs: [squarePayments('square-payments-realtime', 'Square payments → QuickBooks (real time)', { kind: 'watch', everySeconds: 60 })]
  },
  {
    id: 'square-quickbooks-nightly',
    title: 'Square → QuickBooks, every night',
    description: 'At midnight the day’s Square payments become sales receipts (or invoices) with their items, refunds become refund receipts (or credit memos), disputes Square holds money for become expenses, and Square’s fees expenses too.',
    syncs: [
      squarePayments('square-payments-nightly', 'Square payments → QuickBooks (nightly)', nightly),
      square('refunds', 'square-refunds-nightly', 'Square refunds → QuickBooks (nightly)', nightly, [
        { name: 'charge', left: 'payment_id', right: 'charge' },
        { name: 'description', left: 'description', right: 'description' }
      ]),
      square('disputes', 'square-disputes-nightly', 'Square disputes → QuickBooks (nightly)', nightly, [{ name: 'charge', left: 'payment_id', right: 'charge' }])
    ]
  }
]

/** The real connections and zone a template's syncs are for: the payment system's (`source`, or by its name) and the books'. */
export interface TemplateTargets {
  source?: string
  stripe?: string
  square?: string
  quickbooks: string
  timeZone: string
}

/** The syncs of a template for real connections and the business's time zone, checked. */
export function accountingSyncs(templateId: string, o: TemplateTargets): Sync[] {
  const template = ACCOUNTING_TEMPLATES.find((t) => t.id === templateId)
  if (!template) throw new Error(`No accounting template "${templateId}"`)
  const stripe = o.stripe ?? o.source ?? PLACEHOLDERS.stripe
  const squareId = o.square ?? o.source ?? PLACEHOLDERS.square
  const text = JSON.stringify(template.syncs)
    .replaceAll(`"connectionId":"${PLACEHOLDERS.stripe}"`, `"connectionId":${JSON.stringify(stripe)}`)
    .replaceAll(`"connectionId":"${PLACEHOLDERS.square}"`, `"connectionId":${JSON.stringify(squareId)}`)
    .replaceAll(`"connectionId":"${PLACEHOLDERS.quickbooks}"`, `"connectionId":${JSON.stringify(o.quickbooks)}`)
    .replaceAll(`"to":"${PLACEHOLDERS.timeZone}"`, `"to":${JSON.stringify(o.timeZone)}`)
    .replaceAll(`"timeZone":"${PLACEHOLDERS.timeZone}"`, `"timeZone":${JSON.stringify(o.timeZone)}`)
  return (JSON.parse(text) as SyncInput[]).map((s) => syncSchema.parse(s))
}
