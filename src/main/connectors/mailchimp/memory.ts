/**
 * What the members adapter remembers during one run: the members it read (their address,
 * which batch updates need, and their fields) and what its own writes left behind, so
 * `cursorAfterWrites` can tell its own changes from anyone else's.
 */
import type { SourceRecord } from '../types'
import type { MembersCursor } from './cursor'

/** A write whose result did not read back as written: it must be read again next run. */
export const MISMATCH = 'mismatch'

/** A live member as this run last saw it. */
export interface KnownMember {
  email: string
  record: SourceRecord
}

/** One run's memory of an audience. */
export class RunMemory {
  /** Live members read or written in this run, by record id. */
  readonly known = new Map<string, KnownMember>()
  /** True when `known` holds every live member: the whole audience was read this run. */
  complete = false
  /** Fingerprint each written member should show now, or MISMATCH. */
  readonly written = new Map<string, string>()
  /** Members this run archived. */
  readonly archived = new Set<string>()
  /** Where the pull ended: a cursor, null when it saw no member at all, undefined before any pull. */
  pulled: MembersCursor | null | undefined = undefined

  /** Notes a member as read or written just now; one that is gone is forgotten. */
  note(email: string, rec: SourceRecord): void {
    if (rec.deleted) this.known.delete(rec.id)
    else this.known.set(rec.id, { email, record: rec })
  }

  /** True once this run changed anything in Mailchimp. */
  get wrote(): boolean {
    return this.written.size > 0 || this.archived.size > 0
  }
}
