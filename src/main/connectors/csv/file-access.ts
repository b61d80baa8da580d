/**
 * Reading a CSV file's bytes with their hash, turning file-system errors into the
 * error classes the engine acts on, and one queue per file so two writes from this
 * process never interleave.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError, TransientError, type PatchbayError } from '../../errors'

/** A file's bytes at one moment; `bytes` is null when the file does not exist. */
export interface FileSnapshot {
  bytes: Buffer | null
  hash: string
}

/** sha256 of bytes, as hex: the csv connector's cursor. */
export function hashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Reads a file and hashes it; a missing file reads as null with the hash of no bytes. */
export async function readSnapshot(file: string, connectionId?: string): Promise<FileSnapshot> {
  try {
    const bytes = await readFile(file)
    return { bytes, hash: hashOf(bytes) }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: null, hash: hashOf(new Uint8Array()) }
    throw fileError(err, file, 'read', connectionId)
  }
}

/** Classifies a file-system error: a locked or busy file is retried, a wrong path or permission is a setting to fix. */
export function fileError(err: unknown, file: string, action: 'read' | 'write', connectionId?: string): PatchbayError {
  const code = (err as NodeJS.ErrnoException).code
  const name = path.basename(file)
  const meta = { connectionId, cause: err }
  switch (code) {
    case 'EBUSY':
    case 'ETXTBSY':
      return new TransientError(`${name} is busy in another program, so Patchbay could not ${action} it`, {
        ...meta,
        hint: 'Close the file in Excel or any other program that has it open; the sync will try again.'
      })
    case 'EPERM':
    case 'EACCES':
      if (process.platform === 'win32') {
        return new TransientError(`${name} is locked by another program, so Patchbay could not ${action} it`, {
          ...meta,
          hint: 'Close the file in Excel or any other program that has it open; the sync will try again.'
        })
      }
      return new ConfigError(`Patchbay is not allowed to ${action} ${file}`, { ...meta, hint: `Give your user permission to ${action} the file and its folder.` })
    case 'EISDIR':
      return new ConfigError(`${file} is a folder, not a file`, { ...meta, hint: 'Use the "folder" setting for a folder of .csv files.' })
    case 'ENOTDIR':
    case 'ENOENT':
      return new ConfigError(`The folder of ${file} does not exist`, { ...meta, hint: 'Check the connection\'s file or folder setting.' })
    case 'EROFS':
      return new ConfigError(`${file} is on a read-only disk`, { ...meta, hint: 'Move the file somewhere Patchbay can write, or make the sync one-way from it.' })
    case 'ENOSPC':
      return new TransientError(`The disk holding ${name} is full`, { ...meta, hint: 'Free some space; the sync will try again.' })
    default:
      return new TransientError(`Could not ${action} ${name}: ${(err as Error).message}`, meta)
  }
}

const queues = new Map<string, Promise<unknown>>()

/** Runs `task` after every earlier task for the same file in this process has finished. */
export function queueForFile<T>(file: string, task: () => Promise<T>): Promise<T> {
  const key = path.resolve(file)
  const previous = queues.get(key) ?? Promise.resolve()
  const run = previous.then(task, task)
  const settled = run.catch(() => undefined)
  queues.set(key, settled)
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key)
  })
  return run
}
