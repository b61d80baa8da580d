/**
 * Runs one sync: pull → map → match → merge → plan → apply → commit (DESIGN.md §3).
 * The engine knows nothing of front ends: it reports through callbacks and returns
 * the finished `Run` with its plan.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { Failure, Progress, Run, RunTrigger, Side, Sync } from '../../shared/domain'
import { emptyCounts } from '../../shared/domain'
import type { ObjectAdapter } from '../connectors/types'
import { toErrorData } from '../errors'
import { applyPlan, type Applied, type RecordEvent } from './apply'
import { Journal } from './journal'
import { holdMassDeletes, WaitingDeletes, type ApprovedDeletes, type HeldDeletes } from './delete-guard'
import { buildPlan, type Plan, type PlanProblem } from './plan'
import { pullSide, type Pulled } from './pull'
import { readOneRecord } from './retry-one'
import { mapIn, normaliseKey } from './transforms'
import type { SyncState } from './state'
import { recordLabel } from './record-words'

/** What a run needs. */
export interface RunOptions {
  sync: Sync
  adapters: Record<Side, ObjectAdapter>
  state: SyncState
  trigger: RunTrigger
  /** @default a new id */
  runId?: string
  /** Plan only: no write anywhere, no state change. @default false */
  dryRun?: boolean
  onProgress?: (p: Progress) => void
  onRecord?: (e: RecordEvent) => void
  /** Called once the run record exists, before any write. */
  onStart?: (run: Run) => void
  now?: () => Date
  chunkSize?: number
  /** Settings a side is read with beyond the sync (the connection's settings); a change re-reads that side in full. */
  readContext?: Partial<Record<Side, unknown>>
  /** Deletes the owner allowed past the mass-delete guard: all, or those by link id. @default none */
  allowDeletes?: ApprovedDeletes
  /** A side in the owner's words, for the guard's message. */
  sideName?: (side: Side) => string
  /**
   * "Try this record again": the id of a failure whose record alone is read (by id), planned and
   * written. Nothing is listed, so cursors, the other failures and the deletes waiting for the
   * owner stay as they are. @default the whole sync
   */
  only?: string
}

/** A finished run and what it planned. */
export interface RunResult {
  run: Run
  plan: Plan
  /** Deletes this run held for the owner (too many at once); nothing of them was written. */
  held?: HeldDeletes
}

const SIDES = ['left', 'right'] as const

