/**
 * One handler per contract channel. Electron IPC and the headless server both call
 * `handle`, which validates the input against the contract before any handler runs.
 */
import { calls, type CallArgs, type CallResults, type Channel } from '../shared/contract'
import type { App } from './app'
import { ConfigError } from './errors'
import { describeIssues } from './store/zod-issues'

type Handlers = { [C in Channel]: (args: CallArgs<C>) => Promise<CallResults[C]> }

/** Builds the handlers over a booted core. */
export function makeHandlers(app: App): Handlers {
  const s = app.service
  return {
    'status:get': async () => (await s.status()).map((r) => ({ ...r, nextRun: app.nextRun(r.sync.id) })),
    'sync:run': async ({ syncId, dryRun }) => {
      const { run, plan } = await s.runSync(syncId, { dryRun, trigger: 'manual' })
      return { run, summary: plan.summary }
    },
    'runs:list': async ({ syncId, limit }) => s.runs.list({ syncId, limit }),
    'run:undo': async ({ runId }) => {
      const r = await s.undo(runId)
      return { reverted: r.reverted, skipped: r.skipped, failed: r.failed }
    },
    'conflicts:list': async ({ syncId }) => s.conflicts(syncId),
    'conflict:resolve': async ({ id, resolution, asRule }) => s.resolveConflict(id, resolution, { asRule }),
    'failures:list': async ({ syncId }) => s.failures(syncId),
    'failure:retry': async ({ id }) => (await s.retryFailure(id)).run,
    'failure:dismiss': async ({ id }) => {
      await s.dismissFailure(id)
      return { ok: true as const }
    },
    'connection:test': async ({ id }) => s.testConnection(id),
    'logs:query': async (q) => {
      const page = await app.queryLogs(q)
      return { entries: page.entries.map((e) => ({ time: e.time, level: e.level, msg: e.msg, syncId: e.syncId, runId: e.runId, event: e.event })), nextCursor: page.nextCursor }
    }
  }
}

/** Validates `payload` for `channel` and runs its handler; unknown channels and bad input are ConfigErrors. */
export async function handle(handlers: Handlers, channel: string, payload: unknown): Promise<unknown> {
  if (!Object.hasOwn(calls, channel)) throw new ConfigError(`Unknown call "${channel}"`)
  const c = channel as Channel
  const parsed = calls[c].safeParse(payload ?? {})
  if (!parsed.success) throw new ConfigError(`Bad input for ${c}: ${describeIssues(parsed.error).join('; ')}`)
  return (handlers[c] as (a: unknown) => Promise<unknown>)(parsed.data)
}
