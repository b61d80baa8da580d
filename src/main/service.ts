/**
 * The one facade every front end calls (Electron IPC, the headless server, the CLI).
 * It owns the stores, opens connector sessions with secrets from the vault, runs syncs
 * one at a time per sync, and reports what happens as events.
 */
import { EventEmitter } from 'node:events'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { Conflict, ConflictPolicy, ConflictResolution, Connection, Failure, Progress, Run, RunTrigger, Side, Sync, SyncInput } from '../shared/domain'
import { connectionSchema, syncSchema } from '../shared/domain'
import { builtInConnectors } from './connectors/registry'
import type { ConnectionTest, Connector, ConnectorSession, FieldInfo, ObjectAdapter } from './connectors/types'
import type { HttpLogEntry } from './connectors/http/client'
import { runSync, newRunId, type RunResult } from './engine/run'
import { canRetryAlone } from './engine/retry-one'
import type { RecordEvent } from './engine/apply'
import { SyncState, type LinkChange } from './engine/state'
import { WaitingDeletes, type ApprovedDeletes, type HeldDeletes } from './engine/delete-guard'
import { undoRun, type UndoReport } from './engine/undo'
import { undoMessage } from './engine/undo-words'
import { ConfigError, toErrorData } from './errors'
import { count } from './health/words'
import { scrubSecrets, secretScrubber } from './logs/redact'
import { connectionProblems, describedApiProblems, mappedColumnProblems, withDescribedAuth } from './import-checks'
import { ConfigStore, type ConnectionInput } from './store/config'
import { configPath, runsPath, syncDir } from './store/paths'
import type { RecoveryNotice } from './store/document'
import { RunHistory } from './store/runs'
import { acquireRunLock, runLockHeld } from './store/run-lock'
import { describeIssues } from './store/zod-issues'
import type { SecretStore } from './vault/secret-store'

/** The part of a pino logger the service uses. */
/** Keychain entries that are identifiers, not secrets (see `noteSecrets`). */
const PUBLIC_KEYCHAIN_VALUES = new Set(['clientId'])

export interface ServiceLogger {
  debug(obj: object, msg?: string): void
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
}

/** Events the service emits; front ends forward them to the UI. */
export interface ServiceEvents {
  'run-started': [run: Run]
  'run-progress': [e: { syncId: string; runId: string; progress: Progress }]
  'run-finished': [run: Run]
  changed: [what: 'config' | 'conflicts' | 'failures' | 'runs']
}

/** How to open the service. */
export interface ServiceOptions {
  /** The data folder. */
  home: string
  secrets: SecretStore
  /** @default the built-in connectors */
  connectors?: Record<string, Connector>
  logger?: ServiceLogger
  /** Called with every secret read from the vault, so logs can scrub it. */
  onSecret?: (value: string) => void
  now?: () => Date
}

/** One line of `status`. */
export interface SyncStatus {
  sync: Sync
  lastRun?: Run
  lastSuccessAt?: string
  openConflicts: number
  openFailures: number
  running: boolean
  /** Something the owner must know about this sync: an undo left the sides different, or its damaged state was restored. */
  notice?: string
  /** Deletes a run held because there were too many at once; they wait for "Delete them" or "Keep them". */
  waitingDeletes?: HeldDeletes
}

/** How to run a sync. */
export interface RunSyncOptions {
  dryRun?: boolean
  trigger?: RunTrigger
  onProgress?: (p: Progress) => void
  /** Lets deletes past the mass-delete guard: all (`--allow-deletes`), or those the owner was shown (by link id). */
  allowDeletes?: ApprovedDeletes
  /** A dry run of the sync as the owner is editing it (not saved), against its saved links: what the change would do. */
  draft?: Sync
  /** Runs one failed record alone: the failure's id (see `retryFailure`). @default the whole sync */
  only?: string
}

const importSchema = z.object({
  connections: z.array(connectionSchema.extend({ secrets: z.record(z.string(), z.string()).optional() })).default([]),
  syncs: z.array(syncSchema).default([])
})

/** How far a reported sign-in expiry must move before it is written again (see `noteSignInExpiry`). */
const SIGN_IN_EXPIRY_SLACK_MS = 60 * 60_000

const quiet: ServiceLogger = { debug() {}, info() {}, warn() {}, error() {} }

/** A value in a log line: quoted, or "(empty)". */
const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '(empty)' : JSON.stringify(v))

/** What an undo did to a record, by what the run had done to it. */
const UNDID: Record<'create' | 'update' | 'delete', string> = {
  create: 'removed the record the run had created',
  update: 'its values from before the run are back',
  delete: 'the record the run had deleted is back'
}

/** The Patchbay core. */
export class PatchbayService {
  // Held, not inherited: front ends listen (`on`, `off`); only the service says what happened.
  private readonly events = new EventEmitter<ServiceEvents>()
  private readonly states = new Map<string, Promise<SyncState>>()
  private readonly sessions = new Map<string, Promise<ConnectorSession>>()
  private readonly running = new Map<string, Promise<RunResult>>()
  /** The one run a person's "Run now" queued behind a run in progress, by sync. */
  private readonly followUps = new Map<string, Promise<RunResult>>()
  private readonly connectors: Record<string, Connector>
  private readonly log: ServiceLogger
  private readonly now: () => Date

  private constructor(
    private readonly o: ServiceOptions,
    // Private so that every front end goes through the methods below (the compiler holds them to it).
    private readonly config: ConfigStore,
    private readonly runs: RunHistory,
    /** Files repaired while opening, to tell the user once. */
    private readonly notices: RecoveryNotice[]
  ) {
    this.connectors = o.connectors ?? builtInConnectors()
    this.log = o.logger ?? quiet
    this.now = o.now ?? (() => new Date())
  }

  /** Calls `listener` each time the service emits `event`. */
  on<K extends keyof ServiceEvents>(event: K, listener: (...args: ServiceEvents[K]) => void): this {
    this.events.on(event as keyof ServiceEvents, listener as (...args: ServiceEvents[keyof ServiceEvents]) => void)
    return this
  }

  /** Stops calling `listener` for `event`. */
  off<K extends keyof ServiceEvents>(event: K, listener: (...args: ServiceEvents[K]) => void): this {
    this.events.off(event as keyof ServiceEvents, listener as (...args: ServiceEvents[keyof ServiceEvents]) => void)
    return this
  }

  /** Events leave scrubbed of secrets: a vendor may have echoed a key into a run's error. */
  private emit<K extends keyof ServiceEvents>(event: K, ...args: ServiceEvents[K]): boolean {
    return this.events.emit(event as keyof ServiceEvents, ...(scrubSecrets(args) as ServiceEvents[keyof ServiceEvents]))
  }

