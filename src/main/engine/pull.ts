/**
 * Step 1 and 2 of a run: read each side's changes since its cursor and map them into
 * canonical fields. Records that cannot be read or mapped come back as problems, so
 * they reach Failures instead of vanishing.
 */
import type { FieldMap, Fields, Progress, Side } from '../../shared/domain'
import type { ObjectAdapter, ReadProblem, SourceRecord } from '../connectors/types'
import { RecordError } from '../errors'
import { mapIn } from './transforms'

/** A pulled record and its canonical form. */
export interface Entry {
  rec: SourceRecord
  canon: Fields
}

/** What one side gave us this run. */
export interface Pulled {
  side: Side
  /** Live records by id. */
  records: Map<string, Entry>
  /** Ids the system reported deleted. */
  tombstones: Set<string>
  /** True when `records` is every live record (absent linked ids were deleted). */
  complete: boolean
  /** Cursor to store once this run commits; `null` keeps the old one. */
  cursor: string | null
  problems: ReadProblem[]
}

/** Maps a source record, turning a mapping error into a read problem. */
export function toEntry(mapping: FieldMap[], side: Side, rec: SourceRecord): Entry | ReadProblem {
  try {
    return { rec, canon: mapIn(mapping, side, rec.fields) }
  } catch (err) {
    if (err instanceof RecordError) return { message: err.message, recordId: rec.id }
    throw err
  }
}

/** Reads one side's changes since `cursor`. */
export async function pullSide(
  adapter: ObjectAdapter,
  side: Side,
  cursor: string | null,
  mapping: FieldMap[],
  onProgress: (p: Progress) => void
): Promise<Pulled> {
  const feed = await adapter.listChanged(cursor)
  const out: Pulled = { side, records: new Map(), tombstones: new Set(), complete: feed.complete, cursor: null, problems: [] }
  let done = 0
  onProgress({ kind: 'pull', side, done, total: feed.total ?? null })
  for await (const page of feed.pages) {
    for (const rec of page.records) {
      if (rec.deleted) {
        out.tombstones.add(rec.id)
        out.records.delete(rec.id)
        continue
      }
      const e = toEntry(mapping, side, rec)
      if ('rec' in e) out.records.set(rec.id, e)
      else out.problems.push(e)
    }
    out.problems.push(...page.problems)
    if (page.cursor !== null) out.cursor = page.cursor
    done += page.records.length
    onProgress({ kind: 'pull', side, done, total: feed.total ?? null })
  }
  return out
}
