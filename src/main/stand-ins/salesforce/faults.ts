/**
 * Fault injection for the fake Salesforce, deterministic for a given seed: random rates
 * (5xx, dropped connections before or after processing, malformed bodies) and queued
 * faults that hit the next matching requests in order (a 429 from a proxy in front,
 * REQUEST_LIMIT_EXCEEDED, a run of 5xx, an expired session).
 */
import { seeded } from '../../../shared/random'

/** A kind of fault. */
export type FaultKind =
  /** 500/502/503 before processing: nothing was applied. */
  | '5xx'
  /** The connection is dropped before processing: nothing was applied. */
  | 'reset'
  /** Processed, then the connection is dropped: the write happened, the answer is lost. */
  | 'reset-after'
  /** 429 with Retry-After, before processing (what a proxy or Salesforce's edge sends under load). */
  | '429'
  /** 403 `REQUEST_LIMIT_EXCEEDED` before processing, as when the org's daily allowance ran out. */
  | 'limit-exceeded'
  /** A 200 whose body is cut short, or not the documented shape. */
  | 'malformed'
  /** 401 `INVALID_SESSION_ID` before processing: the session timed out. */
  | 'session-expired'

/** Random fault rates, each a probability per request. */
export interface FaultRates {
  '5xx'?: number
  reset?: number
  'reset-after'?: number
  malformed?: number
}

/** How faults are injected. */
export interface FaultOptions {
  /** Seed of the generator, so a failing test replays exactly. @default 1 */
  seed?: number
  rates?: FaultRates
  /** Seconds in the Retry-After of injected 429s. @default 1 */
  retryAfterSec?: number
  /** Only requests whose path matches are hit (e.g. /composite/). @default every API request */
  only?: RegExp
}

/** Decides the fault, if any, for each request. */
export class FaultPlan {
  private random: () => number
  private queue: FaultKind[] = []
  opts: FaultOptions = {}
  /** How many faults of each kind were injected, for assertions. */
  readonly injected: Record<FaultKind, number> = { '5xx': 0, reset: 0, 'reset-after': 0, '429': 0, 'limit-exceeded': 0, malformed: 0, 'session-expired': 0 }

  constructor(opts: FaultOptions = {}) {
    this.random = seeded(opts.seed ?? 1)
    this.set(opts)
  }

  /** Replaces the options (and reseeds when a seed is given). */
  set(opts: FaultOptions): void {
    this.opts = opts
    if (opts.seed !== undefined) this.random = seeded(opts.seed)
  }

  /** The next `count` matching requests get `kind`, before any random fault. */
  next(kind: FaultKind, count = 1): void {
    for (let i = 0; i < count; i++) this.queue.push(kind)
  }

  /** Clears rates and queued faults. */
  clear(): void {
    this.opts = {}
    this.queue = []
  }

  /** The fault for a request to `path`, or undefined. */
  pick(path: string): FaultKind | undefined {
    if (this.opts.only && !this.opts.only.test(path)) return undefined
    const kind = this.queue.shift() ?? this.roll()
    if (kind) this.injected[kind]++
    return kind
  }

  private roll(): FaultKind | undefined {
    const rates = this.opts.rates ?? {}
    for (const kind of ['5xx', 'reset', 'reset-after', 'malformed'] as const) {
      const p = rates[kind] ?? 0
      if (p > 0 && this.random() < p) return kind
    }
    return undefined
  }

  /** A pick in [0, n) from the same generator. */
  choose(n: number): number {
    return Math.floor(this.random() * n)
  }
}