  /** Opens the data folder; runs a crash left `running` are marked as interrupted. */
  static async open(o: ServiceOptions): Promise<PatchbayService> {
    const config = await ConfigStore.open(configPath(o.home))
    const runs = await RunHistory.open(runsPath(o.home))
    const notices = [config.recovery, runs.recovery].filter((n): n is RecoveryNotice => n !== undefined)
    // Every secret read from the keychain is also scrubbed, by value, from whatever Patchbay stores or returns.
    const svc = new PatchbayService({ ...o, onSecret: (v) => { secretScrubber.addSecret(v); o.onSecret?.(v) } }, config, runs, notices)
    for (const n of notices) svc.log.warn({ event: 'store-recovered', file: n.file }, n.message)
    // A run another live Patchbay process is doing (its sync's run lock has a live owner) is not interrupted.
    const inProgress = (r: Run) => runLockHeld(join(syncDir(o.home, r.syncId), 'run.lock'))
    for (const r of await runs.recoverInterrupted(new Date(), inProgress)) svc.log.warn({ event: 'run-interrupted', syncId: r.syncId, runId: r.id }, 'A run was interrupted; the next run finishes its work')
    return svc
  }

  /** The sync with `id`, or a ConfigError saying it does not exist. */
  sync(id: string): Sync {
    const s = this.config.getSync(id)
    if (!s) throw new ConfigError(`There is no sync called "${id}"`, { hint: 'Run `patchbay status` to see your syncs.' })
    return s
  }

  /** The state of a sync, opened once and read again when another process wrote it (always checked at the start of a run). */
  async state(syncId: string, atRunStart = false): Promise<SyncState> {
    let s = this.states.get(syncId)
    // Another Patchbay process (a terminal `patchbay run`) may have run this sync since: read it again.
    // (Not while this process runs the sync: then the writes on disk are our own, in flight.)
    if (s && (atRunStart || !this.running.has(syncId)) && (await (await s).changedOnDisk())) s = undefined
    if (!s) {
      s = SyncState.open(syncDir(this.o.home, syncId))
      this.states.set(syncId, s)
      const opened = await s.catch((e) => { this.states.delete(syncId); throw e })
      for (const n of opened.recoveries) {
        this.log.warn({ event: 'store-recovered', syncId, file: n.file }, n.message)
        // Told to the owner by every front end: the CLI prints new notices, status and the overview show the sync's.
        this.notices.push(n)
      }
    }
    return s
  }

  /** The sync with `id`, or undefined when there is none (say it was removed meanwhile). */
  findSync(id: string): Sync | undefined {
    return this.config.getSync(id)
  }

  /** The connection with `id`, or undefined when there is none. */
  findConnection(id: string): Connection | undefined {
    return this.config.getConnection(id)
  }

  /**
   * What was repaired while opening files (damaged or missing, restored from a backup), in
   * the order it happened, for every front end to tell the owner. It grows as a sync's own
   * files are first opened.
   */
  recoveryNotices(): readonly RecoveryNotice[] {
    return [...this.notices]
  }

  /** A file kept beside the service (the schedule's) was repaired while opening: logged and told like the service's own. */
  noteRecovery(n: RecoveryNotice): void {
    this.log.warn({ event: 'store-recovered', file: n.file }, n.message)
    this.notices.push(n)
  }

  /**
   * Records in the run history that a scheduled run of `syncId` did not start, and why
   * (paused, a connection to reconnect…), as a cancelled run that is ended in the same save:
   * a `running` entry is never left for another process to mistake for an interrupted run.
   */
  async recordSkippedRun(syncId: string, reason: string, at: number): Promise<Run> {
    const when = new Date(at).toISOString()
    const run: Run = { id: `skip-${at}-${syncId}`, syncId, trigger: 'schedule', startedAt: when, endedAt: when, status: 'cancelled', dryRun: false, counts: { read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 0 }, error: { code: 'SKIPPED', message: `Did not run: ${reason}` } }
    await this.runs.start(run)
    this.log.warn({ event: 'run-skipped', syncId }, `A scheduled run of ${syncId} did not start: ${reason}`)
    return run
  }

  private connection(id: string): Connection {
    const c = this.config.getConnection(id)
    if (!c) throw new ConfigError(`There is no connection called "${id}"`, { connectionId: id, hint: 'Add it under Connections, or fix the sync.' })
    return c
  }

  /** The connection with `id`, or a ConfigError saying it does not exist. */
  connectionInfo(id: string): Connection {
    return this.connection(id)
  }

  /** Every connection, as saved. */
  connectionList(): Connection[] {
    return this.config.listConnections()
  }

  /** Every sync, as saved. */
  syncList(): Sync[] {
    return this.config.listSyncs()
  }

  /** The app-wide settings. */
  settings(): ReturnType<ConfigStore['getSettings']> {
    return this.config.getSettings()
  }

  /** Changes app-wide settings and tells every front end. */
  async updateSettings(patch: Parameters<ConfigStore['updateSettings']>[0]): Promise<ReturnType<ConfigStore['getSettings']>> {
    const saved = await this.config.updateSettings(patch)
    this.emit('changed', 'config')
    return saved
  }

  /** Runs, newest first. */
  runList(q: Parameters<RunHistory['list']>[0] = {}): Run[] {
    return this.runs.list(q)
  }

  /** One run, or a ConfigError saying it does not exist. */
  runInfo(runId: string): Run {
    const run = this.runs.get(runId)
    if (!run) throw new ConfigError(`There is no run "${runId}"`, { hint: 'Pick a run from the history.' })
    return run
  }

  /**
   * Hands the scrubbers every value kept in the keychain except the ones that are public by
   * design: an OAuth client id is printed in every sign-in URL, so scrubbing it would break the
   * sign-in link it belongs in (and it unlocks nothing without its secret).
   */
  private noteSecrets(secrets: Record<string, string>): void {
    for (const [k, v] of Object.entries(secrets)) if (v && !PUBLIC_KEYCHAIN_VALUES.has(k)) this.o.onSecret?.(v)
  }

  private async session(connectionId: string): Promise<ConnectorSession> {
    let s = this.sessions.get(connectionId)
    if (!s) {
      s = (async () => {
        const connection = this.connection(connectionId)
        const connector = this.connectors[connection.system]
        if (!connector) throw new ConfigError(`Patchbay has no connector for "${connection.system}"`, { connectionId })
        const secrets = connection.authKind === 'none' ? {} : ((await this.o.secrets.get(connectionId)) ?? {})
        this.noteSecrets(secrets)
        // Every HTTP exchange reaches the log (scrubbed by the client and again by the logger):
        // problems as warnings, the rest at debug level so a normal run's log stays readable.
        const log = (e: HttpLogEntry) => {
          // A 404 or 422 is a record's business (the run logs its outcome); what threatens the whole run is a warning.
          const problem = e.status === null || e.status >= 500 || e.status === 401 || e.status === 403 || e.status === 429
          this.log[problem ? 'warn' : 'debug']({ event: 'http', connectionId, http: { method: e.method, url: e.url, status: e.status, ms: e.ms, attempt: e.attempt } }, `${connection.label}: ${e.method} ${e.url} → ${e.status ?? 'no answer'} in ${e.ms} ms`)
        }
        // Rotated tokens are saved at once: a refresh token that is not kept is a lost connection.
        const saveSecrets = async (patch: Record<string, string>) => {
          const now = { ...((await this.o.secrets.get(connectionId)) ?? secrets), ...patch }
          this.noteSecrets(patch)
          await this.o.secrets.set(connectionId, now)
        }
        // When the sign-in runs out is worth knowing but never worth failing a refresh over.
        const noteSignInExpiry = async (expiresAt: number) => {
          try {
            await this.noteSignInExpiry(connectionId, expiresAt)
          } catch (err) {
            this.log.warn({ event: 'sign-in-expiry', connectionId, err }, `${connection.label}: could not record when its sign-in runs out`)
          }
        }
        // A vendor's API allowance is kept for health; never worth failing a call over.
        const noteApiUsage = async (usage: { used: number; limit: number }) => {
          try {
            await this.noteApiUsage(connectionId, usage)
          } catch (err) {
            this.log.warn({ event: 'api-usage', connectionId, err }, `${connection.label}: could not record its API usage`)
          }
        }
        const note = (level: 'info' | 'warn', msg: string) => this.log[level]({ event: 'cleanup', connectionId }, `${connection.label}: ${msg}`)
        const noteRecovery = (n: RecoveryNotice) => this.noteRecovery({ ...n, message: `${connection.label}: ${n.message}` })
        return connector.open({ connection, secrets, log, note, noteRecovery, saveSecrets, noteSignInExpiry, noteApiUsage, dataDir: join(this.o.home, 'connections', connectionId) })
      })()
      this.sessions.set(connectionId, s)
      s.catch(() => this.sessions.delete(connectionId))
    }
    return s
  }

