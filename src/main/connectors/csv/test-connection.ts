/**
 * "Test connection" for csv: the file or folder is there, readable, and each file
 * parses; the message counts rows so the user sees Patchbay found the right file.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { PatchbayError, toErrorData } from '../../errors'
import type { ConnectionTest } from '../types'
import { hashOf } from './file-access'
import { parseTable } from './parse-table'
import { dropObjectName, matchingFiles } from './drop-folder'
import { fileFor, isWorkbook, objectNameOf, optionsFor, type CsvObjectOptions, type CsvSettings } from './settings'
import { readSheet, type SheetOptions } from './xlsx-read'
import { lineBreakWords, separatorWords } from './dialect'
import { encodingWords } from './encoding'
import type { CsvTable } from './table'
import { isBlank } from './sniff'

/** Files named in the message before "and N more". */
const LISTED_FILES = 5

/** The objects a csv connection offers: its file, or every .csv file in its folder. */
export async function csvObjectNames(settings: CsvSettings): Promise<string[]> {
  const { location } = settings
  if (location.kind === 'file') return [objectNameOf(location.file)]
  if (location.kind === 'drop') return [dropObjectName(location.pattern)]
  const entries = await readdir(location.folder, { withFileTypes: true })
  return entries
    // Excel's "~$book.xlsx" while a workbook is open is a lock file, not a list.
    .filter((entry) => entry.isFile() && /\.(csv|xlsx)$/i.test(entry.name) && !entry.name.startsWith('.') && !entry.name.startsWith('~$'))
    .map((entry) => objectNameOf(entry.name))
    .sort((a, b) => a.localeCompare(b))
}

export async function testCsvConnection(settings: CsvSettings, connectionId?: string): Promise<ConnectionTest> {
  const { location } = settings
  const accountName = location.kind === 'file' ? location.file : location.folder
  if (location.kind === 'drop') return testDropFolder(location, settings, connectionId)
  if (location.kind === 'folder') {
    const isFolder = await stat(location.folder).then(
      (s) => s.isDirectory(),
      () => false
    )
    if (!isFolder) return { ok: false, accountName, message: `Cannot find the folder ${location.folder}` }
  }
  let names: string[]
  try {
    names = await csvObjectNames(settings)
  } catch (err) {
    return { ok: false, accountName, message: `Cannot read ${accountName}: ${toErrorData(err).message}` }
  }
  if (names.length === 0) return { ok: true, accountName, message: `The folder ${accountName} has no .csv files yet` }
  const summaries: { ok: boolean; text: string }[] = []
  for (const name of names) summaries.push(await summarise(settings, name, connectionId))
  const ok = summaries.every((s) => s.ok)
  const shown = summaries.slice(0, LISTED_FILES).map((s) => s.text)
  if (summaries.length > LISTED_FILES) shown.push(`and ${summaries.length - LISTED_FILES} more`)
  const found = location.kind === 'file' ? 'Found' : `Found ${names.length === 1 ? '1 file' : `${names.length} files`}:`
  const problems = summaries.filter((s) => !s.ok).map((s) => s.text)
  const detected = names.some((name) => !isWorkbook(fileFor(settings, name)) && Object.values(pick(optionsFor(settings, name))).includes('auto')) ? ` ${DETECTED}` : ''
  return { ok, accountName, message: ok ? `${found} ${shown.join(', ')}.${detected}` : problems.join('; ') }
}

