/**
 * One run of a sync at a time across processes: the desktop app, `patchbay serve` and a
 * `patchbay run` in a terminal may share a data folder, and two engines writing one sync's
 * state would undo the journal's guarantees. The lock is a file-lock.ts lock: created whole
 * with the owner's pid and start time, and taken over atomically (one winner) when its
 * owner is gone.
 */
import { ConfigError } from '../errors'
import { readFileSync } from 'node:fs'
import { acquireFileLock, LockHeldError, ownerAlive, parseOwner, removeStaleLockLeftovers } from './file-lock'

/**
 * Takes the lock at `path` or throws a ConfigError saying who holds it; resolves to its release.
 * `waitMs` waits that long for a run in progress to finish (for a person's choice, such as
 * settling a conflict, which must not be saved in the middle of a run).
 */
export async function acquireRunLock(path: string, what: string, waitMs = 0): Promise<() => Promise<void>> {
  await removeStaleLockLeftovers(path)
  try {
    return await acquireFileLock(path, { waitMs })
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err
    const who = err.owner ? ` (process ${err.owner.pid})` : ''
    throw new ConfigError(`${what} is already running in another Patchbay${who}`, { hint: 'Wait for that run to finish, or close the other Patchbay.' })
  }
}

/**
 * True while a live process holds the run lock at `path` (a lock being written, not readable
 * yet, counts as held). What a run left `running` in the history is judged by: its sync's
 * lock has a live owner, or the run's process died.
 */
export function runLockHeld(path: string): boolean {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return false
  }
  const owner = parseOwner(text)
  return owner === null || ownerAlive(owner)
}
