/**
 * The demo workspace: sample connections and syncs, and a short story played on top so a
 * newcomer sees, within a minute, runs complete, a conflict waiting, a failure to try
 * again and live progress. Where the data comes from (the vendors' fake APIs, or CSV
 * files standing in for them) is the `DemoWorkspace`'s business; this file only plays it.
 */
import type { Run, SyncInput } from '../../shared/domain'
import type { App } from '../app'
import type { Automation } from '../automation'
import type { FieldInfo } from '../connectors/types'
import type { ConnectionInput } from '../store/config'

/** What the story may do. */
export interface DemoContext {
  /** Runs a sync now and waits for it. */
  run(syncId: string): Promise<Run>
  pause(syncId: string): Promise<void>
  isRunning(syncId: string): boolean
  openConflicts(syncId: string): Promise<number>
  /** Saves a connection again, e.g. with fresh tokens. */
  saveConnection(connection: ConnectionInput, secrets?: Record<string, string>): Promise<void>
  /** Writes a line in the log, so people can see what the demo did between runs. */
  say(message: string): void
  /** True once the demo is stopping: a story should not start anything new. */
  readonly stopped: boolean
}

/** What a workspace may look up while it makes its syncs, as the New sync form does. */
export interface SetupContext {
  /** The fields a connection's object offers (what the form's field pickers list). */
  fields(connectionId: string, object: string): Promise<FieldInfo[]>
  /** The time zone in Settings, which the form puts on schedules. */
  timeZone: string
}

/** A demo's connections and syncs, and the edits people make between runs. */
export interface DemoWorkspace {
  /** Where its sample files live, to show the user. */
  folder: string
  connections: { connection: ConnectionInput; secrets?: Record<string, string> }[]
  /** The syncs, made once the connections are saved (so their fields can be looked up). */
  syncs(setup: SetupContext): Promise<SyncInput[]>
  /** Plays once everything is set up: the first runs and the edits that open a conflict. */
  opening(ctx: DemoContext): Promise<void>
  /** Plays every `everyMs`: the edits made during a working day. */
  tick(ctx: DemoContext, n: number): Promise<void>
  everyMs: number
  /** Stops what the workspace started (the fake APIs); called once no run is going. */
  close?(): Promise<void>
  /** What the demo could not start and what stands in for it, in words for the owner; absent when all is as promised. */
  notice?: string
}

/** A demo that is playing. */
export interface PlayingDemo {
  /** Resolves when the opening has played (the first runs are done). */
  opened: Promise<void>
  /** See `DemoWorkspace.notice`: printed on the console and shown in the app. */
  notice?: string
  /**
   * Stops the story at once; the returned promise resolves when the runs still going have
   * finished and the workspace is closed (the fake APIs stop only after their last call).
   */
  stop(): Promise<void>
}

/** How long `stop()` waits for runs to finish before closing the workspace anyway. */
const STOP_WAIT_MS = 30_000

/** Sets the workspace up in `app` and plays its story until stopped. */
export async function playDemo(app: App, auto: Automation, demo: DemoWorkspace): Promise<PlayingDemo> {
  const svc = app.service
  for (const { connection, secrets } of demo.connections) await svc.saveConnection(connection, secrets)
  const setup: SetupContext = { fields: (id, object) => svc.connectionFields(id, object), timeZone: svc.settings().timeZone }
  for (const sync of await demo.syncs(setup)) await svc.saveSync(sync)
  let stopped = false
  const ctx: DemoContext = {
    run: async (syncId) => (await svc.runSync(syncId, { trigger: 'manual' })).run,
    pause: (syncId) => auto.setPaused(syncId, true),
    isRunning: (syncId) => svc.isRunning(syncId),
    openConflicts: async (syncId) => (await svc.conflicts(syncId)).filter((c) => c.status === 'open').length,
    saveConnection: async (connection, secrets) => void (await svc.saveConnection(connection, secrets)),
    say: (message) => app.logger.info({ event: 'demo' }, `Demo: ${message}`),
    get stopped() {
      return stopped
    }
  }
  let timer: NodeJS.Timeout | undefined
  let n = 0
  let ticking: Promise<void> = Promise.resolve()
  const next = () => {
    if (stopped) return
    timer = setTimeout(() => {
      ticking = demo
        .tick(ctx, n++)
        .catch((err: unknown) => app.logger.warn({ event: 'demo', err }, 'The demo could not make its next edit'))
        .finally(next)
    }, demo.everyMs)
  }
  const opened = demo.opening(ctx).then(next, (err: unknown) => {
    if (stopped) return
    app.logger.error({ event: 'demo', err }, 'The demo could not start its story')
    next()
  })
  return {
    opened,
    notice: demo.notice,
    async stop() {
      stopped = true
      clearTimeout(timer)
      // The fakes answer the runs still going (scheduled or the story's own) before they stop.
      const until = Date.now() + STOP_WAIT_MS
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms).unref())
      await Promise.race([Promise.allSettled([opened, ticking]), pause(STOP_WAIT_MS)])
      while (svc.syncList().some((s) => svc.isRunning(s.id)) && Date.now() < until) await pause(50)
      await demo.close?.().catch((err: unknown) => app.logger.warn({ event: 'demo', err }, 'The demo could not stop its fake APIs'))
    }
  }
}
