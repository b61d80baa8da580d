/**
 * A scheduler on a fake clock with a `runSync` the test controls: each run stays open
 * until the test finishes it (or, with `autoFinish`, ends at once), and the harness
 * remembers every start, skip and the most runs ever open at once.
 */
import type { Trigger } from '../../src/shared/domain'
import { FakeClock, settle } from '../../src/main/scheduler/fake-clock'
import type { SchedulerTrigger } from '../../src/main/scheduler/run-queue'
import type { StartCheck } from '../../src/main/scheduler/run-gate'
import { Scheduler, type ScheduledSync, type SchedulerOptions } from '../../src/main/scheduler/scheduler'

export interface StartedRun {
  syncId: string
  trigger: SchedulerTrigger
  at: string
}

export interface SkippedRun {
  syncId: string
  reason: string
  at: string
}

/** A sync with just what the scheduler reads. */
export const sync = (id: string, trigger: Trigger, enabled = true): ScheduledSync => ({ id, name: id, trigger, enabled })

/** Options for `harness`. */
export interface HarnessOptions extends Partial<Omit<SchedulerOptions, 'syncs' | 'runSync' | 'canStart' | 'recordSkipped' | 'state' | 'clock'>> {
  start?: string
  /** Runs end as soon as they start. @default false */
  autoFinish?: boolean
  /** Persisted fire times, shared between "app launches". */
  fired?: Map<string, number>
  clock?: FakeClock
}

/** Builds a scheduler and everything a test needs to watch it. */
export function harness(syncs: ScheduledSync[], options: HarnessOptions = {}) {
  const { start = '2025-06-02T07:00:00Z', autoFinish = false, fired = new Map<string, number>(), ...rest } = options
  const clock = options.clock ?? new FakeClock(start)
  const started: StartedRun[] = []
  const skipped: SkippedRun[] = []
  const open = new Map<string, Array<() => void>>()
  const refusals = new Map<string, string>()
  let active = 0
  let maxActive = 0
  const activePerSync = new Map<string, number>()
  let maxPerSync = 0

  const scheduler = new Scheduler({
    ...rest,
    syncs,
    clock,
    state: { get: (id) => fired.get(id), set: (id, t) => void fired.set(id, t) },
    canStart: (id): StartCheck => {
      const reason = refusals.get(id)
      return reason === undefined ? { ok: true } : { ok: false, reason }
    },
    recordSkipped: (syncId, reason, at) => void skipped.push({ syncId, reason, at: new Date(at).toISOString() }),
    async runSync(syncId, trigger) {
      started.push({ syncId, trigger, at: new Date(clock.now()).toISOString() })
      active++
      maxActive = Math.max(maxActive, active)
      activePerSync.set(syncId, (activePerSync.get(syncId) ?? 0) + 1)
      maxPerSync = Math.max(maxPerSync, activePerSync.get(syncId) ?? 0)
      try {
        if (!autoFinish) await new Promise<void>((resolve) => open.set(syncId, [...(open.get(syncId) ?? []), resolve]))
      } finally {
        active--
        activePerSync.set(syncId, (activePerSync.get(syncId) ?? 1) - 1)
      }
    }
  })

  return {
    scheduler,
    clock,
    started,
    skipped,
    fired,
    /** Triggers of the runs started so far, in order, as `syncId:trigger`. */
    log: () => started.map((r) => `${r.syncId}:${r.trigger}`),
    /** Ends the open run of a sync and lets the queue move on. */
    async finish(syncId: string) {
      const resolvers = open.get(syncId) ?? []
      const resolve = resolvers.shift()
      if (resolve === undefined) throw new Error(`${syncId} has no open run`)
      resolve()
      await settle()
    },
    /** Makes `canStart` refuse a sync with this reason (undefined lets it start again). */
    refuse(syncId: string, reason: string | undefined) {
      if (reason === undefined) refusals.delete(syncId)
      else refusals.set(syncId, reason)
    },
    maxActive: () => maxActive,
    maxPerSync: () => maxPerSync
  }
}

/** Whole days, hours, minutes and seconds in ms. */
export const DAY = 86_400_000
export const HOUR = 3_600_000
export const MINUTE = 60_000
export const SECOND = 1000
