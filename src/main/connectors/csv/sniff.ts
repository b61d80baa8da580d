/**
 * Refuses files that are not CSV text before parsing them: a workbook, a PDF, binary
 * data. Parsing those would "work" and produce rubbish, and writing them back would
 * destroy the user's file. (Which text encoding a file is in is encoding.ts's question.)
 */
import { isUtf8 } from 'node:buffer'
import path from 'node:path'
import { ConfigError } from '../../errors'

const SAVE_AS_CSV = 'Open it in your spreadsheet program and save it as "CSV UTF-8 (comma delimited)", then point Patchbay at that file.'

/** Throws a ConfigError when the bytes are a workbook, a PDF or another file that is not text at all. */
export function assertNotOtherFormat(bytes: Buffer, file: string, connectionId?: string): void {
  const refuse = (what: string): never => refusal(file, what, connectionId)
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) refuse('it is an Excel workbook or a zip archive')
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) refuse('it is an old-style Excel (.xls) workbook')
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) refuse('it is a PDF')
}

/** Throws a ConfigError when decoded text holds binary data (a zero character). */
export function assertText(text: string, file: string, connectionId?: string): void {
  if (text.slice(0, 64 * 1024).includes('\u0000')) refusal(file, 'it contains binary data', connectionId)
}

/** Throws a ConfigError for a file set to UTF-8 whose bytes are not UTF-8. */
export function assertUtf8(bytes: Buffer, file: string, connectionId?: string): void {
  if (!isUtf8(bytes)) {
    refusal(
      file,
      'it is not UTF-8 text (probably saved in an older Windows or Mac encoding), so accented letters would be damaged',
      connectionId,
      'Set the connection\'s "encoding" setting to "auto" (or to the encoding the file is in, such as "windows-1252"), or save it again as "CSV UTF-8 (comma delimited)" in your spreadsheet program.'
    )
  }
}

function refusal(file: string, what: string, connectionId?: string, hint = SAVE_AS_CSV): never {
  throw new ConfigError(`${path.basename(file)} is not a CSV file: ${what}`, { connectionId, hint })
}

/** True for an empty file or one holding only a byte-order mark, line breaks and spaces. */
export function isBlank(bytes: Buffer): boolean {
  for (const b of hasBom(bytes) ? bytes.subarray(3) : bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false
  return true
}

/** True when the file starts with the UTF-8 byte-order mark Excel writes. */
export function hasBom(bytes: Buffer): boolean {
  return startsWith(bytes, [0xef, 0xbb, 0xbf])
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}
