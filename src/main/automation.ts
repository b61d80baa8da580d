/**
 * What makes Patchbay a monitor rather than a script: the scheduler runs syncs by
 * themselves, health is worked out after every run, and alert decisions turn health
 * changes into notifications. Used by the desktop app and `patchbay serve`; the CLI
 * runs one sync and leaves.
 */
import { EventEmitter } from 'node:events'
import { join } from 'node:path'
import { z } from 'zod'
import type { App } from './app'
import { alertMemorySchema, apiUsageOf, connectionHealth, decideAlerts, signInExpiry, emptyAlertMemory, emptySnapshot, syncHealth, worstState, type Alert, type AlertMemory, type HealthSnapshot, type SyncHealth, type ConnectionHealth } from './health'
import { describeTrigger, realClock, Scheduler, type Clock, type SchedulerTrigger } from './scheduler'
import { openDocument, type StoreDocument } from './store/document'

type AutomationState = { lastFiredAt: Record<string, number>; paused: string[]; alertMemory: AlertMemory }
// Every part is checked when the file is read, so a damaged value is caught on opening and told plainly.
const stateSchema: z.ZodType<AutomationState> = z.object({ lastFiredAt: z.record(z.string(), z.number()), paused: z.array(z.string()), alertMemory: alertMemorySchema })

/** Events of the automation layer. */
export interface AutomationEvents {
  alert: [alert: Alert]
  health: [h: { syncs: SyncHealth[]; connections: ConnectionHealth[]; tray: ReturnType<typeof worstState> }]
}

/** The running scheduler, health and alerts. */
export class Automation extends EventEmitter<AutomationEvents> {
  private snapshot: HealthSnapshot = emptySnapshot()
  private tick?: ReturnType<Clock['setTimeout']>
  online = true

  private constructor(private readonly app: App, private readonly doc: StoreDocument<AutomationState>, readonly scheduler: Scheduler, private readonly clock: Clock) {
    super()
  }

  /** Starts scheduling the app's syncs; catches up on runs missed while the app was closed. */
  static async start(app: App, opts: { clock?: Clock; maxConcurrent?: number } = {}): Promise<Automation> {
    const clock = opts.clock ?? realClock
    const { doc, recovery } = await openDocument<AutomationState>({
      path: join(app.home, 'automation.json'),
      schema: stateSchema,
      version: 1,
      defaults: () => ({ lastFiredAt: {}, paused: [], alertMemory: emptyAlertMemory() }),
      label: 'the schedule (when each sync last ran by itself, and which alerts were given)'
    })
    const svc = app.service
    // A damaged file was moved aside and a backup put back: logged, and told by every front end as the service's own files are.
    if (recovery) svc.noteRecovery(recovery)
    const ref: { self?: Automation } = {}
    const scheduler = new Scheduler({
      syncs: svc.syncList(),
      clock,
      maxConcurrent: opts.maxConcurrent ?? svc.settings().maxConcurrentRuns ?? 2,
      runSync: async (syncId, trigger: SchedulerTrigger) => {
        await svc.runSync(syncId, { trigger })
      },
      canStart: (syncId) => {
        const sync = svc.findSync(syncId)
        if (!sync) return { ok: false, reason: 'the sync was removed' }
        for (const side of [sync.left, sync.right]) {
          const c = svc.findConnection(side.connectionId)
          if (c?.status === 'needs-reconnect') return { ok: false, reason: `${c.label} needs reconnecting` }
        }
        return { ok: true }
      },
      recordSkipped: (syncId, reason, at) => ref.self?.track(ref.self.recordSkipped(syncId, reason, at)),
      state: {
        get: (id) => doc.data.lastFiredAt[id],
        set: (id, t) => {
          doc.data.lastFiredAt[id] = t
          // Merged into the file as it is now: another Patchbay process (the app beside `serve`) saves it too.
          void doc.update((d) => void (d.lastFiredAt[id] = t)).catch((err: unknown) => app.logger.error({ event: 'schedule', syncId: id, err }, 'Could not save when the sync last ran'))
        }
      },
      onConfigError: (e) => app.logger.error({ event: 'schedule', err: e }, e.message),
      onRunError: (id, e) => app.logger.error({ event: 'schedule', syncId: id, err: e }, `Scheduled run of ${id} failed to start`)
    })
    const a = new Automation(app, doc, scheduler, clock)
    ref.self = a
    // Pauses live in config now (every process sees them); ones this file kept from before move there once.
    for (const id of doc.data.paused) if (svc.findSync(id) && !svc.findSync(id)!.paused) await svc.setPaused(id, true)
    if (doc.data.paused.length) await doc.update((d) => void (d.paused = []))
    const followPauses = () => {
      for (const s of svc.syncList()) {
        if (s.paused && !scheduler.isPaused(s.id)) scheduler.pause(s.id)
        else if (!s.paused && scheduler.isPaused(s.id)) scheduler.unpause(s.id)
      }
    }
    followPauses()
    svc.on('changed', (what) => {
      if (what !== 'config') return
      scheduler.setSyncs(svc.syncList())
      // A pause or resume from the CLI or another window reaches this scheduler through config.
      followPauses()
    })
    svc.on('run-finished', () => void a.refresh())
    svc.on('changed', (what) => {
      // 'config' too: a reconnect or a newly learnt sign-in expiry changes a connection's health.
      if (what === 'conflicts' || what === 'failures' || what === 'config') void a.refresh()
    })
    scheduler.start()
    await a.refresh()
    a.every(60_000)
    return a
  }

