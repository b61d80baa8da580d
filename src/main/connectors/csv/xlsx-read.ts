/**
 * Reads one sheet of an `.xlsx` workbook into a `SheetTable`: cells as what they are
 * (numbers as numbers, dates as ISO dates, text as text, a formula as its result), each
 * row with its row number, and each row Patchbay cannot use reported as a problem with
 * that number, as the CSV reader does with lines.
 *
 * The workbook itself is kept in the table: a write changes cells in it and saves the
 * whole workbook, so the other sheets, formulas and formatting go back as they came.
 */
import path from 'node:path'
import type { Cell, CellValue, Workbook, Worksheet } from 'exceljs'
import type { FieldValue, Fields } from '../../../shared/domain'
import { ConfigError } from '../../errors'
import type { FieldInfo, ReadProblem } from '../types'
import { checkHeader } from './header'
import type { PlacedProblem } from './table'

/** Loads exceljs at the first workbook, not at every start of Patchbay. */
let library: Promise<typeof import('exceljs')> | undefined
export function excel(): Promise<typeof import('exceljs')> {
  return (library ??= import('exceljs').then((m) => ((m as { default?: typeof import('exceljs') }).default ?? m) as typeof import('exceljs')))
}

/** Which sheet and header row to read. */
export interface SheetOptions {
  file: string
  keyColumn: string
  /** A sheet's name, or its position counting from 1; empty for the first sheet. */
  sheet: string | number | undefined
  /** Row number of the column names, counting from 1. */
  headerRow: number
  connectionId?: string
}

/** One readable row: its key, its row number in the sheet and its values by column name. */
export interface SheetRow {
  key: string
  rowNumber: number
  fields: Fields
}

/** One sheet, parsed. Writes change `workbook` in place and make a new table by reading it again. */
export interface SheetTable {
  hash: string
  workbook: Workbook
  sheetName: string
  /** Column names in column order; `columns[i]` is the sheet's column i + 1. */
  header: string[]
  keyIndex: number
  rows: SheetRow[]
  index: Map<string, number>
  problems: PlacedProblem[]
  /** Row number of the column names. */
  headerRow: number
  /** Last row number in use, header included: new rows go after it. */
  lastRow: number
}

/** Bytes that start every encrypted Office file (a Compound File holding "EncryptionInfo"). */
const COMPOUND_FILE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le')
const ZIP = [0x50, 0x4b, 0x03, 0x04]

/** Refuses a password-protected, old-style or damaged workbook before exceljs sees it, in words the owner can act on. */
export function assertWorkbook(bytes: Buffer, file: string, connectionId?: string): void {
  const name = path.basename(file)
  if (COMPOUND_FILE.every((b, i) => bytes[i] === b)) {
    if (bytes.includes(ENCRYPTION_INFO)) {
      throw new ConfigError(`${name} is protected with a password, so Patchbay cannot open it and has changed nothing`, {
        connectionId,
        hint: 'Save a copy without the password (in Excel: File → Info → Protect Workbook → Encrypt with Password, clear it, save) and point Patchbay at that copy.'
      })
    }
    throw new ConfigError(`${name} is an old-style Excel (.xls) workbook, which Patchbay does not read`, {
      connectionId,
      hint: 'Open it in Excel and save it as "Excel Workbook (.xlsx)", then point Patchbay at the new file.'
    })
  }
  if (!ZIP.every((b, i) => bytes[i] === b)) {
    throw new ConfigError(`${name} is not an Excel workbook (.xlsx): it does not start like one`, {
      connectionId,
      hint: 'Check the file is the workbook you meant; if it is a CSV file, give it a .csv name.'
    })
  }
}

