/**
 * The contract between the UI and the core: every call the UI can make (channel name,
 * zod input, result type) and every event it receives. Electron IPC, the preload and the
 * headless HTTP server are all typed from this one file, so a call cannot drift.
 */
import { z } from 'zod'
import type { Conflict, Connection, ConnectionStatus, Direction, Failure, FieldValue, Progress, Run, Sync, Transform, Trigger } from './domain'
import { conflictPolicySchema, fieldValueSchema, newSyncSchema, syncSchema, transformSchema, triggerSchema } from './domain'
import type { CHANNELS } from './channels'

const id = z.string().min(1).max(200)

/** Input schema of every call, by channel ("domain:verb", asked by the UI). */
export const calls = {
  'status:get': z.object({}).strict(),
  'sync:run': z.object({ syncId: id, dryRun: z.boolean().default(false) }).strict(),
  'runs:list': z
    .object({ syncId: id.optional(), limit: z.number().int().min(1).max(500).default(50), status: z.enum(['ok', 'partial', 'failed', 'cancelled', 'undo']).optional() })
    .strict(),
  'run:undo': z.object({ runId: id }).strict(),
  'conflicts:list': z.object({ syncId: id.optional() }).strict(),
  'conflict:resolve': z
    .object({
      id,
      resolution: z.discriminatedUnion('pick', [
        z.object({ pick: z.literal('left') }),
        z.object({ pick: z.literal('right') }),
        z.object({ pick: z.literal('value'), values: z.record(z.string(), fieldValueSchema) })
      ]),
      asRule: z.boolean().default(false)
    })
    .strict(),
  /** Settles one field across a sync's open conflicts, leaving their other fields waiting. */
  'conflicts:settle-field': z
    .object({
      syncId: id,
      field: z.string().min(1).max(200),
      pick: z.enum(['left', 'right']),
      /** Only these conflicts; all of the sync's that wait on the field when left out. */
      ids: z.array(id).max(10_000).optional(),
      asRule: z.boolean().default(false)
    })
    .strict(),
  /** Undoes settlements not yet written: the conflicts wait again exactly as before (the notice's Undo). */
  'conflicts:reopen': z
    .object({
      syncId: id,
      ids: z.array(id).min(1).max(10_000),
      /** Undo only these fields' one-by-one picks (a "settle one field" settlement). */
      fields: z.array(z.string().min(1).max(200)).min(1).max(200).optional(),
      /** The fields' policies before the settlement made a rule; null for the sync's own. */
      rules: z.record(z.string().min(1).max(200), conflictPolicySchema.nullable()).optional()
    })
    .strict(),
  'failures:list': z.object({ syncId: id.optional() }).strict(),
  'failure:retry': z.object({ id }).strict(),
  'failure:dismiss': z.object({ id }).strict(),
  'deletes:allow': z.object({ syncId: id }).strict(),
  'deletes:keep': z.object({ syncId: id }).strict(),
  'connection:test': z.object({ id }).strict(),
  /** The secrets a connection of `system` with these settings needs (a described API's, named in its description). */
  'connection:secret-inputs': z.object({ system: z.string().min(1).max(100), settings: z.record(z.string(), z.string().max(4096)) }).strict(),
  /** Everything the log says happened to one record (an email, a customer id, a payment id), across syncs. */
  'record:story': z.object({ key: z.string().trim().min(1, 'Type an email, a customer id or a payment id.').max(200) }).strict(),
  'logs:query': z
    .object({
      syncId: id.optional(),
      runId: id.optional(),
      level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
      since: z.string().datetime().optional(),
      until: z.string().datetime().optional(),
      text: z.string().max(200).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      before: z.string().max(500).optional()
    })
    .strict(),
  'app:info': z.object({}).strict(),
  'run:get': z.object({ runId: id }).strict(),
  'runs:daily': z.object({ syncId: id.optional(), days: z.number().int().min(1).max(31).default(7) }).strict(),
  'sync:create': z.object({ sync: newSyncSchema }).strict(),
  'sync:update': z.object({ sync: syncSchema }).strict(),
  /** A dry run of a saved sync as the owner is editing it (nothing saved): what the change would do. */
  'sync:preview-edit': z.object({ sync: syncSchema }).strict(),
  'sync:remove': z.object({ id }).strict(),
  'sync:pause': z.object({ id }).strict(),
  'sync:resume': z.object({ id }).strict(),
  'trigger:describe': z.object({ trigger: triggerSchema }).strict(),
  /** What the engine makes of a sample value after each of a field's transforms (the sync form's live example). */
  'transforms:example': z
    .object({ value: fieldValueSchema, transforms: z.array(transformSchema).max(20), field: z.string().min(1).max(200).default('value') })
    .strict(),
  'templates:list': z.object({}).strict(),
  'systems:list': z.object({}).strict(),
  'connections:list': z.object({}).strict(),
  'connection:add': z
    .object({
      system: z.string().min(1).max(100),
      label: z.string().trim().min(1, 'give the connection a name').max(100),
      settings: z.record(z.string(), z.unknown()).default({}),
      /** API keys and tokens: they go to the keychain and nowhere else. */
      secrets: z.record(z.string(), z.string().max(4000)).default({})
    })
    .strict(),
  /**
   * Signing in, whatever the system's auth kind: a new connection (`system`, `label`) or a
   * reconnect / new key for `connectionId`. A key is tested before anything is kept; an OAuth
   * sign-in answers with the address to open (`browser`: a loopback redirect finishes it;
   * `paste-address`: the person pastes back the address they landed on).
   */
  'connection:sign-in-start': z
    .object({
      system: z.string().min(1).max(100).optional(),
      connectionId: id.optional(),
      label: z.string().trim().min(1, 'give the connection a name').max(100).optional(),
      settings: z.record(z.string(), z.unknown()).default({}),
      /** Keys, app keys and tokens: they go to the keychain and nowhere else. */
      secrets: z.record(z.string(), z.string().trim().max(4000)).default({})
    })
    .strict(),
  /** Finishes a started sign-in: waits for the browser (loopback), or reads what was pasted (`pastedAddress`, or a refresh token with its account id). */
  'connection:sign-in-finish': z
    .object({ connectionId: id, fields: z.record(z.string(), z.string().trim().max(4000)).default({}) })
    .strict(),
  /** Gives up a browser sign-in in progress. */
  'connection:sign-in-cancel': z.object({ connectionId: id }).strict(),
  'connection:rename': z.object({ id, label: z.string().trim().min(1, 'give the connection a name').max(100) }).strict(),
  'connection:remove': z.object({ id }).strict(),
  'connection:objects': z.object({ id }).strict(),
  'connection:fields': z.object({ id, object: id }).strict(),
  /** A first look at the file typed into the CSV connection form (only that path is read). */
  'file:peek': z.object({ file: z.string().trim().min(1, 'Type the path of the file.').max(4096) }).strict(),
  'settings:get': z.object({}).strict(),
  'settings:update': z
    .object({
      patch: z
        .object({
          timeZone: z.string().min(1).max(100),
          notifications: z.boolean(),
          startAtLogin: z.boolean(),
          maxConcurrentRuns: z.number().int().min(1).max(16),
          theme: z.enum(['system', 'light', 'dark'])
        })
        .partial()
        .strict()
    })
    .strict()
} as const

