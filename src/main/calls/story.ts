/**
 * A record's story: every log line about one record, across syncs, newest first. The log
 * search matches text anywhere; a story keeps the lines whose record key or id is the one
 * asked for, or whose message names it as a whole word (a CSV row's "could not read 39"),
 * so "39" does not bring back "line 139".
 */
import type { LogLine } from '../../shared/contract'
import type { LogEntry } from '../logs'

/** How many matching lines a story reads at most (newest first). */
export const STORY_LINES = 1000

/** A log entry as the UI receives it. */
export function logLine(e: LogEntry): LogLine {
  return { time: e.time, level: e.level, msg: e.msg, syncId: e.syncId, runId: e.runId, event: e.event, record: e.record, err: e.err }
}

/** True for a log entry about the record known as `key` (case-insensitive). */
export function aboutRecord(key: string): (e: LogEntry) => boolean {
  const k = key.trim().toLowerCase()
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  // Word edges that also hold around emails and ids with dots or dashes in them.
  const word = new RegExp(`(^|[^\\p{L}\\p{N}@._-])${escaped}($|[^\\p{L}\\p{N}@._-]|[.](?![\\p{L}\\p{N}]))`, 'u')
  return (e) => e.record?.key?.toLowerCase() === k || e.record?.id?.toLowerCase() === k || word.test(e.msg.toLowerCase())
}
