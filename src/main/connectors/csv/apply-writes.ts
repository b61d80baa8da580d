/**
 * Applies one batch of writes to a table in memory, producing the next table and one
 * outcome per item. Nothing touches the disk here: the caller writes the result in one
 * atomic rewrite, so a batch is never half-applied to the file.
 */
import path from 'node:path'
import { assertNever } from '../../../shared/assert'
import type { FieldValue, Fields } from '../../../shared/domain'
import { ConfigError, RecordError } from '../../errors'
import type { WriteItem, WriteOutcome } from '../types'
import { encodingWords, unencodable } from './encoding'
import { cellValue, guardCell } from './serialise'
import { fieldsOf, type CsvRow, type CsvSegment, type CsvTable } from './table'

/** What applying writes needs to know about the object. */
export interface ApplyOptions {
  file: string
  keyColumn: string
  idPrefix: string
  connectionId?: string
}

export interface ApplyResult {
  /** The table after the batch; the same object when nothing changed. */
  table: CsvTable
  outcomes: WriteOutcome[]
  changed: boolean
}

export function applyWrites(table: CsvTable, items: readonly WriteItem[], options: ApplyOptions): ApplyResult {
  const draft = new Draft(table, options)
  const outcomes = items.map((item) => draft.apply(item))
  return { table: draft.finish(), outcomes, changed: draft.changed }
}

/** A value as a cell: strings as they are, numbers and booleans spelled out, null as empty. */
export function toCell(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : String(value)
}

class Draft {
  changed = false
  private header: string[]
  private readonly columns: Map<string, number>
  private keyIndex: number
  private readonly segments: (CsvSegment | null)[]
  private readonly index: Map<string, number>
  private removed = false
  private nextNumber: number | undefined
  private readonly name: string

  constructor(
    private readonly table: CsvTable,
    private readonly options: ApplyOptions
  ) {
    this.header = [...table.header]
    this.columns = new Map(this.header.map((name, i) => [name, i]))
    this.keyIndex = table.keyIndex
    this.segments = [...table.segments]
    this.index = new Map(table.index)
    this.name = path.basename(options.file)
  }

  apply(item: WriteItem): WriteOutcome {
    try {
      switch (item.op) {
        case 'create':
          return { ref: item.ref, ok: true, ...this.create(item.fields) }
        case 'update':
          return { ref: item.ref, ok: true, ...this.update(item.id, item.fields) }
        case 'delete':
          this.delete(item.id)
          return { ref: item.ref, ok: true, id: item.id }
        default:
          return assertNever(item, 'write op')
      }
    } catch (err) {
      if (err instanceof RecordError) return { ref: item.ref, ok: false, error: err }
      throw err
    }
  }

  finish(): CsvTable {
    if (!this.changed) return this.table
    const segments: CsvSegment[] = []
    const index = new Map<string, number>()
    const duplicates = new Map<string, number[]>()
    if (this.removed) {
      for (const segment of this.segments) {
        if (segment === null) continue
        if (segment.kind === 'row') index.set(segment.key, segments.length)
        else if (segment.duplicateOf !== undefined) duplicates.set(segment.duplicateOf, [...(duplicates.get(segment.duplicateOf) ?? []), segments.length])
        segments.push(segment)
      }
    }
    return {
      ...this.table,
      exists: true,
      header: this.header,
      keyIndex: this.keyIndex,
      segments: this.removed ? segments : (this.segments as CsvSegment[]),
      index: this.removed ? index : this.index,
      duplicates: this.removed ? duplicates : this.table.duplicates,
      rowCount: this.removed ? index.size : this.index.size,
      derived: true
    }
  }

  private create(fields: Fields): { id: string; fields: Fields } {
    const { keyColumn } = this.options
    const given = toCell(fields[keyColumn])
    const key = given === '' ? this.newKey() : given
    if (key.trim() === '') throw this.refuse(`the ${keyColumn} value cannot be blank`, key)
    if (this.index.has(key)) throw this.refuse(`a row with key ${key} already exists in ${this.name}`, key)
    if (this.header.length === 0) this.addColumn(keyColumn)
    this.keyIndex = this.columns.get(keyColumn)!
    for (const name of Object.keys(fields)) this.addColumn(name)
    for (const [name, value] of Object.entries(fields)) this.assertEncodable(name, toCell(value), key)
    const values = this.header.map((name, i) => (i === this.keyIndex ? key : guardCell(toCell(fields[name]))))
    const row: CsvRow = { kind: 'row', key, values }
    this.index.set(key, this.segments.length)
    this.segments.push(row)
    this.changed = true
    return { id: key, fields: fieldsOf(this.header, row) }
  }

