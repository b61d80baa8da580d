/**
 * An in-memory system: records in a Map, a change counter as its cursor, tombstones for
 * deletes. The demo workspace, the benchmark (to separate engine cost from file cost)
 * and engine tests that need to inject record-level refusals use it.
 */
import type { Fields } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { ChangeFeed, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'

interface Row {
  id: string
  fields: Fields
  version: number
  updatedAt: string
  deleted?: boolean
}

/** Options of an in-memory table. */
export interface MemoryTableOptions {
  /** Prefix of generated ids. @default 'm' */
  idPrefix?: string
  /** Records per page of `listChanged`. @default 1000 */
  pageSize?: number
  /** Largest write batch. @default 100 */
  maxBatch?: number
  /** Returns a refusal message for a write the "system" rejects, or null to accept it. */
  reject?: (item: WriteItem) => string | null
  /** Clock for `updatedAt`. @default Date.now */
  now?: () => number
}

/** One object (table) of an in-memory system. */
export class MemoryTable implements ObjectAdapter {
  private rows = new Map<string, Row>()
  private version = 0
  private nextId = 1
  /** Calls made to each method, for tests that count them. */
  readonly calls = { listChanged: 0, get: 0, findByKey: 0, write: 0 }
  readonly maxBatch: number

  constructor(private readonly opts: MemoryTableOptions = {}) {
    this.maxBatch = opts.maxBatch ?? 100
  }

  private stamp(): string {
    return new Date((this.opts.now ?? Date.now)()).toISOString()
  }

  /** Adds or changes a record as a user of the system would (not through the sync). */
  put(id: string, fields: Fields): void {
    const old = this.rows.get(id)
    this.rows.set(id, { id, fields: { ...(old && !old.deleted ? old.fields : {}), ...fields }, version: ++this.version, updatedAt: this.stamp() })
  }

  /** Deletes a record as a user would. */
  remove(id: string): void {
    const old = this.rows.get(id)
    if (old) this.rows.set(id, { ...old, deleted: true, version: ++this.version, updatedAt: this.stamp() })
  }

  /** Live records, for assertions. */
  all(): SourceRecord[] {
    return [...this.rows.values()].filter((r) => !r.deleted).map((r) => ({ id: r.id, fields: { ...r.fields }, updatedAt: r.updatedAt }))
  }

  async fields(): Promise<FieldInfo[]> {
    const names = new Set<string>()
    for (const r of this.rows.values()) for (const k of Object.keys(r.fields)) names.add(k)
    return [...names].map((name) => ({ name }))
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    this.calls.listChanged++
    const since = cursor === null ? -1 : Number(cursor)
    const changed = [...this.rows.values()].filter((r) => r.version > since && !(cursor === null && r.deleted))
    const size = this.opts.pageSize ?? 1000
    const top = this.version
    async function* pages() {
      for (let i = 0; i < changed.length || i === 0; i += size) {
        const slice = changed.slice(i, i + size)
        const last = i + size >= changed.length
        yield {
          records: slice.map((r) => ({ id: r.id, fields: { ...r.fields }, updatedAt: r.updatedAt, deleted: r.deleted })),
          problems: [],
          cursor: last ? String(top) : null
        }
      }
    }
    return { complete: cursor === null, total: changed.length, pages: pages() }
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    this.calls.get++
    return ids.flatMap((id) => {
      const r = this.rows.get(id)
      return r && !r.deleted ? [{ id: r.id, fields: { ...r.fields }, updatedAt: r.updatedAt }] : []
    })
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    this.calls.findByKey++
    const want = new Set(values)
    return this.all().filter((r) => want.has(normalise(r.fields[field])))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    this.calls.write++
    return items.map((item): WriteOutcome => {
      const refusal = this.opts.reject?.(item)
      if (refusal) return { ref: item.ref, ok: false, error: new RecordError(refusal) }
      if (item.op === 'create') {
        const id = `${this.opts.idPrefix ?? 'm'}${this.nextId++}`
        this.put(id, item.fields)
        return { ref: item.ref, ok: true, id }
      }
      const row = this.rows.get(item.id)
      if (!row || row.deleted) {
        if (item.op === 'delete') return { ref: item.ref, ok: true, id: item.id }
        return { ref: item.ref, ok: false, error: new RecordError(`record ${item.id} no longer exists`) }
      }
      if (item.op === 'delete') this.remove(item.id)
      else this.put(item.id, item.fields)
      return { ref: item.ref, ok: true, id: item.id }
    })
  }
}
