/**
 * Steps 6 and 7 of a run: apply the plan chunk by chunk and commit each chunk.
 * Per chunk: journal the intents (fsynced), write each side in batches, journal the
 * outcomes, then commit the links (fsynced). A crash between any two of these leaves
 * writes the next run recognises: updates come back equal on both sides (agreement),
 * creates are found again by their match key.
 */
import type { Conflict, Fields, Progress, Side, Sync } from '../../shared/domain'
import type { ObjectAdapter, WriteItem, WriteOutcome } from '../connectors/types'
import { RecordError } from '../errors'
import type { Journal, JournalEntry, JournalIntent } from './journal'
import type { PairPlan, Plan, PlannedWrite } from './plan'
import type { Pulled } from './pull'
import type { LinkChange, StoredLink, SyncState } from './state'
import { sameValue } from './transforms'

/** A write the target refused. */
export interface FailedWrite {
  write: PlannedWrite
  error: RecordError
}

/** What one record's write came to, for the log. */
export interface RecordEvent {
  side: Side
  op: PlannedWrite['op']
  id?: string
  key?: string
  outcome: 'ok' | 'failed'
  message?: string
}

/** What applying needs. */
export interface ApplyContext {
  sync: Sync
  state: SyncState
  adapters: Record<Side, ObjectAdapter>
  pulled: Record<Side, Pulled>
  journal: Journal
  now: () => Date
  onProgress: (p: Progress) => void
  onRecord: (e: RecordEvent) => void
  /** Pairs per chunk; @default the smaller adapter batch, at most 1000 */
  chunkSize?: number
}

/** The outcome of applying a plan. */
export interface Applied {
  ok: PlannedWrite[]
  failed: FailedWrite[]
  /** Conflicts a person settled that are now carried out. */
  settled: string[]
  /** Conflicts opened or refreshed. */
  conflicts: Conflict[]
}

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

/** Applies a plan and commits it chunk by chunk. */
export async function applyPlan(plan: Plan, ctx: ApplyContext): Promise<Applied> {
  const result: Applied = { ok: [], failed: [], settled: [], conflicts: [] }
  // A chunk is as big as the largest batch a receiving side takes (each side's writes are then
  // cut to its own batch size), so a one-way sync into a 500-a-call system is not held to 100.
  const receiving = (['left', 'right'] as const).filter((s) => ctx.sync.direction === 'both' || ctx.sync.direction === (s === 'right' ? 'left-to-right' : 'right-to-left'))
  const size = ctx.chunkSize ?? Math.max(1, Math.min(1000, Math.max(1, ...receiving.map((s) => ctx.adapters[s].maxBatch))))
  const totalWrites = plan.pairs.reduce((n, p) => n + p.writes.length, 0)
  let written = 0
  for (let i = 0; i < plan.pairs.length; i += size) {
    const chunk = plan.pairs.slice(i, i + size)
    const outcomes = new Map<string, WriteOutcome>()
    const before = await beforeImages(chunk, ctx)
    const intents: JournalEntry[] = chunk.flatMap((pp) =>
      pp.writes.map<JournalIntent>((w) => ({
        t: 'intent', ref: w.ref, side: w.side, op: w.op, recordId: w.recordId, key: w.key,
        before: before.get(w.ref) ?? null, after: w.fields, linkBefore: pp.link, sourceId: w.sourceId
      }))
    )
    await ctx.journal.append(intents, true)
    for (const side of ['left', 'right'] as const) {
      const items = chunk.flatMap((pp) => pp.writes.filter((w) => w.side === side).map((w) => toItem(w, pp, side)))
      const adapter = ctx.adapters[side]
      for (let j = 0; j < items.length; j += adapter.maxBatch) {
        const batch = items.slice(j, j + adapter.maxBatch)
        const got = await adapter.write(batch)
        for (const o of got) outcomes.set(o.ref, o)
        written += batch.length
        ctx.onProgress({ kind: 'apply', side, done: written, total: totalWrites })
      }
    }
    await ctx.journal.append(
      [...outcomes.values()].map((o) => (o.ok ? { t: 'done', ref: o.ref, recordId: o.id } : { t: 'failed', ref: o.ref, code: o.error.code, message: o.error.message })),
      false
    )
    const changes: LinkChange[] = []
    for (const pp of chunk) {
      const change = commitPair(pp, outcomes, ctx, result)
      if (change) changes.push(change)
    }
    await ctx.state.commitLinks(changes)
    ctx.onProgress({ kind: 'commit', done: Math.min(i + size, plan.pairs.length), total: plan.pairs.length })
  }
  return result
}

