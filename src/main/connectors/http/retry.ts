/**
 * Whether to try a failed request again, and after how long: a pure function, so the
 * policy of DESIGN.md §4 can be read and tested in one place. The client runs it inside
 * p-retry; nothing here sleeps or does I/O.
 */
import { PatchbayError, RateLimitError, TransientError } from '../../errors'
import type { RetryDecision } from '../types'

/** Knobs of the retry policy. */
export interface RetryOptions {
  /**
   * Attempts in all for transient errors (the first try included).
   * @default 5
   */
  maxAttempts?: number
  /**
   * Backoff ceiling of the first retry; it doubles each attempt.
   * @default 500
   */
  baseMs?: number
  /**
   * Largest backoff ceiling, however many attempts failed.
   * @default 30_000
   */
  capMs?: number
  /**
   * Rate-limit waits allowed per request. Generous because a rate limit is the vendor
   * pacing us, not something failing; the cap only stops a vendor that never lets us in.
   * @default 50
   */
  maxRateLimitWaits?: number
  /**
   * Longest single rate-limit wait we sit through. A daily quota that resets in hours is
   * better reported (the run fails with RateLimitError and the scheduler tries later)
   * than waited out with a run stuck open.
   * @default 600_000
   */
  maxRateLimitWaitMs?: number
  /**
   * False when repeating the request could apply it twice (a POST without an
   * idempotency key): then a transient error is retried only if the request surely
   * never reached the vendor.
   * @default true
   */
  idempotent?: boolean
  /**
   * Source of randomness in [0, 1), injectable so tests are exact.
   * @default Math.random
   */
  random?: () => number
}

export type { RetryDecision } from '../types'

/** Defaults of `RetryOptions`, exported so callers and tests quote the same numbers. */
export const retryDefaults = {
  maxAttempts: 5,
  baseMs: 500,
  capMs: 30_000,
  maxRateLimitWaits: 50,
  maxRateLimitWaitMs: 600_000,
  idempotent: true
} as const

/** Network error codes that mean the request never left this machine or never reached the vendor. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN'])

/** True when a classified error says the request never reached the vendor, so it is safe to resend. */
export function neverReachedVendor(error: unknown): boolean {
  if (error instanceof RateLimitError) return true
  if (!(error instanceof PatchbayError)) return false
  const code = (error.meta.cause as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && NOT_SENT_CODES.has(code)
}

/** Full-jitter backoff (AWS architecture blog, "Exponential Backoff and Jitter"): random in [0, min(cap, base·2^(n−1))]. */
export function fullJitter(failures: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, failures - 1))
  return Math.floor(random() * ceiling)
}

/**
 * Decides whether to retry after `error`.
 *
 * `attempt` is the 1-based count of failures that share this error's budget, this one
 * included: the caller counts rate limits and transient errors apart, so a long run of
 * 429s never uses up the retries a flaky network needs.
 */
export function decideRetry(error: unknown, attempt: number, opts: RetryOptions = {}): RetryDecision {
  const o = { ...retryDefaults, random: Math.random, ...opts }
  if (error instanceof RateLimitError) {
    if (attempt > o.maxRateLimitWaits) {
      return { retry: false, reason: `still rate limited after ${o.maxRateLimitWaits} waits`, waitMs: 0 }
    }
    if (error.waitMs > o.maxRateLimitWaitMs) {
      return { retry: false, reason: `rate limit resets in ${Math.ceil(error.waitMs / 1000)} s, longer than we wait`, waitMs: 0 }
    }
    if (error.waitMs > 0) return { retry: true, reason: `rate limited; waiting ${error.waitMs} ms as the vendor asked`, waitMs: error.waitMs }
    // The vendor said "too many" but not for how long (Stripe): back off as for a transient error.
    const waitMs = Math.max(o.baseMs, fullJitter(attempt, o.baseMs, o.capMs, o.random))
    return { retry: true, reason: 'rate limited with no wait given; backing off', waitMs }
  }
  if (error instanceof TransientError) {
    if (attempt >= o.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts`, waitMs: 0 }
    if (!o.idempotent && !neverReachedVendor(error)) {
      return { retry: false, reason: 'not safe to repeat: the vendor may have applied it', waitMs: 0 }
    }
    return { retry: true, reason: `transient failure ${attempt} of ${o.maxAttempts}; backing off`, waitMs: fullJitter(attempt, o.baseMs, o.capMs, o.random) }
  }
  if (error instanceof PatchbayError) return { retry: false, reason: `${error.code} errors are not retried`, waitMs: 0 }
  // Anything unclassified is a bug or a cancellation; repeating it would only hide it.
  return { retry: false, reason: 'not a retryable error', waitMs: 0 }
}
