import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/main/errors'
import { DAY, HOUR, MINUTE, SECOND, harness, sync } from './harness'

const watch = (id: string, everySeconds = 10) => sync(id, { kind: 'watch', everySeconds })
const hourly = (id: string) => sync(id, { kind: 'schedule', cron: '0 * * * *', timeZone: 'UTC' })

describe('offline hold', () => {
  it('holds runs while offline, records each held sync once, and releases each once when back online', async () => {
    const h = harness([watch('contacts'), hourly('invoices')], { autoFinish: true, start: '2025-06-02T07:30:00Z' })
    h.scheduler.start()
    h.scheduler.setOnline(false)
    await h.clock.advance(45 * MINUTE) // 270 polls and the 08:00 run come due
    expect(h.scheduler.runNow('contacts')).toEqual({ outcome: 'held', reason: 'offline' })
    expect(h.log()).toEqual([])
    expect(h.skipped).toEqual([
      { syncId: 'contacts', reason: 'offline', at: '2025-06-02T07:30:10.000Z' },
      { syncId: 'invoices', reason: 'offline', at: '2025-06-02T08:00:00.000Z' }
    ])

    h.scheduler.setOnline(true)
    await h.clock.advance(0)
    expect(h.log()).toEqual(['contacts:manual', 'invoices:schedule'])
    expect(h.fired.get('invoices')).toBe(Date.parse('2025-06-02T08:00:00Z'))
  })

  it('holds a run that was waiting in line when the connection dropped', async () => {
    const h = harness([watch('a'), watch('b')], { maxConcurrent: 1 })
    h.scheduler.start()
    await h.clock.advance(10 * SECOND)
    expect(h.log()).toEqual(['a:watch'])
    h.scheduler.setOnline(false)
    await h.finish('a')
    expect(h.log()).toEqual(['a:watch'])
    expect(h.skipped.map((s) => `${s.syncId}:${s.reason}`)).toEqual(['b:offline'])
    h.scheduler.setOnline(true)
    await h.clock.advance(0)
    expect(h.log()).toEqual(['a:watch', 'b:watch'])
  })

  it('still owes a scheduled run held offline after the app restarts', async () => {
    const first = harness([hourly('invoices')], { autoFinish: true, start: '2025-06-02T07:30:00Z' })
    first.scheduler.start()
    first.scheduler.setOnline(false)
    await first.clock.advance(45 * MINUTE)
    first.scheduler.stop()

    const second = harness([hourly('invoices')], { autoFinish: true, fired: first.fired, start: '2025-06-02T08:20:00Z' })
    second.scheduler.start()
    await second.clock.advance(0)
    expect(second.log()).toEqual(['invoices:catch-up'])
  })
})

describe('pause', () => {
  it('skips a paused sync’s triggers with reason “paused” and runs it again once unpaused', async () => {
    const h = harness([watch('contacts'), hourly('invoices')], { autoFinish: true, start: '2025-06-02T07:30:00Z' })
    h.scheduler.start()
    h.scheduler.pause('contacts')
    h.scheduler.pause('invoices')
    expect(h.scheduler.isPaused('contacts')).toBe(true)
    expect(h.scheduler.nextRun('invoices')).toBeNull()

    await h.clock.advance(90 * MINUTE) // 540 polls, and 08:00 and 09:00 come due
    expect(h.log()).toEqual([])
    // Each scheduled slot is recorded; a poll is recorded once, not every ten seconds.
    expect(h.skipped.map((s) => `${s.syncId}:${s.reason}@${s.at.slice(11, 19)}`)).toEqual([
      'contacts:paused@07:30:10',
      'invoices:paused@08:00:00',
      'invoices:paused@09:00:00'
    ])

    h.scheduler.unpause('contacts')
    h.scheduler.unpause('invoices')
    await h.clock.advance(10 * SECOND)
    expect(h.log()).toEqual(['contacts:watch'])
    expect(h.scheduler.nextRun('invoices')).toBe(Date.parse('2025-06-02T10:00:00Z'))
  })

  it('pauses everything at once, but a click on Run still runs', async () => {
    const h = harness([watch('a'), watch('b')], { autoFinish: true })
    h.scheduler.start()
    h.scheduler.pauseAll()
    await h.clock.advance(30 * SECOND)
    expect(h.log()).toEqual([])
    expect(h.scheduler.runNow('a')).toEqual({ outcome: 'queued' })
    await h.clock.advance(0)
    expect(h.log()).toEqual(['a:manual'])

    h.scheduler.unpauseAll()
    await h.clock.advance(10 * SECOND)
    expect(h.log().slice(1).sort()).toEqual(['a:watch', 'b:watch'])
  })
})

