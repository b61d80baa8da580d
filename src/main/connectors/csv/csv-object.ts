/**
 * One CSV file as an object the engine can pull from and write to.
 *
 * The cursor is the sha256 of the file's bytes: an unchanged file costs one read and
 * yields nothing; a changed one is a full scan (a spreadsheet has no change log). The
 * parsed file is cached by that hash, so the get/findByKey/write calls of one run
 * parse it once.
 */
import path from 'node:path'
import { ConfigError, TransientError, PatchbayError } from '../../errors'
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { applyWrites } from './apply-writes'
import { writeFileAtomic } from './atomic-write'
import { describeFields } from './field-types'
import { fileError, hashOf, queueForFile, readSnapshot, type FileSnapshot } from './file-access'
import { removeLeftoverTemps } from './leftovers'
import { parseTable } from './parse-table'
import { serialiseTable } from './serialise'
import type { CsvObjectOptions } from './settings'
import { isBlank } from './sniff'
import { EMPTY_HASH, emptyTable, recordOf, rowsOf, type CsvRow, type CsvTable } from './table'

/** Records per page of a full scan. */
const PAGE_SIZE = 1000
/** How often a write starts over because the file changed while it was being written. */
const WRITE_ATTEMPTS = 3

/** Where one object's file is and how to read it. */
export interface CsvObjectSetup {
  file: string
  options: CsvObjectOptions
  connectionId?: string
  /** Where to say what was cleaned up (the run log). */
  note?: (level: 'info' | 'warn', msg: string) => void
}

type Normalise = (value: unknown) => string

/** Thrown between writing the temp file and renaming it, when someone else saved the file meanwhile. */
class EditedMeanwhile extends Error {}

/** The adapter for one CSV file. */
export class CsvObject implements ObjectAdapter {
  readonly maxBatch: number
  private readonly name: string
  private cached: CsvTable | undefined
  private lookup: { table: CsvTable; column: number; normalise: Normalise; byValue: Map<string, CsvRow[]> } | undefined
  /** The hash the file has if only we changed it since the last `listChanged` read it. */
  private expectedHash: string | undefined
  private onlyWeEdited = false
  private wrote = false
  private swept = false

  constructor(private readonly setup: CsvObjectSetup) {
    this.maxBatch = setup.options.batchSize
    this.name = path.basename(setup.file)
  }

  async fields(): Promise<FieldInfo[]> {
    return describeFields((await this.current()).table)
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    await this.sweepLeftovers()
    const snapshot = await readSnapshot(this.setup.file, this.setup.connectionId)
    this.expectedHash = snapshot.hash
    this.onlyWeEdited = true
    this.wrote = false
    if (snapshot.bytes === null) this.assertMayBeMissing(cursor)
    if (snapshot.hash === cursor) return { complete: false, total: 0, pages: pagesOf(emptyTable(cursor, true), cursor) }
    const table = this.tableOf(snapshot, true)
    return { complete: true, total: table.rowCount, pages: pagesOf(table, snapshot.hash) }
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    const { table } = await this.current()
    return ids.flatMap((id) => {
      const at = table.index.get(id)
      return at === undefined ? [] : [recordOf(table.header, table.segments[at] as CsvRow)]
    })
  }

  async findByKey(field: string, values: string[], normalise: Normalise): Promise<SourceRecord[]> {
    const { table } = await this.current()
    if (table.header.length === 0) return []
    const column = table.header.indexOf(field)
    if (column < 0) {
      throw new ConfigError(`${this.name} has no "${field}" column to match records by`, {
        connectionId: this.setup.connectionId,
        hint: `Map the sync's match field to a column of ${this.name}, or add a "${field}" column to the file.`
      })
    }
    const byValue = this.lookupFor(table, column, normalise)
    const found = new Map<string, SourceRecord>()
    for (const value of values) {
      const wanted = normalise(value)
      if (wanted === '') continue
      for (const row of byValue.get(wanted) ?? []) if (!found.has(row.key)) found.set(row.key, recordOf(table.header, row))
    }
    return [...found.values()]
  }

  write(items: WriteItem[]): Promise<WriteOutcome[]> {
    if (items.length === 0) return Promise.resolve([])
    return queueForFile(this.setup.file, () => this.rewrite(items))
  }

  async cursorAfterWrites(): Promise<string | undefined> {
    return this.onlyWeEdited && this.wrote ? this.expectedHash : undefined
  }