/** Runs a sync once. Throws only when the run could not even start (bad settings). */
export async function runSync(o: RunOptions): Promise<RunResult> {
  const now = o.now ?? (() => new Date())
  const onProgress = o.onProgress ?? (() => {})
  const onRecord = o.onRecord ?? (() => {})
  const run: Run = { id: o.runId ?? newRunId(now()), syncId: o.sync.id, trigger: o.trigger, startedAt: now().toISOString(), status: 'running', dryRun: !!o.dryRun, counts: emptyCounts() }
  o.onStart?.(run)
  const { state, sync } = o
  let plan: Plan = { pairs: [], unchanged: 0, problems: [], summary: { left: { create: 0, update: 0, delete: 0 }, right: { create: 0, update: 0, delete: 0 }, conflicts: 0 } }
  try {
    if (!o.dryRun) {
      await reconcileIntents(o, now)
      state.data.lastRun = { id: run.id, clean: false }
      await state.save()
    }
    const one = o.only !== undefined ? await readOneRecord(sync, state, o.adapters, o.only) : undefined
    const pulled = one?.pulled ?? ({} as Record<Side, Pulled>)
    const readAs = { left: readDigest(sync, 'left', o.readContext?.left), right: readDigest(sync, 'right', o.readContext?.right) }
    if (!one) {
      for (const side of SIDES) {
        const cursor = state.data.readAs?.[side] === readAs[side] ? state.data.cursors[side] : null
        pulled[side] = await pullSide(o.adapters[side], side, cursor, sync.mapping, onProgress)
      }
    }
    run.counts.read = pulled.left.records.size + pulled.right.records.size + pulled.left.tombstones.size + pulled.right.tombstones.size
    plan = await buildPlan({ sync, state, adapters: o.adapters, pulled, now: now(), only: one?.links })
    // One record is one pair at most: anything more would write records the owner did not ask for.
    if (one && plan.pairs.length > 1) throw new Error(`Trying one record again planned ${plan.pairs.length} records; nothing was written`)
    // The owner asked for this record by name: its own delete (at most one) is not a mass delete.
    const held = one ? undefined : (holdMassDeletes(plan, { sync, state, pulled, runId: run.id, now: now(), approved: o.allowDeletes, sideName: o.sideName }) ?? undefined)
    const waiting = one ? undefined : await WaitingDeletes.open(state.dir)
    onProgress({ kind: 'plan', done: plan.pairs.length, total: plan.pairs.length })
    run.counts.unchanged = plan.unchanged
    run.counts.conflicts = plan.summary.conflicts
    if (o.dryRun) {
      run.counts.created = plan.summary.left.create + plan.summary.right.create
      run.counts.updated = plan.summary.left.update + plan.summary.right.update
      run.counts.deleted = plan.summary.left.delete + plan.summary.right.delete
      run.counts.failed = plan.problems.length
      return finish(run, plan, now, held)
    }
    const journal = Journal.of(state.journalDir, run.id)
    const applied = await applyPlan(plan, { sync, state, adapters: o.adapters, pulled, journal, now, onProgress, onRecord, chunkSize: o.chunkSize })
    for (const w of applied.ok) run.counts[w.op === 'create' ? 'created' : w.op === 'update' ? 'updated' : 'deleted']++
    recordOutcome(state, sync, run, plan, applied, pulled, now)
    run.counts.failed = applied.failed.length + plan.problems.length
    if (one) {
      // Nothing was listed: the cursors, what they were read as, and the deletes waiting stay as they are.
      state.data.lastRun = { id: run.id, clean: true }
      await state.save()
      await state.compact()
      return finish(run, plan, now)
    }
    for (const side of SIDES) {
      // A side whose deletes are held is read again from where it was, so a system that reports
      // deletes only once (a change feed) still reports them when the owner answers.
      if (held?.items.some((i) => i.side !== side)) continue
      const after = await o.adapters[side].cursorAfterWrites?.()
      const next = after ?? pulled[side].cursor
      if (next !== null) state.data.cursors[side] = next
      else if (state.data.readAs?.[side] !== readAs[side]) state.data.cursors[side] = null
      state.data.readAs = { ...(state.data.readAs ?? { left: null, right: null }), [side]: readAs[side] }
    }
    state.data.lastRun = { id: run.id, clean: true }
    await state.save()
    await state.compact()
    // What waits is what this run held; a run that held nothing (the export was fixed, or the owner allowed them) clears it.
    await waiting?.set(held ?? null)
    return finish(run, plan, now, held)
  } catch (err) {
    run.status = 'failed'
    run.error = toErrorData(err)
    run.endedAt = now().toISOString()
    return { run, plan }
  }
}

function finish(run: Run, plan: Plan, now: () => Date, held?: HeldDeletes): RunResult {
  run.status = run.counts.failed > 0 || held ? 'partial' : 'ok'
  if (held) run.heldDeletes = held.items.length
  run.endedAt = now().toISOString()
  return held ? { run, plan, held } : { run, plan }
}

/** A digest of what a side's cursor depends on: its object, the mapping as seen from it, and its connection's settings. */
export function readDigest(sync: Sync, side: Side, context?: unknown): string {
  const mapping = sync.mapping.map((m) => [m.name, side === 'left' ? m.left : m.right, m.combine?.side === side ? m.combine.parts : null, side === 'left' ? m.fromLeft : m.fromRight])
  return createHash('sha256').update(JSON.stringify([sync[side], mapping, context ?? null])).digest('hex').slice(0, 16)
}

/** A sortable, readable run id: time first so runs list in order. */
export function newRunId(at: Date): string {
  return `run-${at.toISOString().replace(/[-:.TZ]/g, '').slice(0, 17)}-${randomUUID().slice(0, 6)}`
}

