/**
 * A contact's fields as Patchbay names them, and back:
 *
 * - `email` and SendGrid's reserved fields by their own names (`first_name`, `city`, …);
 * - `lists`: the names of the lists the contact is on, sorted and joined with ", ";
 * - every custom field by its name (`plan`); SendGrid reads them by name and writes them by id;
 * - `marketing_consent` and `marketing_consent_at`, from the suppressions (./consent.ts).
 *
 * An empty reserved field ("" in SendGrid) reads as null; null written sends "" (SendGrid
 * keeps a field that is left out).
 */
import type { Fields, FieldValue } from '../../../shared/domain'
import type { SourceRecord } from '../types'
import { CONSENT, CONSENT_AT, consentOf, type Suppressions } from './consent'
import type { Contact } from './schemas'

/** The reserved text fields Patchbay reads and writes. */
export const RESERVED = ['first_name', 'last_name', 'phone_number', 'address_line_1', 'address_line_2', 'city', 'state_province_region', 'postal_code', 'country'] as const

/** A custom field definition. */
export interface CustomField {
  id: string
  name: string
  type: string
}

/** What turning a contact into fields needs: the custom fields and lists of the account, and its suppressions. */
export interface Catalogue {
  custom: Map<string, CustomField>
  /** list id → name */
  lists: Map<string, string>
  suppressions: Suppressions
}

const blank = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v)

/** Names sorted and joined, or null for none. */
export function joinNames(names: Iterable<string>): string | null {
  const clean = [...new Set([...names].map((n) => n.trim()).filter(Boolean))].sort((a, b) => a.localeCompare(b))
  return clean.length ? clean.join(', ') : null
}

/** The list names a `lists` value holds. */
export function splitNames(v: FieldValue | undefined): string[] {
  return typeof v === 'string' ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : []
}

/** A contact as Patchbay's record. */
export function toRecord(c: Contact, cat: Catalogue): SourceRecord {
  const fields: Fields = { email: c.email ?? null }
  for (const f of RESERVED) fields[f] = blank(c[f])
  fields.lists = joinNames(c.list_ids.map((id) => cat.lists.get(id) ?? id))
  for (const def of cat.custom.values()) {
    const v = c.custom_fields[def.name]
    fields[def.name] = v === undefined || v === '' ? null : v
  }
  const consent = consentOf(cat.suppressions, c.email)
  fields[CONSENT] = consent[CONSENT]
  fields[CONSENT_AT] = consent[CONSENT_AT]
  // The consent time counts as a change: a newer unsubscribe is a newer record.
  const at = consent[CONSENT_AT]
  const updatedAt = at && Date.parse(at) > Date.parse(c.updated_at) ? at : c.updated_at
  return { id: c.id, fields, updatedAt }
}