async function summarise(settings: CsvSettings, object: string, connectionId?: string, own?: CsvObjectOptions): Promise<{ ok: boolean; text: string }> {
  const file = fileFor(settings, object, connectionId)
  const options = own ?? optionsFor(settings, object)
  const name = path.basename(file)
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT' && options.createIfMissing) return { ok: true, text: `${name} (not created yet)` }
    if (code === 'ENOENT') return { ok: false, text: `Cannot find ${file}` }
    return { ok: false, text: `Cannot read ${file}: ${(err as Error).message}` }
  }
  if (isWorkbook(file)) return summariseSheet(bytes, { file, keyColumn: options.keyColumn, sheet: options.sheet, headerRow: options.headerRow, connectionId })
  if (options.createIfMissing && isBlank(bytes)) return { ok: true, text: `${name} (empty)` }
  try {
    const table = parseTable(bytes, hashOf(bytes), { file, keyColumn: options.keyColumn, delimiter: options.delimiter, encoding: options.encoding, connectionId })
    const unreadable = table.problems.length > 0 ? `, ${count(table.problems.length, 'line')} with problems` : ''
    return { ok: true, text: `${name} (${count(table.rowCount, 'row')}${unreadable}; ${dialectWords(table, options)})` }
  } catch (err) {
    if (err instanceof PatchbayError) return { ok: false, text: err.message }
    throw err
  }
}

/** A drop folder: there, readable, how many exports wait, and how the newest reads. */
async function testDropFolder(location: Extract<CsvSettings['location'], { kind: 'drop' }>, settings: CsvSettings, connectionId?: string): Promise<ConnectionTest> {
  const accountName = location.folder
  let files: Awaited<ReturnType<typeof matchingFiles>>
  try {
    files = await matchingFiles(location.folder, location.pattern)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { ok: false, accountName, message: code === 'ENOENT' ? `Cannot find the folder ${location.folder}` : `Cannot read ${location.folder}: ${toErrorData(err).message}` }
  }
  if (files.length === 0) return { ok: true, accountName, message: `No exports matching ${location.pattern} in ${location.folder} yet; Patchbay reads them as they arrive` }
  const now = Date.now()
  const ready = files.filter((f) => now - f.mtimeMs >= location.quietMs)
  const writing = files.length - ready.length
  const waiting = `${count(ready.length, 'export')} ready${writing > 0 ? ` and ${writing} still being written` : ''}`
  if (ready.length === 0) return { ok: true, accountName, message: `${waiting}; Patchbay reads an export once it has been left alone for ${location.quietMs / 1000} seconds` }
  const newest = ready[ready.length - 1]
  const options = optionsFor(settings, dropObjectName(location.pattern))
  const one = await summarise({ ...settings, location: { kind: 'file', file: newest.file } }, objectNameOf(newest.file), connectionId, options)
  const detected = !isWorkbook(newest.file) && Object.values(pick(options)).includes('auto') ? ` ${DETECTED}` : ''
  return { ok: one.ok, accountName, message: one.ok ? `${waiting}; the newest ready is ${one.text}.${detected}` : one.text }
}

async function summariseSheet(bytes: Buffer, options: SheetOptions): Promise<{ ok: boolean; text: string }> {
  try {
    const table = await readSheet(bytes, hashOf(bytes), options)
    const unreadable = table.problems.length > 0 ? `, ${count(table.problems.length, 'row')} with problems` : ''
    return { ok: true, text: `${path.basename(options.file)} (sheet "${table.sheetName}", column names on row ${table.headerRow}, ${count(table.rows.length, 'row')}${unreadable})` }
  } catch (err) {
    if (err instanceof PatchbayError) return { ok: false, text: err.message }
    throw err
  }
}

/**
 * What Patchbay took the file to be, so the owner can correct a wrong guess:
 * "Windows-1252 (Western European), semicolons, Windows line breaks".
 */
export function dialectWords(table: Pick<CsvTable, 'encoding' | 'delimiter' | 'lineBreak'>, options: Pick<CsvObjectOptions, 'encoding' | 'delimiter'>): string {
  const guessed = options.encoding === 'auto' || options.delimiter === 'auto'
  return `${encodingWords(table.encoding)}, ${separatorWords(table.delimiter)}, ${lineBreakWords(table.lineBreak)}${guessed ? '' : ', as set'}`
}

/** Said once after the files when Patchbay decided how any of them is saved. */
const DETECTED = 'Patchbay worked out how each file is saved; if that is wrong, set the connection\'s "encoding" or "delimiter" setting.'

function pick(options: CsvObjectOptions): Pick<CsvObjectOptions, 'encoding' | 'delimiter'> {
  return { encoding: options.encoding, delimiter: options.delimiter }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`
}
