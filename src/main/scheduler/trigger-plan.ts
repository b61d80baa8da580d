/**
 * A sync's trigger, checked and parsed once. Bad settings fail here, as a ConfigError
 * naming the sync and the setting, so the scheduler never holds a trigger it cannot run.
 */
import { IANAZone } from 'luxon'
import type { Sync, Trigger } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { ConfigError } from '../errors'
import { CronSyntaxError, parseCron, type CronSpec } from './cron'
import { nextFireAfter } from './next-fire'

/** A trigger ready to be timed. */
export type TriggerPlan =
  | { kind: 'manual' }
  | { kind: 'watch'; everyMs: number }
  | { kind: 'schedule'; spec: CronSpec; timeZone: string }

/** Fewest seconds between polls, as in the sync schema. */
const MIN_WATCH_SECONDS = 5

/** Parses `sync.trigger`, or throws ConfigError saying which setting is wrong and why. */
export function planTrigger(sync: Pick<Sync, 'id' | 'name' | 'trigger'>): TriggerPlan {
  const trigger: Trigger = sync.trigger
  switch (trigger.kind) {
    case 'manual':
      return { kind: 'manual' }
    case 'watch':
      if (!Number.isInteger(trigger.everySeconds) || trigger.everySeconds < MIN_WATCH_SECONDS) {
        throw configError(sync, `its check interval (${trigger.everySeconds} seconds) must be a whole number of at least ${MIN_WATCH_SECONDS}`)
      }
      return { kind: 'watch', everyMs: trigger.everySeconds * 1000 }
    case 'schedule':
      return { kind: 'schedule', spec: parseSchedule(sync, trigger.cron), timeZone: checkZone(sync, trigger.timeZone) }
    default:
      return assertNever(trigger, 'trigger')
  }
}

/** The next fire time of a schedule strictly after `after`; null for other triggers. */
export function nextScheduledAfter(plan: TriggerPlan, after: number): number | null {
  return plan.kind === 'schedule' ? nextFireAfter(plan.spec, after, plan.timeZone) : null
}

function parseSchedule(sync: Pick<Sync, 'id' | 'name'>, cron: string): CronSpec {
  let spec: CronSpec
  try {
    spec = parseCron(cron)
  } catch (err) {
    if (err instanceof CronSyntaxError) throw configError(sync, `its schedule (cron) is not valid: ${err.message}`)
    throw err
  }
  // Any start works: eight years always include a leap day, so only impossible dates fail.
  if (nextFireAfter(spec, 0, 'UTC') === null) {
    throw configError(sync, `its schedule (cron) “${spec.source}” names a date that never comes round`)
  }
  return spec
}

function checkZone(sync: Pick<Sync, 'id' | 'name'>, timeZone: string): string {
  if (!IANAZone.isValidZone(timeZone)) {
    throw configError(sync, `its time zone “${timeZone}” is not one we know; use a name such as Europe/London or America/New_York`)
  }
  return timeZone
}

function configError(sync: Pick<Sync, 'id' | 'name'>, problem: string): ConfigError {
  return new ConfigError(`The sync “${sync.name}” cannot be scheduled: ${problem}.`, {
    syncId: sync.id,
    hint: 'Open the sync’s settings and fix its trigger.'
  })
}