/** Reads the chosen sheet; throws a ConfigError when the workbook, sheet or header cannot be used. */
export async function readSheet(bytes: Buffer, hash: string, options: SheetOptions): Promise<SheetTable> {
  const { file, connectionId } = options
  assertWorkbook(bytes, file, connectionId)
  const { Workbook } = await excel()
  const workbook = new Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch (err) {
    throw new ConfigError(`${path.basename(file)} cannot be opened as a workbook (${(err as Error).message})`, {
      connectionId,
      cause: err,
      hint: 'Open it in Excel to check it is not damaged, save it again as .xlsx, and run again.'
    })
  }
  return tableOf(workbook, hash, options)
}

/** Reads a sheet of a workbook already in memory (after Patchbay's own write). */
export function tableOf(workbook: Workbook, hash: string, options: SheetOptions): SheetTable {
  const sheet = pickSheet(workbook, options)
  const name = `${path.basename(options.file)}, sheet "${sheet.name}"`
  const headerCells = sheet.getRow(options.headerRow)
  const header: string[] = []
  headerCells.eachCell({ includeEmpty: true }, (cell, col) => {
    header[col - 1] = textOf(cellValue(cell))
  })
  while (header.length > 0 && header[header.length - 1].trim() === '') header.pop()
  for (let i = 0; i < header.length; i++) header[i] ??= ''
  if (header.length === 0) {
    throw new ConfigError(`Row ${options.headerRow} of ${name} is empty, so Patchbay finds no column names there`, {
      connectionId: options.connectionId,
      hint: 'Set the connection\'s "headerRow" setting to the row that holds the column names (counting from 1), or "sheet" to the sheet that holds the list.'
    })
  }
  const keyIndex = checkHeader(header, { keyColumn: options.keyColumn, delimiter: ',', connectionId: options.connectionId }, name)
  const rows: SheetRow[] = []
  const index = new Map<string, number>()
  const problems: PlacedProblem[] = []
  const problem = (rowNumber: number, what: string, ids: Partial<ReadProblem> = {}) => problems.push({ line: rowNumber, ...ids, message: `row ${rowNumber}: ${what}`, rowsBefore: rows.length })
  // rowCount counts rows that only carry formatting too; new rows go after the last one holding something.
  let lastRow = options.headerRow
  for (let r = options.headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const fields: Fields = {}
    let blank = true
    let broken: string | undefined
    header.forEach((column, i) => {
      const cell = row.getCell(i + 1)
      const error = errorOf(isFormula(cell.value) ? (cell.result as CellValue) : cell.value)
      if (error !== undefined) broken ??= `the ${column} cell shows the error ${error}`
      const value = error === undefined ? cellValue(cell) : null
      if (value !== null && value !== '') blank = false
      fields[column] = value
    })
    if (blank && broken === undefined) continue
    lastRow = r
    const key = textOf(fields[options.keyColumn] ?? null).trim()
    if (broken !== undefined) {
      problem(r, `${broken}; fix the formula or the cells it uses`, key === '' ? {} : { recordId: key })
      continue
    }
    if (key === '') {
      problem(r, `the ${options.keyColumn} cell is empty`)
      continue
    }
    const first = index.get(key)
    if (first !== undefined) {
      problem(r, `${options.keyColumn} "${key}" is already used on row ${rows[first].rowNumber}; this row is left out until one of them is changed`, { key })
      continue
    }
    fields[options.keyColumn] = key
    index.set(key, rows.length)
    rows.push({ key, rowNumber: r, fields })
  }
  return { hash, workbook, sheetName: sheet.name, header, keyIndex, rows, index, problems, headerRow: options.headerRow, lastRow }
}

/** Column types from the cells, for the mapping editor's suggestions. */
export function describeSheet(table: SheetTable): FieldInfo[] {
  return table.header.map((name) => {
    const kinds = new Set(table.rows.slice(0, 50).map((row) => kindOf(row.fields[name], table, row.rowNumber, name)).filter((k) => k !== undefined))
    const type = kinds.size === 1 ? [...kinds][0]! : 'string'
    return { name, type }
  })
}

