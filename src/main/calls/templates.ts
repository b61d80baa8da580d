/**
 * Ready-made syncs for the jobs small businesses ask for most (the seed's scenarios).
 * A template names the fields in the business's words and lists the names each field
 * usually has on each side; the New sync form picks the ones the connection really has.
 */
import type { SyncTemplate } from '../../shared/contract'
import type { Transform } from '../../shared/domain'

const emailIn: Transform[] = [{ kind: 'trim' }, { kind: 'lower' }]
const trimmed: Transform[] = [{ kind: 'trim' }]
/** HubSpot's "Unsubscribed from all email" box as the canonical consent (engine/merge.ts `marketingConsent`), and back. */
const hubspotOptOutIn: Transform[] = [{ kind: 'lookup', table: { true: 'unsubscribed', false: 'subscribed' }, fallback: 'keep' }]
const hubspotOptOutOut: Transform[] = [{ kind: 'lookup', table: { unsubscribed: 'true', cleaned: 'true', bounced: 'true', subscribed: 'false', pending: 'false' }, fallback: 'keep' }]

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

/**
 * The same from a Square payment (src/main/connectors/square/records.ts): Square's ids say
 * nothing of what they are, so its records carry `source` and `kind`; the order's lines
 * come as `lines`.
 */
const squareAccountingFields: SyncTemplate['fields'] = [
  { name: 'source_id', label: 'Payment id', left: ['id'], right: ['source_id'], required: true },
  { name: 'source', label: 'Payment system', left: ['source'], right: ['source'] },
  { name: 'kind', label: 'Kind', left: ['kind'], right: ['kind'] },
  { name: 'status', label: 'Status', left: ['status'], right: ['status'] },
  { name: 'date', label: 'Date', left: ['created'], right: ['date'], fromLeft: [{ kind: 'date', from: 'UTC', to: 'UTC', format: 'date' }] },
  { name: 'currency', label: 'Currency', left: ['currency'], right: ['currency'] },
  { name: 'amount', label: 'Amount', left: ['amount'], right: ['amount'] },
  { name: 'fee', label: 'Processing fee', left: ['fee'], right: ['fee'] },
  { name: 'fee_currency', label: 'Fee currency', left: ['fee_currency'], right: ['fee_currency'] },
  { name: 'product', label: 'Product', left: ['product'], right: ['product'] },
  { name: 'lines', label: 'Order lines', left: ['lines'], right: ['lines'] },
  { name: 'customer_email', label: 'Customer email', left: ['customer_email'], right: ['customer_email'], fromLeft: emailIn },
  { name: 'customer_name', label: 'Customer name', left: ['customer_name'], right: ['customer_name'] },
  { name: 'description', label: 'Description', left: ['description'], right: ['description'] }
]

/** A payments → QuickBooks template: the Stripe two and the Square two differ only in when they run, how they are described and their fields. */
function paymentsIntoBooks(id: string, title: string, description: string, role: string, trigger: SyncTemplate['trigger'], system = 'stripe', fields = accountingFields): SyncTemplate {
  // The mapping reads a payment and writes a posting: Stripe's charges or Square's payments, into QuickBooks' documents (not its customers).
  return {
    id,
    title,
    description,
    left: { role, systems: [system], object: system === 'square' ? 'payments' : 'charges' },
    right: { role: 'Accounting', systems: ['quickbooks'], object: 'documents' },
    direction: 'left-to-right',
    trigger,
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    // Payment ids are case-sensitive: never lower-case them.
    matchField: 'source_id',
    matchNormalise: ['trim'],
    fields
  }
}

/**
 * Shipping (issue 14): one flow made of several one-way syncs on ShipStation's `shipments`
 * (src/main/connectors/shipstation/records.ts names its fields). Paid orders become
 * shipments awaiting a label, matched by the order id (`external_shipment_id`, which
 * ShipStation takes once, so no order ships twice); a refunded or cancelled order cancels a
 * shipment still awaiting its label. Once a label is bought, its tracking number, carrier and
 * status flow back to the order file, to the Stripe payment, to the customer in the CRM and to
 * the email list.
 */
