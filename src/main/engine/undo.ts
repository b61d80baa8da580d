/**
 * Undo a run: put back the before-image of every write the run made, newest first.
 * A record someone changed since the run is skipped and reported, so nobody's later
 * work is overwritten. Links get back the state they had before the run.
 *
 * An undo never leaves the two systems silently out of step. The run copied a change
 * from one side (the source) to the other (the target); the undo puts the target back,
 * but the source still holds the change, and the next run would copy it again. Each
 * such difference is returned, and for a changed or deleted record it becomes a conflict
 * in the Conflicts queue (base = the restored base), so the owner decides which value
 * both sides keep. Both cursors are reset so the next run reads both sides in full and
 * sees every difference the undo left, whichever connector it is.
 */
import { randomUUID } from 'node:crypto'
import type { Conflict, ConflictField, Fields, FieldValue, Side, Sync } from '../../shared/domain'
import type { ObjectAdapter, WriteItem } from '../connectors/types'
import { Journal } from './journal'
import type { LinkChange, StoredLink, SyncState } from './state'
import { fieldsOnSide, mapIn, sameValue } from './transforms'

/** A record the undo left different on the two sides: the owner decides, or the next run writes it again. */
export interface UndoDifference {
  /** `fields`: a change the run copied; `create`: a record the run copied; `delete`: a record the run deleted. */
  kind: 'fields' | 'create' | 'delete'
  /** The side that still holds the change (where the owner's own edit was). */
  side: Side
  /** The record's match key (an email, say), or its id. */
  key: string
  /** For `fields`: each field as the side with the change holds it, and as the undo put it back. */
  fields: { name: string; kept: FieldValue; restored: FieldValue }[]
  /** The conflict opened for it, if any (creates have no pair left to hang one on). */
  conflictId?: string
}

/** A record the undo put back as it was before the run. */
export interface PutBack {
  side: Side
  recordId: string
  key?: string
  /** What the run had done to it, and so what the undo undid. */
  op: 'create' | 'update' | 'delete'
}

/** What an undo did. */
export interface UndoReport {
  runId: string
  reverted: number
  /** Each record put back (`reverted` of them), for the log. */
  putBack: PutBack[]
  skipped: { side: Side; recordId: string; key?: string; reason: string }[]
  failed: { side: Side; recordId: string; key?: string; message: string }[]
  /** What is now different between the two sides because of the undo; empty when they agree. */
  differences: UndoDifference[]
}

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

interface Reverted {
  op: 'create' | 'update' | 'delete'
  side: Side
  key?: string
  /** The link as the undo leaves it (null when the undo removed it). */
  link: StoredLink | null
  /** For creates: the source record on the other side. */
  sourceId?: string
}

/** Undoes the writes of `runId`. With `sync`, differences the undo leaves are found and queued as conflicts. */
export async function undoRun(runId: string, state: SyncState, adapters: Record<Side, ObjectAdapter>, now = () => new Date(), sync?: Sync): Promise<UndoReport> {
  const entries = (await Journal.of(state.journalDir, runId).read()).filter((e) => e.outcome?.t === 'done').reverse()
  const report: UndoReport = { runId, reverted: 0, putBack: [], skipped: [], failed: [], differences: [] }
  const changes: LinkChange[] = []
  const linksRestored = new Map<string, StoredLink>()
  const reverted: Reverted[] = []
  for (const { intent, outcome } of entries) {
    const side = intent.side
    const id = outcome!.t === 'done' ? outcome!.recordId : ''
    const key = intent.key
    const adapter = adapters[side]
    const [current] = intent.op === 'delete' ? [undefined] : await adapter.get([id])
    let item: WriteItem | null = null
    if (intent.op === 'delete') {
      if (intent.before) item = { op: 'create', ref: intent.ref, fields: intent.before }
      else report.skipped.push({ side, recordId: id, key, reason: 'the journal has no copy of the deleted record' })
    } else if (!current) {
      report.skipped.push({ side, recordId: id, key, reason: 'it was deleted after the run' })
    } else if (!matches(current.fields, intent.after)) {
      report.skipped.push({ side, recordId: id, key, reason: 'it was changed after the run; your later edit is kept' })
    } else if (intent.op === 'create') {
      item = { op: 'delete', ref: intent.ref, id }
    } else if (intent.before) {
      item = { op: 'update', ref: intent.ref, id, fields: intent.before }
    } else {
      report.skipped.push({ side, recordId: id, key, reason: 'the journal has no before-image for this record' })
    }
    if (!item) continue
    const [res] = await adapter.write([item])
    if (!res?.ok) {
      report.failed.push({ side, recordId: id, key, message: res && !res.ok ? res.error.message : 'no answer' })
      continue
    }
    report.reverted++
    report.putBack.push({ side, recordId: intent.op === 'delete' ? res.id : id, key, op: intent.op })
    // Put the link back as it was before the run (once per link, the oldest image wins).
    const before = intent.linkBefore
    if (before) {
      const restored: StoredLink = intent.op === 'delete' ? { ...before, [side === 'left' ? 'leftId' : 'rightId']: res.id } : { ...before }
      delete restored.gone
      const link = { ...restored, syncedAt: now().toISOString() }
      changes.push({ op: 'put', link })
      linksRestored.set(before.id, link)
      reverted.push({ op: intent.op, side, key, link })
    } else if (intent.op === 'create') {
      const link = side === 'left' ? state.linkByLeft(id) : state.linkByRight(id)
      if (link && !linksRestored.has(link.id)) changes.push({ op: 'del', id: link.id })
      reverted.push({ op: 'create', side, key, link: null, sourceId: intent.sourceId })
    }
  }
  await state.commitLinks(changes)
  if (sync) {
    const found = await findDifferences(reverted, linksRestored, adapters, sync)
    report.differences = found.map((d) => d.difference)
    // A one-way sync never writes back to its source, so there is no choice to offer: the pause and the message say it.
    await queueDifferences(state, sync.direction === 'both' ? found : [], now())
  }
  // Whatever the connector's cursors say, the next run reads both sides in full, so it sees what the undo left.
  state.data.cursors = { left: null, right: null }
  await state.save()
  await state.compact()
  return report
}

