/**
 * `runs.json`: the history of every sync's runs, newest shown first, capped so the
 * file (rewritten whole on every start and finish) stays small and quick to save.
 */
import type { Run, RunCounts, RunStatus } from '../../shared/domain'
import { isUndo, wentThrough } from '../../shared/domain'
import { StoreError } from '../errors'
import { openDocument, type RecoveryNotice, type StoreDocument } from './document'
import { RUNS_VERSION, runsFileSchema, type RunsFile } from './runs-schema'

/** How a run ended. */
export interface RunFinish {
  status: Exclude<RunStatus, 'running'>
  /** @default the current time */
  endedAt?: string
  /** Merged over the counts recorded so far. */
  counts?: Partial<RunCounts>
  error?: Run['error']
}

/** Which runs `list` returns. */
export interface RunQuery {
  /** Only this sync's runs. @default every sync */
  syncId?: string
  /** At most this many. @default all */
  limit?: number
  /** Only runs that ended so (`undo`: only undos; a status: only runs, not undos, with it). @default any */
  status?: RunStatus | 'undo'
}

/** How to open the run history. */
export interface RunHistoryOptions {
  /** Runs kept; older ones are dropped. 2,000 is weeks of a sync polling every few minutes, in under a megabyte. @default 2000 */
  maxRuns?: number
  /** Rotating backups to keep. @default 3 */
  backups?: number
}

/** What a run left running by a crash is marked with. */
export const INTERRUPTED_ERROR = { code: 'INTERNAL', message: 'Patchbay stopped while this run was in progress' } as const

/** Every sync's runs, saved to `runs.json` on every change. */
export class RunHistory {
  private constructor(
    private readonly doc: StoreDocument<RunsFile>,
    private readonly maxRuns: number,
    /** Set when `runs.json` was damaged or missing and was restored while opening: tell the user. */
    readonly recovery?: RecoveryNotice
  ) {}

  /** Opens `path` (see `runsPath`), creating an empty history on first start. */
  static async open(path: string, options: RunHistoryOptions = {}): Promise<RunHistory> {
    const { doc, recovery } = await openDocument({
      path,
      schema: runsFileSchema,
      version: RUNS_VERSION,
      migrations: {},
      defaults: () => ({ runs: [] }),
      backups: options.backups,
      label: 'the history of past runs',
      // Nobody reads this file by hand, and indenting 2,000 runs would nearly double every save.
      pretty: false,
      // Other Patchbay processes (a terminal `patchbay run` while `serve` runs) add runs too.
      followOthers: true
    })
    return new RunHistory(doc, options.maxRuns ?? 2000, recovery)
  }

  /** Records a new run; the oldest runs beyond the cap are dropped. */
  async start(run: Run): Promise<Run> {
    await this.doc.update((file) => {
      // Checked inside the update so two overlapping calls cannot both pass.
      if (file.runs.some((r) => r.id === run.id)) throw new StoreError(`A run with id "${run.id}" is already recorded.`, { syncId: run.syncId })
      // Kept oldest first by start time, so the cap drops from the front and `list` reads from the back.
      let at = file.runs.length
      while (at > 0 && Date.parse(file.runs[at - 1].startedAt) > Date.parse(run.startedAt)) at--
      file.runs.splice(at, 0, structuredClone(run))
      if (file.runs.length > this.maxRuns) file.runs.splice(0, file.runs.length - this.maxRuns)
    })
    return structuredClone(run)
  }

  /** Records how a run ended. A run can be finished once. */
  async finish(runId: string, patch: RunFinish): Promise<Run> {
    let finished: Run | undefined
    await this.doc.update((file) => {
      const run = file.runs.find((r) => r.id === runId)
      if (!run) throw new StoreError(`There is no run "${runId}" to finish.`)
      if (run.status !== 'running') throw new StoreError(`The run "${runId}" already ended (${run.status}).`, { syncId: run.syncId })
      run.status = patch.status
      run.endedAt = patch.endedAt ?? new Date().toISOString()
      run.counts = { ...run.counts, ...patch.counts }
      if (patch.error) run.error = patch.error
      finished = structuredClone(run)
    })
    return finished!
  }

  /** Runs, newest first. */
  list(query: RunQuery = {}): Run[] {
    const { syncId, limit = Infinity, status } = query
    const out: Run[] = []
    const runs = this.doc.data.runs
    const wanted = (r: Run) => status === undefined || (status === 'undo' ? !!r.undoOf : !r.undoOf && r.status === status)
    for (let i = runs.length - 1; i >= 0 && out.length < limit; i--) {
      if ((syncId === undefined || runs[i].syncId === syncId) && wanted(runs[i])) out.push(structuredClone(runs[i]))
    }
    return out
  }

  /** One run, or undefined. */
  get(id: string): Run | undefined {
    const run = this.doc.data.runs.find((r) => r.id === id)
    return run && structuredClone(run)
  }

  /**
   * The newest run of `syncId` that records went through (`wentThrough`): ended `ok`, or wrote
   * some records while others failed. Dry runs change nothing and an undo is not a run of the
   * sync, so neither counts.
   */
  lastSuccess(syncId: string): Run | undefined {
    const runs = this.doc.data.runs
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i]
      if (run.syncId === syncId && wentThrough(run)) return structuredClone(run)
    }
    return undefined
  }

  /** The newest run of the sync itself (an undo entry never is one), running or ended. */
  lastRun(syncId: string): Run | undefined {
    const runs = this.doc.data.runs
    for (let i = runs.length - 1; i >= 0; i--) if (runs[i].syncId === syncId && !isUndo(runs[i])) return structuredClone(runs[i])
    return undefined
  }

  /**
   * Marks runs still `running` as failed: call at startup, before this process starts a run.
   * Another Patchbay process on the same data folder may be running one right now, so a run
   * for which `inProgress` says so (its sync's run lock has a live owner) is left alone; the
   * rest were left by a process that died. Their end time is when the interruption was
   * noticed, the only time known. Resolves to the runs it changed.
   */
  async recoverInterrupted(now: Date = new Date(), inProgress: (run: Run) => boolean = () => false): Promise<Run[]> {
    const ids = new Set(this.doc.data.runs.filter((r) => r.status === 'running' && !inProgress(r)).map((r) => r.id))
    if (ids.size === 0) return []
    const saved = await this.doc.update((file) => {
      for (const run of file.runs) {
        if (run.status !== 'running' || !ids.has(run.id)) continue
        run.status = 'failed'
        run.endedAt = now.toISOString()
        run.error = { ...INTERRUPTED_ERROR }
      }
    })
    return saved.runs.filter((r) => ids.has(r.id) && r.status === 'failed').map((r) => structuredClone(r))
  }
}
