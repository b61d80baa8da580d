/**
 * The temp copies atomic-write.ts leaves when Patchbay is killed between writing the
 * temp file and renaming it over the owner's file. Kept apart from the writer so tests
 * that stand in for the writer still get the real clean-up.
 */
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'

/**
 * Deletes the temp copies that writers killed mid-write left beside `file`
 * (`.<name>.<pid>.<hex>.tmp`: whole copies of the owner's data). A copy whose writer is
 * still alive is left alone: another Patchbay may be writing this file right now.
 * Returns the names it removed.
 */
export async function removeLeftoverTemps(file: string): Promise<string[]> {
  const dir = path.dirname(file)
  const prefix = `.${path.basename(file)}.`
  const names = await readdir(dir).catch(() => [] as string[])
  const removed: string[] = []
  for (const name of names) {
    const m = /^(\d+)\.[0-9a-f]+\.tmp$/.exec(name.startsWith(prefix) ? name.slice(prefix.length) : '')
    if (!m) continue
    const pid = Number(m[1])
    if (pid === process.pid || isAlive(pid)) continue
    try {
      await rm(path.join(dir, name))
      removed.push(name)
    } catch {
      // Gone already (another Patchbay cleaned it) or not ours to remove: either way nothing to do.
    }
  }
  return removed
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
