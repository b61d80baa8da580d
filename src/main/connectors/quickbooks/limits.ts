/**
 * QuickBooks paces two budgets at once: every call counts against 500 / min and 10 / s
 * per company, and batch calls also against 40 / min. The toolkit's limiter paces one
 * window, so batch calls pass two limiters in a row: their own, then the company's.
 */
import { createRateLimiter, presets, type LimiterStats, type RateLimiter, type RateLimits } from '../http'
import { QBO_THROTTLES } from './vendor'

/** The company-wide limits (the toolkit preset), windows scaled by `scale`. */
export function companyLimits(scale: number): RateLimits {
  const l = presets.quickbooks.limits ?? {}
  return { ...l, interval: (l.interval ?? 1000) * scale, pauseOn429Ms: QBO_THROTTLES.waitAfter429Ms * scale }
}

/** The batch endpoint's own limit, windows scaled by `scale`. */
export function batchLimits(scale: number): RateLimits {
  const interval = 60_000 * scale
  return {
    intervalCap: QBO_THROTTLES.batchCallsPerMinute,
    interval,
    concurrency: 2,
    // The limiter keeps each call's place until a window after its answer came back, which
    // is already later than Intuit saw it arrive; 1% covers clock drift without wasting
    // the 5% default margin of the scarcest budget (3 s a minute).
    marginMs: Math.max(10, Math.round(interval * 0.01)),
    pauseOn429Ms: QBO_THROTTLES.waitAfter429Ms * scale
  }
}

/** A limiter that runs each task only once both `outer` and `inner` allow it. */
export function chainLimiters(outer: RateLimiter, inner: RateLimiter): RateLimiter {
  return {
    schedule: (task, signal) => outer.schedule(() => inner.schedule(task, signal), signal),
    observe(status, headers) {
      outer.observe(status, headers)
      inner.observe(status, headers)
    },
    pauseFor(ms) {
      outer.pauseFor(ms)
      inner.pauseFor(ms)
    },
    stats(): LimiterStats {
      const o = outer.stats()
      const i = inner.stats()
      return { ...i, waitedMs: o.waitedMs + i.waitedMs, throttled429: Math.max(o.throttled429, i.throttled429), held: o.held + i.held }
    },
    onIdle: async () => {
      await outer.onIdle()
      await inner.onIdle()
    }
  }
}

/** The two limiters of one company connection. */
export interface QuickBooksLimiters {
  company: RateLimiter
  batch: RateLimiter
}

/** Creates the limiters of one connection. */
export function createQuickBooksLimiters(scale: number): QuickBooksLimiters {
  const company = createRateLimiter(companyLimits(scale))
  return { company, batch: chainLimiters(createRateLimiter(batchLimits(scale)), company) }
}
