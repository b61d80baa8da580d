/**
 * Reads a CSV file into a `CsvTable`, reporting each row it cannot use as a problem
 * with its line number and going on with the rest of the file.
 *
 * csv-parse alone would let one unclosed quote swallow every line after it (as one
 * long value, or as one error at the end of the file). So we drive it ourselves: when a
 * row fails, or a quoted value spans lines and leaves the wrong number of values, we
 * report the line where that row starts and parse again from the next line.
 */
import path from 'node:path'
import { CsvError, parse } from 'csv-parse/sync'
import { ConfigError } from '../../errors'
import { assertNotOtherFormat, assertText, assertUtf8 } from './sniff'
import { checkHeader } from './header'
import { misfitWords, runOnWords } from './row-words'
import { detectDelimiter } from './dialect'
import { decideEncoding, decodeText, encodingKey, EncodingUnknown, type TextEncoding } from './encoding'
import type { CsvSegment, CsvTable, LineBreak, PlacedProblem } from './table'

/** What parsing needs to know about one file. */
export interface ParseOptions {
  file: string
  keyColumn: string
  /** A character, or 'auto' to take the one the header line uses. */
  delimiter: string
  /** An iconv-lite encoding name, or 'auto' to decide from the bytes (encoding.ts). */
  encoding: string
  connectionId?: string
}

const RECORD_DELIMITERS = ['\r\n', '\n', '\r']
/** Bounds how far one unclosed quote can run before we give up on its row. */
const MAX_RECORD_CHARS = 1_000_000

/** Thrown from inside the parser to start again at a later offset. */
class Resync {
  constructor(readonly offset: number) {}
}

/** Parses a file's bytes; throws a ConfigError when the file as a whole is unusable. */
export function parseTable(bytes: Buffer, hash: string, parseOptions: ParseOptions): CsvTable {
  const { body, encoding } = textOf(bytes, parseOptions)
  const delimiter = parseOptions.delimiter === 'auto' ? detectDelimiter(body.toString('utf8', 0, Math.min(body.length, 64 * 1024))) : parseOptions.delimiter
  const options = { ...parseOptions, delimiter }
  const builder = new TableBuilder(body, options)
  let offset = 0
  while (offset < body.length) {
    const base = offset
    let lastEnd = base
    try {
      parse(body.subarray(base), {
        delimiter: options.delimiter,
        record_delimiter: RECORD_DELIMITERS,
        relax_column_count: true,
        skip_empty_lines: true,
        max_record_size: MAX_RECORD_CHARS,
        on_record: (record: string[], context) => {
          const start = skipLineBreaks(body, lastEnd)
          lastEnd = base + context.bytes
          builder.add(record, start, lastEnd)
          return null
        }
      })
      break
    } catch (err) {
      if (err instanceof Resync) {
        offset = err.offset
        continue
      }
      if (!(err instanceof CsvError)) throw err
      const start = skipLineBreaks(body, lastEnd)
      if (start >= body.length) break
      builder.unreadable(err, start)
      offset = nextLineStart(body, start)
    }
  }
  return builder.finish(hash, encoding, delimiter)
}

/**
 * The file as UTF-8 bytes for the parser (UTF-8 files as they are, without a copy), and
 * the encoding to write it back in. Throws a ConfigError for a file that is not text, and
 * for one whose encoding cannot be decided: nothing is read, so nothing can be written.
 */
function textOf(bytes: Buffer, options: ParseOptions): { body: Buffer; encoding: TextEncoding } {
  const { file, connectionId } = options
  assertNotOtherFormat(bytes, file, connectionId)
  let encoding: TextEncoding
  try {
    encoding = decideEncoding(bytes, options.encoding)
  } catch (err) {
    if (!(err instanceof EncodingUnknown)) throw err
    throw new ConfigError(`Patchbay cannot tell which text encoding ${path.basename(file)} is saved in: ${err.why}. It reads and writes nothing in this file until you say.`, {
      connectionId,
      hint: 'Set the connection\'s "encoding" setting to the one the program that made the file uses: "windows-1252" for most Windows programs, "cp850" for a DOS till, "macintosh" for an old Mac program, or "utf-8".'
    })
  }
  if (encodingKey(encoding.name) === 'utf8') {
    const body = encoding.bom ? bytes.subarray(3) : bytes
    assertText(body.toString('latin1', 0, Math.min(body.length, 64 * 1024)), file, connectionId)
    assertUtf8(body, file, connectionId)
    return { body, encoding }
  }
  const text = decodeText(bytes, encoding)
  assertText(text, file, connectionId)
  return { body: Buffer.from(text, 'utf8'), encoding }
}

