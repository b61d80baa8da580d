/**
 * Turns a table back into file bytes. Rows Patchbay did not change are written with
 * their original text (padded with empty values when columns were added), so a sync
 * that touches three rows shows as three changed lines in the user's diff tool.
 */
import { stringify } from 'csv-stringify/sync'
import type { CsvTable } from './table'

/** The bytes of a table, with the file's own byte-order mark and line breaks. */
export function serialiseTable(table: CsvTable, delimiter: string): Buffer {
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
  return Buffer.from(`${table.bom ? '\uFEFF' : ''}${lines.join(table.lineBreak)}${table.lineBreak}`, 'utf8')
}

function padded(values: readonly string[], width: number): readonly string[] {
  return values.length >= width ? values : [...values, ...Array<string>(width - values.length).fill('')]
}
