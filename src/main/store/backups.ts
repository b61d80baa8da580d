/**
 * Rotating backups of a document: `<name>.bak1` is the newest, `<name>.bakN` the oldest.
 * They are hard links to files Patchbay already wrote, so keeping one costs no copying
 * and no re-serialising, and every backup is byte-for-byte a file that once opened fine.
 */
import { copyFile, link, rename, stat, unlink } from 'node:fs/promises'
import { fsCode } from './fs-errors'

/** Paths of the backups of `path`, newest first. */
export function backupPaths(path: string, count: number): string[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => `${path}.bak${i + 1}`)
}

/**
 * Shifts every backup one place older (dropping the oldest) and keeps the current
 * file as `.bak1`. Does nothing when the file does not exist yet.
 */
export async function rotateBackups(path: string, count: number): Promise<void> {
  if (count <= 0 || !(await exists(path))) return
  const paths = backupPaths(path, count)
  for (let i = paths.length - 1; i > 0; i--) {
    await rename(paths[i - 1], paths[i]).catch(ignoreMissing)
  }
  await keepCopy(path, paths[0])
}

/**
 * Gives `from` a second name `to`, replacing whatever `to` was. A hard link is instant
 * and, because Patchbay replaces files by rename rather than rewriting them in place,
 * the link keeps the old bytes after the next save. Falls back to a copy where the
 * file system has no hard links (FAT, some network shares). Returns false if `from` is missing.
 */
export async function keepCopy(from: string, to: string): Promise<boolean> {
  await unlink(to).catch(ignoreMissing)
  try {
    await link(from, to)
    return true
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return false
  }
  try {
    await copyFile(from, to)
    return true
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return false
    throw err
  }
}

/** Whether a file exists at `path`. */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return false
    throw err
  }
}

function ignoreMissing(err: unknown): void {
  if (fsCode(err) !== 'ENOENT') throw err
}
