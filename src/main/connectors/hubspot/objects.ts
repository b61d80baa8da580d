/**
 * What differs between HubSpot CRM objects, as data: the path segment, the property
 * HubSpot stamps on every change (contacts and companies name it differently), the
 * properties read by default, a unique property usable as `idProperty`, and the
 * properties HubSpot computes and refuses to have written.
 */

/** One HubSpot CRM object as the connector knows it. */
export interface HubspotObjectSpec {
  /** Path segment and search object type, e.g. `contacts`. */
  type: string
  /** Shown in messages, e.g. "contact". */
  noun: string
  /** The last-modified property search filters and sorts on. */
  lastModified: string
  /** Properties read when the connection's settings name none. */
  properties: readonly string[]
  /**
   * A property whose values HubSpot keeps unique, usable as `idProperty` in batch read and
   * batch upsert (contacts: email). Creates go through upsert on it, so a repeat is harmless.
   */
  uniqueKey?: string
  /** Properties HubSpot computes; writing them is an error, so they are never sent. */
  readOnly: readonly string[]
}

const COMMON_READ_ONLY = ['hs_object_id', 'createdate', 'hs_createdate', 'lastmodifieddate', 'hs_lastmodifieddate', 'hs_object_source', 'hs_object_source_id']

/** The objects Patchbay syncs, by name. */
export const HUBSPOT_OBJECTS: Readonly<Record<string, HubspotObjectSpec>> = {
  contacts: {
    type: 'contacts',
    noun: 'contact',
    lastModified: 'lastmodifieddate',
    properties: ['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'jobtitle', 'website', 'address', 'city', 'state', 'zip', 'country', 'lifecyclestage', 'hs_email_optout', 'createdate', 'lastmodifieddate'],
    uniqueKey: 'email',
    readOnly: COMMON_READ_ONLY
  },
  companies: {
    type: 'companies',
    noun: 'company',
    lastModified: 'hs_lastmodifieddate',
    properties: ['name', 'domain', 'phone', 'website', 'industry', 'address', 'city', 'state', 'zip', 'country', 'numberofemployees', 'annualrevenue', 'createdate', 'hs_lastmodifieddate'],
    readOnly: COMMON_READ_ONLY
  }
}

/** The unique id property every object has; search can filter and sort on it. */
export const OBJECT_ID_PROPERTY = 'hs_object_id'
