/**
 * The demo workspace: sample connections and syncs, and a short story played on top so a
 * newcomer sees, within a minute, runs complete, a conflict waiting, a failure to try
 * again and live progress. Where the data comes from (CSV files today, the vendors' fake
 * APIs later) is the `DemoWorkspace`'s business; this file only plays it.
 */
import type { Run } from '../../shared/domain'
import type { App } from '../app'
import type { Automation } from '../automation'
import type { ConnectionInput } from '../store/config'
import type { SyncInput } from '../../shared/domain'

/** What the story may do. */
export interface DemoContext {
  /** Runs a sync now and waits for it. */
  run(syncId: string): Promise<Run>
  pause(syncId: string): Promise<void>
  isRunning(syncId: string): boolean
  openConflicts(syncId: string): Promise<number>
  /** Writes a line in the log, so people can see what the demo did between runs. */
  say(message: string): void
}

/** A demo's connections and syncs, and the edits people make between runs. */
export interface DemoWorkspace {
  /** Where its sample data lives, to show the user. */
  folder: string
  connections: { connection: ConnectionInput; secrets?: Record<string, string> }[]
  syncs: SyncInput[]
  /** Plays once everything is set up: the first runs and the edits that open a conflict. */
  opening(ctx: DemoContext): Promise<void>
  /** Plays every `everyMs`: the edits made during a working day. */
  tick(ctx: DemoContext, n: number): Promise<void>
  everyMs: number
}

/** A demo that is playing. */
export interface PlayingDemo {
  /** Resolves when the opening has played (the first runs are done). */
  opened: Promise<void>
  stop(): void
}

/** Sets the workspace up in `app` and plays its story until stopped. */
export async function playDemo(app: App, auto: Automation, demo: DemoWorkspace): Promise<PlayingDemo> {
  const svc = app.service
  for (const { connection, secrets } of demo.connections) await svc.saveConnection(connection, secrets)
  for (const sync of demo.syncs) await svc.saveSync(sync)
  let stopped = false
  const ctx: DemoContext = {
    run: async (syncId) => (await svc.runSync(syncId, { trigger: 'manual' })).run,
    pause: (syncId) => auto.setPaused(syncId, true),
    isRunning: (syncId) => svc.isRunning(syncId),
    openConflicts: async (syncId) => (await svc.conflicts(syncId)).filter((c) => c.status === 'open').length,
    say: (message) => app.logger.info({ event: 'demo' }, `Demo: ${message}`)
  }
  let timer: NodeJS.Timeout | undefined
  let n = 0
  const next = () => {
    if (stopped) return
    timer = setTimeout(() => {
      demo
        .tick(ctx, n++)
        .catch((err: unknown) => app.logger.warn({ event: 'demo', err }, 'The demo could not make its next edit'))
        .finally(next)
    }, demo.everyMs)
  }
  const opened = demo.opening(ctx).then(next, (err: unknown) => {
    app.logger.error({ event: 'demo', err }, 'The demo could not start its story')
    next()
  })
  return {
    opened,
    stop() {
      stopped = true
      clearTimeout(timer)
    }
  }
}
