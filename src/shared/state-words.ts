/**
 * The words for a sync's and a connection's state, said the same way by the app, the tray
 * and the command line (one table, so they cannot drift).
 */
import type { SyncState } from './contract'
import type { ConnectionStatus, Run } from './domain'

/** A sync's state in words. */
export const STATE_WORDS: Record<SyncState, string> = {
  ok: 'Up to date',
  running: 'Syncing',
  conflicts: 'Conflicts waiting',
  // Nothing failed: a run held back many deletes at once, and the owner says "Delete them" or "Keep them".
  deletes: 'Deletes need your OK',
  partial: 'Some records failed',
  failing: 'Failing',
  paused: 'Paused'
}

/** A connection's state in words. */
export const CONNECTION_WORDS: Record<ConnectionStatus, string> = {
  ok: 'Connected',
  degraded: 'Slow or limited',
  failing: 'Not answering',
  'needs-reconnect': 'Needs reconnecting'
}

const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`

/**
 * The last run in one line, said the same way on the card, the sync page and by `patchbay
 * status`: "38 written, 1 failed, 2 min ago". `ago` is the caller's "2 min ago" for the run's
 * end (each side words times its own way).
 */
export function lastRunWords(run: Pick<Run, 'status' | 'counts' | 'heldDeletes' | 'dryRun'> | undefined, ago: string): string {
  if (!run) return 'not run yet'
  if (run.status === 'running') return 'running now'
  if (run.status === 'failed') return `failed, ${ago}`
  if (run.status === 'cancelled') return `stopped, ${ago}`
  const c = run.counts
  const written = c.created + c.updated + c.deleted
  const parts = [
    written > 0 ? `${written} ${run.dryRun ? 'would be written' : 'written'}` : c.failed > 0 || run.heldDeletes ? '' : 'nothing to change',
    c.failed > 0 ? `${c.failed} failed` : '',
    run.heldDeletes ? `${n(run.heldDeletes, 'delete')} held` : ''
  ].filter(Boolean)
  return `${parts.join(', ')}, ${ago}`
}

/** What the notice after "Run now" says. */
export interface RunDoneWords {
  kind: 'success' | 'info' | 'error'
  title: string
  body: string
}

/**
 * The notice after a run the owner started, from the run and what still waits afterwards:
 * "is up to date" only when nothing waits, so it never sits beside "Conflicts waiting".
 * Null for a run that failed or was stopped (the run's own error is shown instead).
 */
export function runDoneWords(name: string, run: Pick<Run, 'status' | 'counts' | 'heldDeletes'>, waiting: { openConflicts: number; openFailures: number }): RunDoneWords | null {
  const c = run.counts
  const written = `${n(c.created + c.updated + c.deleted, 'change')} written.`
  if (run.status === 'partial' && c.failed > 0) return { kind: 'error', title: `${name}: some records failed`, body: `${n(c.failed, 'record')} could not be written. ${written}` }
  if (run.status !== 'ok' && run.status !== 'partial') return null
  // Conflicts this run found or left from before: the sync is not up to date until the owner chooses.
  const conflicts = Math.max(c.conflicts, waiting.openConflicts)
  const still = [
    run.heldDeletes ? `${n(run.heldDeletes, 'delete')} held for your OK` : '',
    conflicts > 0 ? `${n(conflicts, 'conflict')} ${conflicts === 1 ? 'waits' : 'wait'} for you` : '',
    waiting.openFailures > 0 ? `${n(waiting.openFailures, 'record')} still could not be written` : ''
  ].filter(Boolean)
  if (still.length === 0) return { kind: 'success', title: `${name} is up to date`, body: written }
  return { kind: 'info', title: `${name}: run finished, ${still[0]}`, body: `${written}${still.slice(1).map((s) => ` Also: ${s}.`).join('')}` }
}
