/**
 * A sync's filters ("only records where status is paid") and fixed values ("always set lead
 * source to Website"), as the planner applies them. Pure functions over canonical records.
 *
 * What a filter means for records that were already paired: a pair whose record on either
 * side stops passing is left alone — nothing is written either way and, above all, nothing is
 * deleted on the other side; its link stays, so it syncs again once it passes again. A record
 * that never passed is neither created on the other side nor paired with one there.
 */
import type { Fields, FieldValue, FixedValue, RecordFilter, Side, Sync } from '../../shared/domain'
import { assertNever } from '../../shared/assert'

const folded = (v: FieldValue | undefined): string => (v === null || v === undefined ? '' : String(v).trim().toLowerCase())

/**
 * True when a canonical record passes one filter. A record that does not carry the field at all
 * (the field is synced from the other side only) passes: nothing says it fails.
 */
export function passes(filter: RecordFilter, record: Fields): boolean {
  if (!(filter.field in record)) return true
  const have = folded(record[filter.field])
  const want = folded(filter.value)
  switch (filter.op) {
    case 'equals':
      return have === want
    case 'not-equals':
      return have !== want
    case 'contains':
      return have.includes(want)
    case 'empty':
      return have === ''
    case 'not-empty':
      return have !== ''
    default:
      return assertNever(filter.op, 'filter operator')
  }
}

/** True when a record passes every filter of the sync; a deleted record (`null`) has nothing to test. */
export function passesAll(sync: Pick<Sync, 'filters'>, record: Fields | null | undefined): boolean {
  if (!record || !sync.filters?.length) return true
  return sync.filters.every((f) => passes(f, record))
}

/** A filter in the owner's words: status is "paid". */
export function filterWords(f: RecordFilter): string {
  const field = f.field.replace(/_/g, ' ')
  switch (f.op) {
    case 'equals':
      return `${field} is “${f.value ?? ''}”`
    case 'not-equals':
      return `${field} is not “${f.value ?? ''}”`
    case 'contains':
      return `${field} contains “${f.value ?? ''}”`
    case 'empty':
      return `${field} is empty`
    case 'not-empty':
      return `${field} is not empty`
    default:
      return assertNever(f.op, 'filter operator')
  }
}

/** The fixed values a sync writes to `side`, as that side's own fields. */
export function fixedFields(sync: Pick<Sync, 'fixed'>, side: Side): Fields {
  return Object.fromEntries((sync.fixed ?? []).filter((x: FixedValue) => x.side === side).map((x) => [x.field, x.value]))
}
