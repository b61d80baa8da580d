/**
 * Reading `/v1/events` forward in time. Stripe lists newest first, so "everything after
 * event E" is read with `ending_before`: each call returns the `limit` events just newer
 * than its marker (still newest first), and the next call's marker is that page's newest
 * event. Pages therefore arrive oldest first and each can be committed on its own; nothing
 * is skipped between pages and nothing is read twice. Stripe keeps events for 30 days.
 */
import { paginate, type HttpClient } from '../http'
import { pages as paginated } from '../platform'
import { STRIPE_PAGING } from './http'
import type { EventsCursor } from './cursor'
import { flattenParams } from './form'
import { eventSchema, listOf, type StripeEvent, type StripeList } from './schemas'

/** How far back Stripe lists events. */
export const EVENT_RETENTION_SECONDS = 30 * 24 * 3600

/** Margin kept from the edge of retention, so a cursor is not lost while it is being read. */
export const RETENTION_MARGIN_SECONDS = 24 * 3600

const eventList = listOf(eventSchema)

/** A batch of events, oldest first, and the cursor that holds once it is committed. */
export interface EventBatch {
  events: StripeEvent[]
  cursor: EventsCursor
}

/**
 * The newest event of any type, which a full scan starts the events cursor from, and
 * Stripe's clock (its `Date` header) for when there is none yet, so a laptop's clock
 * being off cannot make the first incremental read start late.
 */
export async function newestEvent(client: HttpClient): Promise<{ event?: StripeEvent; stripeNow?: number }> {
  const res = await client.send({ url: '/v1/events', params: { limit: 1 }, schema: eventList })
  const date = Date.parse(res.headers.date ?? '')
  return { event: res.data.data[0], stripeNow: Number.isNaN(date) ? undefined : Math.floor(date / 1000) }
}

/** True when Stripe may no longer have the cursor's event (or events since its time). */
export function cursorExpired(cursor: EventsCursor, nowUnix: number): boolean {
  return nowUnix - cursor.at > EVENT_RETENTION_SECONDS - RETENTION_MARGIN_SECONDS
}

/**
 * The events of `types` after `cursor`, in batches oldest first. The first call is made
 * before this returns, so a cursor Stripe rejects fails here, not midway through a run.
 */
export async function eventBatches(client: HttpClient, types: readonly string[], cursor: EventsCursor, pageSize = 100): Promise<AsyncIterable<EventBatch>> {
  const typeParams = flattenParams({ types: [...types] })
  const fetch = (params: Record<string, string | number>) => client.request({ url: '/v1/events', params: { limit: pageSize, ...typeParams, ...params }, schema: eventList })
  if (cursor.after === null) return sinceTime(fetch, cursor, pageSize)
  const first = await fetch({ ending_before: cursor.after })
  return forward(fetch, cursor, first)
}

type Fetch = (params: Record<string, string | number>) => Promise<StripeList<StripeEvent>>

async function* forward(fetch: Fetch, start: EventsCursor, first: StripeList<StripeEvent>): AsyncGenerator<EventBatch> {
  let cursor = start
  let firstPage: StripeList<StripeEvent> | undefined = first
  const pages = paginate.startingAfter<StripeList<StripeEvent>>(
    async (marker) => {
      if (firstPage) {
        const p = firstPage
        firstPage = undefined
        return p
      }
      return fetch({ ending_before: marker ?? start.after! })
    },
    // The next marker is the page's newest event, which is its first item.
    { itemsPath: (p) => [...p.data].reverse(), start: start.after ?? undefined }
  )
  for await (const page of pages) {
    const events = [...page.data.data].reverse()
    const newest = page.data.data[0]
    if (newest) cursor = { v: 1, kind: 'events', after: newest.id, at: newest.created }
    yield { events, cursor }
  }
}

/** No event id to start from (the account had none at the full scan): read by time instead. */
async function* sinceTime(fetch: Fetch, start: EventsCursor, pageSize: number): AsyncGenerator<EventBatch> {
  const newestFirst: StripeEvent[] = []
  const pages = paginated(STRIPE_PAGING, async (req) => ({ data: await fetch({ 'created[gte]': start.at, ...req.params }) }), { pageSize })
  for await (const page of pages) newestFirst.push(...page.data.data)
  const newest = newestFirst[0]
  yield { events: newestFirst.reverse(), cursor: newest ? { v: 1, kind: 'events', after: newest.id, at: newest.created } : start }
}
