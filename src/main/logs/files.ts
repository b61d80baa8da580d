/**
 * Where the log lives on disk. The writer and the query agree on names here and
 * nowhere else: `patchbay.ndjson` is written to, `patchbay.1.ndjson` is the newest
 * rotated file, higher numbers are older.
 */
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

const BASE = 'patchbay'
const NAME = /^patchbay(?:\.([1-9]\d*))?\.ndjson$/

/** File name of the log at `index`: 0 is the file being written, 1 the newest rotated one. */
export function logFileName(index: number): string {
  return index === 0 ? `${BASE}.ndjson` : `${BASE}.${index}.ndjson`
}

/** One log file found in a folder. */
export interface LogFile {
  /** 0 for the file being written, then 1, 2, ... from newest to oldest. */
  index: number
  path: string
}

/**
 * The log files in `dir`, newest first. A missing folder is an empty log, not an
 * error: nothing has been logged yet.
 */
export async function listLogFiles(dir: string): Promise<LogFile[]> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  return logFilesIn(dir, names)
}

/** The log files among `names` (a listing of `dir`), newest first. */
export function logFilesIn(dir: string, names: readonly string[]): LogFile[] {
  const files: LogFile[] = []
  for (const name of names) {
    const match = NAME.exec(name)
    if (match) files.push({ index: match[1] === undefined ? 0 : Number(match[1]), path: join(dir, name) })
  }
  return files.sort((a, b) => a.index - b.index)
}