const shipToFields = (source: 'csv' | 'stripe'): SyncTemplate['fields'] => {
  const csv = source === 'csv'
  const pick = (csvNames: string[], stripeNames: string[]): string[] => (csv ? csvNames : stripeNames)
  return [
    { name: 'order', label: 'Order', left: pick(['order_id', 'order', 'Order ID', 'order_number', 'id'], ['id']), right: ['order'], fromLeft: trimmed, required: true },
    { name: 'order_status', label: 'Order status', left: pick(['status', 'order_status', 'financial_status', 'Status'], ['status']), right: ['order_status'] },
    ...(csv ? [] : [{ name: 'refunded', label: 'Refunded', left: ['refunded'], right: ['refunded'] }]),
    { name: 'ship_to_name', label: 'Ship-to name', left: pick(['ship_name', 'shipping_name', 'name', 'Name'], ['metadata.ship_name', 'customer_name']), right: ['ship_to_name'], fromLeft: trimmed },
    { name: 'ship_to_email', label: 'Customer email', left: pick(['email', 'customer_email', 'Email'], ['customer_email']), right: ['ship_to_email'], fromLeft: emailIn },
    { name: 'ship_to_phone', label: 'Ship-to phone', left: pick(['ship_phone', 'phone', 'Phone'], ['metadata.ship_phone']), right: ['ship_to_phone'], fromLeft: trimmed },
    { name: 'ship_to_address1', label: 'Ship-to street address', left: pick(['ship_address1', 'shipping_address1', 'address1', 'address_line1', 'address'], ['metadata.ship_line1']), right: ['ship_to_address1'], fromLeft: trimmed },
    { name: 'ship_to_address2', label: 'Ship-to address line 2', left: pick(['ship_address2', 'shipping_address2', 'address2', 'address_line2'], ['metadata.ship_line2']), right: ['ship_to_address2'], fromLeft: trimmed },
    { name: 'ship_to_city', label: 'Ship-to town or city', left: pick(['ship_city', 'shipping_city', 'city', 'town'], ['metadata.ship_city']), right: ['ship_to_city'], fromLeft: trimmed },
    { name: 'ship_to_state', label: 'Ship-to county or state', left: pick(['ship_county', 'ship_state', 'shipping_province', 'county', 'state'], ['metadata.ship_state']), right: ['ship_to_state'], fromLeft: trimmed },
    { name: 'ship_to_postcode', label: 'Ship-to postcode', left: pick(['ship_postcode', 'shipping_zip', 'postcode', 'zip', 'postal_code'], ['metadata.ship_postcode']), right: ['ship_to_postcode'], fromLeft: trimmed },
    { name: 'ship_to_country', label: 'Ship-to country', left: pick(['ship_country', 'shipping_country', 'country', 'country_code'], ['metadata.ship_country']), right: ['ship_to_country'], fromLeft: [{ kind: 'trim' }, { kind: 'upper' }] },
    { name: 'items', label: 'Items', left: pick(['items', 'line_items', 'products'], ['description']), right: ['items'], fromLeft: trimmed },
    { name: 'quantity', label: 'Quantity', left: pick(['quantity', 'qty'], ['metadata.quantity']), right: ['quantity'] },
    { name: 'weight', label: 'Parcel weight', left: pick(['weight_grams', 'weight', 'weight_g'], ['metadata.weight_grams']), right: ['weight'] }
  ]
}

/** Tracking as the order file, the CRM and the email list keep it (`status` is the shipment's: pending, label_purchased, cancelled). */
const trackingFields: SyncTemplate['fields'] = [
  { name: 'tracking_number', label: 'Tracking number', left: ['tracking_number'], right: ['tracking_number', 'shipping_tracking_number', 'TRACKING'] },
  { name: 'carrier', label: 'Carrier', left: ['carrier'], right: ['carrier', 'shipping_carrier', 'CARRIER'] },
  { name: 'shipment_status', label: 'Shipment status', left: ['status'], right: ['shipment_status', 'shipping_status', 'SHIPSTATUS'] }
]

