/**
 * A drop folder's files: which exports match the pattern, which are still being written,
 * and filing processed ones away in `processed/<date>/`.
 *
 * Crash safety rests on one rule: a file is filed away only once a committed cursor names
 * it (name and sha256). The cursor is committed by the engine after the run that read the
 * file succeeded; the next run files away what it names, before reading anything. So a
 * Patchbay killed after the run's writes but before its commit reads the file again (the
 * engine's links make that a no-op), and one killed after the commit, or in the middle of
 * filing away, finishes the filing on the next run and never reads the file twice. A file
 * that reappears under a processed name with other bytes is a new export and is read.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { ConfigError } from '../../errors'

/** A file the drop folder holds, as listed. */
export interface DroppedFile {
  name: string
  file: string
  size: number
  mtimeMs: number
}

/** A file a run read, as its cursor names it. */
export interface DoneFile {
  name: string
  hash: string
}

const cursorSchema = z.object({ v: z.literal(1), done: z.array(z.object({ name: z.string(), hash: z.string() })) })

/** The cursor of a drop folder: the files the run read, to be filed away once it is committed. */
export function encodeDropCursor(done: DoneFile[]): string {
  return JSON.stringify({ v: 1, done })
}

/** Reads a cursor back; a cursor that is not one is a ConfigError (reset the sync). */
export function decodeDropCursor(cursor: string | null, connectionId?: string): DoneFile[] {
  if (cursor === null) return []
  try {
    return cursorSchema.parse(JSON.parse(cursor)).done
  } catch (err) {
    throw new ConfigError('This sync\'s place in the drop folder cannot be read (it was saved by another kind of connection)', {
      connectionId,
      cause: err,
      hint: 'Reset the sync so it reads the drop folder from the start; exports already filed under processed/ are not read again.'
    })
  }
}

/** A glob (`sales-*.csv`, `export-????.xlsx`) as a regular expression over file names, case-insensitive. */
export function patternRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`, 'i')
}

/** The object a drop folder offers, named after its pattern: `sales-*.csv` → "sales". */
export function dropObjectName(pattern: string): string {
  const base = pattern.replace(/\.[^.*?]*$/, '').replace(/[*?]/g, '').replace(/[-_. ]+$/, '').replace(/^[-_. ]+/, '')
  return base === '' ? 'exports' : base
}

/** The files in `folder` matching `pattern`, oldest first (by time, then name); not Excel's lock files, not hidden ones. */
export async function matchingFiles(folder: string, pattern: string): Promise<DroppedFile[]> {
  const match = patternRegExp(pattern)
  const entries = await readdir(folder, { withFileTypes: true })
  const files: DroppedFile[] = []
  for (const entry of entries) {
    if (!entry.isFile() || !match.test(entry.name) || entry.name.startsWith('.') || entry.name.startsWith('~$')) continue
    const file = path.join(folder, entry.name)
    const s = await stat(file).catch(() => undefined)
    if (s !== undefined) files.push({ name: entry.name, file, size: s.size, mtimeMs: s.mtimeMs })
  }
  return files.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name))
}

/** Days of processed/ looked through for a record asked for by id. */
const FILED_DAYS = 31

/** The exports filed under processed/, newest first (the last `FILED_DAYS` day folders). */
export async function filedExports(folder: string, pattern: string): Promise<DroppedFile[]> {
  const root = path.join(folder, 'processed')
  const days = (await readdir(root).catch(() => [] as string[])).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort().reverse().slice(0, FILED_DAYS)
  const files: DroppedFile[] = []
  for (const day of days) files.push(...(await matchingFiles(path.join(root, day), pattern).catch(() => [])).reverse())
  return files
}

/** sha256 of a file's bytes, or undefined when it is gone. */
export async function hashFile(file: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(file)).digest('hex')
  } catch {
    return undefined
  }
}

/** `processed/2026-12-06` under the drop folder, in this computer's own date. */
export function processedFolder(folder: string, now: Date): string {
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
  return path.join(folder, 'processed', day)
}

/**
 * Files away each done file still in the folder with the same bytes; returns the ones it
 * could not move (they stay in the cursor and are tried again next run) and the names moved.
 */
export async function fileAway(folder: string, done: DoneFile[], now: Date, move: (from: string, to: string) => Promise<void> = moveFile): Promise<{ kept: DoneFile[]; moved: string[] }> {
  const kept: DoneFile[] = []
  const moved: string[] = []
  for (const entry of done) {
    const file = path.join(folder, entry.name)
    // Gone (filed away before a crash, or removed by the owner), or a new export under the same name: nothing to file.
    if ((await hashFile(file)) !== entry.hash) continue
    try {
      const target = processedFolder(folder, now)
      await mkdir(target, { recursive: true })
      await move(file, await freeName(target, entry.name))
      moved.push(entry.name)
    } catch {
      kept.push(entry)
    }
  }
  return { kept, moved }
}

async function moveFile(from: string, to: string): Promise<void> {
  await rename(from, to)
}

/** `name`, or `name (2).csv` and so on when a file of that name was already filed today. */
async function freeName(dir: string, name: string): Promise<string> {
  const ext = path.extname(name)
  const base = name.slice(0, name.length - ext.length)
  for (let n = 1; ; n++) {
    const candidate = path.join(dir, n === 1 ? name : `${base} (${n})${ext}`)
    const taken = await stat(candidate).then(
      () => true,
      () => false
    )
    if (!taken) return candidate
  }
}
