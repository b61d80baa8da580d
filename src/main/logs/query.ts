/**
 * Pages through the log for the UI, newest first, across the rotated files.
 * Files are read backwards in chunks and only the page is kept, so the first page
 * of a 30 MB log reads the last few kilobytes.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { decodeCursor, encodeCursor, type LogPosition } from './cursor'
import { LEVEL_VALUES, parseLine, type LogEntry, type ParsedLine } from './entry'
import { listLogFiles } from './files'
import { linesBackward } from './reverse-lines'

/** What to show. All criteria must hold. */
export interface LogQuery {
  syncId?: string
  runId?: string
  /** Lowest level shown. */
  level?: 'debug' | 'info' | 'warn' | 'error'
  /** ISO time; entries at or after it. */
  since?: string
  /** ISO time; entries at or before it. */
  until?: string
  /** Case-insensitive part of the message, the record's key or the record's id. */
  text?: string
  /** Entries per page, 1 to 1000. @default 200 */
  limit?: number
  /** `nextCursor` of the previous page; the same criteria must be passed again. */
  before?: string
}

/** One page of entries, newest first. */
export interface LogPage {
  entries: LogEntry[]
  /** Present when older matching entries exist; pass it as `before` for the next page. */
  nextCursor?: string
  /** Lines read for this page that were not log lines (corrupt, cut short); they are left out. */
  skipped: number
}

/** Largest page: the UI virtualises its list, a bigger page only costs memory. */
export const MAX_PAGE = 1000

interface OpenLogFile {
  handle: FileHandle
  index: number
  ino: string
  born: string
  size: number
}

/**
 * Reads one page of the log in `dir`. A missing folder is an empty log. Throws a
 * `RangeError` for a bad limit, time or cursor, which are bugs in the caller. A
 * cursor whose file has since been rotated away yields an empty last page.
 */
export async function queryLogs(dir: string, query: LogQuery = {}): Promise<LogPage> {
  const limit = query.limit ?? 200
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new RangeError(`limit must be 1 to ${MAX_PAGE}, got ${limit}`)
  const sinceMs = isoTime(query.since, 'since')
  const untilMs = isoTime(query.until, 'until')
  const from = query.before === undefined ? undefined : decodeCursor(query.before)
  const matches = matcher(query, untilMs)

  const files = await openAll(dir)
  try {
    const start = from === undefined ? 0 : findFile(files, from)
    const page: LogPage = { entries: [], skipped: 0 }
    if (start < 0) return page
    let last: LogPosition | undefined
    scan: for (let i = start; i < files.length; i++) {
      const file = files[i]
      const end = i === start && from !== undefined ? from.offset : file.size
      for await (const line of linesBackward(file.handle, end)) {
        const parsed = parseLine(line.text)
        if (parsed === null) {
          page.skipped++
          continue
        }
        // Lines are appended in time order, so the first one before `since` ends the search.
        // A clock stepped back by hand could hide a few lines here; reading everything would not be worth it.
        if (sinceMs !== undefined && parsed.timeMs < sinceMs) break scan
        if (!matches(parsed)) continue
        if (page.entries.length === limit) {
          // One more match exists, so there is a next page; it starts after the last entry kept.
          if (last) page.nextCursor = encodeCursor(last)
          break scan
        }
        page.entries.push(parsed.entry)
        last = { ino: file.ino, born: file.born, index: file.index, offset: line.offset }
      }
    }
    return page
  } finally {
    await Promise.all(files.map((file) => file.handle.close()))
  }
}

function isoTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be an ISO time, got ${JSON.stringify(value)}`)
  return ms
}

function matcher(query: LogQuery, untilMs: number | undefined): (line: ParsedLine) => boolean {
  const minLevel = query.level === undefined ? undefined : LEVEL_VALUES[query.level]
  const needle = query.text?.toLowerCase()
  return ({ entry, levelValue, timeMs }) => {
    if (query.syncId !== undefined && entry.syncId !== query.syncId) return false
    if (query.runId !== undefined && entry.runId !== query.runId) return false
    if (minLevel !== undefined && levelValue < minLevel) return false
    if (untilMs !== undefined && timeMs > untilMs) return false
    if (needle) {
      const haystacks = [entry.msg, entry.record?.key, entry.record?.id]
      if (!haystacks.some((text) => text !== undefined && text.toLowerCase().includes(needle))) return false
    }
    return true
  }
}

/**
 * Opens every log file before reading any, so a rotation during the query cannot
 * make one file be read twice or skipped: an open handle follows its file's renames.
 */
async function openAll(dir: string): Promise<OpenLogFile[]> {
  const opened: OpenLogFile[] = []
  for (const { index, path } of await listLogFiles(dir)) {
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (err) {
      // Rotated away between listing and opening: its lines are in the next name or gone.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue
      throw err
    }
    try {
      const stat = await handle.stat({ bigint: true })
      opened.push({ handle, index, ino: stat.ino.toString(), born: stat.birthtimeNs.toString(), size: Number(stat.size) })
    } catch (err) {
      await handle.close()
      throw err
    }
  }
  return opened
}

/** Index in `files` of the file a cursor points into, or -1 once that file is gone. */
function findFile(files: OpenLogFile[], from: LogPosition): number {
  const sameFile = (file: OpenLogFile): boolean => {
    if (from.ino === '0') return file.index === from.index
    return file.ino === from.ino && (from.born === '0' || file.born === from.born)
  }
  // A file never shrinks, so a smaller one with the same inode is a new file that reused it.
  return files.findIndex((file) => sameFile(file) && file.size >= from.offset)
}
