/**
 * One set of state words: the "needs you" headline counts exactly the rows under it, a run
 * that wrote records is a success even when one failed, and "is up to date" is never said
 * while conflicts wait.
 */
import { describe, expect, it } from 'vitest'
import { attentionOf, needsYou } from '../../src/shared/attention'
import type { SyncState } from '../../src/shared/contract'
import { emptyCounts, type Run } from '../../src/shared/domain'
import { lastRunWords, runDoneWords } from '../../src/shared/state-words'
import { syncHealth } from '../../src/main/health/sync-health'

const card = (state: SyncState, extra: { openConflicts?: number; openFailures?: number; notice?: string; running?: boolean } = {}) => ({
  state,
  running: false,
  openConflicts: 0,
  openFailures: 0,
  waitingDeletes: undefined,
  notice: undefined as string | undefined,
  ...extra
})

describe('the Overview’s “needs you” panel', () => {
  it('counts in its headline exactly the rows it lists, and lists a plain pause apart', () => {
    // The demo's morning: conflicts, a failed row, and a nightly sync paused by the owner.
    const a = attentionOf([card('ok'), card('conflicts', { openConflicts: 2 }), card('partial', { openFailures: 1 }), card('paused')])
    expect(a.headline).toBe('2 syncs need you')
    expect(a.needs.map((c) => c.state)).toEqual(['partial', 'conflicts'])
    expect(a.paused.map((c) => c.state)).toEqual(['paused'])
    // The badge is the worst thing that needs the owner, not the pause.
    expect(a.worst).toBe('partial')
  })

  it('counts a paused sync that still has something waiting (conflicts, failures, an undo’s notice)', () => {
    for (const extra of [{ openConflicts: 1 }, { openFailures: 2 }, { notice: 'Undone: 1 record put back.' }]) {
      expect(needsYou(card('paused', extra))).toBe(true)
      const a = attentionOf([card('paused', extra), card('failing')])
      expect(a.headline).toBe('2 syncs need you')
      expect(a.needs).toHaveLength(2)
      expect(a.paused).toHaveLength(0)
    }
  })

  it.each<[string, SyncState[], string, SyncState]>([
    ['one', ['failing', 'ok'], '1 sync needs you', 'failing'],
    ['nothing, one paused', ['ok', 'paused'], 'Nothing needs you. 1 sync is paused.', 'paused'],
    ['nothing, two paused', ['paused', 'paused'], 'Nothing needs you. 2 syncs are paused.', 'paused'],
    ['nothing at all', ['ok', 'ok'], 'Everything is in sync. Nothing needs you.', 'ok']
  ])('%s → “%s”', (_, states, headline, worst) => {
    const a = attentionOf(states.map((s) => card(s)))
    expect(a.headline).toBe(headline)
    expect(a.worst).toBe(worst)
    const counted = /^(\d+) syncs? needs?/.exec(a.headline)
    expect(a.needs).toHaveLength(counted ? Number(counted[1]) : 0)
  })
})

const run = (status: Run['status'], counts: Partial<Run['counts']>, extra: Partial<Run> = {}): Run => ({
  id: `r-${status}`,
  syncId: 'orders',
  trigger: 'manual',
  startedAt: '2026-01-01T10:00:00Z',
  endedAt: '2026-01-01T10:01:00Z',
  status,
  dryRun: false,
  counts: { ...emptyCounts(), ...counts },
  ...extra
})

