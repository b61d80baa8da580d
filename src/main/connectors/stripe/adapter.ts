/**
 * One Stripe object as the engine sees it. Reading is the same for every object (see
 * ./feeds); customers can be written, and charges updated (their shipping and metadata,
 * never created or deleted); refunds, disputes, invoices, payouts and balance transactions
 * are Stripe's record of money and stay read-only in Patchbay.
 */
import { RecordError } from '../../errors'
import type { HttpClient } from '../http'
import type { ChangeFeed, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { decodeCursor } from './cursor'
import { createdFeed, eventsFeed, fullScan, type FeedContext } from './feeds'
import { getMany, listPages } from './fetch'
import { Lookups, type LookupOptions } from './lookups'
import { OBJECT_SPECS, type StripeObjectName } from './objects'
import { iso } from './records/common'
import { writeCharges } from './charge-writes'
import { writeCustomers } from './writes'

/** What an object adapter needs from its session. */
export interface StripeObjectOptions {
  client: HttpClient
  connectionId?: string
  /** Time now in milliseconds, for the 30-day events window. @default Date.now */
  now?: () => number
  lookups?: LookupOptions
}

/** Stripe has no batch endpoint: a "batch" is this many requests, paced by the limiter. */
const WRITE_BATCH = 25

/** One Stripe object (charges, customers…). */
export class StripeObject implements ObjectAdapter {
  readonly maxBatch: number
  /** The lookups of the last read, for tests and benchmarks that count calls. */
  lastLookups?: Lookups

  constructor(
    readonly name: StripeObjectName,
    private readonly o: StripeObjectOptions
  ) {
    this.maxBatch = name === 'customers' || name === 'charges' ? WRITE_BATCH : 1
  }

  private context(): FeedContext {
    const lookups = new Lookups(this.o.client, this.o.lookups)
    this.lastLookups = lookups
    const now = this.o.now ?? Date.now
    return { client: this.o.client, lookups, spec: OBJECT_SPECS[this.name], nowUnix: () => Math.floor(now() / 1000) }
  }

  async fields(): Promise<FieldInfo[]> {
    return OBJECT_SPECS[this.name].fields
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    const ctx = this.context()
    if (cursor === null) return fullScan(ctx)
    const c = decodeCursor(cursor, this.o.connectionId)
    return c.kind === 'events' ? eventsFeed(ctx, c) : createdFeed(ctx, c)
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    const ctx = this.context()
    const found = await getMany(ctx.client, ctx.spec, [...new Set(ids)])
    const live = [...found.values()].flatMap((f) => (f.state === 'live' ? [f.item] : []))
    const fields = await ctx.spec.toFields(live, ctx)
    return live.map((item, i) => ({ id: item.id, fields: fields[i], updatedAt: iso(item.created) ?? undefined }))
  }

  /**
   * Records whose `field` matches: by id with GETs, customers by email with Stripe's
   * `email` filter (exact and case-sensitive at Stripe, so each value is asked as given),
   * anything else by reading the whole list.
   */
  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    const want = new Set(values)
    if (field === 'id') return (await this.get(values)).filter((r) => want.has(normalise(r.id)))
    const ctx = this.context()
    const filters = this.name === 'customers' && field === 'email' ? values.map((email) => ({ email })) : [{}]
    const out = new Map<string, SourceRecord>()
    for (const filter of filters) {
      for await (const page of listPages(ctx.client, ctx.spec, filter)) {
        const hits = page.data.data.filter((item) => !out.has(item.id))
        const fields = await ctx.spec.toFields(hits, ctx)
        hits.forEach((item, i) => {
          if (want.has(normalise(fields[i][field]))) out.set(item.id, { id: item.id, fields: fields[i], updatedAt: iso(item.created) ?? undefined })
        })
      }
    }
    return [...out.values()]
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    if (this.name === 'customers') return writeCustomers({ client: this.o.client, connectionId: this.o.connectionId }, items)
    if (this.name === 'charges') return writeCharges({ client: this.o.client, connectionId: this.o.connectionId }, items)
    return items.map((item) => ({
      ref: item.ref,
      ok: false,
      error: new RecordError(`Stripe ${this.name.replace('_', ' ')} are read-only in Patchbay`, { connectionId: this.o.connectionId, hint: 'Pick Stripe as the source of this sync, not the target.' })
    }))
  }
}
