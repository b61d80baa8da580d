/**
 * One run of a sync at a time across processes: the desktop app, `patchbay serve` and a
 * `patchbay run` in a terminal may share a data folder, and two engines writing one sync's
 * state would undo the journal's guarantees. A lock file made with O_EXCL holds the owner's
 * pid; a lock whose process is gone (a crash, a kill) is taken over.
 */
import { open, readFile, rm, mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { ConfigError } from '../errors'
import { isAlive } from './atomic-file'
import { fsCode } from './fs-errors'

/** Takes the lock at `path` or throws a ConfigError saying who holds it; resolves to its release. */
export async function acquireRunLock(path: string, what: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      return () => rm(path, { force: true })
    } catch (err) {
      if (fsCode(err) !== 'EEXIST') throw err
      const holder = Number((await readFile(path, 'utf8').catch(() => '')).trim())
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new ConfigError(`${what} is already running in another Patchbay (process ${holder})`, { hint: 'Wait for that run to finish, or close the other Patchbay.' })
      }
      // Left by a process that is gone: take it over.
      await rm(path, { force: true })
    }
  }
  throw new ConfigError(`Could not take the run lock for ${what}`, { hint: 'Try again in a moment.' })
}
