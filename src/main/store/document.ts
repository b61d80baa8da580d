/**
 * A versioned JSON document on lowdb: opened with migration, validation and
 * recovery from backups; saved one write at a time, and only when the content still
 * passes its schema, so a saved document always opens again.
 */
import { readFileSync, statSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { Low } from 'lowdb'
import type { z } from 'zod'
import { StoreError } from '../errors'
import { acquireFileLock, LockHeldError, removeStaleLockLeftovers, type ReleaseLock } from './file-lock'
import { storeErrorFromFs } from './fs-errors'
import { removeStaleTempFiles } from './atomic-file'
import { keepCopy } from './backups'
import { hasBackups, recoverDocument, type RecoveryNotice } from './recovery'
import { DamagedFileError, VersionedJsonFile, type Migration } from './versioned-file'
import { describeIssues } from './zod-issues'

export type { RecoveryNotice } from './recovery'
export type { Migration } from './versioned-file'

/** How to open one document. */
export interface DocumentOptions<T> {
  path: string
  /** Checks the data after migration and before every save. */
  schema: z.ZodType<T>
  /** The version this code reads and writes; starts at 1. */
  version: number
  /** `migrations[n]` upgrades data from version n to n + 1. @default {} */
  migrations?: Readonly<Record<number, Migration>>
  /** The content of a document that does not exist yet. */
  defaults: () => T
  /** How many rotating backups (`<name>.bak1` … `<name>.bakN`) to keep. @default 3 */
  backups?: number
  /** The document in the user's words, used in recovery messages. @default "the data in <file name>" */
  label?: string
  /** Indent the JSON so a person can read and diff it; large, machine-only documents turn it off. @default true */
  pretty?: boolean
  /**
   * Every read of `data` first picks up what another Patchbay process saved (one stat per
   * read; the file is read again only when it changed). For documents every process
   * appends to, such as the run history. @default false
   */
  followOthers?: boolean
}

/** An opened document, and what was repaired while opening it. */
export interface OpenedDocument<T> {
  doc: StoreDocument<T>
  /** Set when the file was damaged or missing and Patchbay restored it: show its message to the user. */
  recovery?: RecoveryNotice
}

/** Opens (or starts) a document: parse, migrate, validate; restores a backup when the file is damaged. */
export async function openDocument<T>(options: DocumentOptions<T>): Promise<OpenedDocument<T>> {
  const { path, schema, version, defaults, backups = 3, pretty = true } = options
  const label = options.label ?? `the data in ${basename(path)}`
  if (!Number.isInteger(version) || version < 1) throw new StoreError(`Document version must be a whole number from 1, got ${version}.`)
  const file = new VersionedJsonFile(path, { schema, version, migrations: options.migrations ?? {}, backups, pretty })
  const low = new Low<T>(file, defaults())
  await removeStaleTempFiles(path)
  await removeStaleLockLeftovers(`${path}.lock`)
  let recovery: RecoveryNotice | undefined
  // Noted before reading, never after: another process may save between the read and a later
  // look, and a stamp newer than the content read would hide that save from the next update.
  const seen = await fileStamp(path)
  try {
    await low.read()
    if (file.lastReadVersion === null && (await hasBackups(path, backups))) {
      ;({ data: low.data, notice: recovery } = await recoverDocument({ file, backups, defaults, label }, null))
    } else if (file.lastReadVersion !== null && file.lastReadVersion < version) {
      // Rotating backups are gone after a few saves; this copy is the way back if the user reinstalls the older app.
      await keepCopy(path, `${path}.v${file.lastReadVersion}`)
      await low.write()
    }
  } catch (err) {
    if (!(err instanceof DamagedFileError)) throw err
    ;({ data: low.data, notice: recovery } = await recoverDocument({ file, backups, defaults, label }, err.reason))
  }
  const doc = new StoreDocument(low, schema, path, defaults, options.followOthers ? file : undefined)
  doc.markSeen(seen)
  return { doc, recovery }
}

/** One document in memory, saved to disk on every `update`. */
export class StoreDocument<T> {
  // Saves run one at a time: two overlapping rotations would shuffle the backups out of order.
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly low: Low<T>,
    private readonly schema: z.ZodType<T>,
    /** The file on disk. */
    readonly path: string,
    private readonly defaults: () => T,
    /** Set when reads follow other processes' saves (`followOthers`). */
    private readonly follow?: VersionedJsonFile<T>
  ) {}

  /** The current content. Mutate it and call `write()`, or change it through `update`. */
  get data(): T {
    if (this.follow && this.busy === 0) this.followSync(this.follow)
    return this.low.data
  }

  // Saves in flight: while one runs, the file on disk may be ours half-way, so reads do not follow.
  private busy = 0

  private followSync(file: VersionedJsonFile<T>): void {
    const stamp = fileStampSync(this.path)
    if (stamp === this.stamp || stamp === '-') return
    try {
      this.low.data = file.decode(readFileSync(this.path, 'utf8')).data
      this.stamp = stamp
    } catch {
      // Damaged or mid-replace: keep what we have; the next save or open deals with it.
    }
  }

  /** Replaces the content in memory; `write()` saves it. */
  set data(value: T) {
    this.low.data = value
  }

  /**
   * Saves the content as it is in memory (lowdb style), after checking it against the
   * schema so that what is saved will open again. Invalid content is not saved.
   * It replaces whatever another process saved meanwhile: only for a document one process
   * writes at a time (a sync's state, under its run lock); shared documents use `update`.
   */
  write(): Promise<void> {
    return this.enqueue(() =>
      this.locked(async () => {
        this.check(this.low.data)
        await this.low.write()
        this.stamp = await fileStamp(this.path)
      })
    )
  }

  /**
   * Applies `change` to a copy of the data (mutate the draft or return a new value),
   * validates it and saves it. If `change` throws, validation fails or the save fails,
   * neither memory nor disk changes. Resolves to the saved data.
   *
   * Other Patchbay processes may save the same file (the app, `serve` and a terminal
   * command share a data folder): the save holds the document's lock (`<file>.lock`), and
   * under it the file is read again when another process changed it, so `change` always
   * applies to what is on disk now and nobody's save is undone.
   */
  update(change: (draft: T) => T | void): Promise<T> {
    return this.enqueue(() =>
      this.locked(async () => {
        await this.readIfChangedLocked()
        const draft = structuredClone(this.low.data)
        const changed = change(draft)
        const next = this.check(changed === undefined ? draft : changed)
        const previous = this.low.data
        this.low.data = next
        try {
          await this.low.write()
        } catch (err) {
          this.low.data = previous
          throw err
        }
        this.stamp = await fileStamp(this.path)
        return next
      })
    )
  }

  private stamp = ''

  /** Notes how the file looked when its content was read, so a later change by another process can be told from it. */
  markSeen(stamp: string): void {
    this.stamp = stamp
  }

  /**
   * Reads the file again when another process changed it since this one last read or wrote it
   * (say `patchbay import` in a terminal while the app runs). Runs in turn with saves, so a save
   * in flight is never undone. A file that does not read is left for the next open to repair.
   * Resolves to true when the data was read again.
   */
  reloadIfChanged(): Promise<boolean> {
    return this.enqueue(async () => {
      const stamp = await fileStamp(this.path)
      if (stamp === this.stamp) return false
      try {
        await this.low.read()
      } catch {
        return false
      }
      this.stamp = stamp
      return true
    })
  }

  /** Holds the document's cross-process lock while `task` runs. */
  private async locked<R>(task: () => Promise<R>): Promise<R> {
    let release: ReleaseLock
    try {
      // Another process holds it only for one save (milliseconds); a long wait means it is stuck.
      release = await acquireFileLock(`${this.path}.lock`, { waitMs: 30_000 })
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw storeErrorFromFs(err, `save ${basename(this.path)}`, this.path)
      throw new StoreError(`Patchbay could not save ${basename(this.path)}: another Patchbay (process ${err.owner?.pid ?? 'unknown'}) has been saving it for 30 seconds.`, {
        hint: 'Close the other Patchbay (the app, `patchbay serve` or a command in a terminal), then try again.'
      })
    }
    try {
      return await task()
    } finally {
      await release()
    }
  }

  /** Under the lock: reads the file again if another process saved it since we last read or wrote it. */
  private async readIfChangedLocked(): Promise<void> {
    const stamp = await fileStamp(this.path)
    if (stamp === this.stamp) return
    try {
      await this.low.read()
    } catch (err) {
      // A damaged file is not worth keeping: this save replaces it with our copy (a backup keeps it).
      if (!(err instanceof DamagedFileError)) throw err
    }
    if (this.low.data === null) this.low.data = this.defaults()
    this.stamp = stamp
  }

  private enqueue<R>(task: () => Promise<R>): Promise<R> {
    this.busy++
    const result = this.queue.then(task).finally(() => this.busy--)
    this.queue = result.catch(() => undefined)
    return result
  }

  private check(data: T): T {
    const checked = this.schema.safeParse(data)
    if (checked.success) return checked.data
    throw new StoreError(`Patchbay did not save ${basename(this.path)} because the change is not valid: ${describeIssues(checked.error).join('; ')}`)
  }
}

function fileStampSync(path: string): string {
  try {
    const st = statSync(path)
    return `${st.mtimeMs}:${st.size}:${st.ino}`
  } catch {
    return '-'
  }
}

/** Modification time and size of a file, or '-' when it is missing: enough to notice another writer. */
async function fileStamp(path: string): Promise<string> {
  try {
    const st = await stat(path)
    return `${st.mtimeMs}:${st.size}:${st.ino}`
  } catch {
    return '-'
  }
}
