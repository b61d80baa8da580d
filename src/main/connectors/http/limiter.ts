/**
 * One rate limiter per connection. It paces requests to the vendor's published limits
 * (a p-queue with `intervalCap`/`interval` and `concurrency`) and corrects itself from
 * what the vendor's headers say is left, so a budget shared with other apps on the same
 * account is respected too. A 429 holds the whole connection for as long as the vendor asked.
 *
 * p-queue counts a request when it starts, but the vendor counts it when it arrives,
 * which can be much later for the first request on a new connection (TCP and TLS
 * set-up). So a request also keeps its place in the window until `interval` after its
 * answer came back: only then is it surely out of every window the vendor can count.
 */
import PQueue from 'p-queue'
import { readRateLimit, type HeaderBag, type RateLimitHeaderNames } from './headers'
import { sleep, waitForWake } from './sleep'

/** A vendor's published limits for one connection (account, company or tenant). */
export interface RateLimits {
  /**
   * Requests allowed per `interval`. Leave unset when the vendor publishes no number:
   * the limiter then paces by the response headers alone.
   * @default Infinity
   */
  intervalCap?: number
  /**
   * Length of the vendor's window in milliseconds.
   * @default 1000
   */
  interval?: number
  /**
   * Requests in flight at once (Mailchimp allows 10, QuickBooks 10, Graph 4).
   * @default 4
   */
  concurrency?: number
  /**
   * Hold further requests once the vendor says this many or fewer remain.
   * @default 0
   */
  lowWater?: number
  /**
   * Added to every window and hold, because the vendor counts when a request arrives
   * and we count when it leaves; the difference must not tip us over.
   * @default 5% of `interval`, at least 10 ms
   */
  marginMs?: number
  /**
   * Hold after a 429 that names no wait (Stripe sends none).
   * @default 1000
   */
  pauseOn429Ms?: number
}

/** Counters for health and benchmarks. */
export interface LimiterStats {
  /** Requests started. */
  requests: number
  /** Milliseconds requests spent waiting for the limiter, summed over requests. */
  waitedMs: number
  /** What the vendor last said is left in its window; null when it does not say. */
  remaining: number | null
  /** The vendor's limit per window: from its headers, else the published number; null when unknown. */
  limit: number | null
  /** 429 answers seen: each one is a pacing mistake or a budget shared with someone else. */
  throttled429: number
  /** Times the limiter held every request because the budget ran out. */
  held: number
}

/** Paces the requests of one connection. */
export interface RateLimiter {
  /** Runs `task` once the limits allow; the task should call `observe` with its response. */
  schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>
  /** Feeds one response's status and headers back, from inside the scheduled task. */
  observe(status: number, headers: HeaderBag): void
  /** Holds every request of this connection for `ms` (e.g. the Retry-After of a 429). */
  pauseFor(ms: number): void
  stats(): LimiterStats
  /** Resolves once nothing is queued or running. */
  onIdle(): Promise<void>
}

