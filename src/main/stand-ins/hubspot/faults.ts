/**
 * Fault injection for the fake, deterministic for a given seed: random rates (5xx,
 * dropped connections before or after the request was processed, malformed bodies)
 * and queued faults that hit the next requests in order (a burst of 429s with
 * Retry-After, a run of 5xx, an expired token).
 */

/** A kind of fault. */
export type FaultKind =
  /** 500/502/503/504 before processing: nothing was applied. */
  | '5xx'
  /** The connection is dropped before processing: nothing was applied. */
  | 'reset'
  /** The request is processed, then the connection is dropped: the write happened, the answer is lost. */
  | 'reset-after'
  /** 429 with a Retry-After header, before processing. */
  | '429'
  /** A 200 whose body is cut short, or not the documented shape. */
  | 'malformed'
  /**
   * 401 before processing, whose message repeats the Authorization header and the bare
   * token (`invalid token Bearer pat-…`): a careless vendor, to prove Patchbay scrubs it.
   */
  | 'echo-auth'
  /** The same echo as a 400 (a refused record), so it reaches Failures as well. */
  | 'echo-record'

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
  /** Added before each answer: a fixed delay or a [min, max] range. @default 0 */
  latencyMs?: number | [number, number]
  /** Seconds in the Retry-After of injected 429s. @default 1 */
  retryAfterSec?: number
  /** Only requests whose path matches are hit (e.g. /batch/). @default every request */
  only?: RegExp
}

import { seeded } from '../../../shared/random'

export { seeded }

/** Decides the fault, if any, for each request. */
export class FaultPlan {
  private random: () => number
  private queue: FaultKind[] = []
  opts: FaultOptions = {}
  /** How many faults of each kind were injected, for assertions. */
  readonly injected: Record<FaultKind, number> = { '5xx': 0, reset: 0, 'reset-after': 0, '429': 0, malformed: 0, 'echo-auth': 0, 'echo-record': 0 }

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
    const queued = this.queue.shift()
    const kind = queued ?? this.roll()
    if (kind) this.injected[kind]++
    return kind
  }

  /** The delay before answering. */
  latency(): number {
    const l = this.opts.latencyMs ?? 0
    return typeof l === 'number' ? l : l[0] + Math.floor(this.random() * (l[1] - l[0] + 1))
  }

  private roll(): FaultKind | undefined {
    const rates = this.opts.rates ?? {}
    for (const kind of ['5xx', 'reset', 'reset-after', 'malformed'] as const) {
      const p = rates[kind] ?? 0
      if (p > 0 && this.random() < p) return kind
    }
    return undefined
  }

  /** A pick in [0, n) from the same generator (which 5xx status, which malformed shape). */
  choose(n: number): number {
    return Math.floor(this.random() * n)
  }
}
