/**
 * The change feeds of a Stripe object. First run (or a cursor past Stripe's 30 days of
 * events): a full scan of the list endpoint, whose last page carries an events cursor taken
 * *before* the scan began, so a change made during the scan is read again next time rather
 * than lost. Later runs: the events since the cursor, page by page, each page committable.
 * Balance transactions have no events: they are read by `created`.
 */
import type { Fields } from '../../../shared/domain'
import { StripeRequestError } from './errors'
import { encodeCursor, type CreatedCursor, type EventsCursor } from './cursor'
import { cursorExpired, eventBatches, newestEvent } from './events'
import { getMany, listPages } from './fetch'
import type { ObjectSpec, RecordContext } from './objects'
import { iso } from './records/common'
import { STRIPE_API_VERSION } from './settings'
import type { StripeEvent } from './schemas'
import type { ChangeFeed, ChangePage, SourceRecord } from '../types'

type Item = { id: string; created: number }

/** With no event to start from, the first incremental read starts this long before the scan. */
const NO_EVENTS_MARGIN_SECONDS = 300

/** Seconds re-read behind the newest balance transaction, for ones Stripe shows a moment late. */
export const CREATED_OVERLAP_SECONDS = 2

/** What every feed needs. */
export interface FeedContext extends RecordContext {
  spec: ObjectSpec
  /** Stripe-comparable time now, in unix seconds. */
  nowUnix: () => number
}

async function toRecords(ctx: FeedContext, items: Item[], updatedAt: (item: Item) => string | null): Promise<SourceRecord[]> {
  if (items.length === 0) return []
  const fields = await ctx.spec.toFields(items, ctx)
  return items.map((item, i) => ({ id: item.id, fields: fields[i] as Fields, updatedAt: updatedAt(item) ?? undefined }))
}

/** Every live record, then an events cursor (or a created cursor) on the last page. */
export async function fullScan(ctx: FeedContext): Promise<ChangeFeed> {
  if (ctx.spec.feed === 'created') return { complete: true, pages: scanByCreated(ctx) }
  // Taken first: anything newer than this event is read again by the next incremental run.
  const { event: mark, stripeNow } = await newestEvent(ctx.client)
  const after: EventsCursor = mark
    ? { v: 1, kind: 'events', after: mark.id, at: mark.created }
    : { v: 1, kind: 'events', after: null, at: (stripeNow ?? ctx.nowUnix()) - NO_EVENTS_MARGIN_SECONDS }
  async function* pages(): AsyncGenerator<ChangePage> {
    for await (const page of listPages(ctx.client, ctx.spec)) {
      const records = await toRecords(ctx, page.data.data, (i) => iso(i.created))
      yield { records, problems: [], cursor: page.next === undefined ? encodeCursor(after) : null }
    }
  }
  return { complete: true, pages: pages() }
}

/** The changes since an events cursor; a full scan when Stripe no longer has them. */
export async function eventsFeed(ctx: FeedContext, cursor: EventsCursor): Promise<ChangeFeed> {
  if (cursorExpired(cursor, ctx.nowUnix())) return fullScan(ctx)
  let batches: AsyncIterable<{ events: StripeEvent[]; cursor: EventsCursor }>
  try {
    batches = await eventBatches(ctx.client, ctx.spec.eventTypes, cursor)
  } catch (err) {
    // The event the cursor names is gone (older than 30 days): only a full scan is safe.
    if (err instanceof StripeRequestError && err.stripe.code === 'resource_missing' && err.stripe.param === 'ending_before') return fullScan(ctx)
    throw err
  }
  async function* pages(): AsyncGenerator<ChangePage> {
    for await (const batch of batches) yield { records: await recordsFromEvents(ctx, batch.events), problems: [], cursor: encodeCursor(batch.cursor) }
  }
  return { complete: false, pages: pages() }
}

interface Latest {
  event: StripeEvent
  snapshot?: Record<string, unknown>
  deleted: boolean
}

/**
 * The records a batch of events changed, each once, as of its latest event. A snapshot in
 * the event is used when Stripe rendered it in our pinned version (events are rendered in
 * the account's version, not the request's); otherwise the record is fetched again.
 */
