/**
 * The QuickBooks objects Patchbay offers, as data: Patchbay's object name, Intuit's
 * entity name, whether it is a name list (customers, items, accounts: never deleted,
 * only made inactive) or a transaction (deleted for real), and the fields the mapping
 * editor suggests (dot paths into the entity, as `flatten` writes them).
 */
import type { FieldInfo } from '../types'

/** One object of the connector. */
export interface EntitySpec {
  /** Intuit's entity name, as in the API and the XSD. */
  entity: string
  kind: 'list' | 'transaction'
  /** Change Data Capture covers it; otherwise every run reads it whole (small lists only). */
  cdc: boolean
  /** Patchbay may create and change it through the API. */
  writable: boolean
  /** Fields a query can filter on, by the dot path Patchbay uses. */
  queryable: Record<string, string>
  fields: FieldInfo[]
}

const txnFields: FieldInfo[] = [
  { name: 'DocNumber', label: 'Number' },
  { name: 'TxnDate', label: 'Date', type: 'date' },
  { name: 'PrivateNote', label: 'Memo (private)' },
  { name: 'CurrencyRef.value', label: 'Currency' },
  { name: 'TotalAmt', label: 'Total', type: 'number' },
  { name: 'Line', label: 'Lines (JSON)' }
]
const txnQueryable = { DocNumber: 'DocNumber', TxnDate: 'TxnDate', Id: 'Id' }
const withCustomer: FieldInfo[] = [...txnFields, { name: 'CustomerRef.value', label: 'Customer id' }, { name: 'CustomerRef.name', label: 'Customer' }]

/** Every object by Patchbay's name for it. */
export const ENTITIES: Record<string, EntitySpec> = {
  customers: {
    entity: 'Customer', kind: 'list', cdc: true, writable: true,
    queryable: { Id: 'Id', DisplayName: 'DisplayName', 'PrimaryEmailAddr.Address': 'PrimaryEmailAddr', GivenName: 'GivenName', FamilyName: 'FamilyName', CompanyName: 'CompanyName' },
    fields: [
      { name: 'DisplayName', label: 'Display name' }, { name: 'GivenName', label: 'First name' }, { name: 'FamilyName', label: 'Last name' },
      { name: 'CompanyName', label: 'Company' }, { name: 'PrimaryEmailAddr.Address', label: 'Email', type: 'email' },
      { name: 'PrimaryPhone.FreeFormNumber', label: 'Phone', type: 'phone' }, { name: 'BillAddr.Line1', label: 'Address' },
      { name: 'BillAddr.City', label: 'City' }, { name: 'BillAddr.PostalCode', label: 'Postcode' }, { name: 'BillAddr.Country', label: 'Country' },
      { name: 'CurrencyRef.value', label: 'Currency' }, { name: 'Notes', label: 'Notes' }
    ]
  },
  items: {
    entity: 'Item', kind: 'list', cdc: true, writable: true, queryable: { Id: 'Id', Name: 'Name', Sku: 'Sku' },
    fields: [{ name: 'Name' }, { name: 'Sku' }, { name: 'Type' }, { name: 'Description' }, { name: 'UnitPrice', type: 'number' }, { name: 'IncomeAccountRef.value', label: 'Income account id' }]
  },
  accounts: {
    entity: 'Account', kind: 'list', cdc: true, writable: true, queryable: { Id: 'Id', Name: 'Name', AccountType: 'AccountType' },
    fields: [{ name: 'Name' }, { name: 'AccountType' }, { name: 'AccountSubType' }, { name: 'AcctNum', label: 'Number' }, { name: 'CurrencyRef.value', label: 'Currency' }]
  },
  taxcodes: {
    // Tax codes are made by QuickBooks' tax engine, not through the Accounting API.
    entity: 'TaxCode', kind: 'list', cdc: false, writable: false, queryable: { Id: 'Id', Name: 'Name' },
    fields: [{ name: 'Name' }, { name: 'Description' }, { name: 'Taxable', type: 'boolean' }]
  },
  invoices: { entity: 'Invoice', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...withCustomer, { name: 'DueDate', type: 'date' }, { name: 'Balance', type: 'number' }] },
  salesreceipts: { entity: 'SalesReceipt', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...withCustomer, { name: 'DepositToAccountRef.value', label: 'Deposited to (account id)' }] },
  payments: { entity: 'Payment', kind: 'transaction', cdc: true, writable: true, queryable: { TxnDate: 'TxnDate', Id: 'Id' }, fields: [...withCustomer.filter((f) => f.name !== 'DocNumber'), { name: 'PaymentRefNum', label: 'Reference' }] },
  refundreceipts: { entity: 'RefundReceipt', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...withCustomer, { name: 'DepositToAccountRef.value', label: 'Refunded from (account id)' }] },
  creditmemos: { entity: 'CreditMemo', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...withCustomer, { name: 'RemainingCredit', type: 'number' }] },
  purchases: { entity: 'Purchase', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...txnFields, { name: 'AccountRef.value', label: 'Paid from (account id)' }, { name: 'PaymentType' }, { name: 'EntityRef.value', label: 'Payee id' }] },
  deposits: { entity: 'Deposit', kind: 'transaction', cdc: true, writable: true, queryable: txnQueryable, fields: [...txnFields, { name: 'DepositToAccountRef.value', label: 'Deposited to (account id)' }] }
}

/** Entity properties that are lists; `flatten` keeps them as JSON text. */
export const ARRAY_PROPERTIES = new Set(['Line', 'LinkedTxn', 'CustomField', 'AttachableRef', 'TaxLine'])
