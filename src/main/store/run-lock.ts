/**
 * One run of a sync at a time across processes: the desktop app, `patchbay serve` and a
 * `patchbay run` in a terminal may share a data folder, and two engines writing one sync's
 * state would undo the journal's guarantees. The lock is a file-lock.ts lock: created whole
 * with the owner's pid and start time, and taken over atomically (one winner) when its
 * owner is gone.
 */
import { ConfigError } from '../errors'
import { acquireFileLock, LockHeldError, removeStaleLockLeftovers } from './file-lock'

/** Takes the lock at `path` or throws a ConfigError saying who holds it; resolves to its release. */
export async function acquireRunLock(path: string, what: string): Promise<() => Promise<void>> {
  await removeStaleLockLeftovers(path)
  try {
    return await acquireFileLock(path)
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err
    const who = err.owner ? ` (process ${err.owner.pid})` : ''
    throw new ConfigError(`${what} is already running in another Patchbay${who}`, { hint: 'Wait for that run to finish, or close the other Patchbay.' })
  }
}
