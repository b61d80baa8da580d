/**
 * Stripe money into QuickBooks books: the accounting mapping (data the business edits),
 * the canonical accounting record, the `documents` object that posts records without
 * ever posting one twice, the two sync templates, and daily totals for reconciliation.
 */
export { accountingMappingSchema, readAccountingMapping, type AccountingMapping, type AccountingMappingInput } from './mapping'
export { DOCUMENT_FIELDS, readRecord, postingState, kindOf, type AccountingRecord, type AccountingLine, type DocumentKind } from './record'
export { DocumentsAdapter, isPatchbayPosting, type DocumentsOptions } from './documents'
export { ACCOUNTING_TEMPLATES, accountingSyncs, PLACEHOLDERS, type AccountingTemplate } from './templates'
export { booksTotals, totalMinor, type DayTotals } from './reconcile'
export { docNumberFor, noteFor, readNote, DOC_NUMBER_MAX } from './marker'
