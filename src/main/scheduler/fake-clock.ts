/**
 * A clock the tests move by hand. `advance` is time passing on an awake machine: timers
 * fire in order, each at its own due time. `sleep` is a closed lid: the wall clock
 * jumps and nothing fires until the next `advance`, when overdue timers fire late,
 * which is exactly what the scheduler's drift check has to notice.
 */
import type { Clock, TimerHandle } from './clock'

interface PendingTimer {
  id: number
  dueAt: number
  fn: () => void
}

/** Lets promise callbacks (a finished run, the next queued start) happen between timers. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** A `Clock` that only moves when told to. */
export class FakeClock implements Clock {
  private current: number
  private timers: PendingTimer[] = []
  private nextId = 1

  /** @param start epoch ms, or an ISO string such as `2025-03-29T23:00:00Z`. */
  constructor(start: number | string = 0) {
    this.current = typeof start === 'string' ? Date.parse(start) : start
  }

  /** The current fake time in epoch ms. */
  now(): number {
    return this.current
  }

  /** Queues `fn` to run when the fake time reaches now + ms. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, dueAt: this.current + Math.max(0, ms), fn }
    this.timers.push(timer)
    return timer.id
  }

  /** Forgets a pending timer. */
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle)
  }

  /** How many timers are waiting; a stopped scheduler should leave none. */
  pendingTimers(): number {
    return this.timers.length
  }

  /** Moves time forward by `ms`, firing every timer that comes due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms
    await settle()
    for (;;) {
      const next = this.earliest()
      if (next === undefined || next.dueAt > target) break
      this.timers = this.timers.filter((t) => t !== next)
      // An overdue timer (after `sleep`) fires late, at the current time.
      this.current = Math.max(this.current, next.dueAt)
      next.fn()
      await settle()
    }
    this.current = target
    await settle()
  }

  /** Jumps the wall clock forward without firing anything, as a sleeping laptop does. */
  sleep(ms: number): void {
    this.current += ms
  }

  private earliest(): PendingTimer | undefined {
    let best: PendingTimer | undefined
    for (const t of this.timers) if (best === undefined || t.dueAt < best.dueAt) best = t
    return best
  }
}
