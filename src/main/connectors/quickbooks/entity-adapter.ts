/**
 * One QuickBooks entity as an ObjectAdapter: read with the query endpoint and Change
 * Data Capture, written through the batch endpoint. Updates are sparse and carry the
 * SyncToken Patchbay last read; when someone changed the object in QuickBooks since, the
 * answer is a stale-object fault (5010), which becomes a RecordError on that record
 * and is settled by the next run's merge, never a crash.
 */
import type { Fields } from '../../../shared/domain'
import { RecordError } from '../../errors'
import type { ChangeFeed, ChangePage, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import type { BatchAnswer, QboEntity, QuickBooksApi } from './api'
import { sendBatches, type BatchOp, type BatchStats } from './batch'
import { readChanges } from './changes'
import type { EntitySpec } from './entities'
import { recordErrorFor } from './faults'
import { flatten, unflatten } from './flatten'
import { selectAll, selectIn } from './query'

/** SyncTokens last seen, by `Entity:Id`, shared by a session's adapters. */
export type SyncTokens = Map<string, string>

/** A deleted transaction (CDC) or an inactive name-list object is gone for Patchbay. */
export function isGone(spec: Pick<EntitySpec, 'kind'>, e: QboEntity): boolean {
  return e.status === 'Deleted' || (spec.kind === 'list' && e.Active === false)
}

/** The raw-entity adapter. */
export class EntityAdapter implements ObjectAdapter {
  readonly maxBatch: number
  /** Batch calls and items sent, for benchmarks. */
  readonly batchStats: BatchStats = { calls: 0, items: 0 }

  constructor(
    private readonly api: QuickBooksApi,
    private readonly spec: EntitySpec,
    private readonly tokens: SyncTokens
  ) {
    this.maxBatch = api.settings.batchItems
  }

  async fields(): Promise<FieldInfo[]> {
    return this.spec.fields
  }

  private remember(e: QboEntity): void {
    if (e.Id && e.SyncToken !== undefined) this.tokens.set(`${this.spec.entity}:${e.Id}`, String(e.SyncToken))
  }

  private toRecord(e: QboEntity): SourceRecord {
    this.remember(e)
    const meta = e.MetaData as { LastUpdatedTime?: string } | undefined
    return { id: String(e.Id), fields: flatten(e), updatedAt: meta?.LastUpdatedTime, ...(isGone(this.spec, e) ? { deleted: true } : {}) }
  }

  async listChanged(cursor: string | null): Promise<ChangeFeed> {
    const feed = readChanges(this.api, [this.spec.entity], cursor, new Set(this.spec.cdc ? [this.spec.entity] : []))
    const { spec } = this
    const toRecord = (e: QboEntity) => this.toRecord(e)
    async function* pages(): AsyncGenerator<ChangePage> {
      for await (const page of feed.pages) {
        // A complete read lists live records only; an inactive one is simply absent.
        const list = feed.complete ? page.entities.filter((e) => !isGone(spec, e)) : page.entities
        yield { records: list.map(toRecord), problems: [], cursor: null }
      }
      yield { records: [], problems: [], cursor: feed.cursor() }
    }
    return { complete: feed.complete, pages: pages() }
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    if (ids.length === 0) return []
    const found = await selectIn(this.api, this.spec.entity, 'Id', ids)
    return found.filter((e) => !isGone(this.spec, e)).map((e) => this.toRecord(e))
  }

  async findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]> {
    const want = new Set(values)
    // Query values compare as stored (case and all), while match keys are normalised: a
    // name list is small enough to read whole and compare here; transactions are looked up.
    const column = this.spec.kind === 'transaction' ? this.spec.queryable[field] : undefined
    const found = column ? await selectIn(this.api, this.spec.entity, column, values) : await selectAll(this.api, this.spec.entity)
    return found.filter((e) => !isGone(this.spec, e)).map((e) => this.toRecord(e)).filter((r) => want.has(normalise(r.fields[field])))
  }

  async write(items: WriteItem[]): Promise<WriteOutcome[]> {
    const { entity } = this.spec
    if (!this.spec.writable) return items.map((i) => ({ ref: i.ref, ok: false, error: new RecordError(`QuickBooks does not let apps change ${entity} records`, { hint: 'Change them in QuickBooks itself; Patchbay only reads them.' }) }))
    const needTokens = items.filter((i) => i.op !== 'create' && !this.tokens.has(`${entity}:${i.id}`)).map((i) => (i as { id: string }).id)
    if (needTokens.length) for (const e of await selectIn(this.api, entity, 'Id', needTokens)) this.remember(e)
    const outcomes = new Map<string, WriteOutcome>()
    const ops: { item: WriteItem; op: BatchOp }[] = []
    for (const item of items) {
      if (item.op === 'create') {
        ops.push({ item, op: { operation: 'create', entity, body: unflatten(item.fields) } })
        continue
      }
      const token = this.tokens.get(`${entity}:${item.id}`)
      if (token === undefined) {
        outcomes.set(item.ref, { ref: item.ref, ok: false, error: new RecordError(`${entity} ${item.id} no longer exists in QuickBooks`, { recordId: item.id }) })
        continue
      }
      const head = { Id: item.id, SyncToken: token }
      if (item.op === 'update') ops.push({ item, op: { operation: 'update', entity, body: { ...unflatten(item.fields), ...head, sparse: true } } })
      // Name lists cannot be deleted, only made inactive (QuickBooks calls that "delete" too).
      else if (this.spec.kind === 'list') ops.push({ item, op: { operation: 'update', entity, body: { ...head, sparse: true, Active: false } } })
      else ops.push({ item, op: { operation: 'delete', entity, body: head } })
    }
    const answers = await sendBatches(this.api, ops.map((o) => o.op), this.batchStats)
    ops.forEach(({ item }, i) => outcomes.set(item.ref, this.outcome(item, answers[i])))
    return items.map((i) => outcomes.get(i.ref)!)
  }

  private outcome(item: WriteItem, answer: BatchAnswer): WriteOutcome {
    const what = item.op === 'create' ? `the new ${this.spec.entity}` : `${this.spec.entity} ${item.id}`
    if (answer.fault) return { ref: item.ref, ok: false, error: recordErrorFor(answer.fault, what, { recordId: item.op === 'create' ? undefined : item.id }) }
    const e = answer.entity ?? {}
    this.remember(e)
    const id = String(e.Id ?? (item.op === 'create' ? '' : item.id))
    const fields: Fields | undefined = item.op === 'delete' ? undefined : flatten(e)
    return { ref: item.ref, ok: true, id, ...(fields ? { fields } : {}) }
  }
}
