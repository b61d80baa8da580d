/**
 * The sObjects the fake offers (Contact, Lead, Account, and Organization for the
 * connection test) with the standard fields Patchbay meets, as `describe` lists them.
 * Field names and types from Salesforce's Object Reference (see ./FIDELITY.md).
 */

/** A field as `GET /sobjects/{type}/describe` lists it (the part Patchbay reads). */
export interface FakeField {
  name: string
  label: string
  /** Salesforce's field type: id, string, email, phone, boolean, datetime, reference, picklist, url, textarea. */
  type: string
  createable: boolean
  updateable: boolean
  nillable: boolean
  externalId: boolean
  /** Required on create (not nillable, no default). */
  required?: boolean
}

const sys = (name: string, label: string, type = 'datetime'): FakeField => ({ name, label, type, createable: false, updateable: false, nillable: false, externalId: false })
const f = (name: string, label: string, type = 'string', more: Partial<FakeField> = {}): FakeField => ({ name, label, type, createable: true, updateable: true, nillable: true, externalId: false, ...more })

const SYSTEM: FakeField[] = [sys('Id', 'Record ID', 'id'), sys('IsDeleted', 'Deleted', 'boolean'), sys('CreatedDate', 'Created Date'), sys('LastModifiedDate', 'Last Modified Date'), sys('SystemModstamp', 'System Modstamp')]

/** Standard fields per sObject. */
export const SOBJECTS: Record<string, FakeField[]> = {
  Contact: [
    ...SYSTEM,
    f('FirstName', 'First Name'),
    f('LastName', 'Last Name', 'string', { nillable: false, required: true }),
    f('Email', 'Email', 'email'),
    f('Phone', 'Business Phone', 'phone'),
    f('MobilePhone', 'Mobile Phone', 'phone'),
    f('Title', 'Title'),
    f('AccountId', 'Account ID', 'reference'),
    f('MailingCity', 'Mailing City'),
    f('MailingCountry', 'Mailing Country'),
    f('LeadSource', 'Lead Source', 'picklist'),
    f('HasOptedOutOfEmail', 'Email Opt Out', 'boolean', { nillable: false }),
    f('Description', 'Contact Description', 'textarea')
  ],
  Lead: [
    ...SYSTEM,
    f('FirstName', 'First Name'),
    f('LastName', 'Last Name', 'string', { nillable: false, required: true }),
    f('Company', 'Company', 'string', { nillable: false, required: true }),
    f('Email', 'Email', 'email'),
    f('Phone', 'Phone', 'phone'),
    f('Title', 'Title'),
    f('Status', 'Lead Status', 'picklist', { nillable: false }),
    f('LeadSource', 'Lead Source', 'picklist'),
    f('City', 'City'),
    f('HasOptedOutOfEmail', 'Email Opt Out', 'boolean', { nillable: false })
  ],
  Account: [
    ...SYSTEM,
    f('Name', 'Account Name', 'string', { nillable: false, required: true }),
    f('Website', 'Website', 'url'),
    f('Phone', 'Account Phone', 'phone'),
    f('Industry', 'Industry', 'picklist'),
    f('BillingCity', 'Billing City'),
    f('BillingCountry', 'Billing Country'),
    f('Description', 'Account Description', 'textarea')
  ],
  Organization: [sys('Id', 'Organization ID', 'id'), { ...sys('Name', 'Name', 'string') }, sys('SystemModstamp', 'System Modstamp')]
}

/** The three-character key prefix of each sObject's ids. */
export const KEY_PREFIX: Record<string, string> = { Contact: '003', Lead: '00Q', Account: '001', Organization: '00D' }

/** Defaults a create fills in (Lead Status "Open - Not Contacted", opt-outs false). */
export const DEFAULTS: Record<string, Record<string, unknown>> = {
  Contact: { HasOptedOutOfEmail: false },
  Lead: { HasOptedOutOfEmail: false, Status: 'Open - Not Contacted' },
  Account: {}
}

/** A custom external-id text field, as an admin would add one (`Patchbay_Key__c`). */
export function externalIdField(name: string): FakeField {
  return f(name, name.replace(/__c$/, '').replace(/_/g, ' '), 'string', { externalId: true })
}
