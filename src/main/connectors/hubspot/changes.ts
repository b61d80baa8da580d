/**
 * `listChanged` for a HubSpot object. The first run lists every live record (a complete
 * feed); later runs search on the last-modified property from the cursor, skip what they
 * already read in the overlap, and report records archived since as tombstones.
 */
import type { ChangeFeed, ChangePage, SourceRecord } from '../types'
import type { HubspotApi } from './api'
import { decodeCursor, encodeCursor, nextCursor, nextSince, type ChangeCursor } from './cursor'
import { listRecords } from './list'
import type { HubspotObjectSpec } from './objects'
import { modifiedAt, tombstone, toSourceRecord } from './records'
import type { CrmRecord } from './schemas'
import { changedSince } from './search'

/** Reads the changes of one object since `cursor` (null: everything). */
export async function listChanges(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], cursor: string | null): Promise<ChangeFeed> {
  const previous = decodeCursor(cursor)
  if (!previous) return { complete: true, pages: fullScan(api, spec, properties) }
  const walk = await changedSince(api, spec, properties, previous.since, api.tuning.searchPageSize ?? 200)
  return { complete: false, total: walk.total, pages: incremental(api, spec, previous, walk.pages) }
}

async function* fullScan(api: HubspotApi, spec: HubspotObjectSpec, properties: string[]): AsyncGenerator<ChangePage> {
  const walk = listRecords(api, spec, properties, false)
  const seen = new Map<string, number>()
  for await (const page of walk.pages) {
    for (const rec of page.data.results) seen.set(rec.id, modifiedAt(rec, spec))
    yield { records: page.data.results.map(toSourceRecord), problems: [], cursor: null }
  }
  // Anything changed after the scan began may have been missed on a page already read: the
  // next search starts before the scan did (a second of HubSpot's clock, plus the index lag).
  const startedAt = walk.startedAt() ?? Date.now()
  const since = startedAt - 1000 - api.settings.searchLagMs
  yield { records: [], problems: [], cursor: encodeCursor(nextCursor(since, seen, new Map())) }
}

async function* incremental(api: HubspotApi, spec: HubspotObjectSpec, previous: ChangeCursor, pages: AsyncGenerator<CrmRecord[]>): AsyncGenerator<ChangePage> {
  const seen = new Map(Object.entries(previous.seen))
  let newest: number | undefined
  for await (const results of pages) {
    const records: SourceRecord[] = []
    for (const rec of results) {
      const at = modifiedAt(rec, spec)
      newest = Math.max(newest ?? at, at)
      const unchanged = previous.seen[rec.id] === at
      seen.set(rec.id, at)
      if (!unchanged) records.push(toSourceRecord(rec))
    }
    if (records.length > 0) yield { records, problems: [], cursor: null }
  }
  const gone = new Map(Object.entries(previous.gone))
  const tombstones = api.settings.readArchived ? await archivedSince(api, spec, previous, gone) : []
  const since = nextSince(previous.since, newest, api.settings.searchLagMs)
  yield { records: tombstones, problems: [], cursor: encodeCursor(nextCursor(since, seen, gone)) }
}

/** Records archived at or after the cursor's time that were not reported yet. */
async function archivedSince(api: HubspotApi, spec: HubspotObjectSpec, previous: ChangeCursor, gone: Map<string, number>): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  for await (const page of listRecords(api, spec, [spec.lastModified], true).pages) {
    for (const rec of page.data.results) {
      const at = Date.parse(rec.archivedAt ?? rec.updatedAt)
      if (!(at >= previous.since) || previous.gone[rec.id] === at) continue
      gone.set(rec.id, at)
      out.push(tombstone(rec))
    }
  }
  return out
}
