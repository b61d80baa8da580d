/**
 * From a declaration's limits (data) to the limiter of one connection: one toolkit
 * limiter per window, chained so a request fits every window; the first window may adopt
 * the budget the vendor announces; a daily quota is a 24-hour window.
 */
import { adoptingLimiter, chainLimiters } from '../http/chain'
import { createRateLimiter, type RateLimiter, type RateLimits } from '../http/limiter'
import type { LimitsDescription } from './declaration'

const DAY_MS = 86_400_000

/** The limiter a description asks for; `over` adjusts the first window (tests, the benchmark). */
export function limiterFor(limits: Omit<LimitsDescription, 'lanes'>, over: RateLimits = {}): RateLimiter {
  const names = limits.headers ?? {}
  const windows = [...limits.windows, ...(limits.daily ? [{ requests: limits.daily.requests, everyMs: DAY_MS }] : [])]
  const [first, ...rest] = windows
  const main: RateLimits = {
    ...(limits.concurrency === undefined ? {} : { concurrency: limits.concurrency }),
    ...(first ? { intervalCap: first.requests, interval: first.everyMs } : {}),
    ...(limits.marginMs === undefined ? {} : { marginMs: limits.marginMs }),
    ...(limits.defaultWaitMs === undefined ? {} : { pauseOn429Ms: limits.defaultWaitMs }),
    ...over
  }
  const head = limits.adoptAnnouncedLimit ? adoptingLimiter(main, names) : createRateLimiter(main, names)
  // Later windows only count: concurrency is the first limiter's job.
  const tail = rest.map((w) => createRateLimiter({ intervalCap: w.requests, interval: w.everyMs, concurrency: Infinity }, names))
  return chainLimiters([head, ...tail])
}