  private async adapters(sync: Sync): Promise<Record<Side, ObjectAdapter>> {
    const [l, r] = await Promise.all([this.session(sync.left.connectionId), this.session(sync.right.connectionId)])
    return { left: l.object(sync.left.object), right: r.object(sync.right.object) }
  }

  /** True while a run of `syncId` is in progress. */
  isRunning(syncId: string): boolean {
    return this.running.has(syncId)
  }

  /**
   * Runs a sync. Never two runs of one sync at once: a scheduled or watch call while one runs
   * gets that run's result. A person's "Run now" while one runs gets one more run right after
   * it (shared by every such click): the run in progress was planned before their latest
   * choices (a settled conflict, a changed setting), and they expect those written. Records
   * the run in history unless it is a dry run.
   */
  runSync(syncId: string, opts: RunSyncOptions = {}): Promise<RunResult> {
    const busy = this.running.get(syncId)
    // An edit's preview waits for the run in progress: it plans against the links that run leaves.
    // So does trying one record again: the run in progress is not the run the owner asked for.
    if (busy && (opts.draft || opts.only)) return busy.catch(() => undefined).then(() => this.runSync(syncId, opts))
    if (busy && opts.trigger === 'manual' && !opts.dryRun) {
      let next = this.followUps.get(syncId)
      if (!next) {
        next = busy
          .catch(() => undefined)
          .then(() => {
            this.followUps.delete(syncId)
            return this.runSync(syncId, opts)
          })
        this.followUps.set(syncId, next)
      }
      return next
    }
    if (busy) return busy
    const p = this.doRun(syncId, opts).finally(() => this.running.delete(syncId))
    this.running.set(syncId, p)
    return p
  }

  private async doRun(syncId: string, opts: RunSyncOptions): Promise<RunResult> {
    await this.reloadConfig()
    const saved = this.sync(syncId)
    const sync = opts.dryRun && opts.draft ? { ...opts.draft, id: saved.id } : saved
    const runId = newRunId(this.now())
    // Every line of a preview says so, so nobody reads "created 24" where nothing was written.
    const log = (level: 'info' | 'warn' | 'error', obj: object, msg: string) =>
      this.log[level]({ syncId, runId, ...(opts.dryRun ? { dryRun: true } : {}), ...obj }, opts.dryRun && !msg.startsWith('Preview') ? `Preview: ${msg}` : msg)
    let adapters: Record<Side, ObjectAdapter>
    let state: SyncState
    let release: (() => Promise<void>) | undefined
    try {
      // A dry run writes nothing, so it may look while another process runs the sync.
      if (!opts.dryRun) release = await acquireRunLock(join(syncDir(this.o.home, syncId), 'run.lock'), `“${sync.name}”`)
      ;[adapters, state] = await Promise.all([this.adapters(sync), this.state(syncId, true)])
    } catch (err) {
      await release?.()
      const run: Run = { id: runId, syncId, trigger: opts.trigger ?? 'manual', startedAt: this.now().toISOString(), endedAt: this.now().toISOString(), status: 'failed', dryRun: !!opts.dryRun, counts: { read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 0 }, error: toErrorData(err) }
      if (!opts.dryRun) await this.runs.start(run)
      log('error', { event: 'run-end', status: 'failed', err: run.error }, `Could not start ${sync.name}: ${run.error!.message}`)
      this.emit('run-finished', run)
      return { run, plan: { pairs: [], unchanged: 0, problems: [], summary: { left: { create: 0, update: 0, delete: 0 }, right: { create: 0, update: 0, delete: 0 }, conflicts: 0 } } }
    }
    const settingsOf = (id: string) => this.config.getConnection(id)?.settings ?? null
    const conflictsBefore = new Set(state.data.conflicts.map((c) => c.id))
    // Clearing an undo's hold after the run is a change of the sync's state too: it stays under the run lock.
    const result = await this.runLocked(release, async () => {
      const r = await runSync({
        sync, adapters, state, runId, trigger: opts.trigger ?? 'manual', dryRun: opts.dryRun, now: this.now,
        allowDeletes: opts.allowDeletes, sideName: (side) => this.sideLabel(sync, side), only: opts.only,
        readContext: { left: settingsOf(sync.left.connectionId), right: settingsOf(sync.right.connectionId) },
        onStart: (run) => {
          log('info', { event: 'run-start', trigger: run.trigger, dryRun: run.dryRun }, `${run.dryRun ? 'Previewing' : 'Running'} ${sync.name}`)
          this.emit('run-started', run)
        },
        onProgress: (progress) => {
          opts.onProgress?.(progress)
          this.emit('run-progress', { syncId, runId, progress })
        },
        onRecord: (e: RecordEvent) => {
          const where = this.sideLabel(sync, e.side)
          if (e.outcome === 'ok') log('info', { event: 'record', record: e }, `${e.op} ${e.key ?? e.id ?? ''} in ${where}`)
          else log('error', { event: 'record', record: e }, `Could not ${e.op} ${e.key ?? e.id ?? 'a record'} in ${where}: ${e.message}`)
        }
      })
      if (!r.run.dryRun && r.run.status !== 'failed') await this.afterRealRun(sync, state)
      return r
    })
    const { run } = result
    this.logRecordsOfRun(sync, result, conflictsBefore, log)
    if (run.error?.code === 'AUTH') await this.markNeedsReconnect(run.error.connectionId ?? this.authSide(sync, run))
    if (!run.dryRun) {
      // Recorded finished in one save: a `running` entry on disk would be marked interrupted by
      // another Patchbay process that opens the data folder meanwhile (see RunHistory.recoverInterrupted).
      await this.runs.start(run)
    }
    const c = run.counts
    const summary = run.dryRun
      ? `Preview of ${sync.name}: read ${c.read}; would create ${c.created}, update ${c.updated}, delete ${c.deleted}; ${count(c.conflicts, 'conflict')} and ${count(c.failed, 'failure')} would wait for you`
      : `${sync.name}: ${run.status}; read ${c.read}, created ${c.created}, updated ${c.updated}, deleted ${c.deleted}, conflicts ${c.conflicts}, failed ${c.failed}`
    log(run.status === 'failed' ? 'error' : run.status === 'partial' ? 'warn' : 'info', { event: 'run-end', status: run.status, counts: c, err: run.error }, run.error ? `${summary} (${run.error.message})` : summary)
    this.emit('run-finished', run)
    this.emit('changed', 'runs')
    return result
  }

