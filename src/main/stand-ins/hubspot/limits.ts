/**
 * The fake's rate limits, after HubSpot's usage guidelines
 * (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details): a rolling
 * 10-second budget per account (190 for private apps on Pro and Enterprise, 100 on Free
 * and Starter) announced in `X-HubSpot-RateLimit-Max`, `-Remaining` and
 * `-Interval-Milliseconds`, plus `-Daily` and `-Daily-Remaining`; search metered apart on
 * a per-second budget (4) and answered without rate-limit headers. Over a budget: 429
 * with the policy's name in the body. Refused requests do not count.
 */

/** The budgets; `false` in the fake's options switches limits off. */
export interface FakeLimits {
  /** @default 190 */
  perInterval?: number
  /** @default 10_000 */
  intervalMs?: number
  /** @default 4 */
  searchPerWindow?: number
  /** @default 1000 */
  searchWindowMs?: number
  /** @default 500_000 */
  daily?: number
}

/** What the budget says about one request. */
export type LimitVerdict = { ok: true; headers: Record<string, string> } | { ok: false; policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY' }

/** A rolling window of request times. */
class Window {
  private times: number[] = []
  constructor(
    readonly cap: number,
    readonly ms: number
  ) {}

  /** Counts a request at `now` if there is room; returns how many remain, or -1 when full. */
  take(now: number): number {
    while (this.times.length > 0 && this.times[0] <= now - this.ms) this.times.shift()
    if (this.times.length >= this.cap) return -1
    this.times.push(now)
    return this.cap - this.times.length
  }
}

/** Meters requests per account the way HubSpot does. */
export class RateMeter {
  private readonly general: Window
  private readonly search: Window
  private dailyUsed = 0
  readonly limits: Required<FakeLimits>

  constructor(limits: FakeLimits = {}) {
    this.limits = { perInterval: 190, intervalMs: 10_000, searchPerWindow: 4, searchWindowMs: 1000, daily: 500_000, ...limits }
    this.general = new Window(this.limits.perInterval, this.limits.intervalMs)
    this.search = new Window(this.limits.searchPerWindow, this.limits.searchWindowMs)
  }

  /** Counts one request, or says which budget it is over. */
  take(isSearch: boolean, now: number): LimitVerdict {
    if (this.dailyUsed >= this.limits.daily) return { ok: false, policy: 'DAILY' }
    if (isSearch) {
      if (this.search.take(now) < 0) return { ok: false, policy: 'SECONDLY' }
      this.dailyUsed++
      return { ok: true, headers: {} }
    }
    const remaining = this.general.take(now)
    if (remaining < 0) return { ok: false, policy: 'TEN_SECONDLY_ROLLING' }
    this.dailyUsed++
    return {
      ok: true,
      headers: {
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(this.limits.intervalMs),
        'X-HubSpot-RateLimit-Max': String(this.limits.perInterval),
        'X-HubSpot-RateLimit-Remaining': String(remaining),
        'X-HubSpot-RateLimit-Daily': String(this.limits.daily),
        'X-HubSpot-RateLimit-Daily-Remaining': String(this.limits.daily - this.dailyUsed)
      }
    }
  }
}
