/**
 * How a QuickBooks transaction says which payment system object it came from. Two marks,
 * both written at creation: `DocNumber` (searchable through the query endpoint, at most
 * 21 characters, so a shortened form of the source id) and `PrivateNote` (the system, the
 * full id, the transaction's part in the posting, and the record's kind when the id
 * cannot tell it: "Square 7Yq… · main (dispute) · posted by Patchbay"). Before creating anything Patchbay looks the
 * DocNumber up and checks the note, so a rerun, a crash or a replay finds what is
 * already there instead of posting it again.
 */
import { createHash } from 'node:crypto'
import type { PartRole } from '../../books'
import { sourceLabel, sourceOfLabel, type DocumentKind } from '../../money-record'

/** Longest DocNumber QuickBooks accepts. */
export const DOC_NUMBER_MAX = 21

/**
 * The DocNumber of a source object: the id itself when short enough, else its prefix (a
 * Stripe id's), its last characters (ids end in random ones, and a person can search for
 * them) and four characters of a hash of the whole id, so ids that share a tail still differ.
 */
export function docNumberFor(sourceId: string): string {
  if (sourceId.length <= DOC_NUMBER_MAX) return sourceId
  const cut = sourceId.indexOf('_') + 1
  const prefix = cut > 0 && cut <= 5 ? sourceId.slice(0, cut) : ''
  const hash = createHash('sha256').update(sourceId).digest().readUInt32BE(0).toString(36).padStart(4, '0').slice(-4)
  return `${prefix}${sourceId.slice(-(DOC_NUMBER_MAX - prefix.length - 5))}.${hash}`
}

/** What a marker says: the source system and id, the part, and the kind when written. */
export interface Mark {
  source: string
  sourceId: string
  role: PartRole
  kind?: DocumentKind
}

/** The private note that names the source object and the part (a Stripe note reads as it always did). */
export function noteFor(mark: Mark, extra?: string | null): string {
  return `${sourceLabel(mark.source)} ${mark.sourceId} · ${mark.role}${mark.kind ? ` (${mark.kind})` : ''} · posted by Patchbay${extra ? ` · ${extra}` : ''}`
}

/** The source, id and part a private note names, if Patchbay wrote it. */
export function readNote(note: unknown): Mark | undefined {
  const m = typeof note === 'string' ? /^([A-Za-z][\w-]*) (\S+) · (main|fee|payment)(?: \((sale|refund|dispute|payout|fee)\))? · posted by Patchbay/.exec(note) : null
  return m ? { source: sourceOfLabel(m[1]), sourceId: m[2], role: m[3] as PartRole, ...(m[4] ? { kind: m[4] as DocumentKind } : {}) } : undefined
}
