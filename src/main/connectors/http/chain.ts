/**
 * Limiters that follow more than one window. Vendors count several at once (QuickBooks:
 * 10 / s and 500 / min and 10 in flight; a daily quota on top of a per-second one): a
 * request must fit every window, so `chainLimiters` passes it through each limiter in
 * turn. `adoptingLimiter` starts at a safe budget and switches to the one a response
 * announces (HubSpot's `X-HubSpot-RateLimit-Max`: 100, 190 or more per 10 s).
 */
import { headerValue, type HeaderBag, type RateLimitHeaderNames } from './headers'
import { createRateLimiter, type LimiterStats, type RateLimiter, type RateLimits } from './limiter'

/** One limiter that schedules through every limiter given, outermost first. */
export function chainLimiters(limiters: readonly RateLimiter[]): RateLimiter {
  if (limiters.length === 0) throw new Error('chainLimiters needs at least one limiter')
  if (limiters.length === 1) return limiters[0]
  const schedule = <T>(at: number, task: () => Promise<T>, signal?: AbortSignal): Promise<T> =>
    at === limiters.length - 1 ? limiters[at].schedule(task, signal) : limiters[at].schedule(() => schedule(at + 1, task, signal), signal)
  return {
    schedule: (task, signal) => schedule(0, task, signal),
    observe(status: number, headers: HeaderBag): void {
      for (const l of limiters) l.observe(status, headers)
    },
    pauseFor(ms: number): void {
      for (const l of limiters) l.pauseFor(ms)
    },
    stats(): LimiterStats {
      const all = limiters.map((l) => l.stats())
      const known = (pick: (s: LimiterStats) => number | null): number | null => {
        const values = all.map(pick).filter((v): v is number => v !== null)
        return values.length > 0 ? Math.min(...values) : null
      }
      return {
        requests: all[0].requests,
        // Each layer counts its own wait from when the request reached it; the outermost saw it all.
        waitedMs: all[0].waitedMs,
        remaining: known((s) => s.remaining),
        limit: known((s) => s.limit),
        throttled429: Math.max(...all.map((s) => s.throttled429)),
        held: all.reduce((n, s) => n + s.held, 0)
      }
    },
    onIdle: async () => {
      for (const l of limiters) await l.onIdle()
    }
  }
}

/**
 * A limiter that switches to the budget the vendor announces in `names.limit`;
 * `limits.intervalCap` is where it starts. Requests already queued finish on the old
 * limiter; new ones use the new budget, and the remaining-count header (fed to both)
 * keeps the first window honest.
 */
export function adoptingLimiter(limits: RateLimits, names: RateLimitHeaderNames = {}): RateLimiter {
  let current = createRateLimiter(limits, names)
  let cap = limits.intervalCap ?? Infinity
  let adopted = false
  const retired: RateLimiter[] = []
  const sum = (pick: (s: LimiterStats) => number): number => [...retired, current].reduce((n, l) => n + pick(l.stats()), 0)
  return {
    schedule: (task, signal) => current.schedule(task, signal),
    observe(status: number, headers: HeaderBag): void {
      current.observe(status, headers)
      if (adopted || !names.limit) return
      const announced = Number(headerValue(headers, names.limit))
      adopted = Number.isFinite(announced) && announced > 0
      if (!adopted || announced === cap) return
      retired.push(current)
      cap = announced
      current = createRateLimiter({ ...limits, intervalCap: announced }, names)
      current.observe(status, headers)
    },
    pauseFor: (ms) => current.pauseFor(ms),
    stats: () => ({
      ...current.stats(),
      requests: sum((s) => s.requests),
      waitedMs: sum((s) => s.waitedMs),
      throttled429: sum((s) => s.throttled429),
      held: sum((s) => s.held)
    }),
    onIdle: () => current.onIdle()
  }
}