/** Creates the limiter of one connection from the vendor's limits and header names. */
export function createRateLimiter(limits: RateLimits = {}, headerNames: RateLimitHeaderNames = {}, clock: () => number = Date.now): RateLimiter {
  const interval = limits.interval ?? 1000
  const cap = limits.intervalCap ?? Infinity
  const margin = limits.marginMs ?? Math.max(10, Math.round(interval * 0.05))
  const lowWater = limits.lowWater ?? 0
  // Strict (sliding-window) pacing keeps any `interval` window under the cap, which also
  // keeps every fixed window the vendor may use under it, wherever its boundaries fall.
  const queue = new PQueue({
    concurrency: limits.concurrency ?? 4,
    ...(Number.isFinite(cap) ? { intervalCap: cap, interval: interval + margin, strict: true } : {})
  })

  /** Our estimate of requests we may still start in the vendor's window; undefined = unknown. */
  let budget: number | undefined
  let resetAt = 0
  let resetKnown = false
  let windowMs = interval
  let holdUntil = 0
  let inFlight = 0
  /** When recent requests finished, oldest first; each occupies the window until `interval` later. */
  const finished: number[] = []
  let wakers: Array<() => void> = []
  const counters = { requests: 0, waitedMs: 0, remaining: null as number | null, limit: Number.isFinite(cap) ? cap : null, throttled429: 0, held: 0 }

  const hold = (until: number): void => {
    holdUntil = Math.max(holdUntil, until)
  }

  /** Milliseconds until the window has a free place; Infinity when only a finish can free one. */
  function windowWait(now: number): number {
    if (!Number.isFinite(cap)) return 0
    while (finished.length > 0 && finished[0] <= now - interval - margin) finished.shift()
    if (inFlight + finished.length < cap) return 0
    return finished.length > 0 ? finished[0] + interval + margin - now : Infinity
  }

  async function gate(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = clock()
      if (holdUntil > now) {
        await sleep(holdUntil - now, signal)
        continue
      }
      const wait = windowWait(now)
      if (wait === Infinity) {
        // Every place is held by a request in flight: wait for one to finish.
        await waitForWake((wake) => wakers.push(wake), signal)
        continue
      }
      if (wait > 0) {
        await sleep(wait, signal)
        continue
      }
      if (budget !== undefined && budget <= lowWater) {
        // Without a reset header we cannot know when the oldest request leaves the
        // vendor's window, only that a whole window from now it surely has.
        hold((resetKnown ? resetAt : now + windowMs) + margin)
        counters.held++
        // After the hold the window is new; the next responses tell us how much is left.
        budget = undefined
        continue
      }
      break
    }
    // Counted before any await, so concurrent gates cannot all take the last place.
    if (budget !== undefined) budget--
    inFlight++
  }

  function observe(status: number, headers: HeaderBag): void {
    const now = clock()
    const reading = readRateLimit(headers, headerNames, now)
    if (reading.limit !== undefined) counters.limit = reading.limit
    if (reading.intervalMs !== undefined) windowMs = reading.intervalMs
    if (status === 429) {
      counters.throttled429++
      hold(now + (reading.retryAfterMs ?? reading.resetInMs ?? limits.pauseOn429Ms ?? 1000) + margin)
      budget = undefined
      return
    }
    if (reading.remaining === undefined) return
    counters.remaining = reading.remaining
    // The vendor counted this request; the others still in flight it may not have yet.
    const candidate = reading.remaining - (inFlight - 1)
    if (reading.resetInMs !== undefined) {
      const observedReset = now + reading.resetInMs
      // A reset clearly later than the one we hold means a new window: its numbers replace ours.
      const fresh = budget === undefined || !resetKnown || observedReset > resetAt + Math.min(1000, windowMs / 2)
      budget = fresh ? candidate : Math.min(budget ?? candidate, candidate)
      resetAt = fresh ? observedReset : Math.max(resetAt, observedReset)
      resetKnown = true
      return
    }
    // No reset header: treat one window from the first reading as one window, and take the
    // lowest reading within it, since responses can come back out of order.
    const fresh = budget === undefined || now >= resetAt
    budget = fresh ? candidate : Math.min(budget ?? candidate, candidate)
    if (fresh) resetAt = now + windowMs
    resetKnown = false
  }

  return {
    async schedule<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      const queuedAt = clock()
      return queue.add(
        async () => {
          await gate(signal)
          counters.waitedMs += clock() - queuedAt
          counters.requests++
          try {
            return await task()
          } finally {
            inFlight--
            if (Number.isFinite(cap)) finished.push(clock())
            const woken = wakers
            wakers = []
            for (const wake of woken) wake()
          }
        },
        { signal }
      )
    },
    observe,
    pauseFor(ms: number): void {
      hold(clock() + ms)
    },
    stats: () => ({ ...counters }),
    onIdle: () => queue.onIdle()
  }
}
