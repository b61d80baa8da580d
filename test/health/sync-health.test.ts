import { describe, expect, it } from 'vitest'
import { emptyCounts, type Run, type RunStatus } from '../../src/shared/domain'
import { syncHealth, type SyncHealthInput, type SyncState } from '../../src/main/health/sync-health'

let n = 0
/** A finished run; `hoursAgo` sets its end time before 2025-06-02T12:00Z. */
function run(status: RunStatus, extra: Partial<Run> & { hoursAgo?: number } = {}): Run {
  const { hoursAgo = 1, ...rest } = extra
  const endedAt = new Date(Date.parse('2025-06-02T12:00:00Z') - hoursAgo * 3_600_000).toISOString()
  return { id: `r${++n}`, syncId: 'orders', trigger: 'schedule', startedAt: endedAt, endedAt, status, dryRun: false, counts: emptyCounts(), ...rest }
}
const failed = (message: string, code = 'TRANSIENT', hoursAgo = 1) => run('failed', { hoursAgo, error: { code, message } })

const base: SyncHealthInput = {
  sync: { id: 'orders', name: 'Shop orders → Books' },
  paused: false,
  running: false,
  lastRuns: [],
  openConflicts: 0,
  openFailures: 0,
  nextRun: null
}

describe('syncHealth', () => {
  it.each<[string, Partial<SyncHealthInput>, SyncState, string]>([
    ['never ran', {}, 'ok', 'Has not run yet.'],
    ['last run ok', { lastRuns: [run('ok')] }, 'ok', 'Up to date.'],
    ['running, nothing wrong', { running: true, lastRuns: [run('running'), run('ok')] }, 'running', 'Syncing now.'],
    ['paused beats a failure', { paused: true, lastRuns: [failed('Xero is down')] }, 'paused', 'Paused. It will not run by itself until you resume it.'],
    ['last run failed', { lastRuns: [failed('Xero did not answer in time.'), run('ok')] }, 'failing', 'The last run failed: Xero did not answer in time.'],
    [
      'a retry of a failing sync is still failing',
      { running: true, lastRuns: [run('running'), failed('Xero did not answer in time.')] },
      'failing',
      'The last run failed: Xero did not answer in time. A run is in progress.'
    ],
    ['a failure before a good run is over', { lastRuns: [run('ok'), failed('old news', 'TRANSIENT', 5)] }, 'ok', 'Up to date.'],
    ['open failures', { openFailures: 2, lastRuns: [run('partial')] }, 'partial', '2 records could not be written. Open Failures to see why and try again.'],
    ['partial run, failures since dismissed', { lastRuns: [run('partial')] }, 'partial', 'The last run could not write some records.'],
    ['conflicts waiting', { openConflicts: 1, lastRuns: [run('ok')] }, 'conflicts', '1 conflict waits for you to choose which value to keep.'],
    ['failures outrank conflicts', { openConflicts: 3, openFailures: 1, lastRuns: [run('partial')] }, 'partial', '1 record could not be written.'],
    [
      'a rate limit is not a failure',
      { lastRuns: [failed('Too many requests', 'RATE_LIMIT'), run('ok', { hoursAgo: 2 })] },
      'ok',
      'Up to date. The other system asked Patchbay to slow down; the next run carries on.'
    ],
    ['dry runs and cancelled runs do not count', { lastRuns: [failed('dry', 'TRANSIENT'), run('cancelled'), run('ok')].map((r, i) => (i === 0 ? { ...r, dryRun: true } : r)) }, 'ok', 'Up to date.']
  ])('%s → %s', (_, input, state, summary) => {
    const health = syncHealth({ ...base, ...input })
    expect(health.state).toBe(state)
    expect(health.summary).toContain(summary)
  })

  describe('deletes held for the owner (the mass-delete guard)', () => {
    const message = 'Shop export read as empty, so this run would delete all 20 paired records from Guest list. Nothing was deleted.'
    const waitingDeletes = { message, items: Array.from({ length: 20 }, (_, i) => ({ linkId: `l${i}` })) }
    const heldRun = () => run('partial', { heldDeletes: 20 })
    it.each<[string, Partial<SyncHealthInput>, SyncState, string[]]>([
      ['held deletes alone need the owner, and nothing failed', { waitingDeletes, lastRuns: [heldRun()] }, 'deletes', [message]],
      ['held deletes beside failures say both', { waitingDeletes, openFailures: 2, lastRuns: [run('partial', { heldDeletes: 20, counts: { ...emptyCounts(), failed: 2 } })] }, 'deletes', [message, 'Also: 2 records could not be written.']],
      ['held deletes beside conflicts say both', { waitingDeletes, openConflicts: 1, lastRuns: [heldRun()] }, 'deletes', [message, 'Also: 1 conflict waits for you']],
      ['a failing sync still tells of the held deletes', { waitingDeletes, lastRuns: [failed('Books did not answer.'), heldRun()] }, 'failing', ['The last run failed: Books did not answer.', 'Also: a run held back 20 deletes and nothing was deleted yet']],
      ['a paused sync still tells of the held deletes', { waitingDeletes, paused: true, lastRuns: [heldRun()] }, 'paused', ['Paused.', 'Also: a run held back 20 deletes']],
      ['once answered ("Keep them"), the run that held them is no failure', { lastRuns: [heldRun()] }, 'ok', ['Up to date.']]
    ])('%s → %s', (_, input, state, says) => {
      const health = syncHealth({ ...base, ...input })
      expect(health.state).toBe(state)
      for (const s of says) expect(health.summary).toContain(s)
      expect(health.waitingDeletes).toBe(input.waitingDeletes ? 20 : 0)
    })

    it('are told once as the sync’s notice (the alert), unless a notice of its own comes first', () => {
      expect(syncHealth({ ...base, waitingDeletes, lastRuns: [heldRun()] }).notice).toBe(message)
      expect(syncHealth({ ...base, waitingDeletes, notice: 'Undone.', lastRuns: [heldRun()] }).notice).toBe('Undone.')
    })
  })

  it('gives the last success, next run and error rate over the last N finished runs', () => {
    const lastRuns = [run('running'), failed('a', 'TRANSIENT', 1), run('ok', { hoursAgo: 2 }), failed('b', 'TRANSIENT', 3), run('ok', { hoursAgo: 4 }), run('ok', { hoursAgo: 5 })]
    const health = syncHealth({ ...base, lastRuns, nextRun: Date.parse('2025-06-02T13:00:00Z'), window: 4 })
    expect(health).toMatchObject({
      syncId: 'orders',
      name: 'Shop orders → Books',
      lastSuccessAt: '2025-06-02T10:00:00.000Z',
      nextRunAt: '2025-06-02T13:00:00.000Z',
      errorRate: 0.5,
      lastError: 'a'
    })
    expect(syncHealth(base)).toMatchObject({ lastSuccessAt: null, nextRunAt: null, errorRate: 0, lastError: null })
  })
})