describe('canStart refusals', () => {
  it('records the reason and does not replay the skipped run later', async () => {
    const h = harness([hourly('invoices')], { autoFinish: true, start: '2025-06-02T07:30:00Z' })
    h.refuse('invoices', 'Xero needs reconnecting')
    h.scheduler.start()
    await h.clock.advance(45 * MINUTE)
    expect(h.skipped).toEqual([{ syncId: 'invoices', reason: 'Xero needs reconnecting', at: '2025-06-02T08:00:00.000Z' }])
    expect(h.scheduler.runNow('invoices')).toEqual({ outcome: 'skipped', reason: 'Xero needs reconnecting' })

    h.refuse('invoices', undefined)
    h.scheduler.resume()
    await h.clock.advance(0)
    expect(h.log()).toEqual([])
  })
})

describe('time zones', () => {
  it('runs 00:00 Europe/London at London midnight on both sides of the clocks going forward', async () => {
    const midnight = sync('backup', { kind: 'schedule', cron: '0 0 * * *', timeZone: 'Europe/London' })
    const h = harness([midnight], { autoFinish: true, start: '2025-03-29T12:00:00Z' })
    h.scheduler.start()
    await h.clock.advance(3 * DAY)
    expect(h.started.map((r) => r.at)).toEqual(['2025-03-30T00:00:00.000Z', '2025-03-30T23:00:00.000Z', '2025-03-31T23:00:00.000Z'])
  })
})

describe('next run and settings changes', () => {
  it('says when each sync runs next', async () => {
    const h = harness([watch('a', 30), hourly('b'), sync('c', { kind: 'manual' }), sync('d', { kind: 'watch', everySeconds: 30 }, false)], {
      start: '2025-06-02T07:30:00Z'
    })
    h.scheduler.start()
    expect(h.scheduler.nextRun('a')).toBe(Date.parse('2025-06-02T07:30:30Z'))
    expect(h.scheduler.nextRun('b')).toBe(Date.parse('2025-06-02T08:00:00Z'))
    expect(h.scheduler.nextRun('c')).toBeNull()
    expect(h.scheduler.nextRun('d')).toBeNull() // disabled
    expect(h.scheduler.nextRun('nope')).toBeNull()
  })

  it('runs all enabled syncs at once, and owes nothing for the time a sync was switched off', async () => {
    const daily = { kind: 'schedule', cron: '0 9 * * *', timeZone: 'UTC' } as const
    const fired = new Map([['off', Date.parse('2025-05-01T09:00:00Z')]])
    const h = harness([sync('off', daily, false), watch('a'), watch('b')], { autoFinish: true, fired })
    h.scheduler.start()
    expect(h.scheduler.runAll()).toEqual([{ outcome: 'queued' }, { outcome: 'queued' }])
    await h.clock.advance(0)
    expect(h.log()).toEqual(['a:manual', 'b:manual'])
    expect(h.fired.get('off')).toBe(Date.parse('2025-06-02T07:00:00Z'))
  })

  it('reschedules a changed trigger and forgets a removed sync', async () => {
    const h = harness([hourly('b'), watch('a')], { autoFinish: true, start: '2025-06-02T07:30:00Z' })
    h.scheduler.start()
    h.scheduler.setSyncs([sync('b', { kind: 'schedule', cron: '45 7 * * *', timeZone: 'UTC' })])
    expect(h.scheduler.nextRun('b')).toBe(Date.parse('2025-06-02T07:45:00Z'))
    expect(h.scheduler.nextRun('a')).toBeNull()
    await h.clock.advance(HOUR)
    expect(h.log()).toEqual(['b:schedule'])
  })

  it('refuses an invalid cron or time zone with a ConfigError naming the sync and the setting', () => {
    const bad = sync('books', { kind: 'schedule', cron: '0 0 * * *', timeZone: 'Mars/Olympus' })
    expect(() => harness([bad])).toThrow(ConfigError)
    expect(() => harness([bad])).toThrow('The sync “books” cannot be scheduled: its time zone “Mars/Olympus” is not one we know')
  })

  it('can report an invalid sync and keep scheduling the others', async () => {
    const problems: ConfigError[] = []
    const bad = sync('books', { kind: 'schedule', cron: '0 0 * *', timeZone: 'UTC' })
    const h = harness([bad, watch('a')], { autoFinish: true, onConfigError: (e) => problems.push(e) })
    h.scheduler.start()
    await h.clock.advance(10 * SECOND)
    expect(problems.map((p) => [p.meta.syncId, p.message])).toEqual([
      ['books', 'The sync “books” cannot be scheduled: its schedule (cron) is not valid: “0 0 * *” has 4 parts; a schedule needs 5: minute hour day-of-month month day-of-week.']
    ])
    expect(h.log()).toEqual(['a:watch'])
  })
})