  private readonly pending = new Set<Promise<unknown>>()

  /** Keeps a background write in view so `settled()` can wait for it. */
  private track(p: Promise<unknown>): void {
    this.pending.add(p)
    void p.finally(() => this.pending.delete(p))
  }

  /** Resolves once no run is going and every background record is written. */
  async settled(): Promise<void> {
    await this.scheduler.whenIdle()
    await Promise.all([...this.pending])
    await this.refreshing
  }

  private every(ms: number): void {
    this.tick = this.clock.setTimeout(() => {
      void this.refresh().finally(() => this.every(ms))
    }, ms)
  }

  /** Records a scheduled run that could not start, with its reason, in the run history. */
  private async recordSkipped(syncId: string, reason: string, at: number): Promise<void> {
    try {
      await this.app.service.recordSkippedRun(syncId, reason, at)
    } catch (err) {
      this.app.logger.error({ event: 'run-skipped', syncId, err }, 'Could not record a skipped run')
    }
  }

  /** Plain-language next run of a sync, e.g. "every day at 00:00 Europe/London — next: tomorrow 00:00". */
  nextRun(syncId: string): string {
    const sync = this.app.service.findSync(syncId)
    if (!sync) return ''
    if (this.scheduler.isPaused(syncId)) return 'paused'
    return describeTrigger(sync.trigger, this.clock.now())
  }

  /** Pauses or resumes one sync (kept across restarts). */
  async setPaused(syncId: string, paused: boolean): Promise<void> {
    // Saved through the service; the config change moves the scheduler (see `start`).
    await this.app.service.setPaused(syncId, paused)
    await this.refresh()
  }

  /** The machine woke up: run what was missed, once. */
  resume(): void {
    this.scheduler.resume()
  }

  /** Holds runs while offline and releases them when back. */
  setOnline(online: boolean): void {
    this.online = online
    this.scheduler.setOnline(online)
  }

  private refreshing: Promise<void> = Promise.resolve()

  /** Works out health, emits it, and emits any alert the change calls for. One at a time, in order. */
  refresh(): Promise<void> {
    const next = this.refreshing.then(() => this.doRefresh())
    this.refreshing = next.catch((err: unknown) => this.app.logger.error({ event: 'health', err }, 'Could not work out health'))
    return next
  }

  private async doRefresh(): Promise<void> {
    const svc = this.app.service
    const now = this.clock.now()
    const syncs: SyncHealth[] = []
    for (const s of await svc.status()) {
      syncs.push(syncHealth({
        sync: s.sync, paused: this.scheduler.isPaused(s.sync.id), running: s.running,
        lastRuns: svc.runList({ syncId: s.sync.id, limit: 10 }), openConflicts: s.openConflicts, openFailures: s.openFailures,
        nextRun: this.scheduler.nextRun(s.sync.id), notice: s.notice, waitingDeletes: s.waitingDeletes
      }))
    }
    const connections = svc.connectionList().map((c) => {
      const errors = svc.runList({ limit: 50 }).filter((r) => r.error && [svc.findSync(r.syncId)?.left.connectionId, svc.findSync(r.syncId)?.right.connectionId].includes(c.id))
      return connectionHealth({
        connection: c, now, rateLimit: null, apiUsage: apiUsageOf(c, now), needsReconnect: c.status === 'needs-reconnect', refreshTokenExpiresAt: signInExpiry(c),
        recentErrors: errors.map((r) => ({ code: r.error!.code as never, at: Date.parse(r.endedAt ?? r.startedAt) }))
      })
    })
    const next: HealthSnapshot = { syncs, connections }
    const { alerts, memory } = decideAlerts(this.snapshot, next, now, this.doc.data.alertMemory ?? emptyAlertMemory())
    this.snapshot = next
    this.doc.data.alertMemory = memory
    this.emit('health', { syncs, connections, tray: worstState({ syncs, connections }) })
    for (const alert of alerts) {
      this.app.logger.info({ event: 'alert', kind: alert.kind }, `${alert.title}: ${alert.body}`)
      this.emit('alert', alert)
    }
    // Remembered on disk so a restart does not repeat an alert already given.
    if (alerts.length) await this.doc.update((d) => void (d.alertMemory = memory))
  }

  /** Stops timers. */
  stop(): void {
    this.scheduler.stop()
    if (this.tick) this.clock.clearTimeout(this.tick)
  }
}
