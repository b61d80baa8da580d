import { describe, expect, it } from 'vitest'
import type { Trigger } from '../../src/shared/domain'
import { ConfigError } from '../../src/main/errors'
import { planTrigger } from '../../src/main/scheduler/trigger-plan'

const sync = (trigger: Trigger) => ({ id: 'shop-to-books', name: 'Shop orders → Books', trigger })

/** The ConfigError `planTrigger` throws for this trigger. */
function refusal(trigger: Trigger): ConfigError {
  try {
    planTrigger(sync(trigger))
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('expected a ConfigError')
}

describe('planTrigger', () => {
  it.each<[string, Trigger, string]>([
    ['a bad cron', { kind: 'schedule', cron: '0 25 * * *', timeZone: 'UTC' }, 'its schedule (cron) is not valid: the hour part “25”'],
    ['a cron that never fires', { kind: 'schedule', cron: '0 0 31 4 *', timeZone: 'UTC' }, 'names a date that never comes round'],
    ['an unknown time zone', { kind: 'schedule', cron: '0 0 * * *', timeZone: 'Europe/Londn' }, 'its time zone “Europe/Londn” is not one we know'],
    ['a too-short watch interval', { kind: 'watch', everySeconds: 1 }, 'check interval (1 seconds)']
  ])('refuses %s with a ConfigError naming the sync and the setting', (_, trigger, setting) => {
    const err = refusal(trigger)
    expect(err.code).toBe('CONFIG')
    expect(err.meta.syncId).toBe('shop-to-books')
    expect(err.message).toContain('The sync “Shop orders → Books” cannot be scheduled')
    expect(err.message).toContain(setting)
    expect(err.meta.hint).toBeTruthy()
  })

  it('accepts the three kinds of trigger', () => {
    expect(planTrigger(sync({ kind: 'manual' }))).toEqual({ kind: 'manual' })
    expect(planTrigger(sync({ kind: 'watch', everySeconds: 30 }))).toEqual({ kind: 'watch', everyMs: 30_000 })
    expect(planTrigger(sync({ kind: 'schedule', cron: '@hourly', timeZone: 'Asia/Kolkata' }))).toMatchObject({ kind: 'schedule', timeZone: 'Asia/Kolkata' })
  })
})