  private update(id: string, fields: Fields): { id: string; fields: Fields } {
    const at = this.index.get(id)
    if (at === undefined) throw this.refuse(`row with id ${id} is no longer in ${this.name}`, id)
    const row = this.segments[at] as CsvRow
    const { keyColumn } = this.options
    const newKey = keyColumn in fields ? toCell(fields[keyColumn]) : row.key
    if (newKey !== row.key) {
      if (newKey.trim() === '') throw this.refuse(`the ${keyColumn} of row ${id} cannot be made blank`, id)
      if (this.index.has(newKey)) throw this.refuse(`a row with key ${newKey} already exists in ${this.name}`, id)
    }
    for (const name of Object.keys(fields)) this.addColumn(name)
    const values = [...row.values]
    while (values.length < this.header.length) values.push('')
    let differs = false
    for (const [name, value] of Object.entries(fields)) {
      const i = this.columns.get(name)!
      // A value that came unchanged from this file (a formula the owner typed, or text we
      // guarded before) keeps its cell as it is; anything new is guarded as it is written.
      const cell = toCell(value)
      if (values[i] !== cell && cellValue(values[i]) !== cell) {
        this.assertEncodable(name, cell, id)
        values[i] = i === this.keyIndex ? cell : guardCell(cell)
        differs = true
      }
    }
    // An update that changes nothing keeps the row's original text byte for byte.
    if (!differs) return { id, fields: fieldsOf(this.header, row) }
    const next: CsvRow = { kind: 'row', key: newKey, values }
    this.segments[at] = next
    if (newKey !== id) {
      this.index.delete(id)
      this.index.set(newKey, at)
    }
    this.changed = true
    return { id: newKey, fields: fieldsOf(this.header, next) }
  }

  /**
   * Removes the row, and any later lines repeating its key: leaving those would bring the
   * record back on the next read, and the sync would create it again on the other side.
   */
  private delete(id: string): void {
    const at = this.index.get(id)
    if (at === undefined) return
    this.segments[at] = null
    this.index.delete(id)
    for (const repeat of this.table.duplicates.get(id) ?? []) this.segments[repeat] = null
    this.removed = true
    this.changed = true
  }

  private addColumn(name: string): void {
    if (this.columns.has(name)) return
    // The owner's file keeps the columns it has; only a file with no header yet takes them from the first write.
    if (this.table.header.length > 0) {
      throw new ConfigError(`${this.name} has no "${name}" column, and Patchbay does not add columns to your file`, {
        connectionId: this.options.connectionId,
        hint: `Add a "${name}" column to ${this.name}, or change the sync so it does not map "${name}".`
      })
    }
    this.columns.set(name, this.header.length)
    this.header.push(name)
    this.changed = true
  }

  /** `${idPrefix}${n}`, one past the largest number already used after that prefix. */
  private newKey(): string {
    const prefix = this.options.idPrefix
    if (this.nextNumber === undefined) {
      let largest = 0
      for (const key of this.index.keys()) {
        if (!key.startsWith(prefix)) continue
        const rest = key.slice(prefix.length)
        if (/^\d{1,15}$/.test(rest)) largest = Math.max(largest, Number(rest))
      }
      this.nextNumber = largest + 1
    }
    while (this.index.has(`${prefix}${this.nextNumber}`) || this.table.duplicates.has(`${prefix}${this.nextNumber}`)) this.nextNumber++
    return `${prefix}${this.nextNumber++}`
  }

  /**
   * A value the file's encoding cannot hold (a "Ł" in a Windows-1252 export) would be
   * written as "?" and lost for good, so the record fails instead, saying which letters.
   */
  private assertEncodable(field: string, value: string, recordId: string): void {
    const bad = unencodable(value, this.table.encoding.name)
    if (bad.length === 0) return
    throw new RecordError(`${field} "${value}" has ${bad.length === 1 ? 'a character' : 'characters'} (${bad.join(' ')}) that ${this.name} cannot hold: it is saved as ${encodingWords(this.table.encoding)}`, {
      recordId,
      connectionId: this.options.connectionId,
      hint: `Change the value on the other side, or save ${this.name} as "CSV UTF-8" and set the connection's "encoding" to "utf-8".`
    })
  }

  private refuse(message: string, recordId: string): RecordError {
    return new RecordError(message, { recordId, connectionId: this.options.connectionId })
  }
}