function kindOf(value: FieldValue | undefined, table: SheetTable, rowNumber: number, column: string): FieldInfo['type'] | undefined {
  if (value === null || value === undefined || value === '') return undefined
  if (typeof value === 'number') return 'number'
  if (typeof value === 'boolean') return 'boolean'
  const cell = table.workbook.getWorksheet(table.sheetName)!.getRow(rowNumber).getCell(table.header.indexOf(column) + 1)
  return cellContent(cell) instanceof Date ? 'date' : 'string'
}

/** The sheet the options name; throws a ConfigError listing the sheets there are. */
export function pickSheet(workbook: Workbook, options: Pick<SheetOptions, 'file' | 'sheet' | 'connectionId'>): Worksheet {
  const sheets = workbook.worksheets
  const wanted = options.sheet
  const byName = (name: string) => sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase())
  // "2" typed on the command line is the second sheet, unless a sheet is called "2".
  const byPosition = (n: number) => sheets[n - 1]
  const found =
    wanted === undefined || wanted === ''
      ? sheets[0]
      : typeof wanted === 'number'
        ? byPosition(wanted)
        : (byName(wanted) ?? (/^\d+$/.test(wanted.trim()) ? byPosition(Number(wanted)) : undefined))
  if (found !== undefined) return found
  const names = sheets.map((s) => `"${s.name}"`).join(', ')
  throw new ConfigError(
    sheets.length === 0 ? `${path.basename(options.file)} has no sheets` : `${path.basename(options.file)} has no sheet ${typeof wanted === 'number' ? `number ${wanted}` : `"${wanted}"`}; its sheets are ${names}`,
    { connectionId: options.connectionId, hint: 'Set the connection\'s "sheet" setting to the name of the sheet that holds the list, or leave it empty for the first sheet.' }
  )
}

/**
 * What a cell shows. A formula's result comes from `cell.result`: exceljs's `cell.value`
 * leaves out a result of 0, false or "" (it copies only truthy fields), which would read a
 * zero total as an empty cell.
 */
export function cellContent(cell: Cell): unknown {
  return isFormula(cell.value) ? resultOf((cell.result as CellValue | undefined) ?? null) : resultOf(cell.value)
}

/** A cell's value as the engine sees it: a formula as its result, a date as an ISO date, rich text and links as their text. */
export function cellValue(cell: Cell): FieldValue {
  return fieldValueOf(cellContent(cell))
}

function fieldValueOf(value: unknown): FieldValue {
  if (value === null || value === undefined) return null
  if (value instanceof Date) return isoOf(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return value
  return textOf(null)
}

/** What a cell value holds once its formula, link or rich text is seen through. */
function resultOf(raw: CellValue): unknown {
  if (raw === null || raw === undefined) return null
  if (typeof raw !== 'object' || raw instanceof Date) return raw
  if ('formula' in raw || 'sharedFormula' in raw) return resultOf((raw as { result?: CellValue }).result ?? null)
  if ('richText' in raw) return raw.richText.map((part) => part.text).join('')
  if ('hyperlink' in raw) return resultOf((raw as { text: CellValue }).text)
  if ('error' in raw) return null
  return null
}

/** True for a cell holding a formula (its own or shared). */
export function isFormula(raw: CellValue): boolean {
  return raw !== null && typeof raw === 'object' && !(raw instanceof Date) && ('formula' in raw || 'sharedFormula' in raw)
}

function errorOf(raw: CellValue): string | undefined {
  if (raw === null || typeof raw !== 'object' || raw instanceof Date) return undefined
  if ('error' in raw) return String(raw.error)
  if ('formula' in raw || 'sharedFormula' in raw) return errorOf((raw as { result?: CellValue }).result ?? null)
  return undefined
}

/** A date cell as 2026-12-06, or 2026-12-06T14:30:00 when it has a time (Excel's dates have no time zone). */
export function isoOf(date: Date): string {
  const iso = date.toISOString()
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19)
}

function textOf(value: FieldValue): string {
  return value === null ? '' : String(value)
}