/** A channel the UI may call. */
export type Channel = keyof typeof calls

// Compile-time check that channels.ts lists exactly the channels above.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const channelsMatch: Same<Channel, (typeof CHANNELS)[number]> = true
void channelsMatch

/** What the UI passes for a channel (before defaults). */
export type CallInput<C extends Channel> = z.input<(typeof calls)[C]>
/** What a handler receives for a channel (after validation and defaults). */
export type CallArgs<C extends Channel> = z.output<(typeof calls)[C]>

/**
 * A sync's state in the user's words (DESIGN.md §5), worst first: paused (the person chose
 * it), failing, deletes held for the owner's OK, partial, conflicts waiting, running, ok.
 */
export type SyncState = 'ok' | 'running' | 'conflicts' | 'deletes' | 'partial' | 'failing' | 'paused'

/** A sync as the overview shows it. */
export interface SyncCard {
  sync: Sync
  lastRun?: Run
  lastSuccessAt?: string
  openConflicts: number
  openFailures: number
  running: boolean
  /** Plain-language next run ("when you run it", "in 20 seconds"). */
  nextRun: string
  /** ISO time of the next automatic run, when one is planned. */
  nextRunAt?: string
  state: SyncState
  /** One or two sentences saying what the state means and what to do. */
  summary: string
  /** The trigger in plain words: "every 30 seconds", "every day at 00:00 Europe/London". */
  schedule: string
  /** The latest progress of the run in progress. */
  progress?: Progress
  /** Something the owner must know: an undo left the two sides different (the sync is paused), or its damaged state was restored. */
  notice?: string
  /** Deletes held because a run would have deleted too many at once; the owner answers "Delete them" or "Keep them". */
  waitingDeletes?: WaitingDeletesView
}

