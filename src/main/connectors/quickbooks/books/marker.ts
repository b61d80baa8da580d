/**
 * How a QuickBooks transaction says which Stripe object it came from. Two marks, both
 * written at creation: `DocNumber` (searchable through the query endpoint, at most 21
 * characters, so a shortened form of the Stripe id) and `PrivateNote` (the full id and
 * the transaction's part in the posting). Before creating anything Patchbay looks the
 * DocNumber up and checks the note, so a rerun, a crash or a replay finds what is
 * already there instead of posting it again.
 */
import { createHash } from 'node:crypto'
import type { PartRole } from '../../books'

/** Longest DocNumber QuickBooks accepts. */
export const DOC_NUMBER_MAX = 21

/**
 * The DocNumber of a Stripe object: the id itself when short enough, else its prefix, its
 * last characters (Stripe ids end in random ones, and a person can search for them) and
 * four characters of a hash of the whole id, so ids that share a tail still differ.
 */
export function docNumberFor(stripeId: string): string {
  if (stripeId.length <= DOC_NUMBER_MAX) return stripeId
  const cut = stripeId.indexOf('_') + 1
  const prefix = cut > 0 && cut <= 5 ? stripeId.slice(0, cut) : ''
  const hash = createHash('sha256').update(stripeId).digest().readUInt32BE(0).toString(36).padStart(4, '0').slice(-4)
  return `${prefix}${stripeId.slice(-(DOC_NUMBER_MAX - prefix.length - 5))}.${hash}`
}

/** The private note that names the Stripe object and the part. */
export function noteFor(stripeId: string, role: PartRole, extra?: string | null): string {
  return `Stripe ${stripeId} · ${role} · posted by Patchbay${extra ? ` · ${extra}` : ''}`
}

/** The Stripe id and part a private note names, if Patchbay wrote it. */
export function readNote(note: unknown): { stripeId: string; role: PartRole } | undefined {
  const m = typeof note === 'string' ? /^Stripe (\S+) · (main|fee|payment) · posted by Patchbay/.exec(note) : null
  return m ? { stripeId: m[1], role: m[2] as PartRole } : undefined
}
