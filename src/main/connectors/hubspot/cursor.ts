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

/** What the engine stores for a HubSpot object between runs (encoded by `encodeCursor`). */
export interface ChangeCursor {
  /** Search again from this last-modified time (ms, HubSpot's clock). */
  since: number
  /** Records read whose last change is at or after `since`: id → that change (ms). */
  seen: Record<string, number>
  /** Records reported archived at or after `since`: id → archivedAt (ms). */
  gone: Record<string, number>
}

const PREFIX = 'hubspot:1:'

/** Most records kept in `seen` (and in `gone`): a few hundred kB of cursor at worst. */
export const CURSOR_MEMORY = 5000

/** The cursor as the string the engine stores. */
export function encodeCursor(c: ChangeCursor): string {
  return PREFIX + JSON.stringify({ since: c.since, seen: c.seen, gone: c.gone })
}

/** The stored string as a cursor; null (a full scan, which is always safe) when it is not one of ours. */
export function decodeCursor(text: string | null): ChangeCursor | null {
  if (text === null || !text.startsWith(PREFIX)) return null
  try {
    const raw = JSON.parse(text.slice(PREFIX.length)) as Partial<ChangeCursor>
    if (typeof raw.since !== 'number' || !Number.isFinite(raw.since)) return null
    return { since: raw.since, seen: numbers(raw.seen), gone: numbers(raw.gone) }
  } catch {
    return null
  }
}

function numbers(value: unknown): Record<string, number> {
  const out: Record<string, number> = {}
  if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (typeof v === 'number') out[k] = v
  return out
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