/** Deletes a run held for the owner: why, and which records would go. */
export interface WaitingDeletesView {
  reason: 'many' | 'empty'
  message: string
  at: string
  items: { linkId: string; side: 'left' | 'right'; recordId: string; key?: string; label: string }[]
}

/** Records synced and errors on one day, for the overview's chart. */
export interface DailyStat {
  /** Local calendar day, yyyy-MM-dd. */
  date: string
  /** Records created, updated or deleted. */
  synced: number
  /** Records that failed, plus runs that failed outright. */
  errors: number
  runs: number
  /** Records created, updated or deleted that day by each sync (by sync id; syncs that moved none are left out). */
  bySync: Record<string, number>
}

/** One transform's result in a live example: the value after it, or why it refused the value. */
/** One value change's output in the form's example; `warning` when the value changed but perhaps not as meant (a phone number from another country). */
export type TransformStep = { ok: true; value: FieldValue; warning?: string } | { ok: false; error: string }

/** One write a dry run would make, as the preview lists it. */
export interface PreviewWrite {
  side: 'left' | 'right'
  op: 'create' | 'update' | 'delete'
  /** The record in words: a payment's amount, customer and date, else its match key (an email) or its id. */
  record: string
  /** The record's match key or id, when `record` names it in words instead. */
  id?: string
  /** `fixed`: a fixed value the sync sets (a field of the side's own; its old value is not read). */
  changes: { field: string; from: FieldValue; to: FieldValue; fixed?: boolean }[]
}

/** A field a template maps, with the names it usually has on each side. */
export interface TemplateField {
  name: string
  label: string
  /** Field names to look for on each side, best first; empty when the side does not hold it. */
  left: string[]
  right: string[]
  fromLeft?: Transform[]
  fromRight?: Transform[]
  /** Changes on the way into each side (HubSpot's opt-out box from the canonical consent). @default [] */
  toLeft?: Transform[]
  toRight?: Transform[]
  /** The field cannot be left out. */
  required?: boolean
}

/** One side of a template: the role in the owner's words ("CRM"), the systems that fit it, and the record type its mapping needs when it needs one. */
export interface TemplateSide {
  role: string
  systems: string[]
  /** Picked for the side when its connection offers it (Stripe `charges`, QuickBooks `documents`); else the connection's first. */
  object?: string
}

/** A ready-made sync for a common job (the seed's scenarios). */
export interface SyncTemplate {
  id: string
  title: string
  /** One sentence a shop owner understands. */
  description: string
  left: TemplateSide
  right: TemplateSide
  direction: Direction
  trigger: Trigger
  conflictPolicy: 'ask' | 'prefer-left' | 'prefer-right' | 'newest'
  deletes: 'propagate' | 'ignore' | 'ask'
  matchField: string
  /** How match keys are compared; ids that are case-sensitive (Stripe's) keep their case. @default ['trim', 'lower'] */
  matchNormalise?: ('trim' | 'lower' | 'digits')[]
  fields: TemplateField[]
}

