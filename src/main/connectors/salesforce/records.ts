/** Between Salesforce's records and the engine's: fields in, values out (booleans, cleared fields). */
import type { Fields } from '../../../shared/domain'
import type { SourceRecord } from '../types'
import type { SfRecord } from './api'
import { BOOLEAN_FIELDS, SYSTEM_FIELDS } from './objects'

/** Reads `2026-12-06T04:10:06.000+0000` as epoch ms. */
export function stampOf(rec: Record<string, unknown>): number {
  const text = String(rec.SystemModstamp ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  return Date.parse(text)
}

/** A queried record as the engine sees it: every field but `attributes`. */
export function toSourceRecord(rec: SfRecord): SourceRecord {
  const fields: Fields = {}
  for (const [k, v] of Object.entries(rec)) if (k !== 'attributes') fields[k] = v as Fields[string]
  const at = stampOf(rec)
  return { id: rec.Id, fields, ...(Number.isFinite(at) ? { updatedAt: new Date(at).toISOString() } : {}) }
}

const TRUE = new Set(['true', 'yes', '1', 'y', 'on'])
const FALSE = new Set(['false', 'no', '0', 'n', 'off', ''])

/** The engine's values as Salesforce takes them: system fields dropped, '' clears, checkboxes as booleans. */
export function toSalesforce(fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (SYSTEM_FIELDS.has(k)) continue
    if (BOOLEAN_FIELDS.has(k)) {
      const word = String(v ?? '').trim().toLowerCase()
      // A checkbox is never empty in Salesforce: no value means unticked.
      out[k] = typeof v === 'boolean' ? v : TRUE.has(word) ? true : FALSE.has(word) ? false : v
    } else out[k] = v === '' || v === undefined ? null : v
  }
  return out
}
