/**
 * QuickBooks entities are nested JSON; a Patchbay record is flat. Nested objects become
 * dot paths (`PrimaryEmailAddr.Address`), lists (`Line`) become JSON text, and the way
 * back rebuilds the nesting. Bookkeeping fields (`Id`, `SyncToken`, `MetaData`, `domain`,
 * `sparse`) stay out of the record: the adapter handles them itself.
 */
import type { Fields, FieldValue } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { QboEntity } from './api'
import { ARRAY_PROPERTIES } from './entities'

const BOOKKEEPING = new Set(['Id', 'SyncToken', 'MetaData', 'domain', 'sparse', 'status'])

/** Flat fields of an entity. */
export function flatten(entity: QboEntity): Fields {
  const out: Fields = {}
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) out[path] = JSON.stringify(value)
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k)
    else out[path] = value === undefined ? null : (value as FieldValue)
  }
  for (const [k, v] of Object.entries(entity)) if (!BOOKKEEPING.has(k)) walk(v, k)
  return out
}

/** Rebuilds the nested entity body from flat fields (for create and sparse update). */
export function unflatten(fields: Fields): QboEntity {
  const out: Record<string, unknown> = {}
  for (const [path, value] of Object.entries(fields)) {
    if (BOOKKEEPING.has(path)) continue
    const steps = path.split('.')
    let at = out
    for (const step of steps.slice(0, -1)) {
      if (at[step] === undefined || typeof at[step] !== 'object') at[step] = {}
      at = at[step] as Record<string, unknown>
    }
    const last = steps[steps.length - 1]
    at[last] = ARRAY_PROPERTIES.has(last) && typeof value === 'string' && value !== '' ? parseList(value, path) : value
  }
  return out
}

function parseList(text: string, path: string): unknown[] {
  try {
    const list = JSON.parse(text) as unknown
    if (Array.isArray(list)) return list
  } catch {
    // fall through to the error below
  }
  throw new RecordError(`${path} must be a JSON list, as Patchbay reads it from QuickBooks`, { hint: `Map a field holding the ${path} list, or leave ${path} unmapped.` })
}