export async function recordsFromEvents(ctx: FeedContext, events: StripeEvent[]): Promise<SourceRecord[]> {
  const { spec } = ctx
  const latest = new Map<string, Latest>()
  for (const event of events) {
    const obj = event.data.object
    const own = obj.object === spec.objectType
    const id = own ? (typeof obj.id === 'string' ? obj.id : undefined) : spec.related?.[String(obj.object)]?.(obj)
    if (!id) continue
    latest.delete(id)
    latest.set(id, { event, snapshot: own ? obj : undefined, deleted: own && (spec.deletedBy?.includes(event.type) === true || obj.deleted === true) })
  }
  const ready = new Map<string, Item>()
  const refetch: string[] = []
  for (const [id, l] of latest) {
    if (l.deleted) continue
    const parsed = l.snapshot && l.event.api_version === STRIPE_API_VERSION ? spec.schema.safeParse(l.snapshot) : undefined
    if (parsed?.success) ready.set(id, parsed.data)
    else refetch.push(id)
  }
  const gone = new Set<string>()
  for (const [id, found] of await getMany(ctx.client, spec, refetch)) {
    if (found.state === 'live') ready.set(id, found.item)
    else gone.add(id)
  }
  const whenOf = new Map([...latest].map(([id, l]) => [id, iso(l.event.created)]))
  const live = [...latest.keys()].filter((id) => ready.has(id)).map((id) => ready.get(id)!)
  const records = await toRecords(ctx, live, (i) => whenOf.get(i.id) ?? null)
  const byId = new Map(records.map((r) => [r.id, r]))
  // Keep the order of the events; a deletion (or an object Stripe no longer has) is a tombstone.
  return [...latest.keys()].flatMap((id): SourceRecord[] => {
    if (latest.get(id)!.deleted || gone.has(id)) return [{ id, fields: {}, deleted: true, updatedAt: whenOf.get(id) ?? undefined }]
    const r = byId.get(id)
    return r ? [r] : []
  })
}

/** All balance transactions, newest first, then a created cursor from what the scan saw. */
async function* scanByCreated(ctx: FeedContext): AsyncGenerator<ChangePage> {
  let top: number | undefined
  const seen: string[] = []
  for await (const page of listPages(ctx.client, ctx.spec)) {
    for (const item of page.data.data) {
      top ??= item.created
      if (item.created >= top - CREATED_OVERLAP_SECONDS) seen.push(item.id)
    }
    const records = await toRecords(ctx, page.data.data, (i) => iso(i.created))
    const last = page.next === undefined
    const cursor: CreatedCursor = { v: 1, kind: 'created', since: top === undefined ? ctx.nowUnix() - 300 : top - CREATED_OVERLAP_SECONDS, seen }
    yield { records, problems: [], cursor: last ? encodeCursor(cursor) : null }
  }
}

/** Balance transactions created since the cursor, oldest first, minus those already read. */
export async function createdFeed(ctx: FeedContext, cursor: CreatedCursor, chunk = 500): Promise<ChangeFeed> {
  const newestFirst: Item[] = []
  for await (const page of listPages(ctx.client, ctx.spec, { 'created[gte]': cursor.since })) newestFirst.push(...page.data.data)
  const already = new Set(cursor.seen)
  const fresh = newestFirst.filter((i) => !already.has(i.id)).reverse()
  const top = newestFirst[0]?.created
  const since = top === undefined ? cursor.since : Math.max(cursor.since, top - CREATED_OVERLAP_SECONDS)
  const next: CreatedCursor = { v: 1, kind: 'created', since, seen: newestFirst.filter((i) => i.created >= since).map((i) => i.id) }
  async function* pages(): AsyncGenerator<ChangePage> {
    for (let i = 0; i < fresh.length || i === 0; i += chunk) {
      const slice = fresh.slice(i, i + chunk)
      const last = i + chunk >= fresh.length
      yield { records: await toRecords(ctx, slice, (item) => iso(item.created)), problems: [], cursor: last ? encodeCursor(next) : null }
    }
  }
  return { complete: false, total: fresh.length, pages: pages() }
}
