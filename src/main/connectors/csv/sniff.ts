/**
 * Refuses files that are not CSV text before parsing them: a workbook, a PDF, UTF-16
 * or a Windows code page. Parsing those would "work" and produce rubbish, and writing
 * them back would destroy the user's file.
 */
import { isUtf8 } from 'node:buffer'
import path from 'node:path'
import { ConfigError } from '../../errors'

const SAVE_AS_CSV = 'Open it in your spreadsheet program and save it as "CSV UTF-8 (comma delimited)", then point Patchbay at that file.'

/** Throws a ConfigError naming the file and saying what it seems to be instead. */
export function assertCsvText(bytes: Buffer, file: string, connectionId?: string): void {
  const name = path.basename(file)
  const refuse = (what: string, hint = SAVE_AS_CSV): never => {
    throw new ConfigError(`${name} is not a CSV file: ${what}`, { connectionId, hint })
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) refuse('it is an Excel workbook or a zip archive')
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) refuse('it is an old-style Excel (.xls) workbook')
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) refuse('it is a PDF')
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) refuse('it is saved as UTF-16 ("Unicode text")')
  const head = bytes.subarray(0, 64 * 1024)
  if (head.includes(0)) refuse('it contains binary data')
  if (!isUtf8(bytes)) {
    refuse(
      'it is not UTF-8 text (probably saved in an older Windows or Mac encoding), so accented letters would be damaged',
      'Save it again as "CSV UTF-8 (comma delimited)" in your spreadsheet program.'
    )
  }
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
