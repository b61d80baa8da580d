/**
 * The three-way merge of DESIGN.md §3, step 4, for one pair of records. Pure: it takes
 * what each side holds now and what both last agreed on (`base`), and says what to
 * write where, what the new `base` is, and what waits for a person.
 */
import type { ConflictField, ConflictPolicy, Direction, Fields, FieldValue, Side, Sync } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { sameValue } from './transforms'

/** Everything the merge needs to know about one pair. */
export interface PairInput {
  direction: Direction
  /** Canonical fields present on both sides (the ones that can flow). */
  fields: readonly string[]
  /** Values both sides last agreed on; `null` for a pair never synced before. */
  base: Fields | null
  /** Current values on each side; `null` when the record was deleted there. */
  left: Fields | null
  right: Fields | null
  leftUpdatedAt?: string
  rightUpdatedAt?: string
  policy: ConflictPolicy
  fieldPolicies: Readonly<Record<string, ConflictPolicy>>
  deletes: Sync['deletes']
  /** Values a person chose for fields of a settled conflict. */
  resolved?: Fields
  /** A settled delete conflict: which side's state wins. */
  resolvedDelete?: Side
  /**
   * Canonical fields that hold marketing consent, besides any named `marketingConsent`
   * (see `isConsentField`). @default []
   */
  consentFields?: readonly string[]
  /**
   * For a pair never synced before, in a one-way sync: canonical fields the destination's
   * record does not carry at all (a system that takes a field when written but cannot give
   * it back: a posted QuickBooks document holds no Stripe status or description). Nothing
   * says they differ, so they are recorded in the base as the source has them and not
   * written: a record another sync already posted is recognised, not changed. A later
   * change at the source still flows. @default []
   */
  unreported?: readonly string[]
}

/** The canonical name that marks a mapping entry as the marketing-consent field. */
export const CONSENT_FIELD = 'marketingConsent'

/**
 * The canonical name of when the consent last changed (ISO time). It travels with the consent
 * value it belongs to: when an unsubscribe wins a pair, so does its time, whatever the policy.
 */
export const CONSENT_AT_FIELD = 'marketingConsentAt'

/**
 * Consent values that mean "send no marketing email": a person unsubscribed, or the address
 * bounced for good (Mailchimp says `cleaned`, others `bounced`).
 */
const WITHDRAWN = new Set(['unsubscribed', 'cleaned', 'bounced'])

/** True when `v` is a consent value that forbids marketing email. */
export function isWithdrawn(v: FieldValue | undefined): boolean {
  return typeof v === 'string' && WITHDRAWN.has(v.trim().toLowerCase())
}

/** True when canonical field `f` is the marketing-consent field of this pair. */
export function isConsentField(f: string, p: Pick<PairInput, 'consentFields'>): boolean {
  return f === CONSENT_FIELD || (p.consentFields?.includes(f) ?? false)
}

/** What to do with one pair. */
export type PairDecision =
  | {
      kind: 'merge'
      toLeft: Fields
      toRight: Fields
      /** The new base once every write succeeded. */
      base: Fields
      /** Fields waiting for a person; they keep their old base. */
      conflicts: ConflictField[]
      /** Values that stay different from base on a side (conflicts, one-way target edits). */
      pending: { left: Fields; right: Fields }
    }
  | { kind: 'delete'; side: Side }
  | { kind: 'recreate'; side: Side; fields: Fields }
  | { kind: 'delete-conflict'; deletedOn: Side; fields: ConflictField[] }
  | { kind: 'forget' }
  | { kind: 'keep-tombstone'; gone: Side }

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

/** Fields where `cur` differs from `base`. */
function changedFields(fields: readonly string[], base: Fields, cur: Fields): string[] {
  return fields.filter((f) => !sameValue(base[f], cur[f]))
}

/** Decides one pair. */
export function decidePair(p: PairInput): PairDecision {
  const base = p.base ?? {}
  if (p.left === null && p.right === null) return { kind: 'forget' }
  if (p.left === null || p.right === null) return decideDelete(p, base, p.left === null ? 'left' : 'right')
  return mergeFields(p, base, p.left, p.right)
}

function decideDelete(p: PairInput, base: Fields, deletedOn: Side): PairDecision {
  const survivor = (deletedOn === 'left' ? p.right : p.left) as Fields
  const source: Side | null = p.direction === 'both' ? null : p.direction === 'left-to-right' ? 'left' : 'right'
  // One-way: a delete on the target is the user's business; we never recreate it.
  if (source !== null && deletedOn !== source) return { kind: 'keep-tombstone', gone: deletedOn }
  if (p.resolvedDelete) {
    return p.resolvedDelete === deletedOn ? { kind: 'delete', side: other(deletedOn) } : { kind: 'recreate', side: deletedOn, fields: survivor }
  }
  if (p.deletes === 'ignore') return { kind: 'keep-tombstone', gone: deletedOn }
  const edited = changedFields(p.fields, base, survivor)
  const conflictFields = (): ConflictField[] =>
    (edited.length ? edited : p.fields).map((name) => ({
      name,
      base: base[name] ?? null,
      left: deletedOn === 'left' ? null : (survivor[name] ?? null),
      right: deletedOn === 'right' ? null : (survivor[name] ?? null)
    }))
  if (p.deletes === 'ask') return { kind: 'delete-conflict', deletedOn, fields: conflictFields() }
  // propagate: deleting fresh edits on the other side would lose someone's work.
  if (edited.length === 0 || source !== null) return { kind: 'delete', side: other(deletedOn) }
  switch (p.policy) {
    case 'prefer-left':
    case 'prefer-right': {
      const winner: Side = p.policy === 'prefer-left' ? 'left' : 'right'
      return winner === deletedOn ? { kind: 'delete', side: other(deletedOn) } : { kind: 'recreate', side: deletedOn, fields: survivor }
    }
    case 'newest':
    case 'ask':
      return { kind: 'delete-conflict', deletedOn, fields: conflictFields() }
    default:
      return assertNever(p.policy, 'conflict policy')
  }
}

