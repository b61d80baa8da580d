/**
 * A drop folder as an object: "the exports matching `sales-*.csv` in this folder". Each
 * run reads every export that has finished arriving, oldest first (a record in a newer
 * export wins), and after the run is committed the next run files them away under
 * `processed/<date>/` (drop-folder.ts says why then and not earlier). An export whose
 * size or time is still changing waits for the next run, and the run log says so.
 *
 * Read-only: the folder is where another program leaves its exports, not a list to edit.
 * Its feed is never complete, so a record missing from today's export is not a deletion.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { ConfigError, PatchbayError } from '../../errors'
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, ReadProblem, SourceRecord, WriteOutcome } from '../types'
import { describeFields } from './field-types'
import { decodeDropCursor, encodeDropCursor, fileAway, filedExports, matchingFiles, type DoneFile, type DroppedFile } from './drop-folder'
import { fileError, hashOf } from './file-access'
import { parseTable } from './parse-table'
import type { CsvObjectOptions } from './settings'
import { recordOf, rowsOf } from './table'
import { readSheet } from './xlsx-read'

/** Where the drop folder is and how to read its exports. */
export interface DropObjectSetup {
  folder: string
  pattern: string
  options: CsvObjectOptions
  /** How long an export must have been left alone before it is read. */
  quietMs: number
  connectionId?: string
  note?: (level: 'info' | 'warn', msg: string) => void
  /** The clock, for tests. @default Date.now */
  now?: () => number
}

type Normalise = (value: unknown) => string

interface ReadExports {
  records: Map<string, SourceRecord>
  problems: ReadProblem[]
  read: DoneFile[]
  fields: FieldInfo[]
}

/** The adapter for a drop folder. */
export class DropObject implements ObjectAdapter {
  readonly maxBatch = 1
  private latest: ReadExports | undefined

  constructor(private readonly setup: DropObjectSetup) {}

  async fields(): Promise<FieldInfo[]> {
    return (await this.current()).fields
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    const { folder, connectionId } = this.setup
    const done = decodeDropCursor(cursor, connectionId)
    const { kept, moved } = await this.fileAway(done)
    if (moved.length > 0) this.setup.note?.('info', `Filed ${count(moved.length, 'processed export')} under ${path.join(folder, 'processed')}: ${moved.join(', ')}`)
    const exports = await this.readExports(true, new Set(kept.map((k) => `${k.name}\n${k.hash}`)))
    this.latest = exports
    const next = encodeDropCursor([...kept, ...exports.read])
    return { complete: false, total: exports.records.size, pages: onePage([...exports.records.values()], exports.problems, next) }
  }

  /** Files away what a committed run read. A method, so the crash test can stop the process in the middle of it. */
  fileAway(done: DoneFile[]): Promise<{ kept: DoneFile[]; moved: string[] }> {
    return fileAway(this.setup.folder, done, new Date(this.now()))
  }

  /**
   * Records by id: from the exports waiting, then from the filed ones, newest first. The
   * engine asks for a record whose create failed on the other side to try it again, and by
   * then its export may be filed away.
   */
  async get(ids: string[]): Promise<SourceRecord[]> {
    const { records } = await this.current()
    const found = ids.flatMap((id) => records.get(id) ?? [])
    const missing = new Set(ids.filter((id) => !records.has(id)))
    if (missing.size === 0) return found
    for (const dropped of await filedExports(this.setup.folder, this.setup.pattern)) {
      const out: ReadExports = { records: new Map(), problems: [], read: [], fields: [] }
      const bytes = await readFile(dropped.file).catch(() => undefined)
      if (bytes === undefined) continue
      await this.readOne(dropped, bytes, hashOf(bytes), out).catch(() => undefined)
      for (const id of missing) {
        const record = out.records.get(id)
        if (record === undefined) continue
        found.push(record)
        missing.delete(id)
      }
      if (missing.size === 0) break
    }
    return found
  }

  async findByKey(field: string, values: string[], normalise: Normalise): Promise<SourceRecord[]> {
    const wanted = new Set(values.map(normalise).filter((v) => v !== ''))
    return [...(await this.current()).records.values()].filter((r) => wanted.has(normalise(r.fields[field] ?? '')))
  }

