/**
 * Ready-made syncs for the jobs small businesses ask for most (the seed's scenarios).
 * A template names the fields in the business's words and lists the names each field
 * usually has on each side; the New sync form picks the ones the connection really has.
 */
import type { SyncTemplate } from '../../shared/contract'
import type { Transform } from '../../shared/domain'

const emailIn: Transform[] = [{ kind: 'trim' }, { kind: 'lower' }]
const trimmed: Transform[] = [{ kind: 'trim' }]

/**
 * Payments into the books: the fields of QuickBooks' `documents` (src/main/accounting/record.ts)
 * from a Stripe charge. Amounts are minor units on both sides, so no amount is transformed.
 */
const accountingFields: SyncTemplate['fields'] = [
  { name: 'source_id', label: 'Payment id', left: ['id'], right: ['source_id'], required: true },
  { name: 'status', label: 'Status', left: ['status'], right: ['status'] },
  { name: 'date', label: 'Date', left: ['created'], right: ['date'], fromLeft: [{ kind: 'date', from: 'UTC', to: 'UTC', format: 'date' }] },
  { name: 'currency', label: 'Currency', left: ['currency'], right: ['currency'], fromLeft: [{ kind: 'upper' }] },
  { name: 'amount', label: 'Amount', left: ['amount_captured', 'amount'], right: ['amount'] },
  { name: 'fee', label: 'Processing fee', left: ['fee'], right: ['fee'] },
  { name: 'fee_currency', label: 'Fee currency', left: ['balance_currency'], right: ['fee_currency'], fromLeft: [{ kind: 'upper' }] },
  { name: 'product', label: 'Product', left: ['product_id', 'price_id'], right: ['product'] },
  { name: 'customer_email', label: 'Customer email', left: ['customer_email'], right: ['customer_email'], fromLeft: emailIn },
  { name: 'description', label: 'Description', left: ['description'], right: ['description'] }
]

/** A Stripe → QuickBooks template: the two differ only in when they run and how they are described. */
function paymentsIntoBooks(id: string, title: string, description: string, role: string, trigger: SyncTemplate['trigger']): SyncTemplate {
  return {
    id,
    title,
    description,
    left: { role, systems: ['stripe'] },
    right: { role: 'Accounting', systems: ['quickbooks'] },
    direction: 'left-to-right',
    trigger,
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    // Stripe ids are case-sensitive: never lower-case them.
    matchField: 'source_id',
    matchNormalise: ['trim'],
    fields: accountingFields
  }
}

/** Every template, in the order the New sync page lists them. */
export const TEMPLATES: SyncTemplate[] = [
  {
    id: 'form-to-crm',
    title: 'Web form sign-ups → CRM',
    description: 'People who fill in your website form (or a CSV export of them) become contacts in your CRM. Nothing in the CRM is changed back.',
    left: { role: 'Web form or CSV export', systems: ['csv'] },
    right: { role: 'CRM', systems: ['hubspot', 'csv'] },
    direction: 'left-to-right',
    trigger: { kind: 'schedule', cron: '30 6 * * *', timeZone: 'UTC' },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['email', 'Email', 'email_address'], right: ['email'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['first_name', 'firstname', 'First name'], right: ['firstname', 'first_name'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'last_name', label: 'Last name', left: ['last_name', 'lastname', 'Last name'], right: ['lastname', 'last_name'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'company', label: 'Company', left: ['company', 'Company', 'organisation'], right: ['company'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'phone', label: 'Phone', left: ['phone', 'Phone', 'telephone'], right: ['phone'], fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] }
    ]
  },
  {
    id: 'crm-email',
    title: 'CRM ⇄ email list',
    description: 'Keeps your CRM contacts and your newsletter audience the same, both ways. When both sides change the same field, you choose.',
    left: { role: 'CRM', systems: ['hubspot', 'csv'] },
    right: { role: 'Email marketing', systems: ['mailchimp', 'csv'] },
    direction: 'both',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'ask',
    deletes: 'ask',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['email'], right: ['email_address', 'email'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['firstname', 'first_name'], right: ['FNAME', 'first_name'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'last_name', label: 'Last name', left: ['lastname', 'last_name'], right: ['LNAME', 'last_name'], fromLeft: trimmed, fromRight: trimmed }
    ]
  },
  paymentsIntoBooks(
    'payments-accounting',
    'Payments → accounting',
    'Every card payment lands in your books within a minute, as a sales receipt with the processor’s fee as an expense. Each posting carries the payment’s id, so nothing is ever posted twice.',
    'Payments',
    { kind: 'watch', everySeconds: 30 }
  ),
  paymentsIntoBooks(
    'sales-accounting-nightly',
    'Daily sales → accounting, nightly',
    "At midnight, the day's payments go into your books as sales receipts, with fees as expenses. Payments already posted in real time are recognised, not posted again.",
    'Payments or sales',
    { kind: 'schedule', cron: '0 0 * * *', timeZone: 'UTC' }
  ),
  {
    id: 'payments-ledger-csv',
    title: 'Payments export → bookkeeping spreadsheet',
    description: 'Card payments exported as CSV land in a bookkeeping spreadsheet within a minute, with their date, customer and amount.',
    left: { role: 'Payments export', systems: ['csv'] },
    right: { role: 'Bookkeeping spreadsheet', systems: ['csv'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'payment',
    fields: [
      { name: 'payment', label: 'Payment reference', left: ['id', 'payment_id'], right: ['payment_ref', 'PrivateNote'], required: true },
      { name: 'date', label: 'Date', left: ['created', 'date'], right: ['date', 'TxnDate'], fromLeft: [{ kind: 'date', from: 'UTC', to: 'UTC', format: 'date' }] },
      { name: 'customer', label: 'Customer', left: ['customer_email', 'email'], right: ['customer', 'CustomerRef'], fromLeft: emailIn },
      { name: 'amount', label: 'Amount', left: ['amount'], right: ['amount', 'TotalAmt'] },
      { name: 'currency', label: 'Currency', left: ['currency'], right: ['currency', 'CurrencyRef'], fromLeft: [{ kind: 'upper' }] },
      { name: 'description', label: 'Description', left: ['description'], right: ['memo', 'description'], fromLeft: trimmed }
    ]
  },
  {
    id: 'sales-ledger-csv',
    title: 'Till sales → bookkeeping spreadsheet, nightly',
    description: "Each night, the day's sales from your shop's till go into your books as one line per sale.",
    left: { role: 'Till or shop', systems: ['csv'] },
    right: { role: 'Bookkeeping spreadsheet', systems: ['csv'] },
    direction: 'left-to-right',
    trigger: { kind: 'schedule', cron: '0 0 * * *', timeZone: 'UTC' },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'sale',
    fields: [
      { name: 'sale', label: 'Sale reference', left: ['id', 'sale_id'], right: ['sale_ref', 'DocNumber'], required: true },
      { name: 'date', label: 'Date', left: ['date', 'sold_at'], right: ['date', 'TxnDate'], fromLeft: [{ kind: 'date', from: 'UTC', to: 'UTC', format: 'date' }] },
      { name: 'total', label: 'Total', left: ['total', 'amount'], right: ['amount', 'TotalAmt'] },
      { name: 'description', label: 'Description', left: ['description', 'items'], right: ['memo', 'description'], fromLeft: trimmed }
    ]
  }
]