class TableBuilder {
  private header: string[] | undefined
  private headerRaw: { text: string; width: number } | undefined
  private keyIndex = -1
  private lineBreak: LineBreak = '\n'
  private readonly segments: CsvSegment[] = []
  /** Start offset of each segment, to give the line of a key's first use. */
  private readonly starts: number[] = []
  private readonly index = new Map<string, number>()
  private readonly duplicates = new Map<string, number[]>()
  private readonly problems: PlacedProblem[] = []
  private rowCount = 0
  private lineStarts: number[] | undefined
  private readonly name: string

  constructor(
    private readonly body: Buffer,
    private readonly options: ParseOptions
  ) {
    this.name = path.basename(options.file)
  }

  add(record: string[], start: number, end: number): void {
    const contentEnd = withoutLineBreak(this.body, start, end)
    if (this.header === undefined) return this.readHeader(record, start, contentEnd, end)
    const width = this.header.length
    if (record.length !== width) {
      if (allBlank(record)) return this.keep(start, contentEnd)
      const line = this.lineAt(start)
      const lineEnd = endOfLine(this.body, start)
      if (lineEnd < contentEnd) {
        // A quoted value ran over line breaks and the row still does not fit: most likely
        // a quote that is never closed. Keep only this line and read the next ones again.
        const lastLine = this.lineAt(contentEnd)
        const firstLine = this.body.toString('utf8', start, lineEnd)
        this.problem(line, runOnWords(line, lastLine, this.header, firstLine, this.options.delimiter, this.keyIndex), { recordId: this.idOnLine(start, lineEnd) }, true)
        this.keep(start, lineEnd)
        throw new Resync(nextLineStart(this.body, start))
      }
      const id = record[this.keyIndex]
      this.problem(line, misfitWords(line, this.header, record, this.keyIndex), { recordId: id?.trim() ? id : undefined }, true)
      return this.keep(start, contentEnd)
    }
    const key = record[this.keyIndex]
    if (key.trim() === '') {
      if (allBlank(record)) return this.keep(start, contentEnd)
      this.problem(this.lineAt(start), `the ${this.options.keyColumn} column is empty`)
      return this.keep(start, contentEnd)
    }
    const first = this.index.get(key)
    if (first !== undefined) {
      const firstLine = this.lineAt(this.starts[first])
      this.problem(this.lineAt(start), `${this.options.keyColumn} "${key}" is already used on line ${firstLine}; this row is left out until one of them is changed`, { key })
      const list = this.duplicates.get(key) ?? []
      list.push(this.segments.length)
      this.duplicates.set(key, list)
      return this.keep(start, contentEnd, key)
    }
    this.index.set(key, this.segments.length)
    this.starts.push(start)
    this.segments.push({ kind: 'row', key, values: record, raw: this.body.toString('utf8', start, contentEnd) })
    this.rowCount++
  }

  /** A row csv-parse gave up on: report it and keep its first line as it is. */
  unreadable(err: CsvError, start: number): void {
    const lineEnd = endOfLine(this.body, start)
    // The parser saw the error where it gave up, which for a quote left open can be many
    // lines after the row that went wrong; reading the row's first line alone says what
    // is wrong with it. A stray quote mid-value needs no second look (and a file can
    // have one on every line, so this keeps such a file quick to read).
    const why = err.code === 'INVALID_OPENING_QUOTE' ? explain(err) : (diagnose(this.body.subarray(start, lineEnd), this.options.delimiter) ?? explain(err))
    if (this.header === undefined) {
      throw new ConfigError(`${this.name} is not a CSV file Patchbay can read: its first line, the column names, is not valid CSV (${why})`, {
        connectionId: this.options.connectionId,
        hint: 'Fix the quote marks in the first line, or check the delimiter setting matches the file.'
      })
    }
    this.problem(this.lineAt(start), why, { recordId: this.idOnLine(start, lineEnd) })
    this.keep(start, lineEnd)
  }

  finish(hash: string, encoding: TextEncoding, delimiter: string): CsvTable {
    if (this.header === undefined) {
      throw new ConfigError(`${this.name} has no header row`, {
        connectionId: this.options.connectionId,
        hint: 'Put the column names in the first line of the file (one of them must be the key column), or point Patchbay at another file.'
      })
    }
    return {
      hash,
      exists: true,
      header: this.header,
      headerRaw: this.headerRaw,
      keyIndex: this.keyIndex,
      segments: this.segments,
      index: this.index,
      duplicates: this.duplicates,
      problems: this.problems,
      rowCount: this.rowCount,
      lineBreak: this.lineBreak,
      bom: encoding.bom,
      encoding,
      delimiter,
      derived: false
    }
  }