  /** Nothing is written here, so the cursor is always the one the pull gave. */
  cursorAfterWrites(): Promise<string | undefined> {
    return Promise.resolve(undefined)
  }

  write(): Promise<WriteOutcome[]> {
    return Promise.reject(
      new ConfigError(`Patchbay only reads the exports in the drop folder ${this.setup.folder}; it does not write to them`, {
        connectionId: this.setup.connectionId,
        hint: 'Make the sync one-way, from the drop folder to the other system.'
      })
    )
  }

  private async current(): Promise<ReadExports> {
    return (this.latest ??= await this.readExports(false, new Set()))
  }

  /**
   * Reads each export that has finished arriving, oldest first. `say` puts the ones still
   * arriving in the run log. `skip` holds name+hash of exports read by a committed run
   * that could not be filed away yet.
   */
  private async readExports(say: boolean, skip: Set<string>): Promise<ReadExports> {
    const { folder, pattern, connectionId } = this.setup
    let files: DroppedFile[]
    try {
      files = await matchingFiles(folder, pattern)
    } catch (err) {
      throw fileError(err, folder, 'read', connectionId)
    }
    const out: ReadExports = { records: new Map(), problems: [], read: [], fields: [] }
    for (const dropped of files) {
      const changedAgo = this.now() - dropped.mtimeMs
      if (changedAgo < this.setup.quietMs) {
        if (say) this.stillArriving(dropped.name, changedAgo < 2000 ? 'just now' : `${Math.round(changedAgo / 1000)} seconds ago`)
        continue
      }
      let bytes: Buffer
      try {
        bytes = await readFile(dropped.file)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue // filed away by another Patchbay just now
        throw fileError(err, dropped.file, 'read', connectionId)
      }
      const after = await stat(dropped.file).catch(() => undefined)
      if (after === undefined || after.size !== dropped.size || after.mtimeMs !== dropped.mtimeMs || bytes.length !== dropped.size) {
        if (say) this.stillArriving(dropped.name, 'while Patchbay was reading it')
        continue
      }
      const hash = hashOf(bytes)
      if (skip.has(`${dropped.name}\n${hash}`)) continue
      await this.readOne(dropped, bytes, hash, out)
      out.read.push({ name: dropped.name, hash })
    }
    return out
  }

  private async readOne(dropped: DroppedFile, bytes: Buffer, hash: string, out: ReadExports): Promise<void> {
    const { options, connectionId } = this.setup
    const where = (problem: ReadProblem): ReadProblem => ({ ...problem, message: `${dropped.name} ${problem.message}` })
    try {
      if (/\.xlsx$/i.test(dropped.name)) {
        const sheet = await readSheet(bytes, hash, { file: dropped.file, keyColumn: options.keyColumn, sheet: options.sheet, headerRow: options.headerRow, connectionId })
        for (const row of sheet.rows) out.records.set(row.key, { id: row.key, fields: { ...row.fields } })
        out.problems.push(...sheet.problems.map(({ rowsBefore: _r, ...p }) => where(p)))
        out.fields = sheet.header.map((name) => ({ name }))
        return
      }
      const table = parseTable(bytes, hash, { file: dropped.file, keyColumn: options.keyColumn, delimiter: options.delimiter, encoding: options.encoding, connectionId })
      for (const row of rowsOf(table)) out.records.set(row.key, recordOf(table.header, row))
      out.problems.push(...table.problems.map(({ rowsBefore: _r, ...p }) => where(p)))
      out.fields = describeFields(table)
    } catch (err) {
      // One unusable export stops the run with its name, before anything is written: the owner fixes or removes it.
      if (err instanceof PatchbayError) throw err
      throw fileError(err, dropped.file, 'read', connectionId)
    }
  }

  private stillArriving(name: string, when: string): void {
    const quiet = Math.round(this.setup.quietMs / 1000)
    this.setup.note?.('info', `${name} is still being written (it changed ${when}), so it waits for the next run; Patchbay reads an export once it has been left alone for ${quiet} seconds`)
  }

  private now(): number {
    return (this.setup.now ?? Date.now)()
  }

}

async function* onePage(records: SourceRecord[], problems: ReadProblem[], cursor: string): AsyncGenerator<ChangePage> {
  yield { records, problems, cursor }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
