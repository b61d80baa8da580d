/**
 * `listChanged` for a Salesforce object. The first run queries every record (a complete
 * feed). Later runs query `SystemModstamp > since`, where `since` is always a second that was
 * over when it was read (SystemModstamp has whole seconds), and ask getDeleted for what was deleted since the last look,
 * reported as tombstones. Salesforce lists deletes for 15 days only: a sync that has not
 * run for longer says so and reads everything again, so deletes are found by absence.
 */
import { z } from 'zod'
import { ConfigError } from '../../errors'
import { cursorCodec } from '../platform'
import type { ChangeFeed, ChangePage, SourceRecord } from '../types'
import type { SalesforceApi } from './api'
import { DELETES_GONE } from './http'
import { soqlDate, type SObjectSpec } from './objects'
import { stampOf, toSourceRecord } from './records'
import { DELETED_WINDOW_DAYS } from './vendor'

const DAY = 86_400_000
const MINUTE = 60_000

const cursorSchema = z.object({
  /** SystemModstamp (ms) of the newest record read in a second that was already over. */
  since: z.number(),
  /** Where the next getDeleted starts (ms, a whole minute). */
  deletedFrom: z.number()
})
type Cursor = z.infer<typeof cursorSchema>

/** Salesforce cursors, marked so another system's cursor is never taken for one. */
export const SF_CURSOR = cursorCodec('Salesforce', cursorSchema, 'sf1:')


const deletedSchema = z.object({
  deletedRecords: z.array(z.object({ id: z.string(), deletedDate: z.string() })),
  earliestDateAvailable: z.string(),
  latestDateCovered: z.string()
})

const sfTime = (text: string): number => Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))

/** The SELECT of an object: its standard fields, the connection's extra fields and external id. */
export function selectOf(api: SalesforceApi, spec: SObjectSpec): string[] {
  const ext = api.settings.externalIds[spec.name]
  return [...new Set([...spec.fields, ...(api.settings.fields[spec.name] ?? []), ...(ext ? [ext] : [])])]
}

/** True when getDeleted can no longer reach back to `from` (15 days before today, UTC). */
export function deletesOutOfReach(from: number, now: number): boolean {
  return from < Math.floor(now / DAY) * DAY - DELETED_WINDOW_DAYS * DAY
}

/** Reads the changes of one object since `cursor` (null: everything). */
export async function listChanges(api: SalesforceApi, spec: SObjectSpec, cursor: string | null): Promise<ChangeFeed> {
  const previous = SF_CURSOR.decodeOrNull(cursor)
  if (!previous) return fullRead(api, spec)
  const now = api.now()
  const days = Math.floor((now - previous.deletedFrom) / DAY)
  const again = `so Patchbay is reading every ${spec.noun} again to find the ones deleted meanwhile. This run takes longer than usual.`
  if (deletesOutOfReach(previous.deletedFrom, now)) {
    api.note('warn', `Salesforce lists deleted ${spec.noun}s for ${DELETED_WINDOW_DAYS} days only and this sync last looked ${days} days ago, ${again}`)
    return fullRead(api, spec)
  }
  const purged = `Salesforce's list of deleted ${spec.noun}s no longer reaches back to this sync's last look (its Recycle Bin may have been emptied), ${again}`
  let deleted: { tombstones: SourceRecord[]; next: number }
  try {
    deleted = await deletedSince(api, spec, previous.deletedFrom, now)
  } catch (err) {
    // Salesforce's clock or purge disagrees with ours: read everything.
    if (!(err instanceof ConfigError && err.message.startsWith(DELETES_GONE))) throw err
    api.note('warn', purged)
    return fullRead(api, spec)
  }
  if (deleted.next < 0) {
    api.note('warn', purged)
    return fullRead(api, spec)
  }
  const walk = await firstPage(api, `SELECT ${selectOf(api, spec).join(', ')} FROM ${spec.type} WHERE SystemModstamp > ${soqlDate(previous.since)} ORDER BY SystemModstamp, Id`)
  return { complete: false, total: walk.total, pages: incremental(previous, walk.pages, deleted, horizonOf(now)) }
}

