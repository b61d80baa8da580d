/**
 * Append-only NDJSON files (logs, journals, write-ahead logs): one JSON object per
 * line. A crash mid-append can only tear the last line, so a damaged last line is
 * expected and skipped; damage anywhere else means something else broke the file.
 */
import { mkdir, open, readFile, truncate } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { StoreError } from '../errors'
import { secretScrubber } from '../logs/redact'
import { fsCode, storeErrorFromFs } from './fs-errors'

/** How to append. */
export interface AppendOptions {
  /** Flush to disk before resolving: for journals and write-ahead logs, not for chatty logs. @default false */
  fsync?: boolean
}

/** What `readLines` found. */
export interface ReadLinesResult<T> {
  items: T[]
  /** The last line was cut off or garbled (a crash mid-append) and was skipped. */
  damagedTail: boolean
}

/**
 * Appends `objects` as lines with a single write call, so a batch lands whole or
 * (after a crash) as a prefix. A torn last line left by an earlier crash is cut off
 * first; otherwise it would end up in the middle of the file and make it unreadable.
 */
export async function appendLines(path: string, objects: readonly unknown[], options: AppendOptions = {}): Promise<void> {
  if (objects.length === 0) return
  // No secret the keychain gave this process reaches a file (journals and link logs included).
  const text = secretScrubber.redactKnown(objects.map((o) => JSON.stringify(o) + '\n').join(''))
  let handle: FileHandle | undefined
  try {
    await mkdir(dirname(path), { recursive: true })
    handle = await open(path, 'a+', 0o600)
    const prefix = await repairTail(handle, path)
    await handle.write(prefix + text)
    if (options.fsync) await handle.sync()
  } catch (err) {
    throw storeErrorFromFs(err, `append to ${basename(path)}`, path)
  } finally {
    await handle?.close()
  }
}

/** Reads every line; a missing file is empty. Damage before the last line is a StoreError naming file and line. */
export async function readLines<T>(path: string): Promise<ReadLinesResult<T>> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return { items: [], damagedTail: false }
    throw storeErrorFromFs(err, `read ${basename(path)}`, path)
  }
  const lines = text.split('\n')
  const last = lastContentLine(lines)
  const items: T[] = []
  for (let i = 0; i <= last; i++) {
    if (lines[i].trim() === '') continue
    try {
      items.push(JSON.parse(lines[i]) as T)
    } catch {
      if (i === last) return { items, damagedTail: true }
      throw new StoreError(`The file ${path} is damaged at line ${i + 1}: it is not readable JSON.`, {
        hint: 'Something other than Patchbay changed this file. Move it aside to let Patchbay start it afresh.'
      })
    }
  }
  return { items, damagedTail: false }
}

/** Empties the file (after its content was folded into a snapshot). A missing file is left missing. */
export async function truncateFile(path: string): Promise<void> {
  try {
    await truncate(path, 0)
  } catch (err) {
    if (fsCode(err) !== 'ENOENT') throw storeErrorFromFs(err, `empty ${basename(path)}`, path)
  }
}

function lastContentLine(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return i
  return -1
}

/**
 * If the file does not end in a newline, its last line was torn by a crash. A torn
 * line that still parses (only the newline was lost) is kept by returning "\n" to
 * write before the batch; anything else is truncated away.
 */
async function repairTail(handle: FileHandle, path: string): Promise<string> {
  const { size } = await handle.stat()
  if (size === 0) return ''
  const lastByte = Buffer.alloc(1)
  await handle.read(lastByte, 0, 1, size - 1)
  if (lastByte[0] === 0x0a) return ''
  const start = await lineStart(handle, size)
  const tail = Buffer.alloc(size - start)
  await handle.read(tail, 0, tail.length, start)
  try {
    JSON.parse(tail.toString('utf8'))
    return '\n'
  } catch {
    // By path, not through the append handle: Windows does not let an append-only handle shorten a file.
    await truncate(path, start)
    return ''
  }
}

/** Offset just after the last newline before `size`, reading backwards in chunks. */
async function lineStart(handle: FileHandle, size: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024)
  let end = size
  while (end > 0) {
    const from = Math.max(0, end - chunk.length)
    const { bytesRead } = await handle.read(chunk, 0, end - from, from)
    const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a)
    if (at !== -1) return from + at + 1
    end = from
  }
  return 0
}
