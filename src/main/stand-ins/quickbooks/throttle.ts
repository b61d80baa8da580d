/**
 * QuickBooks' published throttles, enforced per company with sliding windows (the
 * strictest reading: no window of that length, wherever it starts, may hold more):
 * 500 requests / min, 10 / s, 10 at once, and 40 batch calls / min. `scale` shrinks
 * every window so tests run in milliseconds; the numbers stay Intuit's.
 */
import { QBO_THROTTLES } from '../../connectors/quickbooks/vendor'

/** Counters the bench and tests read. */
export interface ThrottleStats {
  accepted: number
  rejected429: number
  maxConcurrent: number
  batchCalls: number
}

class Window {
  private readonly times: number[] = []
  constructor(
    readonly cap: number,
    readonly ms: number
  ) {}
  full(now: number): boolean {
    while (this.times.length && this.times[0] <= now - this.ms) this.times.shift()
    return this.times.length >= this.cap
  }
  add(now: number): void {
    this.times.push(now)
  }
}

/** The throttle of one company. */
export class Throttle {
  private readonly second: Window
  private readonly minute: Window
  private readonly batchMinute: Window
  private inFlight = 0
  readonly stats: ThrottleStats = { accepted: 0, rejected429: 0, maxConcurrent: 0, batchCalls: 0 }

  constructor(
    scale = 1,
    private readonly now: () => number = () => performance.now()
  ) {
    this.second = new Window(QBO_THROTTLES.requestsPerSecond, 1000 * scale)
    this.minute = new Window(QBO_THROTTLES.requestsPerMinute, 60_000 * scale)
    this.batchMinute = new Window(QBO_THROTTLES.batchCallsPerMinute, 60_000 * scale)
  }

  /** Admits a request or says why not; call `done()` when an admitted request finishes. */
  admit(isBatch: boolean): { ok: true; done: () => void } | { ok: false; reason: string } {
    const t = this.now()
    const reason =
      this.inFlight >= QBO_THROTTLES.concurrent ? 'more than 10 requests at once'
      : this.second.full(t) ? 'more than 10 requests in a second'
      : this.minute.full(t) ? 'more than 500 requests in a minute'
      : isBatch && this.batchMinute.full(t) ? 'more than 40 batch requests in a minute'
      : undefined
    if (reason) {
      this.stats.rejected429++
      return { ok: false, reason }
    }
    this.second.add(t)
    this.minute.add(t)
    if (isBatch) {
      this.batchMinute.add(t)
      this.stats.batchCalls++
    }
    this.stats.accepted++
    this.inFlight++
    this.stats.maxConcurrent = Math.max(this.stats.maxConcurrent, this.inFlight)
    let finished = false
    return {
      ok: true,
      done: () => {
        if (!finished) this.inFlight--
        finished = true
      }
    }
  }
}