async function firstPage(api: SalesforceApi, soql: string): Promise<{ total: number; pages: AsyncGenerator<SourceRecord[]> }> {
  const gen = api.query(soql)
  const first = await gen.next()
  async function* pages(): AsyncGenerator<SourceRecord[]> {
    if (first.done) return
    yield first.value.records.map(toSourceRecord)
    for await (const page of gen) yield page.records.map(toSourceRecord)
  }
  return { total: first.done ? 0 : first.value.totalSize, pages: pages() }
}

/** Everything, as one complete feed; the cursor starts the delete log at the read's start. */
async function fullRead(api: SalesforceApi, spec: SObjectSpec): Promise<ChangeFeed> {
  const startedAt = Math.floor(api.now() / MINUTE) * MINUTE
  const horizon = horizonOf(api.now())
  const walk = await firstPage(api, `SELECT ${selectOf(api, spec).join(', ')} FROM ${spec.type} ORDER BY SystemModstamp, Id`)
  async function* pages(): AsyncGenerator<ChangePage> {
    let newest: Cursor = { since: 0, deletedFrom: startedAt }
    for await (const records of walk.pages) {
      newest = advance(newest, records, horizon)
      yield { records, problems: [], cursor: null }
    }
    yield { records: [], problems: [], cursor: SF_CURSOR.encode(newest) }
  }
  return { complete: true, total: walk.total, pages: pages() }
}

/**
 * The cursor moved past `records`. SystemModstamp has whole seconds, so a record changed
 * later in a second the read saw would carry the same stamp: records of a second not yet
 * over at `horizon` do not move the cursor, and are read again next time.
 */
function advance(c: Cursor, records: SourceRecord[], horizon: number): Cursor {
  let { since } = c
  for (const r of records) {
    const at = stampOf(r.fields)
    if (Number.isFinite(at) && at < horizon && at > since) since = at
  }
  return { ...c, since }
}

/** The first second that may still change while a read started at `now` runs (two seconds' margin for Salesforce's clock and ours). */
const horizonOf = (now: number): number => Math.floor(now / 1000) * 1000 - 2000

async function* incremental(previous: Cursor, pages: AsyncGenerator<SourceRecord[]>, deleted: { tombstones: SourceRecord[]; next: number }, horizon: number): AsyncGenerator<ChangePage> {
  let cursor: Cursor = { ...previous, deletedFrom: deleted.next }
  for await (const list of pages) {
    cursor = advance(cursor, list, horizon)
    if (list.length) yield { records: list, problems: [], cursor: null }
  }
  yield { records: deleted.tombstones, problems: [], cursor: SF_CURSOR.encode(cursor) }
}

/**
 * getDeleted from `from` to now. Salesforce ignores seconds and wants more than a minute
 * between start and end; a shorter gap waits for the next run. `next` is where the next
 * look starts (`latestDateCovered`), or -1 when Salesforce says deletes before it were purged.
 */
async function deletedSince(api: SalesforceApi, spec: SObjectSpec, from: number, now: number): Promise<{ tombstones: SourceRecord[]; next: number }> {
  const end = Math.floor(now / MINUTE) * MINUTE
  if (end - from <= MINUTE) return { tombstones: [], next: from }
  const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00')
  const answer = await api.request({ url: `${api.root}/sobjects/${spec.type}/deleted/`, params: { start: iso(from), end: iso(end) }, schema: deletedSchema })
  // "If this value is less than endDate, the call fails, and you must resync": the log was purged past our start.
  if (sfTime(answer.earliestDateAvailable) > from) return { tombstones: [], next: -1 }
  const tombstones = answer.deletedRecords.map((d): SourceRecord => ({ id: d.id, fields: {}, deleted: true, updatedAt: new Date(sfTime(d.deletedDate)).toISOString() }))
  const covered = sfTime(answer.latestDateCovered)
  return { tombstones, next: Number.isFinite(covered) ? covered : end }
}