/** Folds this run's failures, settled conflicts and new conflicts into the state. */
function recordOutcome(state: SyncState, sync: Sync, run: Run, plan: Plan, applied: Applied, pulled: Record<Side, Pulled>, now: () => Date): void {
  const at = now().toISOString()
  const keyOfFailure = (f: Pick<Failure, 'side' | 'op' | 'recordId' | 'sourceId' | 'line'>) => `${f.side}|${f.op === 'read' ? 'read' : 'write'}|${f.recordId ?? f.sourceId ?? `line${f.line}`}`
  const existing = new Map(state.data.failures.map((f) => [keyOfFailure(f), f]))
  // Writes that went through now clear their earlier failures.
  for (const w of applied.ok) {
    existing.delete(keyOfFailure({ side: w.side, op: w.op, recordId: w.recordId, sourceId: w.sourceId }))
  }
  // A side read in full re-reports every bad row it still has; the others are fixed.
  for (const side of SIDES) {
    if (!pulled[side].complete) continue
    for (const [k, f] of existing) if (f.side === side && f.op === 'read' && f.line !== undefined) existing.delete(k)
  }
  const add = (f: Omit<Failure, 'id' | 'attempts' | 'firstSeenAt' | 'lastSeenAt' | 'status' | 'syncId' | 'runId'>) => {
    const k = keyOfFailure(f)
    const old = existing.get(k)
    if (old && old.status === 'dismissed' && old.message === f.message) return
    existing.set(k, { ...f, id: old?.id ?? `f-${randomUUID().slice(0, 8)}`, syncId: sync.id, runId: run.id, attempts: (old?.attempts ?? 0) + 1, firstSeenAt: old?.firstSeenAt ?? at, lastSeenAt: at, status: 'open' })
  }
  // Each failure names its record in words, from the pair as the run read it.
  const pairOf = new Map(plan.pairs.flatMap((pp) => pp.writes.map((w) => [w.ref, pp] as const)))
  for (const { write, error } of applied.failed) {
    const pp = pairOf.get(write.ref)
    const label = pp ? recordLabel(pp.cur[write.side === 'left' ? 'right' : 'left'] ?? pp.cur[write.side], write.key ?? pp.key, write.recordId) : undefined
    add({ side: write.side, op: write.op, recordId: write.recordId, sourceId: write.sourceId, key: write.key, code: error.code, message: error.message, ...(label ? { label } : {}), ...(error.meta.hint ? { hint: error.meta.hint } : {}) })
  }
  for (const p of plan.problems as PlanProblem[]) add({ side: p.side, op: p.op, recordId: p.recordId, key: p.key, line: p.line, code: 'RECORD', message: p.message })
  state.data.failures = [...existing.values()]
  const settled = new Set(applied.settled)
  const fresh = new Map(applied.conflicts.map((c) => [c.linkId, c]))
  const planned = new Set(plan.pairs.map((p) => p.linkId))
  state.data.conflicts = [
    // An open conflict whose pair merged cleanly this run is over: both sides agree now.
    ...state.data.conflicts.filter((c) => !settled.has(c.id) && !fresh.has(c.linkId) && state.links.has(c.linkId) && !(planned.has(c.linkId) && c.status === 'open')),
    ...fresh.values()
  ]
}

/** After a crash: creates that were sent but never committed are found again and linked. */
async function reconcileIntents(o: RunOptions, now: () => Date): Promise<void> {
  const last = o.state.data.lastRun
  if (!last || last.clean) return
  const entries = await Journal.of(o.state.journalDir, last.id).read()
  const matchMap = o.sync.mapping.find((m) => m.name === o.sync.match.field)
  const changes = []
  for (const { intent, outcome } of entries) {
    if (intent.op !== 'create' || !intent.sourceId || outcome?.t === 'failed') continue
    const src: Side = intent.side === 'left' ? 'right' : 'left'
    const linked = src === 'left' ? o.state.linkByLeft(intent.sourceId) : o.state.linkByRight(intent.sourceId)
    if (linked) continue
    let targetId = outcome?.t === 'done' ? outcome.recordId : undefined
    if (!targetId && intent.key && matchMap) {
      const raw = intent.side === 'left' ? matchMap.left : matchMap.right
      if (raw) {
        const found = await o.adapters[intent.side].findByKey(raw, [intent.key], (v) => normaliseKey(v, o.sync.match.normalise))
        targetId = found.find((r) => !(intent.side === 'left' ? o.state.linkByLeft(r.id) : o.state.linkByRight(r.id)))?.id
      }
    }
    if (!targetId) continue
    const base = mapIn(o.sync.mapping, intent.side, intent.after)
    const ids = intent.side === 'left' ? { leftId: targetId, rightId: intent.sourceId } : { leftId: intent.sourceId, rightId: targetId }
    changes.push({ op: 'put' as const, link: { id: randomUUID(), ...ids, base, syncedAt: now().toISOString() } })
  }
  await o.state.commitLinks(changes)
}
