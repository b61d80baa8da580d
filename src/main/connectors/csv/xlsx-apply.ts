/**
 * Applies one batch of writes to a sheet of a workbook held in memory: cells are set, in
 * the type their column holds (a date column gets dates, a number column numbers), and
 * nothing else in the workbook is touched. The caller saves the workbook in one atomic
 * rewrite, so a batch is never half-applied to the file.
 *
 * A deleted record's cells are emptied rather than its row removed: exceljs does not move
 * the formulas that point below a removed row, so removing it would silently make them
 * point at the wrong cells. An empty row reads as nothing.
 */
import path from 'node:path'
import type { Cell, CellValue, Worksheet } from 'exceljs'
import { assertNever } from '../../../shared/assert'
import type { FieldValue, Fields } from '../../../shared/domain'
import { ConfigError, RecordError } from '../../errors'
import type { WriteItem, WriteOutcome } from '../types'
import { cellContent, cellValue, isFormula, type SheetTable } from './xlsx-read'

/** What applying writes needs to know about the object. */
export interface SheetApplyOptions {
  file: string
  keyColumn: string
  idPrefix: string
  connectionId?: string
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?(?:\.\d+)?Z?$/
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/

/** Applies `items` to the table's workbook; returns one outcome per item and whether any cell changed. */
export function applySheetWrites(table: SheetTable, items: readonly WriteItem[], options: SheetApplyOptions): { outcomes: WriteOutcome[]; changed: boolean } {
  const sheet = table.workbook.getWorksheet(table.sheetName)!
  const writer = new SheetWriter(table, sheet, options)
  const outcomes = items.map((item): WriteOutcome => {
    try {
      switch (item.op) {
        case 'create':
          return { ref: item.ref, ok: true, ...writer.create(item.fields) }
        case 'update':
          return { ref: item.ref, ok: true, ...writer.update(item.id, item.fields) }
        case 'delete':
          writer.delete(item.id)
          return { ref: item.ref, ok: true, id: item.id }
        default:
          return assertNever(item, 'write op')
      }
    } catch (err) {
      if (err instanceof RecordError) return { ref: item.ref, ok: false, error: err }
      throw err
    }
  })
  return { outcomes, changed: writer.changed }
}

class SheetWriter {
  changed = false
  private readonly columns: Map<string, number>
  /** Key → row number, kept up to date as the batch goes. */
  private readonly rowOf = new Map<string, number>()
  private lastRow: number
  private nextNumber: number | undefined
  private readonly name: string

  constructor(
    private readonly table: SheetTable,
    private readonly sheet: Worksheet,
    private readonly options: SheetApplyOptions
  ) {
    this.columns = new Map(table.header.map((name, i) => [name, i + 1]))
    for (const row of table.rows) this.rowOf.set(row.key, row.rowNumber)
    this.lastRow = table.lastRow
    this.name = `${path.basename(options.file)} (sheet "${table.sheetName}")`
  }

  create(fields: Fields): { id: string; fields: Fields } {
    const { keyColumn } = this.options
    const given = fields[keyColumn]
    const key = given === null || given === undefined || given === '' ? this.newKey() : String(given)
    if (key.trim() === '') throw this.refuse(`the ${keyColumn} value cannot be blank`, key)
    if (this.rowOf.has(key)) throw this.refuse(`a row with key ${key} already exists in ${this.name}`, key)
    for (const name of Object.keys(fields)) this.columnOf(name)
    const rowNumber = ++this.lastRow
    const above = rowNumber - 1 > this.table.headerRow ? this.sheet.getRow(rowNumber - 1) : undefined
    const row = this.sheet.getRow(rowNumber)
    for (const [name, col] of this.columns) {
      const cell = row.getCell(col)
      // A new row looks like the one above it: same number format, font and fill.
      if (above !== undefined) cell.style = structuredClone(above.getCell(col).style)
      const value = name === keyColumn ? (typeof given === 'number' ? given : key) : fields[name]
      if (value !== undefined) cell.value = this.typed(value, col)
    }
    this.rowOf.set(key, rowNumber)
    this.changed = true
    return { id: key, fields: this.fieldsOf(rowNumber) }
  }

