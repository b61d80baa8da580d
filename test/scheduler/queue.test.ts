import { describe, expect, it } from 'vitest'
import { FakeClock } from '../../src/main/scheduler/fake-clock'
import { Scheduler } from '../../src/main/scheduler/scheduler'
import { SECOND, harness, sync } from './harness'

const watch = (id: string, everySeconds = 10) => sync(id, { kind: 'watch', everySeconds })
const manual = (id: string) => sync(id, { kind: 'manual' })

describe('single flight, global limit and fair order', () => {
  it('never runs a sync twice at once; triggers during a run become one follow-up', async () => {
    const h = harness([watch('contacts')])
    h.scheduler.start()
    await h.clock.advance(10 * SECOND)
    expect(h.log()).toEqual(['contacts:watch'])

    await h.clock.advance(45 * SECOND) // four more polls come due while the first run is still open
    expect(h.scheduler.runNow('contacts')).toEqual({ outcome: 'coalesced' })
    expect(h.log()).toEqual(['contacts:watch'])
    expect(h.scheduler.isRunning('contacts')).toBe(true)

    await h.finish('contacts')
    // One follow-up; the click on Run names it.
    expect(h.log()).toEqual(['contacts:watch', 'contacts:manual'])
    await h.finish('contacts')
    expect(h.maxPerSync()).toBe(1)
  })

  it('keeps to the global limit', async () => {
    const h = harness(['a', 'b', 'c', 'd'].map((id) => watch(id)), { maxConcurrent: 2 })
    h.scheduler.start()
    await h.clock.advance(10 * SECOND)
    expect(h.log()).toEqual(['a:watch', 'b:watch'])

    await h.finish('a')
    expect(h.log()).toEqual(['a:watch', 'b:watch', 'c:watch'])
    await h.finish('b')
    await h.finish('c')
    expect(h.log()).toEqual(['a:watch', 'b:watch', 'c:watch', 'd:watch'])
    expect(h.maxActive()).toBe(2)
  })

  it('starts waiting runs first come, first served; a busy sync’s follow-up joins the back of the line', async () => {
    const h = harness(['a', 'b', 'c'].map(manual), { maxConcurrent: 1 })
    h.scheduler.start()
    expect(h.scheduler.runNow('a')).toEqual({ outcome: 'queued' })
    expect(h.scheduler.runNow('b')).toEqual({ outcome: 'queued' })
    expect(h.scheduler.runNow('c')).toEqual({ outcome: 'queued' })
    expect(h.scheduler.runNow('a')).toEqual({ outcome: 'queued' }) // a follow-up of the running a
    expect(h.scheduler.runNow('b')).toEqual({ outcome: 'coalesced' }) // b already waits

    for (const id of ['a', 'b', 'c', 'a']) await h.finish(id)
    expect(h.log()).toEqual(['a:manual', 'b:manual', 'c:manual', 'a:manual'])
    await expect(h.scheduler.whenIdle()).resolves.toBeUndefined()
  })

  it('reports a run that throws and goes on with the next one', async () => {
    const errors: string[] = []
    const ran: string[] = []
    const scheduler = new Scheduler({
      syncs: [manual('a'), manual('b')],
      clock: new FakeClock(0),
      maxConcurrent: 1,
      state: { get: () => undefined, set: () => undefined },
      canStart: () => ({ ok: true }),
      recordSkipped: () => undefined,
      onRunError: (syncId, error) => errors.push(`${syncId}: ${(error as Error).message}`),
      async runSync(syncId) {
        ran.push(syncId)
        if (syncId === 'a') throw new Error('disk full')
      }
    })
    scheduler.runNow('a')
    scheduler.runNow('b')
    await scheduler.whenIdle()
    expect(ran).toEqual(['a', 'b'])
    expect(errors).toEqual(['a: disk full'])
  })
})
