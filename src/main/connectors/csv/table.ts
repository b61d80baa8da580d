/**
 * A CSV file held in memory the way the connector needs it: rows indexed by key, and
 * every line we could not read kept verbatim, so rewriting the file never loses what
 * the user typed even when Patchbay cannot make sense of it.
 */
import type { Fields } from '../../../shared/domain'
import type { ReadProblem, SourceRecord } from '../types'
import type { TextEncoding } from './encoding'
import { cellValue } from './serialise'

/** A readable row with a unique key. */
export interface CsvRow {
  readonly kind: 'row'
  readonly key: string
  /** One value per header column (older rows may be shorter after columns were added). */
  readonly values: readonly string[]
  /** The row's text as read, without its line break; absent once Patchbay changed the row. */
  readonly raw?: string
}

/** A line kept as it was: a row we could not read, or a later row repeating a key. */
export interface CsvVerbatim {
  readonly kind: 'verbatim'
  readonly text: string
  /** The key this line repeats, when it is a duplicate. */
  readonly duplicateOf?: string
}

export type CsvSegment = CsvRow | CsvVerbatim

/** A read problem and how many good rows come before it, to put it in the right page. */
export interface PlacedProblem extends ReadProblem {
  rowsBefore: number
}

export type LineBreak = '\n' | '\r\n' | '\r'

/** One file, parsed. Treated as immutable: writes build a new table. */
export interface CsvTable {
  /** sha256 (hex) of the file's bytes this table came from. */
  readonly hash: string
  /** False for a missing file treated as empty (`createIfMissing`). */
  readonly exists: boolean
  /** Column names; empty for a file that has no header yet. */
  readonly header: readonly string[]
  /** The header line as read, and how many columns it had, so it can be written back unchanged. */
  readonly headerRaw?: { text: string; width: number }
  readonly keyIndex: number
  /** Rows and kept lines in file order. */
  readonly segments: readonly CsvSegment[]
  /** Key → index in `segments` of the row with that key. */
  readonly index: ReadonlyMap<string, number>
  /** Key → indexes in `segments` of the later lines repeating it. */
  readonly duplicates: ReadonlyMap<string, readonly number[]>
  readonly problems: readonly PlacedProblem[]
  readonly rowCount: number
  readonly lineBreak: LineBreak
  readonly bom: boolean
  /** The encoding the file is read and written back in. */
  readonly encoding: TextEncoding
  /** The character between values, as read (or set). */
  readonly delimiter: string
  /**
   * True when Patchbay built this table from its own write rather than by reading the
   * file: the rows are exact but the line numbers of its problems may have moved.
   */
  readonly derived: boolean
}

/** sha256 of no bytes: the hash of a file that does not exist yet. */
export const EMPTY_HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** How a file with no text yet is written: the encoding and delimiter set, or UTF-8 with commas. */
export interface NewFileDialect {
  encoding: string
  delimiter: string
}

/** The table of a file that is missing or empty, before the first write gives it a header. */
export function emptyTable(hash: string, exists: boolean, dialect: NewFileDialect = { encoding: 'auto', delimiter: 'auto' }): CsvTable {
  const encoding = dialect.encoding === 'auto' ? 'utf-8' : dialect.encoding
  return {
    hash,
    exists,
    header: [],
    keyIndex: -1,
    segments: [],
    index: new Map(),
    duplicates: new Map(),
    problems: [],
    rowCount: 0,
    lineBreak: '\n',
    bom: false,
    encoding: { name: encoding, bom: false, how: dialect.encoding === 'auto' ? 'default' : 'setting' },
    delimiter: dialect.delimiter === 'auto' ? ',' : dialect.delimiter,
    derived: false
  }
}

/** The rows of a table in file order. */
export function* rowsOf(table: CsvTable): Generator<CsvRow> {
  for (const segment of table.segments) if (segment.kind === 'row') yield segment
}

/** A row as the fields the engine sees: every header column, '' where a row is short. */
export function fieldsOf(header: readonly string[], row: CsvRow): Fields {
  const fields: Fields = {}
  for (let i = 0; i < header.length; i++) fields[header[i]] = cellValue(row.values[i] ?? '')
  return fields
}

export function recordOf(header: readonly string[], row: CsvRow): SourceRecord {
  return { id: row.key, fields: fieldsOf(header, row) }
}