/** A system Patchbay can connect to, with how to connect it. */
export interface SystemInfo {
  system: string
  label: string
  /** What it is, in a few words: "CRM", "Email marketing". */
  kind: string
  /** How the owner signs in (DESIGN.md §8); the connect wizard follows it. */
  authKind: SignInKind
  /** Where to find the key, step by step, in the vendor's words. */
  instructions: string[]
  /** A vendor help page, opened in the system browser. */
  helpUrl?: string
  /** Settings and secrets the connect form asks for. */
  inputs: { name: string; label: string; secret: boolean; placeholder?: string; help?: string }[]
  /** False until Patchbay has a connector for it. */
  available: boolean
  /** For systems connected through a wizard (QuickBooks): its steps, in the connector's words. */
  wizard?: ConnectWizard
  /** True when the settings decide which secrets it needs (a described API names them in its file): the form asks `connection:secret-inputs`. */
  secretsFromSettings?: boolean
}

/** A step-by-step connection wizard, as data the UI renders. */
export interface ConnectWizard {
  title: string
  /** Why this system needs the steps it does, in plain words. */
  intro: string
  steps: {
    id: string
    title: string
    body: string[]
    inputs?: { name: string; label: string; secret?: boolean; placeholder?: string; help?: string; choices?: { value: string; label: string }[] }[]
    opens?: { label: string; url: string }
  }[]
}

/** How a system is signed in to: a pasted key, a browser sign-in back to 127.0.0.1 (PKCE), the owner's own OAuth app keys, a user name and password, or nothing. */
export type SignInKind = 'api-key' | 'oauth2-pkce-loopback' | 'oauth2-own-app' | 'basic' | 'none'

/** What a connection test said. */
export interface ConnectionTestResult {
  ok: boolean
  accountName?: string
  message: string
}

/** Where a sign-in stands after `connection:sign-in-start`. */
export interface SignInStep {
  connectionId: string
  /** done: the key worked and is kept; browser: open `signInUrl`, the redirect comes back by itself; paste-address: open it and paste back where you landed. */
  step: 'done' | 'browser' | 'paste-address'
  signInUrl?: string
  redirectUri?: string
  /** Set when `step` is done. */
  connection?: Connection
  test?: ConnectionTestResult
}

/** A connection as the Connections view shows it. */
export interface ConnectionCard {
  connection: Connection
  systemLabel: string
  state: ConnectionStatus
  summary: string
  usedBy: { id: string; name: string }[]
  /**
   * When the sign-in (an OAuth refresh token) runs out, for systems that say: whole days
   * left (0 = today, negative = already past) and whether it is close enough to warn
   * ("Sign-in expires in 5 days — Reconnect"). Past it, `state` is 'needs-reconnect'.
   */
  signIn?: { expiresAt: string; daysLeft: number; expiring: boolean }
}

/** App-wide settings. */
export interface AppSettings {
  timeZone: string
  notifications: boolean
  startAtLogin: boolean
  maxConcurrentRuns: number
  /** Light or dark monitor, or whichever the computer uses. */
  theme: 'system' | 'light' | 'dark'
}

/** Where the core runs, for the header and the settings page. */
export interface AppInfo {
  mode: 'desktop' | 'headless'
  demo: boolean
  dataFolder: string
  version: string
  /** Where the demo's sample files are, in the demo workspace. */
  demoFolder?: string
  /** In the demo workspace, when a vendor stand-in could not start: what happened and what stands in for it. */
  demoNotice?: string
  /** Files of the data folder found damaged and repaired (moved aside, a backup restored) since Patchbay started, in words. */
  repairs?: string[]
}

/** A log line as the UI shows it. */
export interface LogLine {
  time: string
  level: 'debug' | 'info' | 'warn' | 'error' | 'fatal'
  msg: string
  syncId?: string
  runId?: string
  event?: string
  /** The record the line is about: which side, what was done, its id and match key, how it went. */
  record?: { side?: 'left' | 'right'; op?: string; id?: string; key?: string; outcome?: string }
  /** The error, as the log keeps it (already redacted). */
  err?: { code: string; message: string; hint?: string }
}

