/**
 * "Try this record again": what a run of one failed record reads instead of listing the sides.
 * Only the failure's record (and, when it is paired, its partner) is read, by id; the run
 * plans and writes that pair alone and leaves cursors, other failures and held deletes as
 * they are (see `runSync`'s `only`).
 */
import type { Failure, Side, Sync } from '../../shared/domain'
import type { ObjectAdapter } from '../connectors/types'
import { ConfigError } from '../errors'
import { toEntry, type Pulled } from './pull'
import type { SyncState, StoredLink } from './state'

/** What a one-record run read: the pair's records as pulled, and the link to plan when it has one. */
export interface OneRecord {
  failure: Failure
  pulled: Record<Side, Pulled>
  links: StoredLink[]
}

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

/** True when a failure's record can be read on its own (a bad file row cannot: it has no id). */
export function canRetryAlone(f: Pick<Failure, 'op' | 'recordId' | 'sourceId'>): boolean {
  return f.op === 'create' ? !!f.sourceId : f.op !== 'read' && !!f.recordId
}

/** Reads the record of failure `failureId`, by id, on the side(s) it needs. */
export async function readOneRecord(sync: Sync, state: SyncState, adapters: Record<Side, ObjectAdapter>, failureId: string): Promise<OneRecord> {
  const failure = state.data.failures.find((f) => f.id === failureId)
  if (!failure) throw new ConfigError(`There is no failure "${failureId}"`, { syncId: sync.id, hint: 'A run may have cleared it; reload the list of failures.' })
  if (!canRetryAlone(failure)) throw new ConfigError('This failure cannot be tried on its own: Patchbay has no id to read its record by', { syncId: sync.id, hint: 'Run the whole sync instead.' })
  const empty = (side: Side): Pulled => ({ side, records: new Map(), tombstones: new Set(), complete: false, cursor: null, problems: [] })
  const pulled: Record<Side, Pulled> = { left: empty('left'), right: empty('right') }
  const linkOf = (side: Side, id: string) => (side === 'left' ? state.linkByLeft(id) : state.linkByRight(id))
  // A failed create names the record it copies (on the other side); an update or delete names the record it writes.
  const [side, id] = failure.op === 'create' ? [other(failure.side), failure.sourceId!] : [failure.side, failure.recordId!]
  const link = linkOf(side, id)
  // An update or delete whose pair is no longer linked has nothing left to write: read as an
  // unlinked record it could be copied to the other side, which no one asked for.
  const wanted: Record<Side, string | undefined> = link ? { left: link.leftId, right: link.rightId } : failure.op === 'create' ? { left: undefined, right: undefined, [side]: id } : { left: undefined, right: undefined }
  for (const s of ['left', 'right'] as const) {
    const want = wanted[s]
    if (!want) continue
    const [rec] = (await adapters[s].get([want])).filter((r) => r.id === want)
    if (rec && !rec.deleted) {
      const e = toEntry(sync.mapping, s, rec)
      if ('rec' in e) pulled[s].records.set(want, e)
      else pulled[s].problems.push(e)
    } else if (link && gonePart(failure, s)) {
      // Absent from a read by id is deleted; counted so only where that deletion is what the failed write was about.
      pulled[s].tombstones.add(want)
    }
  }
  return { failure, pulled, links: link ? [link] : [] }
}

/**
 * Which side's absence is the deletion the failed write was carrying: a failed delete was
 * copying a delete from the other side, a failed re-create was putting back a record deleted on
 * its own side. Anywhere else an absent record is left as the link last saw it: the next full
 * run decides, so a record that is only hidden from a read by id deletes nothing.
 */
function gonePart(f: Failure, s: Side): boolean {
  if (f.op === 'delete') return s !== f.side
  if (f.op === 'create') return s === f.side
  return false
}
