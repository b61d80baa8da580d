/**
 * The change cursor of a HubSpot object: where the next incremental search starts, and
 * which records in the overlap were already read.
 *
 * HubSpot's search index lags writes by "a few moments", so each search starts `lag`
 * before the newest change already seen. Records in that overlap that were read before,
 * at the same last-modified time, are skipped: a re-run reads only what changed. When
 * the overlap holds more records than the cursor keeps, the oldest are forgotten, which
 * costs a re-read and never a missed change.
 */
import { z } from 'zod'
import { cursorCodec } from '../platform'

/** What the engine stores for a HubSpot object between runs (encoded by `encodeCursor`). */
export interface ChangeCursor {
  /** Search again from this last-modified time (ms, HubSpot's clock). */
  since: number
  /** Records read whose last change is at or after `since`: id → that change (ms). */
  seen: Record<string, number>
  /** Records reported archived at or after `since`: id → archivedAt (ms). */
  gone: Record<string, number>
}

/** Most records kept in `seen` (and in `gone`): a few hundred kB of cursor at worst. */
export const CURSOR_MEMORY = 5000

/** Non-number entries are dropped rather than refused: a smaller memory costs a re-read, never a miss. */
const times = z
  .unknown()
  .optional()
  .transform((value) => {
    const out: Record<string, number> = {}
    if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v
    return out
  })

/** A full scan is always safe for HubSpot, so a cursor that is not ours means one (`decodeOrNull`). */
const codec = cursorCodec<ChangeCursor>('HubSpot', z.object({ since: z.number().finite(), seen: times, gone: times }), 'hubspot:1:')

/** The cursor as the string the engine stores. */
export function encodeCursor(c: ChangeCursor): string {
  return codec.encode({ since: c.since, seen: c.seen, gone: c.gone })
}

/** The stored string as a cursor; null (a full scan, which is always safe) when it is not one of ours. */
export function decodeCursor(text: string | null): ChangeCursor | null {
  return codec.decodeOrNull(text)
}

/** Keeps the entries at or after `since`, newest first up to `memory`. */
function window(entries: Map<string, number>, since: number, memory: number): Record<string, number> {
  const kept = [...entries].filter(([, at]) => at >= since).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  return Object.fromEntries(kept.slice(0, memory))
}

/** The cursor after a walk that started at `since` and saw the given records and tombstones. */
export function nextCursor(
  since: number,
  seen: Map<string, number>,
  gone: Map<string, number>,
  memory: number = CURSOR_MEMORY
): ChangeCursor {
  return { since, seen: window(seen, since, memory), gone: window(gone, since, memory) }
}

/** Where the next incremental search starts: `lag` before the newest change seen, never earlier than before. */
export function nextSince(previous: number, newest: number | undefined, lagMs: number): number {
  return newest === undefined ? previous : Math.max(previous, newest - lagMs)
}
