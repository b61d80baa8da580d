/**
 * Whole-file writes that a crash cannot tear: a reader sees either the old content or
 * the new one, never a mix, whether Patchbay is killed or the machine loses power.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fsCode, storeErrorFromFs } from './fs-errors'

const isWindows = process.platform === 'win32'

/** Writes `data` to `path` via a temp file in the same folder, fsync and rename. Creates the folder if missing. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await mkdir(dir, { recursive: true })
    // 0o600: the data folder describes the user's business accounts; other local users have no reason to read it.
    const handle = await open(temp, 'wx', 0o600)
    try {
      await handle.writeFile(data)
      // Without this the rename can reach the disk before the bytes do, and a power cut leaves an empty file.
      await handle.sync()
    } finally {
      await handle.close()
    }
    await renameOver(temp, path)
    // The rename lives in the folder's entry table; until that is flushed a power cut can bring back the old name.
    await fsyncFolder(dir)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw storeErrorFromFs(err, `save ${basename(path)}`, path)
  }
}

/** Told of each leftover temp file removed; `openApp` points it at the log. */
let leftoverReporter: ((file: string) => void) | undefined

/** Sets (or with undefined, clears) who is told when a killed writer's temp file is removed. */
export function reportRemovedLeftovers(reporter: ((file: string) => void) | undefined): void {
  leftoverReporter = reporter
}

/**
 * Deletes temp files left next to `path` by writers that were killed mid-save.
 * A temp file of a process that is still alive is left alone: it may be mid-write.
 */
export async function removeStaleTempFiles(path: string): Promise<void> {
  const dir = dirname(path)
  const prefix = `.${basename(path)}.`
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue
    const pid = Number(name.slice(prefix.length).split('.')[0])
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue
    const removed = await unlink(join(dir, name)).then(() => true, () => false)
    if (removed) leftoverReporter?.(join(dir, name))
  }
}

/** True while a process with this id runs (ours or someone else's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return fsCode(err) === 'EPERM'
  }
}

async function renameOver(from: string, to: string): Promise<void> {
  // Windows refuses to replace a file that a virus scanner or indexer has open for a moment; it clears quickly.
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to)
    } catch (err) {
      const busy = ['EPERM', 'EACCES', 'EBUSY'].includes(fsCode(err) ?? '')
      if (!isWindows || !busy || attempt >= 9) throw err
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)))
    }
  }
}

async function fsyncFolder(dir: string): Promise<void> {
  // Windows cannot open a folder as a file, and NTFS journals the rename itself.
  if (isWindows) return
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } catch (err) {
    // Some file systems (network shares, FUSE) do not support syncing a folder; the rename still happened.
    if (!['EINVAL', 'ENOTSUP', 'EISDIR', 'EPERM'].includes(fsCode(err) ?? '')) throw err
  } finally {
    await handle.close()
  }
}
