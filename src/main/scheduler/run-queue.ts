/**
 * Who runs next. Three promises, kept in one small state machine:
 * - single flight: a sync never runs twice at once;
 * - coalescing: triggers that arrive while a sync runs become at most ONE follow-up run,
 *   and a trigger for a sync already waiting joins that wait;
 * - fairness: waiting runs start first come, first served, and a follow-up joins the back
 *   of the line, so a busy sync cannot starve the others under the global limit.
 */
import type { RunTrigger } from '../../shared/domain'

/** The triggers the scheduler starts runs for. */
export type SchedulerTrigger = Extract<RunTrigger, 'schedule' | 'watch' | 'catch-up' | 'manual'>

/** A run waiting for a slot. */
export interface QueuedRun {
  syncId: string
  trigger: SchedulerTrigger
  /** For schedule and catch-up runs: the fire time to store as `lastFiredAt` once it starts. */
  slotAt?: number
}

/** What became of a trigger handed to the queue. */
export type EnqueueOutcome = 'queued' | 'coalesced'

/** Single-flight FIFO queue with a global concurrency limit. */
export class RunQueue {
  private readonly waiting: QueuedRun[] = []
  private readonly running = new Set<string>()
  private readonly followUps = new Map<string, QueuedRun>()
  private idleWaiters: Array<() => void> = []

  /**
   * @param limit runs allowed at once across all syncs (at least 1)
   * @param execute starts one run; the slot is held until its promise settles
   * @param onError told when `execute` rejects, so a failure is never dropped
   */
  constructor(
    private readonly limit: number,
    private readonly execute: (run: QueuedRun) => Promise<void>,
    private readonly onError: (run: QueuedRun, error: unknown) => void
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`maxConcurrent must be a whole number of at least 1, not ${limit}`)
  }

  /** Adds a run unless the sync already has one waiting, which it then joins. */
  enqueue(run: QueuedRun): EnqueueOutcome {
    const waiting = this.waiting.find((w) => w.syncId === run.syncId)
    if (waiting) {
      mergeRuns(waiting, run)
      return 'coalesced'
    }
    if (this.running.has(run.syncId)) {
      const followUp = this.followUps.get(run.syncId)
      if (followUp) {
        mergeRuns(followUp, run)
        return 'coalesced'
      }
      this.followUps.set(run.syncId, { ...run })
      return 'queued'
    }
    this.waiting.push({ ...run })
    this.pump()
    return 'queued'
  }

  /** True while a run of this sync is in progress. */
  isRunning(syncId: string): boolean {
    return this.running.has(syncId)
  }

  /** True when a run of this sync is waiting (in line or as a follow-up). */
  isWaiting(syncId: string): boolean {
    return this.followUps.has(syncId) || this.waiting.some((w) => w.syncId === syncId)
  }

  /** Drops the runs a sync has waiting (the sync was deleted or disabled); a running one finishes. */
  drop(syncId: string): void {
    this.followUps.delete(syncId)
    const index = this.waiting.findIndex((w) => w.syncId === syncId)
    if (index >= 0) this.waiting.splice(index, 1)
    this.notifyIfIdle()
  }

  /** Resolves once nothing runs or waits. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private pump(): void {
    while (this.running.size < this.limit && this.waiting.length > 0) {
      const run = this.waiting.shift() as QueuedRun
      this.running.add(run.syncId)
      void this.start(run)
    }
  }

  private async start(run: QueuedRun): Promise<void> {
    try {
      await this.execute(run)
    } catch (error) {
      this.onError(run, error)
    } finally {
      this.running.delete(run.syncId)
      const followUp = this.followUps.get(run.syncId)
      if (followUp) {
        this.followUps.delete(run.syncId)
        this.waiting.push(followUp)
      }
      this.pump()
      this.notifyIfIdle()
    }
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.waiting.length === 0 && this.followUps.size === 0
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }
}

/**
 * The first trigger names the run, except that a click on Run wins so the history shows
 * the person asked; the latest schedule slot is the one to remember.
 */
export function mergeRuns(into: QueuedRun, run: QueuedRun): void {
  if (run.trigger === 'manual') into.trigger = 'manual'
  if (run.slotAt !== undefined) into.slotAt = Math.max(into.slotAt ?? run.slotAt, run.slotAt)
}
