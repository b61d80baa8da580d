/**
 * One sheet of an `.xlsx` workbook as an object the engine can pull from and write to:
 * the CSV file's twin. Same cursor (the sha256 of the file's bytes, so an unchanged
 * workbook costs one read and a changed one is a full scan), same atomic rewrite with the
 * "saved by someone else meanwhile" check, same clean-up of a killed writer's temp copies,
 * same failures with row numbers. Why one connector and not two: DESIGN's lint forbids one
 * connector importing another, and everything here but the cell reading is the CSV file's.
 */
import path from 'node:path'
import { ConfigError, PatchbayError, TransientError } from '../../errors'
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import { writeFileAtomic } from './atomic-write'
import { fileError, hashOf, queueForFile, readSnapshot, type FileSnapshot } from './file-access'
import { removeLeftoverTemps } from './leftovers'
import type { CsvObjectOptions } from './settings'
import { applySheetWrites } from './xlsx-apply'
import { describeSheet, readSheet, tableOf, type SheetOptions, type SheetTable } from './xlsx-read'

const PAGE_SIZE = 1000
const WRITE_ATTEMPTS = 3

/**
 * Parts of a workbook exceljs does not write back: saving would drop them. Their names sit
 * in plain text in the zip's directory, so they are found without unpacking anything.
 */
const LOST_ON_SAVE: [string, string][] = [
  ['xl/charts/', 'charts'],
  ['xl/pivotTables/', 'pivot tables'],
  ['xl/vbaProject.bin', 'macros'],
  ['xl/slicers/', 'slicers']
]

/** Where one object's workbook is and how to read it. */
export interface XlsxObjectSetup {
  file: string
  options: CsvObjectOptions
  connectionId?: string
  note?: (level: 'info' | 'warn', msg: string) => void
}

type Normalise = (value: unknown) => string

class EditedMeanwhile extends Error {}

/** The adapter for one sheet of a workbook. */
export class XlsxObject implements ObjectAdapter {
  readonly maxBatch: number
  private readonly name: string
  private cached: SheetTable | undefined
  private expectedHash: string | undefined
  private onlyWeEdited = false
  private wrote = false
  private swept = false

  constructor(private readonly setup: XlsxObjectSetup) {
    this.maxBatch = setup.options.batchSize
    this.name = path.basename(setup.file)
  }

  async fields(): Promise<FieldInfo[]> {
    return describeSheet(await this.current())
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    await this.sweepLeftovers()
    const snapshot = await this.snapshot()
    this.expectedHash = snapshot.hash
    this.onlyWeEdited = true
    this.wrote = false
    if (snapshot.hash === cursor) return { complete: false, total: 0, pages: pagesOf(undefined, cursor) }
    const table = await this.tableFor(snapshot)
    return { complete: true, total: table.rows.length, pages: pagesOf(table, snapshot.hash) }
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    const table = await this.current()
    return ids.flatMap((id) => {
      const at = table.index.get(id)
      return at === undefined ? [] : [recordOf(table, at)]
    })
  }

  async findByKey(field: string, values: string[], normalise: Normalise): Promise<SourceRecord[]> {
    const table = await this.current()
    if (!table.header.includes(field)) {
      throw new ConfigError(`${this.name} (sheet "${table.sheetName}") has no "${field}" column to match records by`, {
        connectionId: this.setup.connectionId,
        hint: `Map the sync's match field to a column of the sheet, or add a "${field}" column to it.`
      })
    }
    const wanted = new Set(values.map(normalise).filter((v) => v !== ''))
    return table.rows.flatMap((row, i) => (wanted.has(normalise(row.fields[field] ?? '')) ? [recordOf(table, i)] : []))
  }

  write(items: WriteItem[]): Promise<WriteOutcome[]> {
    if (items.length === 0) return Promise.resolve([])
    return queueForFile(this.setup.file, () => this.rewrite(items))
  }

  async cursorAfterWrites(): Promise<string | undefined> {
    return this.onlyWeEdited && this.wrote ? this.expectedHash : undefined
  }

