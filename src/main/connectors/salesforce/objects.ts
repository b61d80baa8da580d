/**
 * The Salesforce objects Patchbay syncs, and the standard fields it reads of each
 * (Object Reference: Contact, Lead, Account). `HasOptedOutOfEmail` ("Email Opt Out") is the
 * CRM side of marketing consent: read as true/false and written back as a boolean.
 */

/** One object as Patchbay offers it. */
export interface SObjectSpec {
  /** Patchbay's name for it (`contacts`). */
  name: string
  /** Salesforce's sObject (`Contact`). */
  type: string
  /** One record in words: "contact". */
  noun: string
  /** Fields read with every record (`Id` and `SystemModstamp` always). */
  fields: readonly string[]
}

const ALWAYS = ['Id', 'SystemModstamp'] as const

/** Contacts, leads and accounts. */
export const SF_OBJECTS: Readonly<Record<string, SObjectSpec>> = {
  contacts: {
    name: 'contacts',
    type: 'Contact',
    noun: 'contact',
    fields: [...ALWAYS, 'FirstName', 'LastName', 'Email', 'Phone', 'MobilePhone', 'Title', 'AccountId', 'MailingCity', 'MailingCountry', 'LeadSource', 'HasOptedOutOfEmail']
  },
  leads: {
    name: 'leads',
    type: 'Lead',
    noun: 'lead',
    fields: [...ALWAYS, 'FirstName', 'LastName', 'Company', 'Email', 'Phone', 'Title', 'Status', 'LeadSource', 'City', 'HasOptedOutOfEmail']
  },
  accounts: { name: 'accounts', type: 'Account', noun: 'account', fields: [...ALWAYS, 'Name', 'Website', 'Phone', 'Industry', 'BillingCity', 'BillingCountry'] }
}

/** Fields Salesforce sets itself: never sent on a write. */
export const SYSTEM_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp', 'attributes'])

/** Checkbox fields among the standard ones Patchbay reads (sent as JSON booleans). */
export const BOOLEAN_FIELDS = new Set(['HasOptedOutOfEmail', 'DoNotCall', 'HasOptedOutOfFax'])

/** A value as SOQL writes it: a quoted string with `\` and `'` escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** A datetime as SOQL writes it, unquoted: `2026-12-06T04:10:06Z`. */
export function soqlDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
