/**
 * Starts syncs when their triggers say so. One timer drives everything, set on the
 * injected `Clock` for the earliest due time, but never more than a heartbeat away: a
 * timer that comes back much later than it was set for means the machine slept, and
 * schedules that came due in the meantime get ONE catch-up run each.
 *
 * Whether a triggered run may go (pause, offline, `canStart`) is `RunGate`'s call; who
 * runs next under the global limit is `RunQueue`'s.
 */
import type { Sync } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { ConfigError } from '../errors'
import { realClock, type Clock, type TimerHandle } from './clock'
import { RunGate, type DispatchOutcome, type StartCheck } from './run-gate'
import { RunQueue, type QueuedRun, type SchedulerTrigger } from './run-queue'
import { nextScheduledAfter, planTrigger, type TriggerPlan } from './trigger-plan'

/** The parts of a sync the scheduler reads. */
export type ScheduledSync = Pick<Sync, 'id' | 'name' | 'trigger' | 'enabled'>

/** Where the caller keeps each sync's last schedule fire time, so a restart can catch up. */
export interface FireTimeStore {
  get(syncId: string): number | undefined
  set(syncId: string, firedAt: number): void
}

/** Everything the scheduler needs from its caller. */
export interface SchedulerOptions {
  syncs: readonly ScheduledSync[]
  /** Runs one sync to the end. Errors belong in the run's own record; a rejection goes to `onRunError`. */
  runSync(syncId: string, trigger: SchedulerTrigger): Promise<void>
  /** Asked just before a trigger is queued and again before the run starts. */
  canStart(syncId: string): StartCheck
  /** Told about each trigger that did not become a run (see `gate` for how often). */
  recordSkipped(syncId: string, reason: string, at: number): void
  state: FireTimeStore
  /**
   * Runs allowed at once across all syncs.
   * @default 2
   */
  maxConcurrent?: number
  /** @default realClock */
  clock?: Clock
  /**
   * Longest the scheduler's timer waits. Short enough that a wake from sleep is noticed
   * within this time even if no power event arrives.
   * @default 60_000
   */
  heartbeatMs?: number
  /**
   * A timer this late (ms) means the machine slept or the clock jumped: catch up.
   * @default 60_000
   */
  driftToleranceMs?: number
  /**
   * Told about a sync whose trigger is invalid; that sync is left unscheduled. Without
   * it, the invalid trigger's ConfigError is thrown from the constructor or `setSyncs`.
   */
  onConfigError?(error: ConfigError): void
  /**
   * Told when `runSync` rejects.
   * @default console.error
   */
  onRunError?(syncId: string, error: unknown): void
}

interface Entry {
  sync: ScheduledSync
  plan: TriggerPlan
  /** Next automatic fire time, or null for manual or disabled syncs. */
  dueAt: number | null
}

/** Schedules, queues and gates sync runs. Call `start()` once, `resume()` on each power resume. */
export class Scheduler {
  private readonly clock: Clock
  private readonly queue: RunQueue
  private readonly heartbeatMs: number
  private readonly driftToleranceMs: number
  private entries = new Map<string, Entry>()
  private readonly gate: RunGate
  private started = false
  private timer: TimerHandle | null = null
  private armedFor: number | null = null

  constructor(private readonly options: SchedulerOptions) {
    this.clock = options.clock ?? realClock
    this.heartbeatMs = options.heartbeatMs ?? 60_000
    this.driftToleranceMs = options.driftToleranceMs ?? 60_000
    const onRunError = options.onRunError ?? ((syncId, error) => console.error(`Sync ${syncId} failed to run`, error))
    this.gate = new RunGate({
      now: () => this.clock.now(),
      canStart: (syncId) => options.canStart(syncId),
      recordSkipped: (syncId, reason, at) => options.recordSkipped(syncId, reason, at),
      remember: (syncId, firedAt) => this.remember(syncId, firedAt)
    })
    this.queue = new RunQueue(options.maxConcurrent ?? 2, (run) => this.execute(run), (run, error) => onRunError(run.syncId, error))
    this.setSyncs(options.syncs)
  }

  /** Begins timing; catches up on schedules missed while the app was closed. */
  start(): void {
    if (this.started) return
    this.started = true
    this.wake()
  }

  /** Stops timing. Runs in progress finish; see `whenIdle`. */
  stop(): void {
    this.started = false
    this.disarm()
  }

  /** Call on the OS power-resume event: catches up on schedules missed during sleep. */
  resume(): void {
    if (this.started) this.wake()
  }

  /** Replaces the list of syncs (after a settings change), keeping timing for unchanged ones. */
  setSyncs(syncs: readonly ScheduledSync[]): void {
    const now = this.clock.now()
    const next = new Map<string, Entry>()
    for (const sync of syncs) {
      const plan = this.plan(sync)
      if (plan === null) continue
      const old = this.entries.get(sync.id)
      const unchanged = old !== undefined && sameTiming(old.sync, sync)
      // A new or changed schedule counts from now, not from when the old one last fired.
      if (!unchanged && this.started && plan.kind === 'schedule') this.options.state.set(sync.id, now)
      next.set(sync.id, { sync, plan, dueAt: unchanged ? old.dueAt : firstDue(sync, plan, now) })
    }
    for (const id of this.entries.keys()) {
      if (next.has(id)) continue
      this.queue.drop(id)
      this.gate.forget(id)
    }
    this.entries = next
    if (this.started) this.arm()
  }

  /** Runs a sync now, as if the user clicked Run. A paused sync still runs: the person asked. */
  runNow(syncId: string): DispatchOutcome {
    this.entry(syncId)
    return this.dispatch({ syncId, trigger: 'manual' })
  }

