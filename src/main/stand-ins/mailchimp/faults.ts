/**
 * Fault injection for the fake, controlled from tests: random faults at given rates
 * from a seeded generator (so a test run is repeatable), and exact bursts that hit the
 * next N requests. Faults are decided per request in arrival order.
 */

/** Random faults, each a probability per request. */
export interface FaultRates {
  /** Extra delay before answering, uniform in [min, max] ms. @default [0, 0] */
  latencyMs?: [number, number]
  /** Answer 500/502/503 without doing anything. @default 0 */
  serverErrorRate?: number
  /** Drop the connection; half before doing anything, half after doing it. @default 0 */
  resetRate?: number
  /** Answer 200 with a body cut short. @default 0 */
  malformedRate?: number
}

/** What happens to one request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'server-error'; status: number }
  | { kind: 'rate-limit'; retryAfterSec?: number }
  | { kind: 'reset'; when: 'before' | 'after' }
  | { kind: 'malformed' }

/** Counts of faults injected, by kind. */
export interface FaultCounts {
  serverErrors: number
  rateLimits: number
  resets: number
  malformed: number
}

import { seeded } from '../../../shared/random'

export { seeded }

/** The fault controls of one fake. */
export class Faults {
  private rates: FaultRates = {}
  private random = seeded(1)
  private queue: FaultDecision[] = []
  readonly counts: FaultCounts = { serverErrors: 0, rateLimits: 0, resets: 0, malformed: 0 }

  /** Sets random fault rates (replacing earlier ones) and reseeds. */
  set(rates: FaultRates, seed = 1): this {
    this.rates = { ...rates }
    this.random = seeded(seed)
    return this
  }

  /** The next `n` requests answer `status` (a 5xx burst). */
  serverErrors(n: number, status = 503): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'server-error', status })
    return this
  }

  /** The next `n` requests answer 429, with `Retry-After` when given. */
  rateLimits(n: number, retryAfterSec?: number): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'rate-limit', retryAfterSec })
    return this
  }

  /** The next `n` connections are dropped, before or after the request is carried out. */
  resets(n: number, when: 'before' | 'after' = 'before'): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'reset', when })
    return this
  }

  /** The next `n` answers are cut short. */
  malformed(n: number): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'malformed' })
    return this
  }

  /** Stops every fault. */
  clear(): this {
    this.rates = {}
    this.queue = []
    return this
  }

  /** Delay for this request. */
  latency(): number {
    const [min, max] = this.rates.latencyMs ?? [0, 0]
    return max > 0 ? Math.round(min + this.random() * (max - min)) : 0
  }

  /** Decides the fate of the next request. */
  decide(): FaultDecision {
    const d = this.queue.shift() ?? this.draw()
    if (d.kind === 'server-error') this.counts.serverErrors++
    else if (d.kind === 'rate-limit') this.counts.rateLimits++
    else if (d.kind === 'reset') this.counts.resets++
    else if (d.kind === 'malformed') this.counts.malformed++
    return d
  }

  private draw(): FaultDecision {
    const r = this.rates
    const x = this.random()
    let edge = r.serverErrorRate ?? 0
    if (x < edge) return { kind: 'server-error', status: [500, 502, 503][Math.floor(this.random() * 3)] }
    edge += r.resetRate ?? 0
    if (x < edge) return { kind: 'reset', when: this.random() < 0.5 ? 'before' : 'after' }
    edge += r.malformedRate ?? 0
    if (x < edge) return { kind: 'malformed' }
    return { kind: 'none' }
  }
}
