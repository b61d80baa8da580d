/** An undo is never the sync's last run or success, and a sync's notice (undo hold, restored state) is alerted once. */
import { describe, expect, it } from 'vitest'
import type { Run } from '../../src/shared/domain'
import { decideAlerts } from '../../src/main/health/alerts'
import { emptyAlertMemory, emptySnapshot, type HealthSnapshot } from '../../src/main/health/alert-types'
import { syncHealth } from '../../src/main/health/sync-health'

const counts = { read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 0 }
const run = (id: string, status: Run['status'], extra: Partial<Run> = {}): Run => ({ id, syncId: 's', trigger: 'manual', startedAt: '2026-01-01T10:00:00Z', endedAt: '2026-01-01T10:01:00Z', status, dryRun: false, counts, ...extra })

describe('an undo in the history', () => {
  it('never hides the partial run before it, nor counts as a success', () => {
    const h = syncHealth({ sync: { id: 's', name: 'S' }, paused: false, running: false, openConflicts: 0, openFailures: 0, nextRun: null, lastRuns: [run('u', 'ok', { undoOf: 'r' }), run('r', 'partial')] })
    expect(h.state).toBe('partial')
    expect(h.lastSuccessAt).toBeNull()
  })

  it('never hides a failed run', () => {
    const h = syncHealth({ sync: { id: 's', name: 'S' }, paused: false, running: false, openConflicts: 0, openFailures: 0, nextRun: null, lastRuns: [run('u', 'ok', { undoOf: 'r0' }), run('r', 'failed', { error: { code: 'TRANSIENT', message: 'Books did not answer.' } }), run('r0', 'ok')] })
    expect(h.state).toBe('failing')
  })
})

describe('a sync notice', () => {
  const withNotice = (notice?: string): HealthSnapshot => ({ syncs: [{ syncId: 's', name: 'Shop ⇄ list', state: 'paused', openConflicts: 1, lastError: null, notice }], connections: [] })
  it('is alerted once when it appears, and again only when it changes', () => {
    const first = decideAlerts(emptySnapshot(), withNotice('Undone: 1 record put back.'), 0, emptyAlertMemory())
    expect(first.alerts.filter((a) => a.kind === 'sync-notice')).toMatchObject([{ kind: 'sync-notice', body: 'Undone: 1 record put back.', target: { view: 'conflicts', id: 's' } }])
    const again = decideAlerts(withNotice('Undone: 1 record put back.'), withNotice('Undone: 1 record put back.'), 1, first.memory)
    expect(again.alerts.filter((a) => a.kind === 'sync-notice')).toHaveLength(0)
    const gone = decideAlerts(withNotice('x'), withNotice(undefined), 2, again.memory)
    const back = decideAlerts(withNotice(undefined), withNotice('Patchbay restored a backup.'), 3, gone.memory)
    expect(back.alerts.map((a) => a.kind)).toContain('sync-notice')
  })

  it('of deletes held back says they need the owner’s OK and opens the sync, even when conflicts wait too', () => {
    const held: HealthSnapshot = { syncs: [{ syncId: 's', name: 'Shop → list', state: 'deletes', openConflicts: 2, lastError: null, notice: 'This run would delete 15 of 20 records.' }], connections: [] }
    const alerts = decideAlerts(emptySnapshot(), held, 0, emptyAlertMemory()).alerts.filter((a) => a.kind === 'sync-notice')
    expect(alerts).toMatchObject([{ title: '“Shop → list”: deletes need your OK', body: 'This run would delete 15 of 20 records.', target: { view: 'syncs', id: 's' } }])
  })
})
