/** Writing and editing the demo's CSV files the way a spreadsheet or an export would. */
import { readFileSync, writeFileSync } from 'node:fs'

export const cell = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
export const row = (values: readonly string[]): string => values.map(cell).join(',')
export const csv = (header: readonly string[], rows: readonly (readonly string[])[]): string => [row(header), ...rows.map(row)].join('\n') + '\n'

/**
 * Edits the way a person in a spreadsheet would, in one synchronous step so a sync's
 * read and write never straddle it.
 */
export class CsvEdits {
  replace(file: string, from: string, to: string): void {
    writeFileSync(file, readFileSync(file, 'utf8').replace(from, to))
  }

  append(file: string, values: readonly string[]): void {
    const text = readFileSync(file, 'utf8')
    writeFileSync(file, `${text}${text.endsWith('\n') ? '' : '\n'}${row(values)}\n`)
  }

  /** Sets `column` on the row whose `keyColumn` is `key` (simple files: no quoted commas in these columns). */
  field(file: string, keyColumn: string, key: string, column: string, value: string): void {
    const lines = readFileSync(file, 'utf8').split('\n')
    const header = lines[0].split(',')
    const k = header.indexOf(keyColumn)
    const c = header.indexOf(column)
    const at = lines.findIndex((l, i) => i > 0 && l.split(',')[k]?.toLowerCase() === key.toLowerCase())
    if (at < 0 || c < 0) return
    const values = lines[at].split(',')
    values[c] = cell(value)
    lines[at] = values.join(',')
    writeFileSync(file, lines.join('\n'))
  }
}