interface Found {
  difference: UndoDifference
  link?: StoredLink
  conflict?: Conflict
  pending?: Fields
}

/** Reads both records of every pair the undo touched and names what the two sides now disagree on. */
async function findDifferences(reverted: Reverted[], links: Map<string, StoredLink>, adapters: Record<Side, ObjectAdapter>, sync: Sync): Promise<Found[]> {
  const shared = fieldsOnSide(sync, 'left').filter((f) => fieldsOnSide(sync, 'right').includes(f))
  const read = async (side: Side, id: string): Promise<Fields | null> => {
    const [rec] = await adapters[side].get([id])
    if (!rec) return null
    try {
      return mapIn(sync.mapping, side, rec.fields)
    } catch {
      return null
    }
  }
  const out: Found[] = []
  const seen = new Set<string>()
  for (const r of reverted) {
    const source = other(r.side)
    if (r.op === 'create') {
      // The run copied a new record; the copy is gone, the original stays: the next run would copy it again.
      if (!r.sourceId) continue
      const src = await read(source, r.sourceId)
      if (src) out.push({ difference: { kind: 'create', side: source, key: keyOf(sync, src) ?? r.key ?? r.sourceId, fields: [] } })
      continue
    }
    const link = r.link ? links.get(r.link.id) : undefined
    if (!link || seen.has(link.id)) continue
    seen.add(link.id)
    const cur = { left: await read('left', link.leftId), right: await read('right', link.rightId) }
    const base = link.base
    const key = keyOf(sync, cur.left ?? cur.right ?? base) ?? r.key ?? link.leftId
    if (r.op === 'delete') {
      // The run deleted this record because the other side had deleted it; the undo brought it back on one side only.
      const survivor = cur[r.side]
      if (!survivor || cur[source]) continue
      const fields: ConflictField[] = shared.map((name) => ({ name, base: base[name] ?? null, left: source === 'left' ? null : (survivor[name] ?? null), right: source === 'right' ? null : (survivor[name] ?? null) }))
      out.push({ difference: { kind: 'delete', side: source, key, fields: [] }, link, conflict: conflictOf(sync, link, 'delete', fields, cur, source) })
      continue
    }
    const target = cur[r.side]
    const src = cur[source]
    if (!target || !src) continue
    // A field the undo put back on the target while the source still holds something else.
    const names = shared.filter((f) => sameValue(target[f], base[f]) && !sameValue(src[f], base[f]))
    if (!names.length) continue
    const fields: ConflictField[] = names.map((name) => ({ name, base: base[name] ?? null, left: (source === 'left' ? src[name] : target[name]) ?? null, right: (source === 'right' ? src[name] : target[name]) ?? null }))
    out.push({
      difference: { kind: 'fields', side: source, key, fields: names.map((name) => ({ name, kept: src[name] ?? null, restored: target[name] ?? null })) },
      link,
      conflict: conflictOf(sync, link, 'fields', fields, cur),
      pending: Object.fromEntries(names.map((n) => [n, src[n] ?? null]))
    })
  }
  return out
}

function conflictOf(sync: Sync, link: StoredLink, kind: Conflict['kind'], fields: ConflictField[], cur: { left: Fields | null; right: Fields | null }, deletedOn?: Side): Conflict {
  return { id: `c-${randomUUID().slice(0, 8)}`, syncId: sync.id, linkId: link.id, kind, deletedOn, fields, leftRecord: cur.left ?? {}, rightRecord: cur.right ?? {}, detectedAt: '', status: 'open' }
}

/** Opens a conflict for each difference (replacing any older one on the same pair) and records the source's values on the link. */
async function queueDifferences(state: SyncState, found: Found[], at: Date): Promise<void> {
  const withConflict = found.filter((f) => f.conflict && f.link)
  if (!withConflict.length) return
  const linkChanges: LinkChange[] = []
  for (const f of withConflict) {
    f.conflict!.detectedAt = at.toISOString()
    f.difference.conflictId = f.conflict!.id
    if (f.pending) {
      // The source holds values that differ from base: the same bookkeeping a queued conflict keeps.
      const link = f.link!
      linkChanges.push({ op: 'put', link: { ...link, pending: { ...link.pending, [f.difference.side]: { ...link.pending?.[f.difference.side], ...f.pending } } } })
    }
  }
  await state.commitLinks(linkChanges)
  const replaced = new Set(withConflict.map((f) => f.link!.id))
  state.data.conflicts = [...state.data.conflicts.filter((c) => !replaced.has(c.linkId)), ...withConflict.map((f) => f.conflict!)]
}

function keyOf(sync: Sync, canon: Fields): string | undefined {
  const v = canon[sync.match.field]
  return v === null || v === undefined || v === '' ? undefined : String(v)
}

function matches(current: Fields, after: Fields): boolean {
  return Object.keys(after).every((k) => sameValue(current[k], after[k]))
}
