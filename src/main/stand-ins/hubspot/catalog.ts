/**
 * The properties the fake's contacts and companies have, like a fresh HubSpot account's
 * defaults (a subset): type, field type, read-only, options. Shapes follow the Property
 * schema of HubSpot's Properties API (https://developers.hubspot.com/docs/api-reference/latest/crm/properties).
 */

/** One property definition. */
export interface PropertyDef {
  name: string
  label: string
  type: 'string' | 'number' | 'datetime' | 'enumeration' | 'phone_number' | 'bool'
  fieldType: 'text' | 'number' | 'date' | 'select' | 'phonenumber' | 'booleancheckbox'
  readOnly?: boolean
  /** Allowed values of an enumeration. */
  options?: string[]
}

/** What the fake knows about one object type. */
export interface ObjectDef {
  /** Property HubSpot stamps on every change. */
  lastModified: string
  /** Properties a search returns when the request names none. */
  defaultSearchProperties: string[]
  /** A property whose values must be unique (contacts: email). */
  unique?: string
  properties: PropertyDef[]
}

const text = (name: string, label: string): PropertyDef => ({ name, label, type: 'string', fieldType: 'text' })
const stamp = (name: string, label: string): PropertyDef => ({ name, label, type: 'datetime', fieldType: 'date', readOnly: true })
const objectId: PropertyDef = { name: 'hs_object_id', label: 'Record ID', type: 'number', fieldType: 'number', readOnly: true }

/** The object types the fake serves. */
export const OBJECTS: Record<string, ObjectDef> = {
  contacts: {
    lastModified: 'lastmodifieddate',
    defaultSearchProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    unique: 'email',
    properties: [
      text('email', 'Email'),
      text('firstname', 'First name'),
      text('lastname', 'Last name'),
      { name: 'phone', label: 'Phone number', type: 'string', fieldType: 'phonenumber' },
      { name: 'mobilephone', label: 'Mobile phone number', type: 'string', fieldType: 'phonenumber' },
      text('company', 'Company name'),
      text('jobtitle', 'Job title'),
      text('website', 'Website URL'),
      text('address', 'Street address'),
      text('city', 'City'),
      text('state', 'State/Region'),
      text('zip', 'Postal code'),
      text('country', 'Country/Region'),
      // HubSpot's own opt-out of all marketing email; the API reads and writes it as "true" / "false".
      { name: 'hs_email_optout', label: 'Unsubscribed from all email', type: 'bool', fieldType: 'booleancheckbox' },
      {
        name: 'lifecyclestage',
        label: 'Lifecycle stage',
        type: 'enumeration',
        fieldType: 'select',
        options: ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other']
      },
      stamp('createdate', 'Create date'),
      stamp('lastmodifieddate', 'Last modified date'),
      objectId
    ]
  },
  companies: {
    lastModified: 'hs_lastmodifieddate',
    defaultSearchProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    properties: [
      text('name', 'Company name'),
      text('domain', 'Company domain name'),
      text('phone', 'Phone number'),
      text('website', 'Website URL'),
      text('industry', 'Industry'),
      text('address', 'Street address'),
      text('city', 'City'),
      text('state', 'State/Region'),
      text('zip', 'Postal code'),
      text('country', 'Country/Region'),
      { name: 'numberofemployees', label: 'Number of employees', type: 'number', fieldType: 'number' },
      { name: 'annualrevenue', label: 'Annual revenue', type: 'number', fieldType: 'number' },
      stamp('createdate', 'Create date'),
      stamp('hs_lastmodifieddate', 'Last modified date'),
      objectId
    ]
  }
}

/** A property as `GET /crm/properties/{version}/{object}` lists it. */
export function propertyView(p: PropertyDef): Record<string, unknown> {
  return {
    name: p.name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType,
    description: '',
    groupName: 'contactinformation',
    options: (p.options ?? []).map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
    hidden: false,
    calculated: false,
    hasUniqueValue: false,
    formField: !p.readOnly,
    modificationMetadata: { archivable: !p.readOnly, readOnlyDefinition: true, readOnlyValue: !!p.readOnly }
  }
}
