/**
 * The members cursor. Mailchimp filters members by `since_last_changed`, but it keeps
 * `last_changed` to the second, so several changes can share the second Patchbay read
 * last, some of them after the read. Asking again from the last second read would miss
 * them; asking from one second earlier finds them, and also finds the members already
 * read in that second. The cursor therefore keeps, next to the time, a digest of each
 * member read in the overlap (its id and fingerprint together): those that come back
 * unchanged are dropped, so a rerun reads only what changed.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { cursorCodec } from '../platform'

/** Where the next incremental read starts. */
export interface MembersCursor {
  /** The newest `last_changed` read, in Mailchimp's format. */
  since: string
  /** Digests (`seenDigest`) of the members whose `last_changed` falls in the overlap before `since`. */
  seen: string[]
}

/** How far back each incremental read starts before `since`: one tick of Mailchimp's clock. */
export const OVERLAP_MS = 1000


/** One member as it was read: its id and fingerprint in 12 characters (72 bits), to keep cursors small. */
export function seenDigest(id: string, print: string): string {
  return createHash('sha1').update(`${id}\n${print}`).digest('base64url').slice(0, 12)
}

/** Answers "was this member read exactly so last time?" for a cursor. */
export function seenBefore(c: MembersCursor | undefined): (id: string, print: string) => boolean {
  const seen = new Set(c?.seen ?? [])
  return (id, print) => seen.has(seenDigest(id, print))
}

/** Mailchimp's timestamp form, e.g. `2026-11-25T09:30:00+00:00` (ISO 8601, whole seconds). */
export function mailchimpTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00')
}

/** Milliseconds of a Mailchimp timestamp; NaN when it is not one. */
export function timeOf(text: string): number {
  return Date.parse(text)
}

/** Version 1 of the stored cursor; a `since` that is not a time is not one of ours. */
const codec = cursorCodec(
  'Mailchimp',
  z.object({ v: z.literal(1), since: z.string().refine((t) => !Number.isNaN(timeOf(t))), seen: z.array(z.string()) })
)

/** Turns a cursor into the string the engine stores. */
export function encodeCursor(c: MembersCursor): string {
  return codec.encode({ v: 1, since: c.since, seen: c.seen })
}

/** Reads a stored cursor; one Patchbay cannot read is damage (a ConfigError: reset the sync), never "start over" silently. */
export function decodeCursor(text: string, connectionId?: string): MembersCursor {
  const { since, seen } = codec.decode(text, connectionId)
  return { since, seen }
}

/** The `since_last_changed` value that reads a cursor's overlap again. */
export function queryFrom(c: MembersCursor): string {
  return mailchimpTime(timeOf(c.since) - OVERLAP_MS)
}

/**
 * Collects what a read saw and turns it into the next cursor. Nothing of the previous
 * overlap needs carrying over: a member still in it is read again, and seen again.
 */
export class CursorBuilder {
  private newest: number
  private readonly prints = new Map<string, { at: number; print: string }>()

  /** Starts from the previous cursor's time, so a read that finds nothing keeps it. */
  constructor(previous?: MembersCursor) {
    this.newest = previous ? timeOf(previous.since) : Number.NEGATIVE_INFINITY
  }

  /** Notes one member read (changed or not). */
  see(id: string, lastChanged: string, print: string): void {
    const at = timeOf(lastChanged)
    if (Number.isNaN(at)) return
    if (at > this.newest) this.newest = at
    this.prints.set(id, { at, print })
  }

  /** The cursor after everything seen; undefined when nothing was ever seen. */
  build(): MembersCursor | undefined {
    if (!Number.isFinite(this.newest)) return undefined
    const seen: string[] = []
    for (const [id, { at, print }] of this.prints) if (at >= this.newest - OVERLAP_MS) seen.push(seenDigest(id, print))
    return { since: mailchimpTime(this.newest), seen }
  }
}