  /** Runs every enabled sync now, in list order (the tray's "Run all now"). */
  runAll(): DispatchOutcome[] {
    return [...this.entries.values()].filter((e) => e.sync.enabled).map((e) => this.runNow(e.sync.id))
  }

  /** Stops automatic runs of one sync; a run in progress finishes. */
  pause(syncId: string): void {
    this.entry(syncId)
    this.gate.pause(syncId)
  }

  /** Lets automatic runs of one sync happen again. Nothing missed while paused is caught up. */
  unpause(syncId: string): void {
    this.gate.unpause(syncId)
  }

  /** Stops automatic runs of every sync. */
  pauseAll(): void {
    this.gate.setPausedAll(true)
  }

  /** Ends `pauseAll`; syncs paused one by one stay paused. */
  unpauseAll(): void {
    this.gate.setPausedAll(false)
  }

  /** True when automatic runs of this sync are paused, by itself or by `pauseAll`. */
  isPaused(syncId: string): boolean {
    return this.gate.isPaused(syncId)
  }

  /** Offline holds runs; coming back online releases each held sync once, in the order held. */
  setOnline(online: boolean): void {
    for (const run of this.gate.setOnline(online)) this.dispatch(run)
  }

  /** True while a run of this sync is in progress. */
  isRunning(syncId: string): boolean {
    return this.queue.isRunning(syncId)
  }

  /** When this sync next runs by itself (epoch ms), or null: manual, disabled, paused or unknown. */
  nextRun(syncId: string): number | null {
    const entry = this.entries.get(syncId)
    if (entry === undefined || this.isPaused(syncId)) return null
    return entry.dueAt
  }

  /** Resolves once no run is in progress or waiting (held runs do not count). */
  whenIdle(): Promise<void> {
    return this.queue.whenIdle()
  }

  private plan(sync: ScheduledSync): TriggerPlan | null {
    try {
      return planTrigger(sync)
    } catch (error) {
      if (!(error instanceof ConfigError) || this.options.onConfigError === undefined) throw error
      this.options.onConfigError(error)
      return null
    }
  }

  private entry(syncId: string): Entry {
    const entry = this.entries.get(syncId)
    if (entry === undefined) throw new Error(`The scheduler has no sync with id “${syncId}”.`)
    return entry
  }

  /** After sleep, a restart or a power resume: one catch-up per missed schedule, then what is due. */
  private wake(): void {
    const now = this.clock.now()
    for (const [id, entry] of this.entries) {
      if (entry.plan.kind !== 'schedule') continue
      const last = this.options.state.get(id)
      // Nothing was stored yet (first launch), or the sync is switched off: nothing is owed.
      if (last === undefined || !entry.sync.enabled) {
        this.options.state.set(id, now)
        continue
      }
      const missed = nextScheduledAfter(entry.plan, last)
      if (missed !== null && missed <= now) {
        this.dispatch({ syncId: id, trigger: 'catch-up', slotAt: now })
        entry.dueAt = nextScheduledAfter(entry.plan, now)
      }
    }
    this.fireDue(now)
    this.arm()
  }

  private onTimer(): void {
    this.timer = null
    const now = this.clock.now()
    const late = this.armedFor === null ? 0 : now - this.armedFor
    if (late > this.driftToleranceMs) return this.wake()
    this.fireDue(now)
    this.arm()
  }

  /** Fires each trigger due by `now` once, however many of its slots passed. */
  private fireDue(now: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.dueAt === null || entry.dueAt > now) continue
      if (entry.plan.kind === 'schedule') {
        this.dispatch({ syncId: id, trigger: 'schedule', slotAt: entry.dueAt })
        entry.dueAt = nextScheduledAfter(entry.plan, now)
      } else if (entry.plan.kind === 'watch') {
        this.dispatch({ syncId: id, trigger: 'watch' })
        entry.dueAt = now + entry.plan.everyMs
      }
    }
  }

  private arm(): void {
    this.disarm()
    if (!this.started) return
    const now = this.clock.now()
    let target = now + this.heartbeatMs
    for (const entry of this.entries.values()) if (entry.dueAt !== null) target = Math.min(target, entry.dueAt)
    this.armedFor = Math.max(target, now)
    this.timer = this.clock.setTimeout(() => this.onTimer(), this.armedFor - now)
  }

  private disarm(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer)
    this.timer = null
    this.armedFor = null
  }

  /** Queues a run if the gate lets it through. */
  private dispatch(run: QueuedRun): DispatchOutcome {
    return this.gate.check(run) ?? { outcome: this.queue.enqueue(run) }
  }

  /** The queue's start hook: the gate is asked again, since things change while a run waits. */
  private async execute(run: QueuedRun): Promise<void> {
    if (this.gate.check(run) !== null) return
    if (run.slotAt !== undefined) this.remember(run.syncId, run.slotAt)
    this.gate.started(run.syncId)
    await this.options.runSync(run.syncId, run.trigger)
  }

  private remember(syncId: string, firedAt: number): void {
    const last = this.options.state.get(syncId)
    if (last === undefined || firedAt > last) this.options.state.set(syncId, firedAt)
  }
}

/** When a sync first comes due after `now`. */
function firstDue(sync: ScheduledSync, plan: TriggerPlan, now: number): number | null {
  if (!sync.enabled) return null
  switch (plan.kind) {
    case 'manual':
      return null
    case 'watch':
      return now + plan.everyMs
    case 'schedule':
      return nextScheduledAfter(plan, now)
    default:
      return assertNever(plan, 'trigger plan')
  }
}

function sameTiming(a: ScheduledSync, b: ScheduledSync): boolean {
  return a.enabled === b.enabled && JSON.stringify(a.trigger) === JSON.stringify(b.trigger)
}
