/**
 * The contract between the UI and the core: every call the UI can make (channel name,
 * zod input, result type) and every event it receives. Electron IPC, the preload and the
 * headless HTTP server are all typed from this one file, so a call cannot drift.
 */
import { z } from 'zod'
import type { Conflict, Failure, Run, Sync } from './domain'
import { fieldValueSchema } from './domain'
import type { CHANNELS } from './channels'

const id = z.string().min(1).max(200)

/** Input schema of every call, by channel ("domain:verb", asked by the UI). */
export const calls = {
  'status:get': z.object({}).strict(),
  'sync:run': z.object({ syncId: id, dryRun: z.boolean().default(false) }).strict(),
  'runs:list': z.object({ syncId: id.optional(), limit: z.number().int().min(1).max(500).default(50) }).strict(),
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
  'failures:list': z.object({ syncId: id.optional() }).strict(),
  'failure:retry': z.object({ id }).strict(),
  'failure:dismiss': z.object({ id }).strict(),
  'connection:test': z.object({ id }).strict(),
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

/** A sync as the overview shows it. */
export interface SyncCard {
  sync: Sync
  lastRun?: Run
  lastSuccessAt?: string
  openConflicts: number
  openFailures: number
  running: boolean
  nextRun: string
}

/** A log line as the UI shows it. */
export interface LogLine {
  time: string
  level: 'debug' | 'info' | 'warn' | 'error' | 'fatal'
  msg: string
  syncId?: string
  runId?: string
  event?: string
}

/** Result type of every call. */
export interface CallResults {
  'status:get': SyncCard[]
  'sync:run': { run: Run; summary: { left: { create: number; update: number; delete: number }; right: { create: number; update: number; delete: number }; conflicts: number } }
  'runs:list': Run[]
  'run:undo': { reverted: number; skipped: { side: 'left' | 'right'; recordId: string; reason: string }[]; failed: { side: 'left' | 'right'; recordId: string; message: string }[] }
  'conflicts:list': Conflict[]
  'conflict:resolve': Conflict
  'failures:list': Failure[]
  'failure:retry': Run
  'failure:dismiss': { ok: true }
  'connection:test': { ok: boolean; accountName?: string; message: string }
  'logs:query': { entries: LogLine[]; nextCursor?: string }
}

/** Events pushed to the UI ("event:…"). */
export interface Events {
  'event:run-progress': { syncId: string; runId: string; progress: import('./domain').Progress }
  'event:run-finished': Run
  'event:changed': { what: 'config' | 'conflicts' | 'failures' | 'runs' }
  /** The tray or a notification asks the UI to show a view. */
  'event:navigate': { view: string }
}

/** A failed call as the UI receives it: a fixed code it can switch on, and words for people. */
export interface CallError {
  code: string
  message: string
  hint?: string
}
