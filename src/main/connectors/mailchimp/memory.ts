/**
 * What the members adapter remembers during one run: the members it read (their address,
 * which batch updates need, and their fields) and what its own writes left behind, so
 * `cursorAfterWrites` can tell its own changes from anyone else's.
 */
import type { Fields } from '../../../shared/domain'
import type { MembersCursor } from './cursor'

/** A write whose result did not read back as written: it must be read again next run. */
export const MISMATCH = 'mismatch'

/** One run's memory of an audience. */
export class RunMemory {
  /** Members read or written in this run, by record id. */
  readonly known = new Map<string, { email: string; fields: Fields }>()
  /** Fingerprint each written member should show now, or MISMATCH. */
  readonly written = new Map<string, string>()
  /** Members this run archived. */
  readonly archived = new Set<string>()
  /** Where the pull ended: a cursor, null when it saw no member at all, undefined before any pull. */
  pulled: MembersCursor | null | undefined = undefined

  /** True once this run changed anything in Mailchimp. */
  get wrote(): boolean {
    return this.written.size > 0 || this.archived.size > 0
  }
}