describe('the last run and the last success', () => {
  const partial = run('partial', { created: 30, updated: 8, failed: 1 })

  it('a run that wrote 38 records with one failure is the last success, not “never”', () => {
    const h = syncHealth({ sync: { id: 'orders', name: 'Orders' }, paused: false, running: false, lastRuns: [partial], openConflicts: 0, openFailures: 1, nextRun: null })
    expect(h.state).toBe('partial')
    expect(h.lastSuccessAt).toBe('2026-01-01T10:01:00Z')
  })

  it('a run that wrote nothing and failed some, a dry run, or an undo is no success', () => {
    const lastRuns = [run('partial', { failed: 2 }), run('ok', { created: 3 }, { dryRun: true }), run('ok', { updated: 1 }, { undoOf: 'x' })]
    const h = syncHealth({ sync: { id: 'orders', name: 'Orders' }, paused: false, running: false, lastRuns, openConflicts: 0, openFailures: 2, nextRun: null })
    expect(h.lastSuccessAt).toBeNull()
  })

  it.each<[string, Run | undefined, string]>([
    ['written and failed', partial, '38 written, 1 failed, 2 min ago'],
    ['nothing changed', run('ok', {}), 'nothing to change, 2 min ago'],
    ['only failures', run('partial', { failed: 3 }), '3 failed, 2 min ago'],
    ['held deletes', run('partial', { updated: 2 }, { heldDeletes: 15 }), '2 written, 15 deletes held, 2 min ago'],
    ['failed outright', run('failed', {}), 'failed, 2 min ago'],
    ['never ran', undefined, 'not run yet']
  ])('says the last run in one line: %s → “%s”', (_, r, words) => {
    expect(lastRunWords(r, '2 min ago')).toBe(words)
  })
})

describe('the notice after “Run now”', () => {
  it('says “is up to date” only when nothing waits', () => {
    expect(runDoneWords('Orders', run('ok', { updated: 2 }), { openConflicts: 0, openFailures: 0 })).toEqual({ kind: 'success', title: 'Orders is up to date', body: '2 changes written.' })
  })

  it('never says “is up to date” while conflicts wait, found by this run or left from before', () => {
    for (const [r, waiting] of [
      [run('ok', { updated: 1, conflicts: 1 }), { openConflicts: 0, openFailures: 0 }],
      [run('ok', {}), { openConflicts: 2, openFailures: 0 }]
    ] as const) {
      const words = runDoneWords('Orders', r, waiting)!
      expect(words.title).not.toMatch(/up to date/)
      expect(words.title).toMatch(/conflicts? waits? for you/)
      expect(words.kind).toBe('info')
    }
  })

  it('says the failures of a partial run', () => {
    expect(runDoneWords('Orders', run('partial', { created: 38, failed: 1 }), { openConflicts: 0, openFailures: 1 })).toMatchObject({ kind: 'error', title: 'Orders: some records failed', body: '1 record could not be written. 38 changes written.' })
  })
})

describe('a sync’s summary never contradicts its state', () => {
  const states: [string, { paused: boolean; running: boolean; lastRuns: Run[] }][] = [
    ['ok', { paused: false, running: false, lastRuns: [run('ok', { updated: 1 })] }],
    ['paused', { paused: true, running: false, lastRuns: [run('ok', { updated: 1 })] }],
    ['failing', { paused: false, running: false, lastRuns: [run('failed', {}, { error: { code: 'TRANSIENT', message: 'Books did not answer.' } })] }],
    ['running', { paused: false, running: true, lastRuns: [run('running', {}), run('ok', {})] }],
    ['partial', { paused: false, running: false, lastRuns: [run('partial', { created: 3, failed: 1 })] }]
  ]
  for (const [name, input] of states) {
    for (const openConflicts of [0, 2]) {
      for (const openFailures of [0, 1]) {
        it(`${name} with ${openConflicts} conflicts and ${openFailures} failures`, () => {
          const h = syncHealth({ sync: { id: 'orders', name: 'Orders' }, nextRun: null, openConflicts, openFailures, ...input })
          // “Up to date” only beside the “Up to date” badge.
          if (h.state !== 'ok') expect(h.summary).not.toMatch(/up to date/i)
          // Whatever the badge says, waiting conflicts and failures are told.
          if (openConflicts) expect(h.summary).toContain('2 conflicts wait for you')
          if (openFailures) expect(h.summary).toContain('1 record could not be written')
        })
      }
    }
  }
})