  private readHeader(record: string[], start: number, contentEnd: number, end: number): void {
    this.keyIndex = checkHeader(record, this.options, this.name)
    this.header = record
    this.headerRaw = { text: this.body.toString('utf8', start, contentEnd), width: record.length }
    const ending = this.body.toString('latin1', contentEnd, end)
    if (ending === '\r\n' || ending === '\n' || ending === '\r') this.lineBreak = ending
  }

  private keep(start: number, end: number, duplicateOf?: string): void {
    this.starts.push(start)
    this.segments.push({ kind: 'verbatim', text: this.body.toString('utf8', start, end), duplicateOf })
  }

  /**
   * `recordId` is set when the id of a row we could not read can still be made out, so
   * the engine can tell "record 7 is unreadable" from "record 7 was deleted" in a full scan.
   * `key` marks a later line repeating a key (the record itself was read from its first line).
   * `whole`: `what` already names the row ("Row 40 (Rosa Diaz) has …", row-words.ts).
   */
  private problem(line: number, what: string, ids: { recordId?: string; key?: string } = {}, whole = false): void {
    this.problems.push({ line, ...ids, message: whole ? what : `line ${line}: ${what}`, rowsBefore: this.rowCount })
  }

  /** The key of a line we could not parse, when the values up to the key column hold no quote marks. */
  private idOnLine(start: number, end: number): string | undefined {
    const values = this.body.toString('utf8', start, end).split(this.options.delimiter, this.keyIndex + 1)
    if (values.length <= this.keyIndex || values.some((v) => v.includes('"'))) return undefined
    const id = values[this.keyIndex]
    return id.trim() === '' ? undefined : id
  }

  /** 1-based line of a byte offset, counting \r\n, \n and a lone \r as line breaks. */
  private lineAt(offset: number): number {
    const starts = (this.lineStarts ??= lineStartsOf(this.body))
    let lo = 0
    let hi = starts.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (starts[mid] <= offset) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** Says in plain words what is wrong with the quoting of one line read on its own. */
function diagnose(line: Buffer, delimiter: string): string | undefined {
  try {
    parse(line, { delimiter, record_delimiter: RECORD_DELIMITERS, relax_column_count: true })
    return undefined
  } catch (err) {
    return err instanceof CsvError ? explain(err) : undefined
  }
}

function explain(err: CsvError): string {
  switch (err.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted value starts on this line but its closing quote mark is missing'
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted value has more text after its closing quote mark; a quote mark inside a value must be written twice ("")'
    case 'INVALID_OPENING_QUOTE':
      return 'a quote mark appears in the middle of a value; put the whole value in quotes and write the quote mark twice ("")'
    case 'CSV_MAX_RECORD_SIZE':
      return `this row runs on for more than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters; a quote mark is probably not closed`
    default:
      return `this row cannot be read (${err.message})`
  }
}

function allBlank(record: string[]): boolean {
  return record.every((v) => v.trim() === '')
}

function skipLineBreaks(body: Buffer, offset: number): number {
  while (offset < body.length && (body[offset] === 0x0a || body[offset] === 0x0d)) offset++
  return offset
}

/** Offset of the first line break at or after `offset` (or the end of the file). */
function endOfLine(body: Buffer, offset: number): number {
  while (offset < body.length && body[offset] !== 0x0a && body[offset] !== 0x0d) offset++
  return offset
}

/** Offset where the line after the one holding `offset` starts. */
function nextLineStart(body: Buffer, offset: number): number {
  const end = endOfLine(body, offset)
  if (body[end] === 0x0d && body[end + 1] === 0x0a) return end + 2
  return Math.min(end + 1, body.length)
}

/** Trims the one line break csv-parse counts as the end of a record. */
function withoutLineBreak(body: Buffer, start: number, end: number): number {
  if (end > start && body[end - 1] === 0x0a) end--
  if (end > start && body[end - 1] === 0x0d) end--
  return end
}

function lineStartsOf(body: Buffer): number[] {
  const starts = [0]
  for (let i = 0; i < body.length; i++) {
    const b = body[i]
    if (b === 0x0a) starts.push(i + 1)
    else if (b === 0x0d) {
      if (body[i + 1] === 0x0a) i++
      starts.push(i + 1)
    }
  }
  return starts
}