  /**
   * Re-reads the file (someone may have edited it since the pull), applies the batch and
   * replaces the file in one atomic rename. If the file changes while we write, we start
   * over from the new content rather than overwrite that edit.
   */
  private async rewrite(items: WriteItem[]): Promise<WriteOutcome[]> {
    const { file, options, connectionId } = this.setup
    await this.sweepLeftovers()
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const { snapshot, table } = await this.current()
      const result = applyWrites(table, items, { file, keyColumn: options.keyColumn, idPrefix: options.idPrefix, connectionId })
      if (!result.changed) {
        this.noteWrite(snapshot.hash, undefined)
        return result.outcomes
      }
      const bytes = serialiseTable(result.table)
      try {
        await writeFileAtomic(file, bytes, {
          beforeRename: async () => {
            if ((await readSnapshot(file, connectionId)).hash !== snapshot.hash) throw new EditedMeanwhile()
          }
        })
      } catch (err) {
        if (err instanceof EditedMeanwhile) continue
        throw err instanceof PatchbayError ? err : fileError(err, file, 'write', connectionId)
      }
      const hash = hashOf(bytes)
      this.cached = { ...result.table, hash }
      this.noteWrite(snapshot.hash, hash)
      return result.outcomes
    }
    throw new TransientError(`${this.name} kept changing while Patchbay was writing it`, {
      connectionId,
      hint: 'Something is saving the file over and over. Close it in other programs; the sync will try again.'
    })
  }

  /**
   * Once per session, before the first read or write: removes the temp copies a killed
   * Patchbay left beside the file (whole copies of the owner's data), and says so in the log.
   */
  private async sweepLeftovers(): Promise<void> {
    if (this.swept) return
    this.swept = true
    const removed = await removeLeftoverTemps(this.setup.file)
    if (removed.length > 0) {
      const where = path.dirname(this.setup.file)
      this.setup.note?.('info', `Removed ${removed.length} unfinished ${removed.length === 1 ? 'copy' : 'copies'} of ${this.name} that a stopped Patchbay left in ${where}: ${removed.join(', ')}`)
    }
  }

  /** Keeps `cursorAfterWrites` honest: any write that found the file not as we left it spoils it. */
  private noteWrite(hashBefore: string, hashAfter: string | undefined): void {
    if (hashBefore !== this.expectedHash) this.onlyWeEdited = false
    else if (hashAfter !== undefined) this.expectedHash = hashAfter
    if (hashAfter !== undefined) this.wrote = true
  }

  /** The file as it is now, for reads and writes outside a pull. */
  private async current(): Promise<{ snapshot: FileSnapshot; table: CsvTable }> {
    const snapshot = await readSnapshot(this.setup.file, this.setup.connectionId)
    if (snapshot.bytes === null && !this.setup.options.createIfMissing) throw this.missing(false)
    return { snapshot, table: this.tableOf(snapshot, false) }
  }

  /** Parses a snapshot, or reuses the cached table of the same bytes. `fresh` refuses tables built from our own writes, whose line numbers may have moved. */
  private tableOf(snapshot: FileSnapshot, fresh: boolean): CsvTable {
    const { file, options, connectionId } = this.setup
    if (snapshot.bytes === null) return emptyTable(snapshot.hash, false, options)
    const cached = this.cached
    if (cached !== undefined && cached.hash === snapshot.hash && cached.exists && !(fresh && cached.derived)) return cached
    // Let go of the old table before parsing the new one, so two whole files are never held at once.
    this.cached = undefined
    this.lookup = undefined
    const table =
      options.createIfMissing && isBlank(snapshot.bytes)
        ? emptyTable(snapshot.hash, true, options)
        : parseTable(snapshot.bytes, snapshot.hash, { file, keyColumn: options.keyColumn, delimiter: options.delimiter, encoding: options.encoding, connectionId })
    this.cached = table
    return table
  }

  private lookupFor(table: CsvTable, column: number, normalise: Normalise): Map<string, CsvRow[]> {
    const last = this.lookup
    if (last !== undefined && last.table === table && last.column === column && last.normalise === normalise) return last.byValue
    const byValue = new Map<string, CsvRow[]>()
    for (const row of rowsOf(table)) {
      const value = normalise(row.values[column] ?? '')
      if (value === '') continue
      const list = byValue.get(value)
      if (list === undefined) byValue.set(value, [row])
      else list.push(row)
    }
    this.lookup = { table, column, normalise, byValue }
    return byValue
  }

  /**
   * A missing file is only "empty" on the very first run with createIfMissing (or while
   * it has stayed missing since); a file that was there and went away is a setting to fix.
   */
  private assertMayBeMissing(cursor: string | null): void {
    if (!this.setup.options.createIfMissing) throw this.missing(false)
    if (cursor !== null && cursor !== EMPTY_HASH) throw this.missing(true)
  }

  private missing(wasThere: boolean): ConfigError {
    const { file, connectionId } = this.setup
    const where = path.dirname(file)
    if (wasThere) {
      return new ConfigError(`${this.name} was in ${where} on the last run but is missing now`, {
        connectionId,
        hint: 'Put the file back, or change the connection to where it is now. Patchbay does not recreate a file that went away, so it never syncs into the wrong place.'
      })
    }
    return new ConfigError(`${this.name} is missing from ${where}`, {
      connectionId,
      hint: 'Put the file back or change the connection\'s file or folder setting. To have Patchbay create it, turn on "createIfMissing".'
    })
  }
}

/** A full scan in pages; each read problem rides in the page of the row after it. */
async function* pagesOf(table: CsvTable, hash: string): AsyncGenerator<ChangePage> {
  const rows = [...rowsOf(table)]
  const problems = table.problems
  let next = 0
  for (let start = 0; ; start += PAGE_SIZE) {
    const end = Math.min(start + PAGE_SIZE, rows.length)
    const last = end >= rows.length
    const page: ChangePage = { records: [], problems: [], cursor: last ? hash : null }
    for (let i = start; i < end; i++) page.records.push(recordOf(table.header, rows[i]))
    while (next < problems.length && (last || problems[next].rowsBefore < end)) {
      const { rowsBefore: _rowsBefore, ...problem } = problems[next++]
      page.problems.push(problem)
    }
    yield page
    if (last) return
  }
}
