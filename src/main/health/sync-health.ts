/**
 * A sync's health (DESIGN.md §5) from what is already stored: its recent runs, open
 * conflicts and failures, whether it is paused or running. Pure: the overview, the tray
 * and the alert rules all read the same answer.
 */
import type { Run, Sync } from '../../shared/domain'
import { isUndo, onlyHeldDeletes, wentThrough } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { count } from './words'

/**
 * Worst first: paused (the person chose it), failing, deletes (a run held back deletes and
 * waits for the owner's "Delete them" or "Keep them"), partial, conflicts, running, ok.
 * `running` only shows when nothing needs attention, so a retry of a failing sync still
 * reads "failing" and the alert rules do not see it fail afresh after every retry.
 */
export type SyncState = 'ok' | 'running' | 'conflicts' | 'deletes' | 'partial' | 'failing' | 'paused'

/** What `syncHealth` reads. */
export interface SyncHealthInput {
  sync: Pick<Sync, 'id' | 'name'>
  paused: boolean
  running: boolean
  /** Recent runs of this sync, newest first (undo entries among them are passed over). */
  lastRuns: readonly Run[]
  openConflicts: number
  /** Failures still open (not dismissed). */
  openFailures: number
  /** From the scheduler: epoch ms, or null when it does not run by itself. */
  nextRun: number | null
  /** Something the owner must know (an undo left the sides different, a damaged state was restored). */
  notice?: string
  /** Deletes a run held back for the owner's "Delete them" or "Keep them" (the mass-delete guard), when any wait. */
  waitingDeletes?: { message: string; items: readonly unknown[] }
  /**
   * How many finished runs the error rate looks at.
   * @default 10
   */
  window?: number
}

/** A sync's health, as the overview, tray and alerts see it. */
export interface SyncHealth {
  syncId: string
  name: string
  state: SyncState
  /** True while a run is in progress, whatever the state says. */
  running: boolean
  /** ISO end time of the last run records went through: ended `ok`, or wrote some while others failed (dry runs do not count). */
  lastSuccessAt: string | null
  /** ISO time of the next automatic run. */
  nextRunAt: string | null
  /** Failed runs among the last `window` finished ones, 0..1. */
  errorRate: number
  openConflicts: number
  openFailures: number
  /** Records a run held back from deleting until the owner says "Delete them" or "Keep them"; 0 when none. */
  waitingDeletes: number
  /** Message of the run that made the sync failing. */
  lastError: string | null
  /** One or two sentences in plain words. */
  summary: string
  /** Something the owner must know and be told once (an undo's hold, a restored state, deletes held for them); null when nothing. */
  notice: string | null
}

/** Works out a sync's health. */
export function syncHealth(input: SyncHealthInput): SyncHealth {
  const { sync, paused, running, openConflicts, openFailures, nextRun } = input
  // Dry runs change nothing, and a run stopped by a vendor's rate limit is the vendor
  // pacing us, which DESIGN.md §4 says never counts as a failure.
  // An undo is not a run of the sync: it never counts as the latest run or a success, so it cannot hide a failure.
  const runs = input.lastRuns.filter((r) => !isUndo(r))
  const finished = runs.filter((r) => !r.dryRun && r.status !== 'running' && r.status !== 'cancelled' && !rateLimited(r))
  const latest = finished[0]
  const recent = finished.slice(0, input.window ?? 10)
  const failed = latest?.status === 'failed'
  // A run whose only shortfall is deletes it held back failed nothing: it waits for the owner, it is not "partial".
  const partial = (latest?.status === 'partial' && !onlyHeldDeletes(latest)) || openFailures > 0
  const waitingDeletes = input.waitingDeletes?.items.length ?? 0
  const state = stateOf({ paused, failed, waitingDeletes, partial, openConflicts, running })
  const lastError = failed ? (latest.error?.message ?? 'The run stopped without saying why.') : null
  const health: SyncHealth = {
    syncId: sync.id,
    name: sync.name,
    state,
    running,
    lastSuccessAt: finished.find(wentThrough)?.endedAt ?? null,
    nextRunAt: nextRun === null ? null : new Date(nextRun).toISOString(),
    errorRate: recent.length === 0 ? 0 : recent.filter((r) => r.status === 'failed').length / recent.length,
    openConflicts,
    openFailures,
    waitingDeletes,
    lastError,
    summary: '',
    // Held deletes are told once, like a notice (an alert); the Overview says them as the sync's state instead.
    notice: input.notice ?? input.waitingDeletes?.message ?? null
  }
  const waiting = runs.find((r) => !r.dryRun && r.status !== 'running')
  health.summary = summarise(health, latest === undefined, waiting !== undefined && rateLimited(waiting), input.waitingDeletes?.message)
  return health
}

