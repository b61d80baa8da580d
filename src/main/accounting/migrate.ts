/**
 * Upgrades of stored data from when Stripe was the only payment source and the
 * `documents` object called its id `stripe_id` (now `source_id`, beside `source`):
 *
 * - config.json (format 1 → 2): a sync into or out of `documents` reads and writes
 *   `source_id` where it said `stripe_id`. Its canonical field keeps its name, so the
 *   links' agreed values (kept under canonical names), conflicts and failures stay valid
 *   as they are: nothing is read as changed, nothing is posted again.
 * - held-documents.json (format 1 → 2): a held record's `stripe_id` becomes `source_id`.
 *
 * The books themselves need nothing: QuickBooks markers written before name Stripe the
 * way they always did, and are read as Stripe's.
 */

/** The old and the new name of the id field of `documents`. */
export const OLD_ID_FIELD = 'stripe_id'
export const ID_FIELD = 'source_id'

type Loose = Record<string, unknown>
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v)

/** config.json data, format 1 → 2. Anything it does not recognise is left as it is (the schema judges it next). */
export function upgradeConfigSourceIds(data: unknown): unknown {
  if (!isObject(data) || !Array.isArray(data.syncs)) return data
  for (const sync of data.syncs) {
    if (!isObject(sync) || !Array.isArray(sync.mapping)) continue
    for (const side of ['left', 'right'] as const) {
      const at = sync[side]
      if (!isObject(at) || at.object !== 'documents') continue
      for (const entry of sync.mapping) if (isObject(entry) && entry[side] === OLD_ID_FIELD) entry[side] = ID_FIELD
    }
  }
  return data
}

/** held-documents.json data, format 1 → 2. */
export function upgradeHeldSourceIds(data: unknown): unknown {
  if (!isObject(data)) return data
  for (const fields of Object.values(data)) {
    if (!isObject(fields) || !(OLD_ID_FIELD in fields)) continue
    fields[ID_FIELD] ??= fields[OLD_ID_FIELD]
    delete fields[OLD_ID_FIELD]
  }
  return data
}
