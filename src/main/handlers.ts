/**
 * One handler per contract channel. Electron IPC and the headless server both call
 * `handle`, which validates the input against the contract before any handler runs.
 */
import { version } from '../../package.json'
import { calls, type CallArgs, type CallResults, type Channel } from '../shared/contract'
import type { App } from './app'
import type { Automation } from './automation'
import { connectionCards, syncCards } from './calls/cards'
import { secretInputsFor, systemCatalog } from './calls/catalog'
import { dailyStats } from './calls/daily'
import { transformExample } from './calls/examples'
import { LiveRuns } from './calls/live'
import { aboutRecord, logLine, STORY_LINES } from './calls/story'
import { SignIns, type LoopbackSignIn } from './calls/sign-in'
import { createSync, previewOf, renameConnection, updateSync } from './calls/syncs'
import { TEMPLATES } from './calls/templates'
import { peekCsvFile } from './connectors/csv/peek-file'
import { ConfigError } from './errors'
import { scrubSecrets } from './logs/redact'
import { describeTrigger } from './scheduler'
import { describeIssues } from './store/zod-issues'

type Handlers = { [C in Channel]: (args: CallArgs<C>) => Promise<CallResults[C]> }

/** What the handlers know about the front end they serve. */
export interface HandlerContext {
  /** The scheduler and health, once started; pausing needs it. */
  automation?: () => Automation | undefined
  /** @default 'desktop' */
  mode?: 'desktop' | 'headless'
  /** Set in the demo workspace: where its sample files are. */
  demoFolder?: string
  /** In the demo workspace: what could not start and what stands in for it (see `AppInfo.demoNotice`). */
  demoNotice?: () => string | undefined
  /** @default Date.now */
  now?: () => number
  /** Intuit's token endpoint for the QuickBooks wizard; tests point it at the fake. @default Intuit's */
  intuitTokenUrl?: string
  /** Salesforce's loopback callback port (tests: 0, any free one). @default 1717 */
  salesforcePort?: number
  /** Browser sign-ins (OAuth 2 + PKCE on a loopback redirect) by system; tests point one at a stand-in authorization server. */
  loopback?: Record<string, LoopbackSignIn>
}

