/**
 * How the fake renders records and batch envelopes, after the schemas of HubSpot's CRM
 * OpenAPI files (2026-03): SimplePublicObject, SimplePublicUpsertObject and
 * BatchResponseSimplePublicObject(WithErrors).
 */
import { OBJECTS } from './catalog'
import type { FakeRecord } from './store'

/** Properties every answer carries whatever was asked for. */
const ALWAYS = ['createdate', 'hs_object_id']

/** The properties to return: those asked for (null when empty), else the type's defaults. */
export function propertyNames(type: string, asked: unknown): string[] {
  const list = Array.isArray(asked) ? asked.map(String) : typeof asked === 'string' && asked !== '' ? asked.split(',') : []
  const def = OBJECTS[type]
  const wanted = list.length > 0 ? list : def.defaultSearchProperties
  return [...new Set([...wanted, ...ALWAYS, def.lastModified])]
}

/**
 * A record as HubSpot returns it (SimplePublicObject). Requested properties without a
 * value are null, except in upsert answers, whose schema (SimplePublicUpsertObject) has
 * non-nullable values: there they are left out.
 */
export function recordView(rec: FakeRecord, names: string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const properties: Record<string, string | null> = {}
  const upsert = 'new' in extra
  for (const name of names) {
    const value = rec.properties[name]
    if (value !== undefined) properties[name] = value
    else if (!upsert) properties[name] = null
  }
  return {
    id: rec.id,
    properties,
    createdAt: new Date(rec.createdAt).toISOString(),
    updatedAt: new Date(rec.updatedAt).toISOString(),
    archived: rec.archived,
    ...(rec.archivedAt !== undefined ? { archivedAt: new Date(rec.archivedAt).toISOString() } : {}),
    ...extra
  }
}

/** A batch answer: COMPLETE, with `numErrors`/`errors` only when something failed. */
export function batchEnvelope(results: unknown[], errors: unknown[], startedAt: number, now: number): Record<string, unknown> {
  return {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt: new Date(startedAt).toISOString(),
    completedAt: new Date(now).toISOString()
  }
}
