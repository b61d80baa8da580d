/**
 * Fault injection for the fake SendGrid, controlled from tests: exact bursts that hit the
 * next N requests (5xx, 429 with or without a wait, dropped connections, cut-short bodies),
 * and faults of the next import jobs (a job that fails halfway, a job that fails whole).
 */

/** What happens to one request. */
export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'server-error'; status: number }
  | { kind: 'rate-limit'; resetInSec?: number }
  | { kind: 'reset'; when: 'before' | 'after' }
  | { kind: 'malformed' }

/** What happens to one import job. */
export type JobFault = 'halfway' | 'whole'

/** The fault controls of one fake. */
export class Faults {
  private queue: FaultDecision[] = []
  private jobs: JobFault[] = []
  /** Revoked keys answer 401 from now on. */
  readonly revoked = new Set<string>()

  /** The next `n` requests answer `status`. */
  serverErrors(n: number, status = 503): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'server-error', status })
    return this
  }

  /** The next `n` requests answer 429; with `resetInSec` the `X-RateLimit-Reset` header says when to come back, without it the window has already reset. */
  rateLimits(n: number, resetInSec?: number): this {
    for (let i = 0; i < n; i++) this.queue.push({ kind: 'rate-limit', resetInSec })
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

  /** The next import job processes its first half, then errors on every record after it. */
  jobFailsHalfway(): this {
    this.jobs.push('halfway')
    return this
  }

  /** The next import job fails whole (status `failed`, nothing written). */
  jobFails(): this {
    this.jobs.push('whole')
    return this
  }

  /** Stops every fault (revoked keys stay revoked). */
  clear(): this {
    this.queue = []
    this.jobs = []
    return this
  }

  /** Decides the fate of the next request. */
  decide(): FaultDecision {
    return this.queue.shift() ?? { kind: 'none' }
  }

  /** Decides the fate of the next import job. */
  nextJob(): JobFault | undefined {
    return this.jobs.shift()
  }
}