/** Builds the handlers over a booted core. */
export function makeHandlers(app: App, ctx: HandlerContext = {}): Handlers {
  const s = app.service
  const live = new LiveRuns(s)
  const signIns = new SignIns(app, { intuitTokenUrl: ctx.intuitTokenUrl, loopback: ctx.loopback, now: ctx.now, salesforcePort: ctx.salesforcePort })
  const now = ctx.now ?? Date.now
  const auto = () => ctx.automation?.()
  // Saved through the service, so the scheduler here and in any other process follows.
  const setPaused = async (id: string, paused: boolean) => s.setPaused(id, paused)
  return {
    'status:get': async () => syncCards(app, auto(), live, now()),
    'sync:run': async ({ syncId, dryRun }) => {
      const { run, plan } = await s.runSync(syncId, { dryRun, trigger: 'manual' })
      return { run, summary: plan.summary, preview: dryRun ? previewOf(plan, app.service.sync(syncId)) : undefined }
    },
    'runs:list': async ({ syncId, limit, status }) => s.runList({ syncId, limit, status }),
    'run:get': async ({ runId }) => s.runInfo(runId),
    'runs:daily': async ({ syncId, days }) => dailyStats(s.runList({ syncId, limit: 2000 }), days, now(), s.settings().timeZone),
    'run:undo': async ({ runId }) => {
      const r = await s.undo(runId)
      return { reverted: r.reverted, skipped: r.skipped, failed: r.failed, differences: r.differences.length, paused: r.paused, message: r.message }
    },
    'conflicts:list': async ({ syncId }) => s.conflicts(syncId),
    'conflict:resolve': async ({ id, resolution, asRule }) => s.resolveConflict(id, resolution, { asRule }),
    'conflicts:settle-field': async ({ syncId, field, pick, ids, asRule }) => s.settleField(syncId, field, pick, { ids, asRule }),
    'conflicts:reopen': async ({ syncId, ids, fields, rules }) => s.reopenConflicts(syncId, ids, { fields, rules }),
    'failures:list': async ({ syncId }) => s.failures(syncId),
    'failure:retry': async ({ id }) => (await s.retryFailure(id)).run,
    'failure:dismiss': async ({ id }) => {
      await s.dismissFailure(id)
      return { ok: true as const }
    },
    'deletes:allow': async ({ syncId }) => (await s.deleteWaiting(syncId)).run,
    'deletes:keep': async ({ syncId }) => ({ kept: await s.keepWaiting(syncId) }),
    'connection:test': async ({ id }) => s.testConnection(id),
    'file:peek': async ({ file }) => peekCsvFile(file),
    'logs:query': async (q) => {
      const page = await app.queryLogs(q)
      return { entries: page.entries.map(logLine), nextCursor: page.nextCursor }
    },
    'connection:secret-inputs': async ({ system, settings }) => (await secretInputsFor(system, settings)) ?? [],
    'record:story': async ({ key }) => {
      const page = await app.queryLogs({ text: key, limit: STORY_LINES })
      const about = aboutRecord(key)
      return { key, lines: page.entries.filter(about).map(logLine), more: page.nextCursor !== undefined }
    },
    'app:info': async () => ({ mode: ctx.mode ?? 'desktop', demo: ctx.demoFolder !== undefined, dataFolder: app.home, version, demoFolder: ctx.demoFolder, demoNotice: ctx.demoNotice?.(), repairs: s.recoveryNotices().map((n) => n.message) }),
    'sync:create': async (args) => createSync(app, args),
    'sync:update': async (args) => updateSync(app, args),
    'sync:preview-edit': async ({ sync }) => {
      // A change the save would refuse is not previewed either: its plan would mislead.
      await s.checkChange(sync)
      const { run, plan } = await s.runSync(sync.id, { dryRun: true, trigger: 'manual', draft: sync })
      return { run, summary: plan.summary, preview: previewOf(plan, sync) }
    },
    'sync:remove': async ({ id }) => {
      await s.removeSync(id)
      return { ok: true as const }
    },
    'sync:pause': async ({ id }) => setPaused(id, true),
    'sync:resume': async ({ id }) => setPaused(id, false),
    'trigger:describe': async ({ trigger }) => ({ text: describeTrigger(trigger, now()) }),
    'transforms:example': async ({ value, transforms, field }) => transformExample(value, transforms, field),
    'templates:list': async () => TEMPLATES,
    'systems:list': async () => systemCatalog(new Set(s.connectorList().map((c) => c.system))),
    'connections:list': async () => connectionCards(app, now()),
    // Adding with a key is the sign-in's first (and only) step: tested before it is kept.
    'connection:add': async ({ system, label, settings, secrets }) => {
      if (signIns.kindOf(system).startsWith('oauth2')) throw new ConfigError(`Connect ${label} through its sign-in`, { hint: 'Under Connections › Add a connection, pick the system and follow its steps.' })
      return (await signIns.start({ system, label, settings, secrets })).connection!
    },
    'connection:rename': async (args) => renameConnection(app, args),
    'connection:sign-in-start': async (args) => signIns.start(args),
    'connection:sign-in-finish': async (args) => signIns.finish(args),
    'connection:sign-in-cancel': async ({ connectionId }) => {
      signIns.cancel(connectionId)
      return { ok: true as const }
    },
    'connection:remove': async ({ id }) => {
      await s.removeConnection(id)
      return { ok: true as const }
    },
    'connection:objects': async ({ id }) => s.connectionObjects(id),
    'connection:fields': async ({ id, object }) => s.connectionFields(id, object),
    'settings:get': async () => s.settings(),
    'settings:update': async ({ patch }) => s.updateSettings(patch)
  }
}

/** Validates `payload` for `channel` and runs its handler; unknown channels and bad input are ConfigErrors. */
export async function handle(handlers: Handlers, channel: string, payload: unknown): Promise<unknown> {
  if (!Object.hasOwn(calls, channel)) throw new ConfigError(`Unknown call "${channel}"`)
  const c = channel as Channel
  const parsed = calls[c].safeParse(payload ?? {})
  if (!parsed.success) throw new ConfigError(`Bad input for ${c}: ${describeIssues(parsed.error).join('; ')}`)
  // Answers leave scrubbed of secrets, whatever the handler read them from.
  return scrubSecrets(await (handlers[c] as (a: unknown) => Promise<unknown>)(parsed.data))
}
