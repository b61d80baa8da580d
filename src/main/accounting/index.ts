/**
 * Money from a payment source into the books: the accounting mapping (data the business
 * edits), the canonical money record, the `documents` object that posts records without
 * ever posting one twice, the two sync templates, and daily totals for reconciliation.
 * It works against "the books" (connectors/books.ts) and imports no connector.
 */
export { accountingMappingSchema, readAccountingMapping, type AccountingMapping, type AccountingMappingInput } from './mapping'
export { DOCUMENT_FIELDS, readRecord, postingState, kindOf, type AccountingRecord, type AccountingLine, type DocumentKind } from './record'
export { DocumentsAdapter, type DocumentsOptions } from './documents'
export { withBooks } from './with-books'
export { ACCOUNTING_TEMPLATES, accountingSyncs, PLACEHOLDERS, type AccountingTemplate, type TemplateTargets } from './templates'
export { booksTotals, booksTotalsBySource, type DayTotals } from './reconcile'
export { readPosting } from './read-back'
