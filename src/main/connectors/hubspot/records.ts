/**
 * Between HubSpot's records and the engine's: HubSpot sends every property as a string
 * (or null) and takes strings back, an empty string clearing a value.
 */
import type { Fields } from '../../../shared/domain'
import type { SourceRecord } from '../types'
import type { HubspotObjectSpec } from './objects'
import type { CrmRecord } from './schemas'

/** A HubSpot record as the engine sees it. */
export function toSourceRecord(rec: CrmRecord): SourceRecord {
  const fields: Fields = {}
  for (const [name, value] of Object.entries(rec.properties)) fields[name] = value
  return { id: rec.id, fields, updatedAt: rec.archivedAt ?? rec.updatedAt, ...(rec.archived ? { deleted: true } : {}) }
}

/** A tombstone for a record HubSpot reports archived. */
export function tombstone(rec: CrmRecord): SourceRecord {
  return { id: rec.id, fields: {}, updatedAt: rec.archivedAt ?? rec.updatedAt, deleted: true }
}

/** The engine's fields as HubSpot properties: strings, '' to clear, computed properties left out. */
export function toProperties(fields: Fields, spec: HubspotObjectSpec): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(fields)) {
    if (spec.readOnly.includes(name)) continue
    out[name] = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value)
  }
  return out
}

/** When a record last changed, in ms: its last-modified property, else `updatedAt`. */
export function modifiedAt(rec: CrmRecord, spec: HubspotObjectSpec): number {
  const raw = rec.properties[spec.lastModified] ?? rec.updatedAt
  const asNumber = Number(raw)
  const ms = /^\d+$/.test(raw) ? asNumber : Date.parse(raw)
  return Number.isFinite(ms) ? ms : Date.parse(rec.updatedAt)
}
