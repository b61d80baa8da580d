/**
 * The fake's data: every object by id, each resource's ids in creation order, the events,
 * and a clock in Stripe time (unix seconds) that only moves when a test moves it, so
 * `created` values and the 30-day events window are deterministic.
 */
import { idFactory } from './ids'
import { eventTemplate, type Obj } from './templates'

/** The resources the fake keeps. */
export type Resource =
  | 'customers' | 'charges' | 'payment_intents' | 'refunds' | 'disputes' | 'balance_transactions' | 'invoices' | 'payouts' | 'products' | 'prices' | 'events'

/** Id prefix → resource, for expansion and `No such …` messages. */
export const PREFIXES: Record<string, { resource: Resource; kind: string }> = {
  cus: { resource: 'customers', kind: 'customer' },
  ch: { resource: 'charges', kind: 'charge' },
  py: { resource: 'charges', kind: 'charge' },
  pi: { resource: 'payment_intents', kind: 'payment_intent' },
  re: { resource: 'refunds', kind: 'refund' },
  dp: { resource: 'disputes', kind: 'dispute' },
  du: { resource: 'disputes', kind: 'dispute' },
  txn: { resource: 'balance_transactions', kind: 'balance transaction' },
  in: { resource: 'invoices', kind: 'invoice' },
  po: { resource: 'payouts', kind: 'payout' },
  prod: { resource: 'products', kind: 'product' },
  price: { resource: 'prices', kind: 'price' },
  evt: { resource: 'events', kind: 'event' }
}

/** Where a request came from, stamped on the events it caused. */
export interface Origin {
  requestId: string | null
  idempotencyKey: string | null
}

/** 2026-03-01T00:00:00Z: the fake's default "now". */
export const DEFAULT_START = Date.UTC(2026, 2, 1) / 1000

/** Options of the state. */
export interface StateOptions {
  /** Seed of the id generator. @default 1 */
  seed?: number
  /** Stripe time at start, unix seconds. @default DEFAULT_START */
  start?: number
  /** The account's API version, which events are rendered in. @default '2023-08-16' */
  apiVersion?: string
  /** False for live-mode objects. @default false */
  livemode?: boolean
}

/** The fake Stripe account's data. */
export class StripeState {
  private readonly objects = new Map<string, Obj>()
  /** Each id's place in its resource's creation order. */
  private readonly places = new Map<string, number>()
  private readonly order: Record<Resource, string[]> = {
    customers: [], charges: [], payment_intents: [], refunds: [], disputes: [], balance_transactions: [], invoices: [], payouts: [], products: [], prices: [], events: []
  }
  private time: number
  readonly newId: (prefix: string) => string
  readonly apiVersion: string
  readonly livemode: boolean
  /** Events the fake has made, for assertions. */
  eventCount = 0

  constructor(opts: StateOptions = {}) {
    this.newId = idFactory(opts.seed ?? 1)
    this.time = opts.start ?? DEFAULT_START
    this.apiVersion = opts.apiVersion ?? '2023-08-16'
    this.livemode = opts.livemode ?? false
  }

  /** Stripe time now, unix seconds. */
  now(): number {
    return this.time
  }

  /** Moves the clock forward (never back: Stripe's `created` only grows). */
  setTime(unix: number): void {
    if (unix < this.time) throw new Error(`the fake's clock cannot go back from ${this.time} to ${unix}`)
    this.time = unix
  }

  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void {
    this.setTime(this.time + seconds)
  }

  /** Stores a new object and returns it. */
  add(resource: Resource, obj: Obj): Obj {
    const id = obj.id as string
    if (this.objects.has(id)) throw new Error(`duplicate id ${id}`)
    this.objects.set(id, obj)
    this.places.set(id, this.order[resource].length)
    this.order[resource].push(id)
    return obj
  }

  /** An object by id (deleted customers included), or undefined. */
  get(id: string): Obj | undefined {
    return this.objects.get(id)
  }

  /** The ids of a resource, oldest first. */
  ids(resource: Resource): readonly string[] {
    return this.order[resource]
  }

  /** An id's place in its resource's creation order (list order, reversed). */
  place(id: string): number {
    return this.places.get(id) ?? -1
  }

  /** Every object of a resource, oldest first. */
  all(resource: Resource): Obj[] {
    return this.order[resource].map((id) => this.objects.get(id)!)
  }

  /** Changes an object; returns the previous values of the fields that changed. */
  update(id: string, patch: Obj): Obj {
    const obj = this.objects.get(id)
    if (!obj) throw new Error(`no object ${id}`)
    const previous: Obj = {}
    for (const [k, v] of Object.entries(patch)) {
      if (JSON.stringify(obj[k]) !== JSON.stringify(v)) previous[k] = structuredClone(obj[k] ?? null)
      obj[k] = v
    }
    return previous
  }

  /**
   * Records an event about `obj` as it is now. Stripe renders `data.object` in the
   * account's API version; the fake has one shape, stamped with `apiVersion`.
   */
  emit(type: string, obj: Obj, origin: Origin | null = null, previous?: Obj): Obj {
    const event: Obj = {
      ...eventTemplate(),
      id: this.newId('evt'),
      api_version: this.apiVersion,
      created: this.time,
      livemode: this.livemode,
      pending_webhooks: 0,
      type,
      request: { id: origin?.requestId ?? null, idempotency_key: origin?.idempotencyKey ?? null },
      data: { object: structuredClone(obj), ...(previous && Object.keys(previous).length ? { previous_attributes: previous } : {}) }
    }
    this.add('events', event)
    this.eventCount++
    return event
  }
}