  update(id: string, fields: Fields): { id: string; fields: Fields } {
    const rowNumber = this.rowOf.get(id)
    if (rowNumber === undefined) throw this.refuse(`row with id ${id} is no longer in ${this.name}`, id)
    const { keyColumn } = this.options
    const newKey = keyColumn in fields ? String(fields[keyColumn] ?? '') : id
    if (newKey !== id) {
      if (newKey.trim() === '') throw this.refuse(`the ${keyColumn} of row ${rowNumber} cannot be made blank`, id)
      if (this.rowOf.has(newKey)) throw this.refuse(`a row with key ${newKey} already exists in ${this.name}`, id)
    }
    const row = this.sheet.getRow(rowNumber)
    const changes: [Cell, CellValue][] = []
    for (const [name, value] of Object.entries(fields)) {
      const cell = row.getCell(this.columnOf(name))
      if (same(cellValue(cell), value)) continue
      if (isFormula(cell.value)) {
        throw this.refuse(`the ${name} cell on row ${rowNumber} is a formula, and Patchbay does not overwrite formulas`, id, rowNumber)
      }
      changes.push([cell, this.typed(value, this.columnOf(name))])
    }
    for (const [cell, value] of changes) cell.value = value
    if (changes.length > 0) this.changed = true
    if (newKey !== id) {
      this.rowOf.delete(id)
      this.rowOf.set(newKey, rowNumber)
    }
    return { id: newKey, fields: this.fieldsOf(rowNumber) }
  }

  delete(id: string): void {
    const rowNumber = this.rowOf.get(id)
    if (rowNumber === undefined) return
    const row = this.sheet.getRow(rowNumber)
    for (const col of this.columns.values()) row.getCell(col).value = null
    this.rowOf.delete(id)
    this.changed = true
  }

  private columnOf(name: string): number {
    const col = this.columns.get(name)
    if (col !== undefined) return col
    throw new ConfigError(`${this.name} has no "${name}" column, and Patchbay does not add columns to your workbook`, {
      connectionId: this.options.connectionId,
      hint: `Add a "${name}" column to the sheet, or change the sync so it does not map "${name}".`
    })
  }

  /**
   * A value as the cell its column expects: an ISO date into a date column becomes a date,
   * a plain number into a number column a number; anything else is written as it is.
   */
  private typed(value: FieldValue, col: number): CellValue {
    if (typeof value !== 'string') return value
    const kind = this.columnKind(col)
    if (kind === 'date') {
      const m = ISO_DATE.exec(value.trim())
      if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)))
    }
    if (kind === 'number' && PLAIN_NUMBER.test(value.trim())) return Number(value.trim())
    return value
  }

  /** What the column's cells hold in the rows read: dates, numbers, or something else. */
  private columnKind(col: number): 'date' | 'number' | 'other' {
    for (const row of this.table.rows.slice(0, 20)) {
      const value = cellContent(this.sheet.getRow(row.rowNumber).getCell(col))
      if (value === null || value === '') continue
      if (value instanceof Date) return 'date'
      return typeof value === 'number' ? 'number' : 'other'
    }
    return 'other'
  }

  private fieldsOf(rowNumber: number): Fields {
    const row = this.sheet.getRow(rowNumber)
    const fields: Fields = {}
    for (const [name, col] of this.columns) fields[name] = cellValue(row.getCell(col))
    const key = fields[this.options.keyColumn]
    if (key !== null) fields[this.options.keyColumn] = String(key)
    return fields
  }

  /** `${idPrefix}${n}`, one past the largest number already used after that prefix. */
  private newKey(): string {
    const prefix = this.options.idPrefix
    if (this.nextNumber === undefined) {
      let largest = 0
      for (const key of this.rowOf.keys()) {
        const rest = key.startsWith(prefix) ? key.slice(prefix.length) : ''
        if (/^\d{1,15}$/.test(rest)) largest = Math.max(largest, Number(rest))
      }
      this.nextNumber = largest + 1
    }
    while (this.rowOf.has(`${prefix}${this.nextNumber}`)) this.nextNumber++
    return `${prefix}${this.nextNumber++}`
  }

  private refuse(message: string, recordId: string, line?: number): RecordError {
    return new RecordError(message, { recordId, line, connectionId: this.options.connectionId })
  }
}

/** Equal as the engine sees it: 12 and "12" are the same cell, as are null and "". */
function same(current: FieldValue, next: FieldValue | undefined): boolean {
  if (next === undefined) return true
  const blank = (v: FieldValue) => v === null || v === ''
  if (blank(current) || blank(next)) return blank(current) && blank(next)
  return current === next || String(current) === String(next)
}
