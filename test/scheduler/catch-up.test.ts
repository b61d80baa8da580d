import { describe, expect, it } from 'vitest'
import { DAY, HOUR, MINUTE, harness, sync } from './harness'

// Monday 2 June 2025, 08:00 in London (07:00 UTC). The sync runs every day at 09:00 London time.
const daily = sync('orders', { kind: 'schedule', cron: '0 9 * * *', timeZone: 'Europe/London' })

describe('missed runs after sleep, a closed app or a crash', () => {
  it('runs once as catch-up when the laptop slept through three scheduled runs (noticed by timer drift)', async () => {
    const h = harness([daily], { autoFinish: true })
    h.scheduler.start()
    await h.clock.advance(2 * HOUR) // 10:00 Monday: the 09:00 run happened
    expect(h.started).toEqual([{ syncId: 'orders', trigger: 'schedule', at: '2025-06-02T08:00:00.000Z' }])

    h.clock.sleep(3 * DAY) // lid closed until Thursday 10:00: Tue, Wed and Thu 09:00 missed
    await h.clock.advance(0) // the overdue heartbeat fires late
    expect(h.log()).toEqual(['orders:schedule', 'orders:catch-up'])
    expect(h.started[1].at).toBe('2025-06-05T09:00:00.000Z')

    await h.clock.advance(DAY) // Friday 09:00 is an ordinary run again
    expect(h.log()).toEqual(['orders:schedule', 'orders:catch-up', 'orders:schedule'])
  })

  it('runs once as catch-up when the power-resume event comes before the late timer', async () => {
    const h = harness([daily], { autoFinish: true })
    h.scheduler.start()
    h.clock.sleep(3 * DAY + 2 * HOUR) // asleep from Monday 08:00 to Thursday 10:00
    h.scheduler.resume()
    await h.clock.advance(10 * MINUTE) // the timers carry on and find nothing missed
    h.scheduler.resume() // a second resume event changes nothing
    await h.clock.advance(MINUTE)
    expect(h.log()).toEqual(['orders:catch-up'])
  })

  it('runs once as catch-up when the app was closed across scheduled runs', async () => {
    const first = harness([daily], { autoFinish: true })
    first.scheduler.start()
    await first.clock.advance(2 * HOUR)
    first.scheduler.stop()
    expect(first.clock.pendingTimers()).toBe(0)

    // Reopened on Thursday at 12:00 with the fire times the first launch stored.
    const second = harness([daily], { autoFinish: true, fired: first.fired, start: '2025-06-05T11:00:00Z' })
    second.scheduler.start()
    await second.clock.advance(0)
    expect(second.log()).toEqual(['orders:catch-up'])
    expect(second.scheduler.nextRun('orders')).toBe(Date.parse('2025-06-06T08:00:00Z'))
  })

  it('does not catch up on the first launch, with nothing stored yet', async () => {
    const h = harness([daily], { autoFinish: true, start: '2025-06-02T12:00:00Z' })
    h.scheduler.start()
    await h.clock.advance(MINUTE)
    expect(h.log()).toEqual([])
    expect(h.fired.get('orders')).toBe(Date.parse('2025-06-02T12:00:00Z'))
  })

  it('treats a short nap as a late scheduled run, not a catch-up', async () => {
    const h = harness([daily], { autoFinish: true, start: '2025-06-02T07:59:30Z' })
    h.scheduler.start()
    h.clock.sleep(50_000) // 20 seconds past 09:00
    await h.clock.advance(0)
    expect(h.log()).toEqual(['orders:schedule'])
  })

  it('records a missed run of a paused sync as skipped instead of running it', async () => {
    const h = harness([daily], { autoFinish: true, fired: new Map([['orders', Date.parse('2025-05-31T08:00:00Z')]]) })
    h.scheduler.pause('orders')
    h.scheduler.start()
    await h.clock.advance(0)
    expect(h.log()).toEqual([])
    expect(h.skipped).toEqual([{ syncId: 'orders', reason: 'paused', at: '2025-06-02T07:00:00.000Z' }])
    h.scheduler.unpause('orders')
    h.scheduler.resume()
    await h.clock.advance(0)
    expect(h.log()).toEqual([]) // the skipped run was dealt with; unpausing does not replay it
  })
})
