/**
 * The shape of a log line: what callers put in (`LogFields`) and what the UI gets
 * back (`LogEntry`). The file format is pino's NDJSON; this module is the one place
 * that knows how a raw line maps to the friendly shape.
 */
import { z } from 'zod'
import type { Side, WriteOp } from '../../shared/domain'

/** Level names the UI shows; pino's `trace` reads as `debug`. */
export type LogLevelName = 'debug' | 'info' | 'warn' | 'error' | 'fatal'

/** Pino's numeric value for each level name. */
export const LEVEL_VALUES: Readonly<Record<LogLevelName, number>> = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 }

/** The level name for a numeric pino level; unknown numbers fall into the band below them. */
export function levelName(value: number): LogLevelName {
  if (value >= LEVEL_VALUES.fatal) return 'fatal'
  if (value >= LEVEL_VALUES.error) return 'error'
  if (value >= LEVEL_VALUES.warn) return 'warn'
  if (value >= LEVEL_VALUES.info) return 'info'
  return 'debug'
}

/** What a line is about; the UI groups and colours by it. Open to new kinds. */
export type LogEvent = 'run-start' | 'run-end' | 'record' | 'conflict' | 'failure' | 'http' | (string & {})

/** One record a run touched. */
export interface LogRecord {
  side?: Side
  /** A write, or a step that did not write (`read`, `match`, `skip`). */
  op?: WriteOp | 'read' | 'match' | 'skip' | (string & {})
  /** The system's id for the record. */
  id?: string
  /** The match key (an email, an external id), what a person searches by. */
  key?: string
  outcome?: 'ok' | 'unchanged' | 'conflict' | 'failed' | 'skipped' | (string & {})
}

/** An error as the log keeps it: the `ErrorData` code and message, and the hint. */
export interface LogError {
  code: string
  message: string
  hint?: string
}

/**
 * The structured fields a Patchbay log call may carry besides its message. Use
 * `log.info({ event: 'record', record } satisfies LogFields, 'created')`.
 * `err` may be any thrown value; the logger turns it into a `LogError`.
 */
export interface LogFields {
  syncId?: string
  runId?: string
  event?: LogEvent
  record?: LogRecord
  err?: unknown
}

/** One log line, ready for the UI. */
export interface LogEntry {
  /** ISO time the line was written. */
  time: string
  level: LogLevelName
  msg: string
  syncId?: string
  runId?: string
  event?: LogEvent
  record?: LogRecord
  err?: LogError
}

// A field of the wrong type is dropped rather than the line: the rest is still worth showing.
const text = z.string().optional().catch(undefined)
const lineSchema = z.object({
  level: z.number(),
  time: z.number(),
  msg: z.unknown().optional(),
  syncId: text,
  runId: text,
  event: text,
  record: z
    .object({ side: z.enum(['left', 'right']).optional().catch(undefined), op: text, id: text, key: text, outcome: text })
    .optional()
    .catch(undefined),
  err: z.object({ code: z.string(), message: z.string(), hint: text }).optional().catch(undefined)
})

/** A parsed line, with the numeric time kept for filtering before the ISO string is made. */
export interface ParsedLine {
  timeMs: number
  levelValue: number
  entry: LogEntry
}

/** Reads one raw NDJSON line; `null` when it is not a log line (corrupt, cut short, foreign). */
export function parseLine(raw: string): ParsedLine | null {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return null
  }
  const parsed = lineSchema.safeParse(json)
  // Out of Date's range would make toISOString throw; such a line is as good as corrupt.
  if (!parsed.success || Number.isNaN(new Date(parsed.data.time).getTime())) return null
  const { level, time, msg, syncId, runId, event, record, err } = parsed.data
  const entry: LogEntry = { time: new Date(time).toISOString(), level: levelName(level), msg: messageText(msg) }
  if (syncId !== undefined) entry.syncId = syncId
  if (runId !== undefined) entry.runId = runId
  if (event !== undefined) entry.event = event
  if (record !== undefined) entry.record = withoutUndefined(record)
  if (err !== undefined) entry.err = withoutUndefined(err)
  return { timeMs: time, levelValue: level, entry }
}

function messageText(msg: unknown): string {
  if (msg === undefined || msg === null) return ''
  return typeof msg === 'string' ? msg : JSON.stringify(msg)
}

/** Keeps entries small and `toEqual`-friendly: absent fields are absent, not `undefined`. */
function withoutUndefined<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T
}
