/**
 * A first look at the file an owner is typing into the CSV connection form: is it there,
 * is it a file, can Patchbay read it as CSV, and what are its columns (for the key column
 * choice, with the likely id or email column first). Reads only the path it is given.
 * Reached through the core call 'file:peek', which the connection form calls as the owner types.
 */
import { open, stat } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'csv-parse/sync'
import { toErrorData } from '../../errors'
import { detectDelimiter, separatorWords } from './dialect'
import { decideEncoding, decodeText, encodingWords } from './encoding'
import { assertNotOtherFormat, assertText } from './sniff'

export type FilePeek = { ok: false; message: string } | { ok: true; message: string; columns: string[]; likelyKey: string | undefined }

/** Bytes read to find the header and the file's encoding and separator. */
const PEEK_BYTES = 64 * 1024

export async function peekCsvFile(file: string): Promise<FilePeek> {
  const name = path.basename(file)
  if (!path.isAbsolute(file)) return { ok: false, message: `Type the whole path of the file, starting from the top of the disk (for example the folder it is in, then ${name || 'the file name'}).` }
  const info = await stat(file).catch(() => undefined)
  if (!info) return { ok: false, message: `There is no file at ${file}. Check the folder and the spelling of the name.` }
  // A folder is a connection too: each .csv and .xlsx file in it becomes a list to sync, each with its own columns.
  if (info.isDirectory()) return { ok: true, message: `${name} is a folder: every .csv and .xlsx file in it becomes a list you can sync. To sync one file only, type its name after the folder.`, columns: [], likelyKey: undefined }
  if (/\.xlsx$/i.test(file)) return { ok: false, message: `${name} is an Excel workbook: Patchbay reads it, but this form cannot list its columns yet. Type the key column's name below.` }
  let bytes: Buffer
  try {
    const handle = await open(file, 'r')
    try {
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(PEEK_BYTES), 0, PEEK_BYTES, 0)
      bytes = buffer.subarray(0, bytesRead)
    } finally {
      await handle.close()
    }
  } catch {
    return { ok: false, message: `Patchbay may not open ${file}. Check that you (this computer's user) can read it.` }
  }
  try {
    assertNotOtherFormat(bytes, file)
    const encoding = decideEncoding(bytes, 'auto')
    const text = decodeText(bytes, encoding).replace(/^\uFEFF/, '')
    assertText(text, file)
    const firstLine = text.split(/\r\n|\n|\r/, 1)[0] ?? ''
    if (firstLine.trim() === '') return { ok: false, message: `${name} is empty or its first line is blank: put the column names in the first line.` }
    const delimiter = detectDelimiter(text)
    const [columns] = parse(firstLine, { delimiter, relax_column_count: true }) as string[][]
    const likelyKey = guessKey(columns)
    return { ok: true, message: `${name}: ${columns.length} columns, ${encodingWords(encoding)}, values separated by ${separatorWords(delimiter)}.`, columns, likelyKey }
  } catch (err) {
    return { ok: false, message: `${name} is not a CSV file Patchbay can read: ${toErrorData(err).message}` }
  }
}

/** An id column, else an email column: the one that tells the file's rows apart. */
function guessKey(columns: string[]): string | undefined {
  const norm = (c: string) => c.toLowerCase().replace(/[-_ ]/g, '')
  return columns.find((c) => ['id', 'customerid', 'contactid', 'recordid'].includes(norm(c))) ?? columns.find((c) => /e-?mail/i.test(c))
}
