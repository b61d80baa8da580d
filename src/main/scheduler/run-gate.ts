/**
 * Whether a triggered run may go ahead, and what becomes of it if not:
 * paused → skipped ('paused'); offline → held until back online; `canStart` says no →
 * skipped with its reason. Asked when a trigger fires and again just before the run
 * starts, since things change while a run waits in line. Nothing is dropped silently.
 *
 * How often a refusal is recorded:
 * - offline: once per held run; later triggers join it silently;
 * - paused or refused by `canStart`: every schedule slot, catch-up and click; a watch poll
 *   once per reason until the sync runs again, since it would otherwise repeat every few seconds.
 * A skipped schedule slot counts as handled (its fire time is remembered), so it is not
 * caught up later; a held one is not, so a restart while still offline holds it again.
 */
import { mergeRuns, type QueuedRun } from './run-queue'

/** Whether a sync may start now; the reason is shown to the user when it may not. */
export type StartCheck = { ok: true } | { ok: false; reason: string }

/** What became of a trigger. */
export type DispatchOutcome =
  | { outcome: 'queued' }
  | { outcome: 'coalesced' }
  | { outcome: 'held'; reason: 'offline' }
  | { outcome: 'skipped'; reason: string }

/** What the gate reports to and asks of the scheduler's caller. */
export interface GateHooks {
  now(): number
  canStart(syncId: string): StartCheck
  recordSkipped(syncId: string, reason: string, at: number): void
  /** A schedule slot was dealt with (skipped on purpose): store it as fired. */
  remember(syncId: string, firedAt: number): void
}

/** Pause, offline and refusal rules for runs. */
export class RunGate {
  private readonly paused = new Set<string>()
  private pausedAll = false
  private online = true
  /** Runs held while offline, in the order they were held. */
  private readonly held = new Map<string, QueuedRun>()
  /** Last reason a watch poll was skipped for, per sync. */
  private readonly lastWatchSkip = new Map<string, string>()

  constructor(private readonly hooks: GateHooks) {}

  /** Null when the run may go ahead; otherwise records why and says what became of it. */
  check(run: QueuedRun): DispatchOutcome | null {
    const now = this.hooks.now()
    const { syncId, trigger } = run
    let reason: string
    // A click on Run is a person asking, so pausing (which is about automatic runs) lets it through.
    if (trigger !== 'manual' && this.isPaused(syncId)) {
      reason = 'paused'
    } else if (!this.online) {
      this.hold(run, now)
      return { outcome: 'held', reason: 'offline' }
    } else {
      const check = this.hooks.canStart(syncId)
      if (check.ok) return null
      reason = check.reason
    }
    if (run.slotAt !== undefined) this.hooks.remember(syncId, run.slotAt)
    const repeat = trigger === 'watch' && this.lastWatchSkip.get(syncId) === reason
    if (trigger === 'watch') this.lastWatchSkip.set(syncId, reason)
    if (!repeat) this.hooks.recordSkipped(syncId, reason, now)
    return { outcome: 'skipped', reason }
  }

  /** A run of this sync is starting: its next skipped poll is news again. */
  started(syncId: string): void {
    this.lastWatchSkip.delete(syncId)
  }

  /** Stops automatic runs of one sync. */
  pause(syncId: string): void {
    this.paused.add(syncId)
  }

  /** Lets automatic runs of one sync happen again. */
  unpause(syncId: string): void {
    this.paused.delete(syncId)
    this.lastWatchSkip.delete(syncId)
  }

  /** Stops automatic runs of every sync, or ends that (syncs paused one by one stay paused). */
  setPausedAll(paused: boolean): void {
    this.pausedAll = paused
    if (!paused) this.lastWatchSkip.clear()
  }

  /** True when automatic runs of this sync are paused, by itself or all together. */
  isPaused(syncId: string): boolean {
    return this.pausedAll || this.paused.has(syncId)
  }

  /** Records the network state; coming back online hands back the held runs, in the order held. */
  setOnline(online: boolean): QueuedRun[] {
    if (this.online === online) return []
    this.online = online
    if (!online) return []
    const released = [...this.held.values()]
    this.held.clear()
    return released
  }

  /** Forgets a sync that was deleted. */
  forget(syncId: string): void {
    this.held.delete(syncId)
    this.paused.delete(syncId)
    this.lastWatchSkip.delete(syncId)
  }

  private hold(run: QueuedRun, now: number): void {
    const held = this.held.get(run.syncId)
    if (held !== undefined) return mergeRuns(held, run)
    this.held.set(run.syncId, { ...run })
    this.hooks.recordSkipped(run.syncId, 'offline', now)
  }
}
