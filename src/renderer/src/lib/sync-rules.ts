/**
 * Filters and fixed values in the sync form's words, and what is wrong with them before the
 * sync is saved (the core checks again; see `syncSchema`). Pure, tested without a browser.
 */
import type { FilterOp, FixedValue, RecordFilter, Side } from '../../../shared/domain'

/** How each filter compares, as the form says it after the field: "status is …". */
export const OP_WORDS: Record<FilterOp, string> = {
  equals: 'is',
  'not-equals': 'is not',
  contains: 'contains',
  empty: 'is empty',
  'not-empty': 'is not empty'
}

/** True when the comparison needs a value typed beside it. */
export function opTakesValue(op: FilterOp): boolean {
  return op === 'equals' || op === 'not-equals' || op === 'contains'
}

/** What the form knows that the rules depend on. */
export interface RuleContext {
  /** Synced fields by canonical name, with their labels. */
  synced: { name: string; label: string }[]
  /** Each side's own fields the mapping already fills. */
  filled: Record<Side, string[]>
  /** The sides the sync writes to. */
  writes: Side[]
  sides: Record<Side, string>
  /** Each side's field labels from its connector ("Lifecycle stage" for lifecyclestage): problems name a field by them. */
  labels?: Record<Side, Record<string, string>>
}

/** What is wrong with the filters and fixed values, one plain sentence each, naming the field. */
export function ruleProblems(filters: readonly RecordFilter[], fixed: readonly FixedValue[], ctx: RuleContext): string[] {
  const out: string[] = []
  for (const [i, f] of filters.entries()) {
    const field = ctx.synced.find((s) => s.name === f.field)
    if (!field) out.push(f.field ? `Filter ${i + 1} looks at ${f.field.replace(/_/g, ' ')}, which is not synced any more: sync it again or remove the filter.` : `Filter ${i + 1}: choose the field it looks at.`)
    else if (opTakesValue(f.op) && !(f.value ?? '').trim()) out.push(`Filter ${i + 1}: type what ${field.label.toLowerCase()} ${OP_WORDS[f.op]}.`)
  }
  const seen = new Set<string>()
  for (const [i, x] of fixed.entries()) {
    const where = ctx.sides[x.side]
    const field = ctx.labels?.[x.side]?.[x.field] ?? x.field
    if (!ctx.writes.includes(x.side)) out.push(`Fixed value ${i + 1}: records do not flow into ${where}, so nothing would set it there; remove it.`)
    else if (!x.field) out.push(`Fixed value ${i + 1}: choose the field in ${where} that gets it.`)
    else if (ctx.filled[x.side].includes(x.field)) out.push(`${field} in ${where} is already filled by a synced field: remove the fixed value or stop syncing that field.`)
    else if (seen.has(`${x.side}:${x.field}`)) out.push(`${field} in ${where} has two fixed values: keep one.`)
    else if (!x.value.trim()) out.push(`Type the value to always set in ${field}.`)
    seen.add(`${x.side}:${x.field}`)
  }
  return out
}