  /** A side of a sync in the owner's words: its connection's label. */
  private sideLabel(sync: Sync, side: Side): string {
    const id = side === 'left' ? sync.left.connectionId : sync.right.connectionId
    return this.config.getConnection(id)?.label ?? id
  }

  /**
   * Logs what a run leaves for the owner, each with the record's key so a text search finds it:
   * records that could not be read (error) and conflicts it opened (warn). Refused writes were
   * logged as they happened.
   */
  private logRecordsOfRun(sync: Sync, result: RunResult, conflictsBefore: Set<string>, log: (level: 'info' | 'warn' | 'error', obj: object, msg: string) => void): void {
    for (const p of result.plan.problems) {
      const which = p.key ?? p.recordId ?? (p.line !== undefined ? `line ${p.line}` : 'a record')
      // A preview failed nothing yet: it warns of what a run would leave in Failures.
      log(result.run.dryRun ? 'warn' : 'error', { event: 'record', record: { side: p.side, op: p.op, id: p.recordId, key: p.key, outcome: 'failed', line: p.line, message: p.message } }, `Could not ${p.op} ${which}${p.line !== undefined && p.key ? ` (line ${p.line})` : ''} from ${this.sideLabel(sync, p.side)}: ${p.message}`)
    }
    for (const pp of result.plan.pairs) {
      const c = pp.conflict
      if (!c || conflictsBefore.has(c.id)) continue
      const what = c.kind === 'delete'
        ? `deleted in ${this.sideLabel(sync, c.deletedOn ?? 'left')} but still in ${this.sideLabel(sync, c.deletedOn === 'right' ? 'left' : 'right')}`
        : c.fields.map((f) => `${f.name} is ${show(f.left)} in ${this.sideLabel(sync, 'left')} and ${show(f.right)} in ${this.sideLabel(sync, 'right')}`).join('; ')
      log('warn', { event: 'conflict', conflictId: c.id, record: { key: pp.key, id: pp.leftId ?? pp.rightId } }, `Conflict on ${pp.key ?? pp.leftId ?? pp.rightId}: ${what}; it waits for you to choose`)
    }
  }

  /** Logs that a person settled a conflict, with the record's key. */
  private logSettled(c: Conflict, how: string): void {
    const sync = this.config.getSync(c.syncId)
    const key = sync ? (c.leftRecord[sync.match.field] ?? c.rightRecord[sync.match.field]) : undefined
    const name = sync?.name ?? c.syncId
    this.log.info({ event: 'settled', syncId: c.syncId, conflictId: c.id, record: { key: key === null || key === undefined ? undefined : String(key) } }, `Settled the conflict on ${key ?? c.id} in ${name}: ${how}; the next run writes it`)
  }

  /** Which connection of a sync an AuthError without a connection id came from, when only one side can fail auth. */
  private authSide(sync: Sync, _run: Run): string | undefined {
    const sides = [sync.left.connectionId, sync.right.connectionId].filter((id) => this.config.getConnection(id)?.authKind !== 'none')
    return sides.length === 1 ? sides[0] : undefined
  }

  /** A connection whose credentials were refused is marked, so syncs stop and the user is asked to reconnect. */
  private async markNeedsReconnect(connectionId: string | undefined): Promise<void> {
    const c = connectionId ? this.config.getConnection(connectionId) : undefined
    if (!c || c.status === 'needs-reconnect') return
    await this.config.patchConnection(c.id, { status: 'needs-reconnect' })
    this.sessions.delete(c.id)
    this.log.warn({ event: 'connection', connectionId: c.id }, `${c.label} needs reconnecting: its credentials were refused`)
    this.emit('changed', 'config')
  }

  /** Picks up connections and syncs another Patchbay process saved (e.g. `patchbay import` while the app runs). */
  async reloadConfig(): Promise<void> {
    if (await this.config.reloadIfChanged()) {
      this.sessions.clear()
      this.emit('changed', 'config')
    }
  }

