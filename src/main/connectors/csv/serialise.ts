/**
 * Turns a table back into file bytes. Rows Patchbay did not change are written with
 * their original text (padded with empty values when columns were added), so a sync
 * that touches three rows shows as three changed lines in the user's diff tool.
 */
import { stringify } from 'csv-stringify/sync'
import { encodeText } from './encoding'
import type { CsvTable } from './table'

/** The bytes of a table, in the file's own encoding, byte-order mark, delimiter and line breaks. */
export function serialiseTable(table: CsvTable): Buffer {
  const { delimiter } = table
  const width = table.header.length
  const options = {
    delimiter,
    record_delimiter: table.lineBreak,
    eof: false,
    // The reader accepts a lone \r as a line break, so a value holding one must be quoted.
    quoted_match: /\r/
  }
  const line = (values: readonly string[]): string => stringify([values], options)
  const lines: string[] = []
  const { headerRaw } = table
  if (headerRaw === undefined) lines.push(line(table.header))
  else if (headerRaw.width === width) lines.push(headerRaw.text)
  else lines.push(headerRaw.text + delimiter + line(table.header.slice(headerRaw.width)))
  for (const segment of table.segments) {
    if (segment.kind === 'verbatim') lines.push(segment.text)
    else if (segment.raw !== undefined) lines.push(segment.raw + delimiter.repeat(Math.max(0, width - segment.values.length)))
    else lines.push(line(padded(segment.values, width)))
  }
  return encodeText(`${lines.join(table.lineBreak)}${table.lineBreak}`, table.encoding)
}

function padded(values: readonly string[], width: number): readonly string[] {
  return values.length >= width ? values : [...values, ...Array<string>(width - values.length).fill('')]
}

/**
 * A value as it is written into a cell, guarded against spreadsheet formula injection
 * (OWASP "CSV Injection"): text starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading single quote, so Excel, LibreOffice and Google Sheets show it as
 * text instead of running it (`=HYPERLINK(…)`, `+1+cmd|…`, `@SUM(…)`).
 *
 * A number or phone number (`-12.50`, `+44 20 7946 0000`, `-(1,200.00)`) is left alone
 * although OWASP lists a leading `-`/`+`: with nothing but digits, spaces and `.,()/-` after
 * the sign it can name no function and reach no program (that takes letters, `|` or `!`),
 * while quoting it would turn every refund amount into text that no longer adds up and
 * put a stray quote in front of every international phone number.
 */
export function guardCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text
}

/**
 * A cell as the value the engine sees: a quote Patchbay (or another OWASP-minded tool) put
 * in front of formula-like text is taken off again, so a guarded value read back is the
 * value that was written and never shows as a change to send to the other system.
 */
export function cellValue(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) && !PLAIN_NUMBER.test(cell.slice(1)) ? cell.slice(1) : cell
}

const FORMULA_START = /^[=+\-@\t\r]/
const PLAIN_NUMBER = /^[+-][\d .,()/-]*\d[\d .,()/-]*$/
