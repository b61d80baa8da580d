/**
 * Time as the scheduler sees it. Everything that waits goes through a `Clock`, so the
 * tests can put a laptop to sleep for three days in a millisecond (see `FakeClock`).
 */

/** Whatever `setTimeout` handed back; only its own `clearTimeout` understands it. */
export type TimerHandle = unknown

/** Wall-clock time and one-shot timers. */
export interface Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number
  /** Calls `fn` once, about `ms` from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle
  /** Cancels a timer that has not fired; a no-op for one that has. */
  clearTimeout(handle: TimerHandle): void
}

/**
 * Node's timers cannot wait longer than 2^31-1 ms (about 24.8 days): a longer delay
 * fires at once. The scheduler wakes far more often than that, but the real clock
 * clamps anyway so a mistake cannot become a tight loop.
 */
const MAX_NODE_DELAY_MS = 2_147_483_647

/** The machine's clock. Timers are unref'd so a pending run never keeps a CLI alive. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, Math.min(Math.max(0, ms), MAX_NODE_DELAY_MS))
    timer.unref()
    return timer
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  }
}
