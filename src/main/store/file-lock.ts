/**
 * A lock file shared by every Patchbay process on one data folder (the app, `serve`, a
 * `patchbay run` in a terminal): the run lock of a sync, and the short lock each save of a
 * shared document takes.
 *
 * The lock file is created whole or not at all (written beside it, then hard-linked into
 * place, which fails when the lock exists) and holds its owner's pid, the owner's start
 * time (so a reused pid is not mistaken for the owner) and a random token.
 *
 * A lock whose owner is gone (a crash, a kill) is taken over without letting two processes
 * win: the takeover of one exact stale lock needs a second lock named after that lock's
 * content. Whoever holds it checks the stale lock is still there, unchanged, and removes it;
 * nobody else can remove it meanwhile, and once it is gone no one can mistake the new lock
 * for it (its token differs). If a process dies holding that second lock, the same rule
 * takes it over in turn.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { link, mkdir, open, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { isAlive, removeStaleTempFiles } from './atomic-file'
import { fsCode } from './fs-errors'

/** Who holds a lock, as written in its file. */
export interface LockOwner {
  pid: number
  /** When the owner process started (platform-specific); empty when unknown. */
  start: string
  token: string
}

/** A lock another live process holds. */
export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly owner: LockOwner | null
  ) {
    super(`${path} is locked by ${owner ? `process ${owner.pid}` : 'another process'}`)
    this.name = 'LockHeldError'
  }
}

/** How long to wait for a lock another live process holds. */
export interface LockOptions {
  /** Milliseconds to keep trying before throwing LockHeldError; 0 fails at once. @default 0 */
  waitMs?: number
}

/** Lets go of a lock; safe to call twice. */
export type ReleaseLock = () => Promise<void>

// A lock file whose content cannot be read is one being written by a writer without hard links;
// after this long its writer is taken to be dead.
const UNREADABLE_GRACE_MS = 5_000

/** Takes the lock at `path`, waiting up to `waitMs` while a live process holds it. */
export async function acquireFileLock(path: string, options: LockOptions = {}): Promise<ReleaseLock> {
  const deadline = Date.now() + (options.waitMs ?? 0)
  await mkdir(dirname(path), { recursive: true })
  const mine: LockOwner = { pid: process.pid, start: processStart(process.pid), token: randomBytes(8).toString('hex') }
  const content = JSON.stringify(mine)
  for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
    if (await createLock(path, content)) return releaser(path, content)
    const text = await readLockText(path)
    if (text === null) continue // released between our create and our read: try again at once
    const owner = parseOwner(text)
    const stale = owner ? !ownerAlive(owner) : await unreadableTooLong(path)
    if (stale) {
      await removeStale(path, text)
      continue
    }
    if (Date.now() >= deadline) throw new LockHeldError(path, owner)
    await sleep(pause + Math.random() * pause)
  }
}

/** Runs `fn` holding the lock at `path` (waiting up to `waitMs` for it), and always lets go after. */
export async function withFileLock<R>(path: string, options: LockOptions, fn: () => Promise<R>): Promise<R> {
  const release = await acquireFileLock(path, options)
  try {
    return await fn()
  } finally {
    await release()
  }
}

/** The owner written in a lock file; a bare pid is the older format. Null when unreadable. */
export function parseOwner(text: string): LockOwner | null {
  const trimmed = text.trim()
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: '', token: '' }
  try {
    const o = JSON.parse(trimmed) as Partial<LockOwner>
    if (Number.isInteger(o.pid) && (o.pid as number) > 0) return { pid: o.pid as number, start: String(o.start ?? ''), token: String(o.token ?? '') }
  } catch {
    // fall through
  }
  return null
}

/** True while the process that wrote `owner` still runs (a reused pid with another start time does not count). */
export function ownerAlive(owner: LockOwner): boolean {
  if (!isAlive(owner.pid) || isZombie(owner.pid)) return false
  if (!owner.start) return true
  const now = processStart(owner.pid)
  return now === '' || now === owner.start
}

/** A process that has exited but whose parent has not collected it yet (Linux): it holds nothing. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')
  } catch {
    return false
  }
}

const startCache = new Map<number, string>()

/**
 * When process `pid` started, as the kernel counts it (Linux: clock ticks since boot, the
 * 22nd field of /proc/<pid>/stat); empty where that is not available.
 */
export function processStart(pid: number): string {
  if (pid === process.pid && startCache.has(pid)) return startCache.get(pid)!
  let start = ''
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    start = fields[19] ?? ''
  } catch {
    start = ''
  }
  if (pid === process.pid) startCache.set(pid, start)
  return start
}

/** Creates the lock whole with `content`; false when it exists. */
async function createLock(path: string, content: string): Promise<boolean> {
  // Named like atomic-file's temp files, so removeStaleTempFiles clears one a killed process left.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  await writeFile(temp, content, { flag: 'wx' })
  try {
    await link(temp, path)
    return true
  } catch (err) {
    const code = fsCode(err)
    if (code === 'EEXIST') return false
    // File systems without hard links (some network shares, FAT): exclusive create, then write.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err
    return createDirectly(path, content)
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

async function createDirectly(path: string, content: string): Promise<boolean> {
  let handle
  try {
    handle = await open(path, 'wx')
  } catch (err) {
    if (fsCode(err) === 'EEXIST') return false
    throw err
  }
  try {
    await handle.writeFile(content)
  } finally {
    await handle.close()
  }
  return true
}

async function readLockText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return null
    throw err
  }
}

async function unreadableTooLong(path: string): Promise<boolean> {
  const st = await stat(path).catch(() => null)
  return st !== null && Date.now() - st.mtimeMs > UNREADABLE_GRACE_MS
}

/** Removes the lock at `path` if it still holds exactly `staleText`, under the takeover lock for that content. */
async function removeStale(path: string, staleText: string): Promise<void> {
  const guard = `${path}.takeover-${createHash('sha256').update(staleText).digest('hex').slice(0, 12)}`
  let release: ReleaseLock
  try {
    // Held for a few milliseconds by whoever is taking over; waiting a while is plenty.
    release = await acquireFileLock(guard, { waitMs: 10_000 })
  } catch (err) {
    if (err instanceof LockHeldError) return
    throw err
  }
  try {
    if ((await readLockText(path)) === staleText) await unlink(path).catch((err) => { if (fsCode(err) !== 'ENOENT') throw err })
  } finally {
    await release()
  }
}

function releaser(path: string, content: string): ReleaseLock {
  let released = false
  return async () => {
    if (released) return
    released = true
    // Only ours is removed: if we were taken for dead and taken over, the lock is someone else's now.
    if ((await readLockText(path).catch(() => null)) === content) await unlink(path).catch(() => undefined)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Clears what a killed process left of the lock at `path`: the lock itself when its owner
 * is gone (taken away as a takeover would, so a live owner's lock is never touched) and
 * half-made lock files (`.<name>.<pid>.<hex>.tmp`).
 */
export async function removeStaleLockLeftovers(path: string): Promise<void> {
  await removeStaleTempFiles(path)
  const text = await readLockText(path).catch(() => null)
  if (text === null) return
  const owner = parseOwner(text)
  if (owner ? !ownerAlive(owner) : await unreadableTooLong(path)) await removeStale(path, text)
}