  /** Reads the workbook afresh, applies the batch to its cells and saves it whole, atomically. */
  private async rewrite(items: WriteItem[]): Promise<WriteOutcome[]> {
    const { file, options, connectionId } = this.setup
    await this.sweepLeftovers()
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      const snapshot = await this.snapshot()
      // The cached workbook is changed in place by the batch, so it leaves the cache until the
      // save succeeds: an abandoned attempt never leaves a workbook that differs from the file.
      const cached = this.cached?.hash === snapshot.hash ? this.cached : undefined
      this.cached = undefined
      const table = cached ?? (await readSheet(snapshot.bytes!, snapshot.hash, this.sheetOptions()))
      const result = applySheetWrites(table, items, { file, keyColumn: options.keyColumn, idPrefix: options.idPrefix, connectionId })
      if (!result.changed) {
        this.cached = table
        this.noteWrite(snapshot.hash, undefined)
        return result.outcomes
      }
      this.assertNothingLost(snapshot.bytes!)
      // Excel works the formulas out again when the file is next opened, so totals include the new cells.
      table.workbook.calcProperties.fullCalcOnLoad = true
      const bytes = Buffer.from(await table.workbook.xlsx.writeBuffer())
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
      this.cached = tableOf(table.workbook, hash, this.sheetOptions())
      this.noteWrite(snapshot.hash, hash)
      return result.outcomes
    }
    throw new TransientError(`${this.name} kept changing while Patchbay was writing it`, {
      connectionId,
      hint: 'Something is saving the workbook over and over. Close it in Excel; the sync will try again.'
    })
  }

  /** Refuses to save a workbook whose charts, pivot tables or macros the save would drop. */
  private assertNothingLost(bytes: Buffer): void {
    const lost = LOST_ON_SAVE.filter(([part]) => bytes.includes(part)).map(([, words]) => words)
    if (lost.length === 0) return
    throw new ConfigError(`${this.name} has ${lost.join(' and ')}, which Patchbay cannot keep when it saves the workbook, so it has written nothing`, {
      connectionId: this.setup.connectionId,
      hint: 'Keep the list on a workbook of its own (without charts, pivot tables or macros), or make the sync one-way from this workbook.'
    })
  }

  private async sweepLeftovers(): Promise<void> {
    if (this.swept) return
    this.swept = true
    const removed = await removeLeftoverTemps(this.setup.file)
    if (removed.length > 0) {
      this.setup.note?.('info', `Removed ${removed.length} unfinished ${removed.length === 1 ? 'copy' : 'copies'} of ${this.name} that a stopped Patchbay left in ${path.dirname(this.setup.file)}: ${removed.join(', ')}`)
    }
  }

  private noteWrite(hashBefore: string, hashAfter: string | undefined): void {
    if (hashBefore !== this.expectedHash) this.onlyWeEdited = false
    else if (hashAfter !== undefined) this.expectedHash = hashAfter
    if (hashAfter !== undefined) this.wrote = true
  }

  private async current(): Promise<SheetTable> {
    return this.tableFor(await this.snapshot())
  }

  private async tableFor(snapshot: FileSnapshot): Promise<SheetTable> {
    if (this.cached?.hash === snapshot.hash) return this.cached
    this.cached = undefined
    this.cached = await readSheet(snapshot.bytes!, snapshot.hash, this.sheetOptions())
    return this.cached
  }

  /** The workbook's bytes; a workbook is never created by Patchbay, so a missing one is a setting to fix. */
  private async snapshot(): Promise<FileSnapshot> {
    const snapshot = await readSnapshot(this.setup.file, this.setup.connectionId)
    if (snapshot.bytes !== null) return snapshot
    throw new ConfigError(`${this.name} is missing from ${path.dirname(this.setup.file)}`, {
      connectionId: this.setup.connectionId,
      hint: 'Put the workbook back or change the connection\'s file setting. Patchbay does not create workbooks.'
    })
  }

  private sheetOptions(): SheetOptions {
    const { file, options, connectionId } = this.setup
    return { file, keyColumn: options.keyColumn, sheet: options.sheet, headerRow: options.headerRow, connectionId }
  }
}

function recordOf(table: SheetTable, at: number): SourceRecord {
  const row = table.rows[at]
  return { id: row.key, fields: { ...row.fields } }
}

/** A full scan in pages; each read problem rides in the page of the row after it. */
async function* pagesOf(table: SheetTable | undefined, hash: string): AsyncGenerator<ChangePage> {
  const rows = table?.rows ?? []
  const problems = table?.problems ?? []
  let next = 0
  for (let start = 0; ; start += PAGE_SIZE) {
    const end = Math.min(start + PAGE_SIZE, rows.length)
    const last = end >= rows.length
    const page: ChangePage = { records: [], problems: [], cursor: last ? hash : null }
    for (let i = start; i < end; i++) page.records.push(recordOf(table!, i))
    while (next < problems.length && (last || problems[next].rowsBefore < end)) {
      const { rowsBefore: _rowsBefore, ...problem } = problems[next++]
      page.problems.push(problem)
    }
    yield page
    if (last) return
  }
}