function mergeFields(p: PairInput, base: Fields, left: Fields, right: Fields): PairDecision {
  const toLeft: Fields = {}
  const toRight: Fields = {}
  const nextBase: Fields = { ...base }
  const conflicts: ConflictField[] = []
  const pending = { left: {} as Fields, right: {} as Fields }
  const agree = (f: string, v: FieldValue | undefined): void => {
    nextBase[f] = v ?? null
    if (!sameValue(left[f], v)) toLeft[f] = v ?? null
    if (!sameValue(right[f], v)) toRight[f] = v ?? null
  }
  const source: Side | null = p.direction === 'both' ? null : p.direction === 'left-to-right' ? 'left' : 'right'
  // The side whose unsubscribe differs from the other side's consent, if any: it wins this pair's consent.
  const consentFrom = ((): Side | null => {
    for (const f of p.fields) {
      if (!isConsentField(f, p) || sameValue(left[f], right[f]) || (isWithdrawn(left[f]) && isWithdrawn(right[f]))) continue
      if (isWithdrawn(left[f])) return 'left'
      if (isWithdrawn(right[f])) return 'right'
    }
    return null
  })()
  /** Carries the withdrawn side's value of `f` across; one-way into that very side, nothing is written and the difference stays visible. */
  const withdrawnWins = (f: string): void => {
    const v = (consentFrom === 'left' ? left : right)[f]
    if (source === other(consentFrom!)) pending[consentFrom!][f] = v ?? null
    else agree(f, v)
  }
  for (const f of p.fields) {
    const b = base[f]
    const l = left[f]
    const r = right[f]
    // Both sides withhold email in their own words (HubSpot's opt-out reads "unsubscribed", SendGrid's bounce
    // "cleaned"): they agree, and writing either word over the other would change nothing but churn every run.
    if (isConsentField(f, p) && isWithdrawn(l) && isWithdrawn(r)) {
      nextBase[f] = isWithdrawn(b) ? (b ?? null) : (l ?? null)
      continue
    }
    // An unsubscribe wins every merge, whatever the policy or a person's pick: the law, not a preference.
    if (isConsentField(f, p) && !sameValue(l, r) && (isWithdrawn(l) || isWithdrawn(r))) {
      withdrawnWins(f)
      continue
    }
    // Its time goes with it, so "when" always describes the consent both sides now hold.
    if (f === CONSENT_AT_FIELD && consentFrom !== null && !sameValue(l, r)) {
      withdrawnWins(f)
      continue
    }
    if (p.resolved && f in p.resolved) {
      agree(f, p.resolved[f])
      continue
    }
    if (p.direction !== 'both') {
      const [src, dst, dstSide] = p.direction === 'left-to-right' ? [l, r, 'right' as const] : [r, l, 'left' as const]
      if (p.base === null && sameValue(dst, null) && p.unreported?.includes(f)) {
        nextBase[f] = src ?? null
        continue
      }
      if (!sameValue(src, b) || p.base === null) agree(f, src)
      else if (!sameValue(dst, b)) pending[dstSide][f] = dst ?? null
      continue
    }
    if (sameValue(l, r)) nextBase[f] = sameValue(l, null) ? null : (l ?? null)
    else if (sameValue(l, b)) agree(f, r)
    else if (sameValue(r, b)) agree(f, l)
    else {
      const winner = pickWinner(p.fieldPolicies[f] ?? p.policy, p.leftUpdatedAt, p.rightUpdatedAt)
      if (winner === 'left') agree(f, l)
      else if (winner === 'right') agree(f, r)
      else {
        conflicts.push({ name: f, base: b ?? null, left: l ?? null, right: r ?? null })
        pending.left[f] = l ?? null
        pending.right[f] = r ?? null
      }
    }
  }
  return { kind: 'merge', toLeft, toRight, base: nextBase, conflicts, pending }
}

/** Which side a policy picks for a field changed differently on both sides; `null` asks a person. */
export function pickWinner(policy: ConflictPolicy, leftAt?: string, rightAt?: string): Side | null {
  switch (policy) {
    case 'prefer-left':
      return 'left'
    case 'prefer-right':
      return 'right'
    case 'newest': {
      const l = leftAt ? Date.parse(leftAt) : NaN
      const r = rightAt ? Date.parse(rightAt) : NaN
      // Without two comparable times "newest" cannot decide honestly, so a person does.
      if (Number.isNaN(l) || Number.isNaN(r) || l === r) return null
      return l > r ? 'left' : 'right'
    }
    case 'ask':
      return null
    default:
      return assertNever(policy, 'conflict policy')
  }
}
