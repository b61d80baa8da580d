/**
 * HubSpot's limits, as data, and a limiter that adopts the account's real budget.
 *
 * HubSpot announces the budget in `X-HubSpot-RateLimit-Max` (100 per 10 s for Free and
 * Starter, 190 for private apps on Pro and Enterprise, more with the API add-on). The
 * toolkit's limiter paces to the number it was created with and only reads the headers
 * to hold back when little is left, so on its own it would never use a larger budget.
 * `adoptingLimiter` starts at the safe number and, once a response names a different
 * Max, continues with a fresh toolkit limiter at that number.
 */
import { createRateLimiter, headerValue, presets, type LimiterStats, type RateLimiter, type RateLimits } from '../http'
import type { HeaderBag } from '../http/headers'

/** HubSpot's 10-second window. */
export const HUBSPOT_WINDOW_MS = 10_000

/** Limits of the general (non-search) budget for `requestsPer10s`. */
export function generalLimits(requestsPer10s: number, over: RateLimits = {}): RateLimits {
  return { ...presets.hubspot.limits, intervalCap: requestsPer10s, interval: HUBSPOT_WINDOW_MS, ...over }
}

/**
 * Limits of the search budget: its own per-second window, exempt from the 10 s one. The
 * margin is small because the toolkit's limiter already keeps each request's place until a
 * full window after its answer came back, so HubSpot sees at most `perSecond` arrivals in
 * any second; the default 5% margin on top cost 5% of every search-bound run.
 */
export function searchLimits(perSecond: number, over: RateLimits = {}): RateLimits {
  return { ...presets.hubspotSearchLimits, intervalCap: perSecond, marginMs: 10, ...over }
}

/** A limiter that switches to the budget HubSpot announces; `limits.intervalCap` is the start. */
export function adoptingLimiter(limits: RateLimits): RateLimiter {
  const names = presets.hubspot.rateLimitHeaders ?? {}
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
      // Requests already queued finish on the old limiter; new ones use the new budget, and
      // the remaining-count header (fed to both) keeps the first window honest.
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