const SHIPPING_TEMPLATES: SyncTemplate[] = [
  {
    id: 'orders-to-shipments',
    title: 'Paid orders → shipments awaiting a label',
    description: "Each paid order in your shop's export becomes a shipment in ShipStation, ready for you to buy the label, with the address, items and weight. A refunded or cancelled order cancels its shipment if no label is bought yet; if one is, Patchbay tells you instead.",
    left: { role: 'Orders (shop export)', systems: ['csv'] },
    right: { role: 'Shipping', systems: ['shipstation'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'order',
    // Order numbers are the shop's own: compared exactly, only trimmed.
    matchNormalise: ['trim'],
    fields: shipToFields('csv')
  },
  {
    id: 'stripe-orders-to-shipments',
    title: 'Card payments → shipments awaiting a label',
    description: 'Each card payment becomes a shipment in ShipStation, with the address your checkout saved on the payment. A refund cancels the shipment if no label is bought yet; if one is, Patchbay tells you instead.',
    left: { role: 'Payments', systems: ['stripe'], object: 'charges' },
    right: { role: 'Shipping', systems: ['shipstation'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'order',
    // Stripe ids are case-sensitive: never lower-case them.
    matchNormalise: ['trim'],
    fields: shipToFields('stripe')
  },
  {
    id: 'tracking-to-orders',
    title: 'Tracking → your orders file',
    description: 'When you buy a label in ShipStation, its tracking number, carrier and status are written into the order’s row within a minute.',
    left: { role: 'Shipping', systems: ['shipstation'] },
    right: { role: 'Orders (shop export)', systems: ['csv'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'order',
    matchNormalise: ['trim'],
    fields: [{ name: 'order', label: 'Order', left: ['order'], right: ['order_id', 'order', 'Order ID', 'order_number', 'id'], fromRight: trimmed, required: true }, ...trackingFields]
  },
  {
    id: 'tracking-to-crm',
    title: 'Tracking → the customer in your CRM',
    description: 'The customer’s record in your CRM shows their latest parcel: tracking number, carrier and status. In HubSpot, first add the contact properties shipping_tracking_number, shipping_carrier and shipping_status.',
    left: { role: 'Shipping', systems: ['shipstation'] },
    right: { role: 'CRM', systems: ['hubspot', 'csv'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'email',
    fields: [{ name: 'email', label: 'Email', left: ['ship_to_email'], right: ['email'], fromLeft: emailIn, fromRight: emailIn, required: true }, ...trackingFields]
  },
  {
    id: 'tracking-to-stripe',
    title: 'Tracking → Stripe payments',
    description: 'When you buy a label in ShipStation, the card payment it was made from shows the carrier, tracking number and ship-to address in Stripe, with the shipment status in its metadata (shipping_status). Only payments are changed: Patchbay never creates or refunds one. Give the Stripe key Write on Charges.',
    left: { role: 'Shipping', systems: ['shipstation'] },
    right: { role: 'Payments', systems: ['stripe'], object: 'charges' },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    // The order is the Stripe payment id the card payments template put on the shipment; case-sensitive.
    matchField: 'order',
    matchNormalise: ['trim'],
    fields: [
      { name: 'order', label: 'Order', left: ['order'], right: ['id'], fromLeft: trimmed, required: true },
      { name: 'tracking_number', label: 'Tracking number', left: ['tracking_number'], right: ['shipping_tracking_number'] },
      { name: 'carrier', label: 'Carrier', left: ['carrier'], right: ['shipping_carrier'] },
      { name: 'shipment_status', label: 'Shipment status', left: ['status'], right: ['metadata.shipping_status'] },
      // Stripe keeps a carrier and tracking number only with the ship-to name and address.
      { name: 'ship_to_name', label: 'Ship-to name', left: ['ship_to_name'], right: ['shipping_name'] },
      { name: 'ship_to_phone', label: 'Ship-to phone', left: ['ship_to_phone'], right: ['shipping_phone'] },
      { name: 'ship_to_address1', label: 'Ship-to street address', left: ['ship_to_address1'], right: ['shipping_address_line1'] },
      { name: 'ship_to_address2', label: 'Ship-to address line 2', left: ['ship_to_address2'], right: ['shipping_address_line2'] },
      { name: 'ship_to_city', label: 'Ship-to town or city', left: ['ship_to_city'], right: ['shipping_address_city'] },
      { name: 'ship_to_state', label: 'Ship-to county or state', left: ['ship_to_state'], right: ['shipping_address_state'] },
      { name: 'ship_to_postcode', label: 'Ship-to postcode', left: ['ship_to_postcode'], right: ['shipping_address_postal_code'] },
      { name: 'ship_to_country', label: 'Ship-to country', left: ['ship_to_country'], right: ['shipping_address_country'] }
    ]
  },
  {
    id: 'shipped-to-email',
    title: 'Shipped → your email list',
    description: 'When a parcel is labelled, the customer gets the tag “shipped” in your email list (their other tags stay), with the tracking number and shipment status, so a shipping email can go out: start a Customer Journey on the tag “shipped” being added. In Mailchimp, first add the merge fields TRACKING, CARRIER and SHIPSTATUS; set the connection to add new people as transactional, so buyers are not signed up to your newsletter.',
    left: { role: 'Shipping', systems: ['shipstation'] },
    right: { role: 'Email list', systems: ['mailchimp'] },
    direction: 'left-to-right',
    trigger: { kind: 'watch', everySeconds: 60 },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['ship_to_email'], right: ['email_address'], fromLeft: emailIn, fromRight: emailIn, required: true },
      ...trackingFields,
      // Mailchimp's `tags_add` only adds (connectors/mailchimp/fields.ts): the tag appears once a label is bought and the member keeps every other tag.
      { name: 'shipped_tag', label: 'Tag when a label is bought', left: ['status'], right: ['tags_add'], fromLeft: [{ kind: 'lookup', table: { label_purchased: 'shipped' }, fallback: 'null' }] }
    ]
  }
]

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
  {
    id: 'hubspot-sendgrid',
    title: 'HubSpot ⇄ SendGrid contacts',
    description: 'Keeps your HubSpot contacts and your SendGrid marketing contacts the same, both ways. Anyone who unsubscribes or bounces in SendGrid is opted out in HubSpot too, and never subscribed again.',
    left: { role: 'CRM', systems: ['hubspot'] },
    right: { role: 'Email marketing', systems: ['sendgrid'] },
    direction: 'both',
    // Each SendGrid check exports the contact list, so every 15 minutes rather than every minute.
    trigger: { kind: 'watch', everySeconds: 900 },
    conflictPolicy: 'ask',
    deletes: 'ask',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['email'], right: ['email'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['firstname'], right: ['first_name'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'last_name', label: 'Last name', left: ['lastname'], right: ['last_name'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'phone', label: 'Phone', left: ['phone', 'mobilephone'], right: ['phone_number'], fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] },
      { name: 'city', label: 'Town or city', left: ['city'], right: ['city'], fromLeft: trimmed, fromRight: trimmed },
      // HubSpot keeps consent as an opt-out box; SendGrid as suppressions. Both read as the canonical values the merge protects.
      { name: 'marketingConsent', label: 'Marketing email consent', left: ['hs_email_optout'], right: ['marketing_consent'], fromLeft: hubspotOptOutIn, toLeft: hubspotOptOutOut }
    ]
  },
  {
    id: 'salesforce-mailchimp',
    title: 'Salesforce ⇄ Mailchimp',
    description: 'Keeps your Salesforce contacts and your Mailchimp audience the same, both ways. Anyone who unsubscribes or bounces in Mailchimp gets Email Opt Out ticked in Salesforce, and is never subscribed again.',
    left: { role: 'CRM', systems: ['salesforce'] },
    right: { role: 'Email marketing', systems: ['mailchimp'] },
    direction: 'both',
    // Each check costs Salesforce API calls from the org's daily allowance: every 15 minutes, not every minute.
    trigger: { kind: 'watch', everySeconds: 900 },
    conflictPolicy: 'ask',
    deletes: 'ask',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['Email'], right: ['email_address'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['FirstName'], right: ['FNAME'], fromLeft: trimmed, fromRight: trimmed },
      // Salesforce requires a last name on every contact.
      { name: 'last_name', label: 'Last name', left: ['LastName'], right: ['LNAME'], fromLeft: trimmed, fromRight: trimmed, required: true },
      { name: 'phone', label: 'Phone', left: ['Phone', 'MobilePhone'], right: ['PHONE'], fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] },
      // Salesforce keeps consent as the Email Opt Out box (HasOptedOutOfEmail); Mailchimp as the member's status.
      { name: 'marketingConsent', label: 'Marketing email consent', left: ['HasOptedOutOfEmail'], right: ['status'], fromLeft: hubspotOptOutIn, toLeft: hubspotOptOutOut }
    ]
  },
  {
    id: 'form-to-salesforce',
    title: 'Web form sign-ups → Salesforce',
    description: 'People who fill in your website form (or a CSV export of them) become contacts in Salesforce, matched by email so nobody is added twice. Nothing in Salesforce is changed back.',
    left: { role: 'Web form or CSV export', systems: ['csv'] },
    right: { role: 'CRM', systems: ['salesforce'] },
    direction: 'left-to-right',
    trigger: { kind: 'schedule', cron: '30 6 * * *', timeZone: 'UTC' },
    conflictPolicy: 'prefer-left',
    deletes: 'ignore',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['email', 'Email', 'email_address'], right: ['Email'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['first_name', 'firstname', 'First name'], right: ['FirstName'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'last_name', label: 'Last name', left: ['last_name', 'lastname', 'Last name'], right: ['LastName'], fromLeft: trimmed, fromRight: trimmed, required: true },
      { name: 'phone', label: 'Phone', left: ['phone', 'Phone', 'telephone'], right: ['Phone'], fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] },
      { name: 'lead_source', label: 'Lead source', left: ['source', 'lead_source', 'utm_source'], right: ['LeadSource'], fromLeft: trimmed, fromRight: trimmed }
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
  paymentsIntoBooks(
    'square-payments-accounting',
    'Square payments → accounting',
    'Every Square sale lands in your books within a minute or two, as a sales receipt with the items from its order and Square’s processing fee as an expense. Each posting carries the Square payment’s id, so nothing is ever posted twice.',
    'Square payments',
    { kind: 'watch', everySeconds: 60 },
    'square',
    squareAccountingFields
  ),
  paymentsIntoBooks(
    'square-sales-accounting-nightly',
    'Daily Square sales → accounting, nightly',
    "At midnight, the day's Square sales go into your books as sales receipts with their items, with Square's fees as expenses. Sales already posted in real time are recognised, not posted again.",
    'Square payments',
    { kind: 'schedule', cron: '0 0 * * *', timeZone: 'UTC' },
    'square',
    squareAccountingFields
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
  },
  {
    id: 'spreadsheet-crm',
    title: 'Customer spreadsheet (Excel or CSV) ⇄ CRM',
    description: 'The customer list you keep in Excel, or export from an old till in any encoding, and your CRM stay the same, both ways. Your other sheets, formulas and formatting are kept.',
    left: { role: 'Customer spreadsheet', systems: ['csv'] },
    right: { role: 'CRM', systems: ['hubspot'] },
    direction: 'both',
    trigger: { kind: 'watch', everySeconds: 300 },
    conflictPolicy: 'ask',
    deletes: 'ask',
    matchField: 'email',
    fields: [
      { name: 'email', label: 'Email', left: ['email', 'Email', 'E-Mail', 'e-mail'], right: ['email'], fromLeft: emailIn, fromRight: emailIn, required: true },
      { name: 'first_name', label: 'First name', left: ['firstname', 'first_name', 'First name', 'Vorname', 'Prénom'], right: ['firstname'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'last_name', label: 'Last name', left: ['lastname', 'last_name', 'Last name', 'Nachname', 'Nom'], right: ['lastname'], fromLeft: trimmed, fromRight: trimmed },
      { name: 'phone', label: 'Phone', left: ['phone', 'Phone', 'Telefon', 'Téléphone'], right: ['phone'], fromLeft: [{ kind: 'e164', defaultCountry: 'GB' }], fromRight: [{ kind: 'e164', defaultCountry: 'GB' }] }
    ]
  },
  ...SHIPPING_TEMPLATES
]