function stateOf(f: { paused: boolean; failed: boolean; waitingDeletes: number; partial: boolean; openConflicts: number; running: boolean }): SyncState {
  if (f.paused) return 'paused'
  if (f.failed) return 'failing'
  if (f.waitingDeletes > 0) return 'deletes'
  if (f.partial) return 'partial'
  if (f.openConflicts > 0) return 'conflicts'
  return f.running ? 'running' : 'ok'
}

function rateLimited(run: Run): boolean {
  return run.status === 'failed' && run.error?.code === 'RATE_LIMIT'
}

function summarise(h: SyncHealth, neverRan: boolean, slowedDown: boolean, deletesMessage: string | undefined): string {
  const base = stateSentence(h, neverRan, deletesMessage)
  const also = alsoSentence(h)
  const extra = h.running && h.state !== 'running' ? ' A run is in progress.' : ''
  const pacing = slowedDown && h.state !== 'failing' ? ' The other system asked Patchbay to slow down; the next run carries on.' : ''
  return `${base}${also}${pacing}${extra}`
}

/**
 * What else waits besides the state's own fact, so one word on the badge never hides another
 * and no sentence reads as if nothing waits: held deletes, failures and conflicts under a
 * paused or failing sync, conflicts beside failures, failures or conflicts beside held deletes.
 */
function alsoSentence(h: SyncHealth): string {
  const out: string[] = []
  if (h.waitingDeletes > 0 && h.state !== 'deletes') out.push(deletesSentence(h.waitingDeletes))
  if (h.openFailures > 0 && h.state !== 'partial') out.push(failuresSentence(h.openFailures))
  if (h.openConflicts > 0 && h.state !== 'conflicts') out.push(conflictsSentence(h.openConflicts))
  return out.map((s) => ` Also: ${s}`).join('')
}

const failuresSentence = (n: number) => `${count(n, 'record')} could not be written. Open Failures to see why and try again.`
const conflictsSentence = (n: number) => `${count(n, 'conflict')} ${n === 1 ? 'waits' : 'wait'} for you to choose which value to keep.`
const deletesSentence = (n: number) => `a run held back ${count(n, 'delete')} and nothing was deleted yet; open the sync and choose “Delete them” or “Keep them”.`

function stateSentence(h: SyncHealth, neverRan: boolean, deletesMessage: string | undefined): string {
  switch (h.state) {
    case 'paused':
      return 'Paused. It will not run by itself until you resume it.'
    case 'failing':
      return `The last run failed: ${h.lastError}`
    case 'deletes':
      return deletesMessage ?? `${deletesSentence(h.waitingDeletes).replace(/^a/, 'A')}`
    case 'partial':
      return h.openFailures > 0 ? failuresSentence(h.openFailures) : 'The last run could not write some records.'
    case 'conflicts':
      return conflictsSentence(h.openConflicts)
    case 'running':
      return 'Syncing now.'
    case 'ok':
      return neverRan ? 'Has not run yet.' : 'Up to date.'
    default:
      return assertNever(h.state, 'sync state')
  }
}