  /** Runs `fn` and then lets go of the sync's run lock, whatever happens. */
  private async runLocked<T>(release: (() => Promise<void>) | undefined, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } finally {
      await release?.()
    }
  }

  /** Each sync with its last run and what waits for the user. */
  async status(): Promise<SyncStatus[]> {
    await this.reloadConfig()
    const out: SyncStatus[] = []
    for (const sync of this.config.listSyncs()) {
      const state = await this.state(sync.id)
      const waiting = await this.waitingDeletes(sync.id)
      out.push({
        sync,
        // An undo is not a run of the sync: it never counts as the last run or a success.
        lastRun: this.runs.lastRun(sync.id),
        lastSuccessAt: this.runs.lastSuccess(sync.id)?.endedAt,
        openConflicts: state.data.conflicts.filter((c) => c.status === 'open').length,
        openFailures: state.data.failures.filter((f) => f.status !== 'dismissed').length,
        running: this.isRunning(sync.id),
        // Held deletes are not a notice: the health rules make them the sync's state ("Deletes need your OK").
        notice: state.data.held?.message ?? state.data.restored?.message,
        waitingDeletes: waiting ?? undefined
      })
    }
    return out
  }

  /** Conflicts, newest first, for one sync or all. */
  async conflicts(syncId?: string): Promise<Conflict[]> {
    const ids = syncId ? [this.sync(syncId).id] : this.config.listSyncs().map((s) => s.id)
    const all = (await Promise.all(ids.map(async (id) => (await this.state(id)).data.conflicts))).flat()
    return all.sort((a, b) => b.detectedAt.localeCompare(a.detectedAt))
  }

  private async findIn<T extends { id: string; syncId: string }>(kind: 'conflict' | 'failure', id: string, pick: (s: SyncState) => T[]): Promise<{ state: SyncState; item: T }> {
    for (const sync of this.config.listSyncs()) {
      const state = await this.state(sync.id)
      const item = pick(state).find((x) => x.id === id)
      if (item) return { state, item }
    }
    throw new ConfigError(`There is no ${kind} "${id}"`, { hint: `Run \`patchbay ${kind === 'conflict' ? 'conflicts' : 'failures'}\` to list them.` })
  }

  /**
   * Settles a conflict; the next run writes the choice to both sides. With `asRule`, the
   * pick also becomes the field's policy for later conflicts.
   */
  async resolveConflict(id: string, resolution: ConflictResolution, opts: { asRule?: boolean } = {}): Promise<Conflict> {
    const { item } = await this.findIn('conflict', id, (s) => s.data.conflicts)
    if (resolution.pick === 'value') {
      const unknown = Object.keys(resolution.values).filter((k) => !item.fields.some((f) => f.name === k))
      if (unknown.length) throw new ConfigError(`The conflict has no field ${unknown.map((u) => `"${u}"`).join(', ')}`)
      const missing = item.fields.filter((f) => !(f.name in resolution.values)).map((f) => f.name)
      if (missing.length) throw new ConfigError(`Give a value for ${missing.join(', ')}`)
    }
    if (item.kind === 'delete' && resolution.pick === 'value') throw new ConfigError('A deleted record can only be kept (pick the side that still has it) or deleted (pick the side that deleted it)')
    await this.changeState(item.syncId, (s) => {
      const now = s.data.conflicts.find((c) => c.id === id)
      if (!now) throw new ConfigError(`There is no conflict "${id}"`, { hint: 'Run `patchbay conflicts` to list them: a run may have settled it.' })
      now.status = 'resolved'
      now.resolution = resolution
    })
    item.status = 'resolved'
    item.resolution = resolution
    const syncOf = this.config.getSync(item.syncId)
    const label = (side: Side) => (syncOf ? this.sideLabel(syncOf, side) : side)
    this.logSettled(item, resolution.pick === 'value' ? `typed in ${Object.entries(resolution.values).map(([k, v]) => `${k} = ${show(v)}`).join(', ')}` : `kept ${label(resolution.pick)}'s ${item.kind === 'delete' ? 'side' : 'values'}`)
    if (opts.asRule && resolution.pick !== 'value') {
      const sync = this.sync(item.syncId)
      const names = new Set(item.fields.map((f) => f.name))
      const policy = resolution.pick === 'left' ? 'prefer-left' : 'prefer-right'
      await this.config.upsertSync({ ...sync, mapping: sync.mapping.map((m) => (names.has(m.name) ? { ...m, conflictPolicy: policy } : m)) })
    }
    this.emit('changed', 'conflicts')
    return item
  }

  /**
   * Settles one field across a sync's open conflicts ("keep HubSpot's phone for all"):
   * each conflict that waits on `field` gets that side's value for it, and only for it.
   * A conflict whose every field is now picked is resolved; the others keep their other
   * fields waiting. The next run writes the picks. With `asRule`, the side also becomes
   * the field's policy for later conflicts. `ids` limits it to some conflicts.
   */
  async settleField(syncId: string, field: string, side: Side, opts: { ids?: string[]; asRule?: boolean } = {}): Promise<Conflict[]> {
    const sync = this.sync(syncId)
    if (!sync.mapping.some((m) => m.name === field)) throw new ConfigError(`${sync.name} has no field "${field}"`, { syncId })
    const only = opts.ids ? new Set(opts.ids) : undefined
    const changed = await this.changeState(syncId, (state) => {
      const changed: Conflict[] = []
      for (const c of state.data.conflicts) {
        if (c.status !== 'open' || c.kind !== 'fields' || (only && !only.has(c.id))) continue
        const f = c.fields.find((x) => x.name === field)
        if (!f) continue
        c.fieldPicks = { ...c.fieldPicks, [field]: { pick: side, value: f[side] } }
        const picks = c.fields.map((x) => c.fieldPicks?.[x.name])
        if (picks.every((p) => p !== undefined)) {
          c.status = 'resolved'
          const sides = new Set(picks.map((p) => p!.pick))
          const one = sides.size === 1 ? [...sides][0] : 'value'
          c.resolution = one === 'left' || one === 'right' ? { pick: one } : { pick: 'value', values: Object.fromEntries(c.fields.map((x) => [x.name, c.fieldPicks![x.name].value])) }
        }
        changed.push(c)
      }
      if (!changed.length) throw new ConfigError(`No open conflict of ${sync.name} waits on ${field}`, { syncId, hint: 'Reload the conflicts: they may have been settled already.' })
      return changed
    })
    for (const c of changed) this.logSettled(c, `kept ${this.sideLabel(sync, side)}'s ${field} (${show(c.fields.find((x) => x.name === field)?.[side] ?? null)})`)
    if (opts.asRule) {
      const policy = side === 'left' ? 'prefer-left' : 'prefer-right'
      await this.config.upsertSync({ ...sync, mapping: sync.mapping.map((m) => (m.name === field ? { ...m, conflictPolicy: policy } : m)) })
      this.emit('changed', 'config')
    }
    this.emit('changed', 'conflicts')
    return changed
  }

  /**
   * Puts settled conflicts of one sync back to waiting, exactly as they were before the
   * settlement (the Undo in the monitor's notice). Without `fields` it undoes a whole
   * settlement (`resolveConflict`): the conflict is open again with its earlier one-by-one
   * picks. With `fields` it undoes `settleField` for those fields: their picks are dropped.
   * `rules` puts back the fields' earlier policies (null: the sync's own) when the
   * settlement also made a rule. Refused as a whole, changing nothing, once a run has
   * written any of the choices: then only undoing that run puts the records back.
   */
  async reopenConflicts(syncId: string, ids: string[], opts: { fields?: string[]; rules?: Record<string, ConflictPolicy | null> } = {}): Promise<Conflict[]> {
    const sync = this.sync(syncId)
    const rules = Object.entries(opts.rules ?? {})
    const unknown = rules.filter(([name]) => !sync.mapping.some((m) => m.name === name)).map(([name]) => name)
    if (unknown.length) throw new ConfigError(`${sync.name} has no field ${unknown.map((u) => `"${u}"`).join(', ')}`, { syncId })
    const reopened = await this.changeState(syncId, (state) => {
      const found = ids.map((id) => state.data.conflicts.find((c) => c.id === id))
      const unsettled = (c: Conflict | undefined) => !c || (opts.fields ? opts.fields.some((f) => !c.fieldPicks?.[f]) : c.status !== 'resolved')
      const written = found.filter(unsettled).length
      if (written) {
        const which = ids.length === 1 ? 'your choice' : written === ids.length ? 'your choices' : `your choice for ${written} of these ${ids.length} records`
        throw new ConfigError(`A run already wrote ${which} to both sides, so it cannot be put back to waiting`, { syncId, hint: `To put the records back as they were, undo that run in ${sync.name}’s history.` })
      }
      return found.map((c) => {
        const now = c!
        now.status = 'open'
        delete now.resolution
        if (opts.fields) {
          const picks = { ...now.fieldPicks }
          for (const f of opts.fields) delete picks[f]
          if (Object.keys(picks).length) now.fieldPicks = picks
          else delete now.fieldPicks
        }
        return structuredClone(now)
      })
    })
    for (const c of reopened) {
      const key = c.leftRecord[sync.match.field] ?? c.rightRecord[sync.match.field]
      this.log.info({ event: 'unsettled', syncId, conflictId: c.id, record: { key: key === null || key === undefined ? undefined : String(key) } }, `Undid the settlement of the conflict on ${key ?? c.id} in ${sync.name}${opts.fields ? ` (${opts.fields.join(', ')})` : ''}: it waits for you again`)
    }
    if (rules.length) {
      const back = new Map(rules)
      await this.config.upsertSync({ ...sync, mapping: sync.mapping.map((m) => (back.has(m.name) ? { ...m, conflictPolicy: back.get(m.name) ?? undefined } : m)) })
      this.emit('changed', 'config')
    }
    this.emit('changed', 'conflicts')
    return reopened
  }

  /**
   * Changes a sync's state for a person's choice (a settled conflict, a failure to retry or
   * dismiss) under the sync's run lock, on the state as it is on disk now. A run, in this or
   * another Patchbay process on the data folder, saves the whole state file: a choice saved in
   * the middle of it would be lost, or would put back the cursors and conflicts the run had
   * saved. A run in progress is waited for (up to 30 seconds). `change` may throw: then
   * nothing is saved.
   */
  private async changeState<T>(syncId: string, change: (state: SyncState) => T): Promise<T> {
    const sync = this.sync(syncId)
    const release = await acquireRunLock(join(syncDir(this.o.home, syncId), 'run.lock'), `“${sync.name}”`, 30_000)
    try {
      const state = await this.state(syncId, true)
      const result = change(state)
      await state.save()
      return result
    } finally {
      await release()
    }
  }

  private changeFailure(syncId: string, id: string, status: 'retry' | 'dismissed'): Promise<void> {
    return this.changeState(syncId, (s) => {
      const now = s.data.failures.find((f) => f.id === id)
      if (!now) throw new ConfigError(`There is no failure "${id}"`, { hint: 'Run `patchbay failures` to list them: a run may have cleared it.' })
      now.status = status
    })
  }

  /** Failures, newest first, for one sync or all. */
  async failures(syncId?: string): Promise<Failure[]> {
    const ids = syncId ? [this.sync(syncId).id] : this.config.listSyncs().map((s) => s.id)
    const all = (await Promise.all(ids.map(async (id) => (await this.state(id)).data.failures))).flat()
    return all.filter((f) => f.status !== 'dismissed').sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt))
  }

  /**
   * "Try this record again": reads, plans and writes that failure's record alone, now, as a run
   * with trigger 'retry'; the rest of the sync waits for its next run. A row of a file that could
   * not be read has no id to read it by: its sync runs whole, as it always did.
   */
  async retryFailure(id: string): Promise<RunResult> {
    const { item } = await this.findIn('failure', id, (s) => s.data.failures)
    await this.changeFailure(item.syncId, id, 'retry')
    return this.runSync(item.syncId, { trigger: 'retry', ...(canRetryAlone(item) ? { only: id } : {}) })
  }

  /** The deletes a sync's last run held for the owner, or null. */
  async waitingDeletes(syncId: string): Promise<HeldDeletes | null> {
    const waiting = await WaitingDeletes.open(syncDir(this.o.home, this.sync(syncId).id))
    // Damaged and repaired on this opening: told like any repaired file (the next run lists again what waits).
    if (waiting.recovery) this.noteRecovery({ ...waiting.recovery, message: `${this.sync(syncId).name}: ${waiting.recovery.message} The next run of this sync lists again any deletes that wait for you.` })
    return waiting.held
  }

  /**
   * "Delete them": runs the sync now, letting through the held deletes the owner was shown
   * (any others the run finds are still guarded).
   */
  async deleteWaiting(syncId: string): Promise<RunResult> {
    const held = await this.waitingDeletes(syncId)
    if (!held) throw new ConfigError('No deletes wait for you on this sync', { syncId, hint: 'They may have been settled already; reload.' })
    this.log.info({ event: 'deletes-allowed', syncId, count: held.items.length }, `Deletes allowed by you for ${this.sync(syncId).name}: ${held.items.map((i) => i.key ?? i.recordId).join(', ')}`)
    return this.runSync(syncId, { trigger: 'manual', allowDeletes: new Set(held.items.map((i) => i.linkId)) })
  }

  /**
   * "Keep them": the records stay where they still are, and the sync stops trying to delete
   * them (their links remember the record is gone on the other side, as when deletes are not
   * propagated). If they come back on that side, the pair syncs again as before.
   */
  async keepWaiting(syncId: string): Promise<number> {
    const sync = this.sync(syncId)
    if (this.isRunning(syncId)) throw new ConfigError('That sync is running; choose once it has finished', { syncId })
    const release = await acquireRunLock(join(syncDir(this.o.home, syncId), 'run.lock'), `“${sync.name}”`)
    try {
      const state = await this.state(syncId, true)
      const waiting = await WaitingDeletes.open(syncDir(this.o.home, syncId))
      const held = waiting.held
      if (!held) throw new ConfigError('No deletes wait for you on this sync', { syncId, hint: 'They may have been settled already; reload.' })
      const changes: LinkChange[] = []
      for (const item of held.items) {
        const link = state.links.get(item.linkId)
        if (link) changes.push({ op: 'put', link: { ...link, gone: item.side === 'left' ? 'right' : 'left' } })
      }
      await state.commitLinks(changes)
      await state.compact()
      await waiting.set(null)
      this.log.info({ event: 'deletes-kept', syncId, count: held.items.length }, `Kept ${count(held.items.length, 'record')} you chose to keep in ${sync.name}; the sync will not delete them: ${held.items.map((i) => i.key ?? i.recordId).join(', ')}`)
      this.emit('changed', 'runs')
      return changes.length
    } finally {
      await release()
    }
  }

  /** Stops retrying a failure: the record stays as it is on both sides. */
  async dismissFailure(id: string): Promise<void> {
    const { item } = await this.findIn('failure', id, (s) => s.data.failures)
    await this.changeFailure(item.syncId, id, 'dismissed')
    this.emit('changed', 'failures')
  }

  /**
   * Undoes a run's writes and records the undo in the history, as an undo (never as a run
   * of the sync). When the undo leaves the two sides different (the run had copied the
   * owner's own edit, which the source still holds), each difference is queued in
   * Conflicts, the sync is paused, and the report's message says so in plain words.
   */
  async undo(runId: string): Promise<UndoReport & { message: string; paused: boolean }> {
    await this.reloadConfig()
    const target = this.runs.get(runId)
    if (!target) throw new ConfigError(`There is no run "${runId}"`, { hint: 'Pick a run from the history.' })
    if (target.dryRun) throw new ConfigError('A preview (dry run) wrote nothing, so there is nothing to undo')
    if (target.undoOf) throw new ConfigError('That entry is an undo; run the sync again to copy the changes once more')
    if (this.isRunning(target.syncId)) throw new ConfigError('That sync is running; undo once it has finished')
    const sync = this.sync(target.syncId)
    // No run of this sync, in this process or another, may write while the undo does.
    const release = await acquireRunLock(join(syncDir(this.o.home, sync.id), 'run.lock'), `“${sync.name}”`)
    const started = this.now().toISOString()
    let report: UndoReport
    let paused = false
    let message: string
    try {
      const [adapters, state] = await Promise.all([this.adapters(sync), this.state(sync.id, true)])
      report = await undoRun(runId, state, adapters, this.now, sync)
      const labels = { left: this.config.getConnection(sync.left.connectionId)?.label ?? 'the left side', right: this.config.getConnection(sync.right.connectionId)?.label ?? 'the right side' }
      if (report.differences.length) {
        paused = sync.enabled
        message = undoMessage(report, labels, true)
        state.data.held = { undoOf: runId, message, at: this.now().toISOString(), disabledSync: paused }
        await state.save()
        if (paused) await this.config.patchSync(sync.id, { enabled: false })
      } else message = undoMessage(report, labels, false)
    } finally {
      await release()
    }
    // Recorded finished in one save, as a run is (see doRun).
    const run: Run = {
      id: newRunId(this.now()), syncId: sync.id, trigger: 'manual', startedAt: started, endedAt: this.now().toISOString(), status: report.failed.length ? 'partial' : 'ok', dryRun: false, undoOf: runId,
      counts: { read: 0, created: 0, updated: report.reverted, deleted: 0, unchanged: report.skipped.length, conflicts: report.differences.filter((d) => d.conflictId).length, failed: report.failed.length }
    }
    await this.runs.start(run)
    const log = { syncId: sync.id, runId: run.id, undoOf: runId }
    this.log.info({ event: 'undo', ...log, reverted: report.reverted, skipped: report.skipped.length, failed: report.failed.length, differences: report.differences.length, paused }, `Undid run ${runId} of ${sync.name}: ${report.reverted} put back, ${report.skipped.length} skipped, ${report.failed.length} could not be put back. ${message}`)
    // Each record by its key, so a search for a contact finds what the undo did to it.
    for (const p of report.putBack) this.log.info({ event: 'undo-record', ...log, record: { side: p.side, id: p.recordId, key: p.key, op: p.op } }, `Undo put back ${p.key ?? p.recordId} in ${this.sideLabel(sync, p.side)}: ${UNDID[p.op]}`)
    for (const k of report.skipped) this.log.info({ event: 'undo-skipped', ...log, record: { side: k.side, id: k.recordId, key: k.key } }, `Undo kept ${k.key ?? k.recordId} in ${this.sideLabel(sync, k.side)}: ${k.reason}`)
    for (const f of report.failed) this.log.warn({ event: 'undo-failed', ...log, record: { side: f.side, id: f.recordId, key: f.key } }, `Undo could not put back ${f.key ?? f.recordId} in ${this.sideLabel(sync, f.side)}: ${f.message}`)
    for (const d of report.differences) this.log.warn({ event: 'undo-difference', ...log, record: { side: d.side, key: d.key, conflictId: d.conflictId } }, `After the undo, ${d.key} differs between the two sides; ${d.conflictId ? `conflict ${d.conflictId} waits for you` : 'the next run copies it again'}`)
    if (paused) this.emit('changed', 'config')
    if (report.differences.length) this.emit('changed', 'conflicts')
    this.emit('changed', 'runs')
    return { ...report, message, paused }
  }

  /** After a real run: an undo's hold and a restore notice are over, and a sync the undo paused runs by itself again. */
  private async afterRealRun(sync: Sync, state: SyncState): Promise<void> {
    const held = state.data.held
    if (!held && !state.data.restored) return
    delete state.data.held
    delete state.data.restored
    await state.save()
    const now = this.config.getSync(sync.id)
    if (held?.disabledSync && now && !now.enabled) {
      await this.config.patchSync(now.id, { enabled: true })
      this.emit('changed', 'config')
    }
  }

  /** Tries a connection's credentials and reach. */
  async testConnection(id: string): Promise<ConnectionTest> {
    this.sessions.delete(id)
    let result: ConnectionTest
    try {
      result = await (await this.session(id)).test()
    } catch (err) {
      const e = toErrorData(err)
      result = { ok: false, message: e.hint ? `${e.message}. ${e.hint}` : e.message }
    }
    const c = this.config.getConnection(id)
    if (c) {
      // The result is kept (non-secret) so the connection never says "connected" after a failed test;
      // a test that gets through proves the credentials work again.
      const lastTest = { ok: result.ok, at: this.now().toISOString(), message: result.message }
      await this.config.patchConnection(c.id, { lastTest, ...(result.ok && c.status === 'needs-reconnect' ? { status: 'ok' as const } : {}) })
      this.emit('changed', 'config')
    }
    return result
  }

  /**
   * Tests a connection that is not saved yet (a new one, or new keys for an existing one),
   * so nothing is kept until it works. The session is thrown away afterwards.
   */
  async tryConnection(connection: ConnectionInput, secrets: Record<string, string>): Promise<ConnectionTest> {
    const connector = this.connectors[connection.system]
    if (!connector) throw new ConfigError(`Patchbay has no connector for "${connection.system}"`, { connectionId: connection.id })
    this.noteSecrets(secrets)
    try {
      const parsed = connectionSchema.parse(connection)
      const session = await connector.open({ connection: parsed, secrets, log: () => undefined, saveSecrets: async () => undefined, noteSignInExpiry: async () => undefined, dataDir: join(this.o.home, 'connections', connection.id) })
      try {
        return await session.test()
      } finally {
        await session.close?.()
      }
    } catch (err) {
      const e = toErrorData(err)
      return { ok: false, message: e.hint ? `${e.message}. ${e.hint}` : e.message }
    }
  }

  /** Removes a connection and its secrets from the keychain. */
  async removeConnection(id: string): Promise<void> {
    await this.config.removeConnection(id)
    await this.o.secrets.remove(id)
    this.sessions.delete(id)
    this.emit('changed', 'config')
  }

  /**
   * Imports connections and syncs from a JSON or YAML file. Every field is checked first
   * and every error names its field; secrets in the file go to the keychain only.
   */
  async importFile(path: string): Promise<{ connections: number; syncs: number }> {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      throw new ConfigError(`Cannot read ${path}`, { hint: 'Check the file name and that you may read it.' })
    }
    let raw: unknown
    try {
      raw = /\.ya?ml$/i.test(path) ? (await import('yaml')).parse(text) : JSON.parse(text)
    } catch (err) {
      throw new ConfigError(`${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(err as Error).message}`)
    }
    const parsed = importSchema.safeParse(raw)
    if (!parsed.success) throw new ConfigError(`${path} has ${parsed.error.issues.length} problem(s):\n  ${describeIssues(parsed.error).join('\n  ')}`)
    // Every check runs before anything is saved: a refused file changes nothing, keychain included.
    const connections = parsed.data.connections.map(({ secrets: _secrets, ...c }) => withDescribedAuth(c))
    const problems = [...this.config.checkMany({ connections, syncs: parsed.data.syncs }), ...connectionProblems(connections, this.connectors)]
    problems.push(...(await describedApiProblems(parsed.data.connections)))
    if (problems.length === 0) {
      const byId = new Map([...this.config.listConnections(), ...connections].map((c) => [c.id, c]))
      problems.push(...(await mappedColumnProblems(parsed.data.syncs, { connectors: this.connectors, connections: byId })))
    }
    // A saved sync changed by the file keeps its links, as in the edit form: so it keeps its two places once it pairs records.
    for (const [i, sync] of (problems.length ? [] : parsed.data.syncs).entries()) {
      const before = this.config.getSync(sync.id)
      const moved = before && (await this.movedWithPairs(before, sync))
      if (moved) problems.push(`syncs[${i}].${moved.side}: “${before.name}” already pairs ${count(moved.paired, 'record')} between its two systems, so its ${moved.side} side cannot change; to sync other systems, import it under a new id`)
    }
    if (problems.length) throw new ConfigError(`${path} has ${problems.length} problem(s), so nothing was imported:\n  ${problems.join('\n  ')}`)
    const secretsBefore = new Map<string, Record<string, string> | null>()
    try {
      for (const { id, secrets } of parsed.data.connections) {
        if (!secrets || !Object.keys(secrets).length) continue
        secretsBefore.set(id, (await this.o.secrets.get(id)) ?? null)
        await this.o.secrets.set(id, secrets)
      }
      await this.config.saveMany({ connections, syncs: parsed.data.syncs }, `The connections and syncs in ${path}`)
    } catch (err) {
      // Put back the keys this import replaced, so a save that failed leaves the keychain as it was.
      for (const [id, before] of secretsBefore) await (before ? this.o.secrets.set(id, before) : this.o.secrets.remove(id)).catch(() => undefined)
      throw err
    }
    for (const c of connections) this.sessions.delete(c.id)
    this.emit('changed', 'config')
    return { connections: parsed.data.connections.length, syncs: parsed.data.syncs.length }
  }

  /** The systems this core has connectors for. */
  connectorList(): Connector[] {
    return Object.values(this.connectors)
  }

  /**
   * Adds or changes a connection. Its secrets go to the keychain only; the session is
   * reopened on next use so new settings take effect.
   */
  async saveConnection(input: ConnectionInput, secrets?: Record<string, string>): Promise<Connection> {
    if (secrets && Object.keys(secrets).length) await this.o.secrets.set(input.id, secrets)
    const saved = await this.config.upsertConnection(input)
    this.sessions.delete(saved.id)
    this.emit('changed', 'config')
    return saved
  }

  /**
   * Records when a connection's sign-in (its OAuth refresh token) runs out, as non-secret
   * metadata (`Connection.signInExpiresAt`). Unlike `saveConnection` it keeps the open
   * session, since connectors call it from inside a token refresh. A move of under an hour
   * is ignored: a rolling expiry then does not rewrite config.json on every refresh, and
   * the alert rules, which warn once per expiry, are not fooled by seconds of jitter.
   */
  async noteSignInExpiry(id: string, expiresAt: number): Promise<void> {
    const c = this.config.getConnection(id)
    if (!c || !Number.isFinite(expiresAt)) return
    const before = c.signInExpiresAt === undefined ? NaN : Date.parse(c.signInExpiresAt)
    if (Math.abs(before - expiresAt) < SIGN_IN_EXPIRY_SLACK_MS) return
    await this.config.patchConnection(c.id, { signInExpiresAt: new Date(expiresAt).toISOString() })
    this.emit('changed', 'config')
  }

  /**
   * Records a vendor's daily API allowance as its last answer stated it
   * (`Connection.apiUsage`), keeping the open session like `noteSignInExpiry`.
   */
  async noteApiUsage(id: string, usage: { used: number; limit: number }): Promise<void> {
    if (!this.config.getConnection(id)) return
    await this.config.patchConnection(id, { apiUsage: { ...usage, at: new Date().toISOString() } })
    this.emit('changed', 'config')
  }

  /**
   * Adds `patch` to a connection's keychain secrets and returns them all; an empty patch
   * only reads them. For sign-ins that keep app keys first and tokens later.
   */
  async updateSecrets(id: string, patch: Record<string, string>): Promise<Record<string, string>> {
    const now = { ...((await this.o.secrets.get(id)) ?? {}), ...patch }
    if (Object.keys(patch).length) {
      await this.o.secrets.set(id, now)
      this.sessions.delete(id)
    }
    this.noteSecrets(now)
    return now
  }

  /**
   * Pauses or resumes a sync, for every front end: the scheduler of any Patchbay process on
   * this data folder follows the saved flag. Resuming a sync that was never turned on turns it on.
   */
  async setPaused(syncId: string, paused: boolean): Promise<Sync> {
    const sync = this.sync(syncId)
    const saved = await this.config.patchSync(syncId, { paused, ...(paused || sync.enabled ? {} : { enabled: true }) })
    this.emit('changed', 'config')
    return saved ?? this.sync(syncId)
  }

  /** Adds or changes a sync; it takes effect from its next run. */
  async saveSync(input: SyncInput): Promise<Sync> {
    const saved = await this.config.upsertSync(input)
    this.emit('changed', 'config')
    return saved
  }

  /**
   * Changes a saved sync (its edit form): schedule, fields, transforms, match key, policies.
   * Waits for a run of it in progress here, which finishes on the settings it started with.
   * Its links, conflicts, failures and history stay: records stay paired by link, not by key,
   * so a new match key or new fields never pair them again or copy them twice. A sync that
   * has paired records keeps its two places: its links name records there.
   */
  async changeSync(input: SyncInput & { id: string }): Promise<Sync> {
    await this.running.get(input.id)?.catch(() => undefined)
    await this.checkChange(input)
    return this.saveSync(input)
  }

  /** Refuses a change of a saved sync its links cannot follow (see `changeSync`), saying what to do. */
  async checkChange(input: Pick<SyncInput, 'left' | 'right' | 'mapping' | 'match'> & { id: string }): Promise<void> {
    const before = this.sync(input.id)
    if (!input.mapping.some((m) => m.name === input.match.field)) {
      throw new ConfigError(`Records are paired by “${input.match.field.replace(/_/g, ' ')}”, which is not one of the synced fields`, { syncId: input.id, hint: 'Pick a synced field, such as email, to pair records by.' })
    }
    const moved = await this.movedWithPairs(before, input)
    if (moved) {
      throw new ConfigError(`“${before.name}” already pairs ${count(moved.paired, 'record')} between its two systems, so they cannot change`, { syncId: input.id, hint: 'Duplicate the sync and choose the other systems in the copy: it pairs records afresh.' })
    }
  }

  /** The first side a change would move to another place while the sync pairs records there (its links name records of both places). */
  private async movedWithPairs(before: Sync, after: Pick<Sync, 'left' | 'right'>): Promise<{ side: Side; paired: number } | undefined> {
    const side = (['left', 'right'] as const).find((s) => before[s].connectionId !== after[s].connectionId || before[s].object !== after[s].object)
    const paired = side ? (await this.state(before.id)).links.size : 0
    return side && paired > 0 ? { side, paired } : undefined
  }

  /** Removes a sync and everything it kept (links, conflicts, failures, journal). Its run history stays. */
  async removeSync(id: string): Promise<void> {
    this.sync(id)
    if (this.isRunning(id)) throw new ConfigError('That sync is running; remove it once it has finished', { syncId: id })
    const state = await this.state(id)
    await this.config.removeSync(id)
    this.states.delete(id)
    await state.destroy()
    this.emit('changed', 'config')
  }

  /** The objects (files, record types) a connection offers, for picking a sync's sides. */
  async connectionObjects(id: string): Promise<string[]> {
    const connector = this.connectors[this.connection(id).system]
    const session = (await this.session(id)) as ConnectorSession & { objectNames?: () => Promise<string[]> }
    return session.objectNames ? session.objectNames() : (connector?.objects ?? [])
  }

  /** The fields one object offers, for mapping suggestions. */
  async connectionFields(id: string, object: string): Promise<FieldInfo[]> {
    return (await this.session(id)).object(object).fields()
  }

  /** Closes connector sessions. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.running.values()])
    for (const s of this.sessions.values()) await s.then((x) => x.close?.()).catch(() => {})
  }
}