function toItem(w: PlannedWrite, pp: PairPlan, side: Side): WriteItem {
  const id = w.recordId ?? (side === 'left' ? pp.leftId : pp.rightId)
  if (w.op === 'create') return { op: 'create', ref: w.ref, fields: w.fields }
  if (w.op === 'update') return { op: 'update', ref: w.ref, id: id!, fields: w.fields }
  return { op: 'delete', ref: w.ref, id: id! }
}

/** The target's own values before each update or delete, so undo can put them back. */
async function beforeImages(chunk: PairPlan[], ctx: ApplyContext): Promise<Map<string, Fields>> {
  const out = new Map<string, Fields>()
  for (const side of ['left', 'right'] as const) {
    const ws = chunk.flatMap((pp) => pp.writes.filter((w) => w.side === side && w.op !== 'create' && w.recordId))
    const missing = ws.map((w) => w.recordId!).filter((id) => !ctx.pulled[side].records.has(id))
    const fetched = new Map((missing.length ? await ctx.adapters[side].get(missing) : []).map((r) => [r.id, r.fields]))
    for (const w of ws) {
      const raw = ctx.pulled[side].records.get(w.recordId!)?.rec.fields ?? fetched.get(w.recordId!)
      if (!raw) continue
      out.set(w.ref, w.op === 'delete' ? { ...raw } : Object.fromEntries(Object.keys(w.fields).map((k) => [k, raw[k] ?? null])))
    }
  }
  return out
}

/** Works out the link of one pair from its write outcomes. */
function commitPair(pp: PairPlan, outcomes: Map<string, WriteOutcome>, ctx: ApplyContext, result: Applied): LinkChange | null {
  const failedSides = new Set<Side>()
  const ids: { left?: string; right?: string } = { left: pp.leftId, right: pp.rightId }
  let failedStructural = false
  for (const w of pp.writes) {
    const o = outcomes.get(w.ref)
    if (o?.ok) {
      result.ok.push(w)
      if (w.op === 'create') ids[w.side] = o.id
      ctx.onRecord({ side: w.side, op: w.op, id: o.id, key: w.key, outcome: 'ok' })
    } else {
      const error = o && !o.ok ? o.error : new RecordError('the system gave no answer for this record')
      result.failed.push({ write: w, error })
      ctx.onRecord({ side: w.side, op: w.op, id: w.recordId, key: w.key, outcome: 'failed', message: error.message })
      if (w.op === 'update') failedSides.add(w.side)
      else failedStructural = true
    }
  }
  // Fields settled one by one stay settled until their writes go through.
  if (pp.picksFrom && failedSides.size > 0) result.conflicts.push(pp.picksFrom)
  else if (pp.conflict) result.conflicts.push(pp.conflict)
  if (failedStructural) {
    // A failed create, delete or recreate changes nothing: the link stays as it was.
    return pp.link && !pp.next ? null : pp.link ? { op: 'put', link: pp.link } : null
  }
  if (pp.settles && failedSides.size === 0) result.settled.push(pp.settles)
  if (!pp.next) return pp.link ? { op: 'del', id: pp.link.id } : null
  const base = { ...pp.next.base }
  const pending = { left: { ...(pp.next.pending?.left ?? {}) }, right: { ...(pp.next.pending?.right ?? {}) } }
  for (const side of failedSides) {
    const o = other(side)
    for (const f of Object.keys(pp.to[side])) {
      if (failedSides.has(o) && f in pp.to[o]) {
        base[f] = pp.link?.base[f] ?? null
        pending.left[f] = pp.cur.left?.[f] ?? null
        pending.right[f] = pp.cur.right?.[f] ?? null
      } else {
        // The failed side still holds its old value; the other side holds the new one.
        base[f] = pp.cur[side]?.[f] ?? null
        pending[o][f] = f in pp.to[o] ? pp.to[o][f] : (pp.cur[o]?.[f] ?? null)
      }
    }
  }
  for (const s of ['left', 'right'] as const) for (const f of Object.keys(pending[s])) if (sameValue(pending[s][f], base[f])) delete pending[s][f]
  const hasPending = Object.keys(pending.left).length + Object.keys(pending.right).length > 0
  if (!ids.left || !ids.right) return null
  const link: StoredLink = {
    id: pp.linkId,
    leftId: ids.left,
    rightId: ids.right,
    base,
    syncedAt: ctx.now().toISOString(),
    ...(hasPending ? { pending } : {}),
    ...(pp.next.gone ? { gone: pp.next.gone } : {})
  }
  return { op: 'put', link }
}
