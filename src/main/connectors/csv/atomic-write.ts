/**
 * Replaces a file so that a reader (Excel, another sync, a crash half-way) sees either
 * the old content or the new, never a mix: write a temp file beside it, fsync, rename.
 *
 * Not store/atomic-file.ts, which suits Patchbay's own documents but not a user's file:
 * it makes the file 0600 (a CSV shared with colleagues would stop being readable by
 * them), creates a missing folder (we want "the folder is gone" to be an error), reports
 * failures as StoreError, and has no hook between the fsync and the rename, where we
 * check nobody saved the file while we were writing it.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'

export interface AtomicWriteOptions {
  /** Runs after the temp file is on disk and before it replaces the target; throw to abandon the write. */
  beforeRename?: () => Promise<void>
}

/** Writes `data` to `file` atomically, keeping the file's permissions when it exists. */
export async function writeFileAtomic(file: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file)
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => undefined
  )
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666)
    try {
      await handle.writeFile(data)
      if (mode !== undefined) await handle.chmod(mode).catch(() => undefined)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await options.beforeRename?.()
    await renameWithRetry(temp, file)
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined)
    throw err
  }
  await syncFolder(dir)
}

/**
 * On Windows a rename onto a file another program has open for a moment (an antivirus
 * scan, a sync client) fails with EPERM or EBUSY; a short wait usually clears it.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await rename(from, to)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const passing = process.platform === 'win32' && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES')
      if (!passing || attempt >= 5) throw err
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt))
    }
  }
}

/** Makes the rename itself durable; not possible on Windows, where it is skipped. */
async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
  } catch {
    // Best effort: the data is already fsynced; only the rename's durability is at stake.
  }
}