/** Result type of every call. */
export interface CallResults {
  'status:get': SyncCard[]
  'sync:run': {
    run: Run
    summary: { left: { create: number; update: number; delete: number }; right: { create: number; update: number; delete: number }; conflicts: number }
    /** For a dry run: the writes it would make (at most 500), and rows it could not read. */
    preview?: {
      writes: PreviewWrite[]
      more: number
      problems: string[]
      /** Records the sync's filters leave out (`rule` in words: status is “paid”): neither written nor deleted. */
      leftOut?: { count: number; rule: string }
    }
  }
  'runs:list': Run[]
  'run:undo': {
    reverted: number
    skipped: { side: 'left' | 'right'; recordId: string; key?: string; reason: string }[]
    failed: { side: 'left' | 'right'; recordId: string; key?: string; message: string }[]
    /** Records the undo left different on the two sides (each waits in Conflicts, or the next run copies it again). */
    differences: number
    /** True when the undo paused the sync because the sides differ. */
    paused: boolean
    /** What happened and what to do next, in plain words. */
    message: string
  }
  'conflicts:list': Conflict[]
  'conflict:resolve': Conflict
  'conflicts:settle-field': Conflict[]
  'conflicts:reopen': Conflict[]
  'failures:list': Failure[]
  'failure:retry': Run
  'failure:dismiss': { ok: true }
  /** "Delete them": the run that carried out the held deletes. */
  'deletes:allow': Run
  /** "Keep them": how many records the sync now leaves alone. */
  'deletes:keep': { kept: number }
  'connection:test': { ok: boolean; accountName?: string; message: string }
  'logs:query': { entries: LogLine[]; nextCursor?: string }
  'connection:secret-inputs': SystemInfo['inputs']
  /** Newest first; `more` when older lines about it were left out. */
  'record:story': { key: string; lines: LogLine[]; more: boolean }
  'app:info': AppInfo
  'run:get': Run
  'runs:daily': DailyStat[]
  'sync:create': Sync
  'sync:update': Sync
  'sync:preview-edit': CallResults['sync:run']
  'sync:remove': { ok: true }
  'sync:pause': Sync
  'sync:resume': Sync
  'trigger:describe': { text: string }
  'transforms:example': TransformStep[]
  'templates:list': SyncTemplate[]
  'systems:list': SystemInfo[]
  'connections:list': ConnectionCard[]
  'connection:add': Connection
  'connection:rename': Connection
  'connection:sign-in-start': SignInStep
  'connection:sign-in-finish': { connection: Connection; test: ConnectionTestResult }
  'connection:sign-in-cancel': { ok: true }
  'connection:remove': { ok: true }
  'connection:objects': string[]
  'connection:fields': { name: string; label?: string; type?: string }[]
  /** Plain words either way; on success the header's columns and the likely key column. */
  'file:peek': { ok: false; message: string } | { ok: true; message: string; columns: string[]; likelyKey: string | undefined }
  'settings:get': AppSettings
  'settings:update': AppSettings
}

/** Events pushed to the UI ("event:…"). */
export interface Events {
  'event:run-started': Run
  'event:run-progress': { syncId: string; runId: string; progress: Progress }
  'event:run-finished': Run
  'event:changed': { what: 'config' | 'conflicts' | 'failures' | 'runs' }
  /** The tray or a notification asks the UI to show a view. */
  'event:navigate': { view: string }
  /** An alert, by the same rules as the tray's (told once, digests, "recovered"): the headless page shows it as a browser notification. */
  'event:alert': PushedAlert
}

/** An alert as the page receives it (the tray's notification, in data). */
export interface PushedAlert {
  id: string
  kind: string
  title: string
  body: string
  severity: 'info' | 'warning' | 'error'
  /** The view to open when it is clicked, and the sync or connection in it. */
  target: { view: 'overview' | 'conflicts' | 'connections' | 'syncs'; id?: string }
}

/** A failed call as the UI receives it: a fixed code it can switch on, and words for people. */
export interface CallError {
  code: string
  message: string
  hint?: string
}
