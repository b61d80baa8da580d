/**
 * Steps 3 to 5 of a run: match records into pairs, merge each pair against its base,
 * and plan the writes per side. Nothing here writes: a dry run stops after this file.
 */
import { randomUUID } from 'node:crypto'
import type { Conflict, Fields, FieldValue, Side, Sync, WriteOp } from '../../shared/domain'
import type { ObjectAdapter, ReadProblem } from '../connectors/types'
import { ConfigError } from '../errors'
import { fixedFields, passesAll } from './filters'
import { decidePair, type PairDecision } from './merge'
import type { Entry, Pulled } from './pull'
import { toEntry } from './pull'
import type { SyncState, StoredLink } from './state'
import { fieldsOnSide, mapOut, normaliseKey, sameValue } from './transforms'

/** One write the run will make. */
export interface PlannedWrite {
  ref: string
  side: Side
  op: WriteOp
  recordId?: string
  /** Normalised match key of the record, when it has one. */
  key?: string
  /** The target's own fields to write. */
  fields: Fields
  /** What changes, in canonical fields, for people to read; `fixed` for a fixed value (a field of the side's own, its old value unknown). */
  changes: { field: string; from: FieldValue; to: FieldValue; fixed?: true }[]
  /** For creates: the record this is a copy of, on the other side. */
  sourceId?: string
}

/** Everything the run does to one pair of records. */
export interface PairPlan {
  link: StoredLink | null
  /** The link's id, chosen now for pairs that are new. */
  linkId: string
  leftId?: string
  rightId?: string
  key?: string
  /** Canonical values on each side now; `null` when deleted there. */
  cur: { left: Fields | null; right: Fields | null }
  writes: PlannedWrite[]
  /** Canonical values written to each side by `merge` decisions. */
  to: { left: Fields; right: Fields }
  /** The link once every write succeeded; `null` removes the link. */
  next: { base: Fields; pending?: StoredLink['pending']; gone?: Side } | null
  /** A conflict to open or refresh for this pair. */
  conflict?: Conflict
  /** A settled conflict this plan carries out. */
  settles?: string
  /** An open conflict some of whose fields were settled one at a time; kept as it is if a write fails. */
  picksFrom?: Conflict
}

/** A record that could not take part, for Failures. */
export interface PlanProblem extends ReadProblem {
  side: Side
  op: 'read' | 'create'
  sourceId?: string
}

/** The plan of a run, and what a dry run shows. */
export interface Plan {
  pairs: PairPlan[]
  unchanged: number
  problems: PlanProblem[]
  summary: Record<Side, { create: number; update: number; delete: number }> & { conflicts: number }
  /** Records the sync's filters left out: never paired, or paired and left alone (see engine/filters.ts). */
  filtered?: number
}

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

/** What the planner needs. */
export interface PlanInput {
  sync: Sync
  state: SyncState
  adapters: Record<Side, ObjectAdapter>
  pulled: Record<Side, Pulled>
  now: Date
  /**
   * Plans one record alone ("Try this record again"): only what was pulled and these links;
   * no other failure's record, no settled conflict. @default every link that needs work
   */
  only?: StoredLink[]
}

/** Builds the plan of a run. */
export async function buildPlan(input: PlanInput): Promise<Plan> {
  const { sync, state, pulled, adapters } = input
  const matchField = sync.match.field
  const matchMap = sync.mapping.find((m) => m.name === matchField)
  if (!matchMap) throw new ConfigError(`The match field "${matchField}" is not one of the mapped fields`, { syncId: sync.id, hint: 'Pick a mapped field (such as email) as the match key.' })
  const keyOf = (canon: Fields | null | undefined): string => (canon ? normaliseKey(canon[matchField], sync.match.normalise) : '')
  const shared = fieldsOnSide(sync, 'left').filter((f) => fieldsOnSide(sync, 'right').includes(f))
  const fieldPolicies = Object.fromEntries(sync.mapping.filter((m) => m.conflictPolicy).map((m) => [m.name, m.conflictPolicy!]))
  const conflictsByLink = new Map(state.data.conflicts.map((c) => [c.linkId, c]))
  const problems: PlanProblem[] = []
  for (const side of ['left', 'right'] as const) for (const p of pulled[side].problems) problems.push({ ...p, side, op: 'read' })

  // 3. Match: pairs by link first.
  interface Pair { link: StoredLink | null; left?: Entry | null; right?: Entry | null }
  const pairs = new Map<string, Pair>()
  const unlinked: Record<Side, Entry[]> = { left: [], right: [] }
  const pairOf = (link: StoredLink): Pair => {
    let p = pairs.get(link.id)
    if (!p) pairs.set(link.id, (p = { link }))
    return p
  }
  const linkOf = (side: Side, id: string) => (side === 'left' ? state.linkByLeft(id) : state.linkByRight(id))
  for (const side of ['left', 'right'] as const) {
    const got = pulled[side]
    for (const [id, e] of got.records) {
      const link = linkOf(side, id)
      if (link) pairOf(link)[side] = e
      else unlinked[side].push(e)
    }
    for (const id of got.tombstones) {
      const link = linkOf(side, id)
      if (link) pairOf(link)[side] = null
    }
    // A row that could not be read is not a deleted row: one typo must never delete a record
    // on the other system. A bad row we cannot even identify holds every delete of this side.
    const unreadable = new Set(got.problems.map((p) => p.recordId).filter((id): id is string => !!id))
    const blind = got.problems.some((p) => !p.recordId)
    if (got.complete && !blind) {
      for (const link of state.links.values()) {
        const id = side === 'left' ? link.leftId : link.rightId
        if (!got.records.has(id) && !unreadable.has(id) && link.gone !== side) pairOf(link)[side] = null
      }
    }
  }
  // Links a person settled, or whose earlier writes failed, need work even if nothing was read.
  for (const link of input.only ?? []) pairOf(link)
  const others = input.only ? [] : state.data.failures
  if (!input.only) for (const c of state.data.conflicts) if ((c.status === 'resolved' || c.fieldPicks) && state.links.has(c.linkId)) pairOf(state.links.get(c.linkId)!)
  for (const f of others) {
    if (f.status === 'dismissed' || f.op === 'read' || f.op === 'create') continue
    const link = f.recordId ? linkOf(f.side, f.recordId) : undefined
    if (link) pairOf(link)
  }
  // Creates that failed before: read their source again so they are retried.
  const retrySources: Record<Side, string[]> = { left: [], right: [] }
  for (const f of others) {
    if (f.status !== 'dismissed' && f.op === 'create' && f.sourceId) {
      const src = other(f.side)
      if (!pulled[src].records.has(f.sourceId) && !linkOf(src, f.sourceId)) retrySources[src].push(f.sourceId)
    }
  }
  for (const side of ['left', 'right'] as const) {
    if (!retrySources[side].length) continue
    for (const rec of await adapters[side].get(retrySources[side])) {
      const e = toEntry(sync.mapping, side, rec)
      if ('rec' in e) unlinked[side].push(e)
      else problems.push({ ...e, side, op: 'read' })
    }
  }

  // Filters: a record that does not pass is not paired, so it is neither created on the other
  // side nor matched there; nor is the other side's record with its key (that would copy it back).
  // In a one-way sync the filters test the records it copies: the source's.
  const filteredSide = (side: Side) => sync.direction === 'both' || (sync.direction === 'left-to-right') === (side === 'left')
  let filtered = 0
  if (sync.filters?.length) {
    const failing = new Set<string>()
    for (const side of ['left', 'right'] as const) {
      if (!filteredSide(side)) continue
      for (const e of unlinked[side]) {
        if (passesAll(sync, e.canon)) continue
        filtered++
        const k = keyOf(e.canon)
        if (k) failing.add(k)
        e.rec = { ...e.rec, id: '' }
      }
    }
    for (const side of ['left', 'right'] as const) unlinked[side] = unlinked[side].filter((e) => e.rec.id !== '' && !failing.has(keyOf(e.canon)))
  }

  // Match unlinked records by key, then ask the system for keys it did not list.
  const byKey: Record<Side, Map<string, Entry>> = { left: new Map(), right: new Map() }
  const newPairs: Pair[] = []
  for (const side of ['left', 'right'] as const) {
    for (const e of unlinked[side]) {
      const k = keyOf(e.canon)
      if (!k) continue
      if (byKey[side].has(k)) {
        problems.push({ side, op: 'read', recordId: e.rec.id, key: k, message: `another record on this side has the same ${matchField} "${k}"; Patchbay cannot tell which one to pair` })
        e.rec = { ...e.rec, id: '' }
      } else byKey[side].set(k, e)
    }
    unlinked[side] = unlinked[side].filter((e) => e.rec.id !== '')
  }
  // Keys already held by linked records on the other side must not be created twice.
  const linkedKey: Record<Side, Map<string, string>> = { left: new Map(), right: new Map() }
  for (const side of ['left', 'right'] as const) {
    for (const [id, e] of pulled[side].records) {
      const k = keyOf(e.canon)
      if (k && linkOf(side, id)) linkedKey[side].set(k, id)
    }
  }
  const lookups: Record<Side, string[]> = { left: [], right: [] }
  for (const e of unlinked.left) {
    const k = keyOf(e.canon)
    const r = k ? byKey.right.get(k) : undefined
    if (r) {
      newPairs.push({ link: null, left: e, right: r })
      byKey.right.delete(k)
      byKey.left.delete(k)
    }
  }
  for (const side of ['left', 'right'] as const) {
    const target = other(side)
    for (const [k] of byKey[side]) if (!pulled[target].complete && !linkedKey[target].has(k)) lookups[target].push(k)
  }
  for (const target of ['left', 'right'] as const) {
    if (!lookups[target].length) continue
    const raw = target === 'left' ? matchMap.left : matchMap.right
    if (!raw) continue
    const found = await adapters[target].findByKey(raw, lookups[target], (v) => normaliseKey(v, sync.match.normalise))
    for (const rec of found) {
      const e = toEntry(sync.mapping, target, rec)
      if (!('rec' in e)) continue
      const k = keyOf(e.canon)
      if (linkOf(target, rec.id)) linkedKey[target].set(k, rec.id)
      else {
        const src = byKey[other(target)].get(k)
        if (!src) continue
        newPairs.push(target === 'right' ? { link: null, left: src, right: e } : { link: null, left: e, right: src })
        byKey[other(target)].delete(k)
      }
    }
  }
  const matched = new Set(newPairs.flatMap((p) => [p.left?.rec.id && `left:${p.left.rec.id}`, p.right?.rec.id && `right:${p.right.rec.id}`]))
  for (const side of ['left', 'right'] as const) {
    for (const e of unlinked[side]) {
      if (matched.has(`${side}:${e.rec.id}`)) continue
      const k = keyOf(e.canon)
      const holder = k ? linkedKey[other(side)].get(k) : undefined
      if (holder) {
        problems.push({ side, op: 'read', recordId: e.rec.id, key: k, message: `its ${matchField} "${k}" already belongs to a paired record on the other side (${holder}); merge the duplicates first` })
        continue
      }
      newPairs.push(side === 'left' ? { link: null, left: e } : { link: null, right: e })
    }
  }

  // 4 and 5. Merge each pair and plan its writes.
  const plan: Plan = { pairs: [], unchanged: 0, problems, summary: { left: { create: 0, update: 0, delete: 0 }, right: { create: 0, update: 0, delete: 0 }, conflicts: 0 } }
  const current = (link: StoredLink | null, side: Side, e: Entry | null | undefined): Fields | null => {
    if (e === null) return null
    if (e) return e.canon
    if (!link) return null
    if (link.gone === side) return null
    return { ...link.base, ...(link.pending?.[side] ?? {}) }
  }
  const writes = (direction: Sync['direction'], side: Side): boolean => direction === 'both' || (direction === 'left-to-right' ? side === 'right' : side === 'left')

  const all = [...pairs.values(), ...newPairs]
  for (const pair of all) {
    const link = pair.link
    const open = link ? conflictsByLink.get(link.id) : undefined
    // A record whose delete waits for a person is still deleted, even if not read again.
    const deletedOn = open?.kind === 'delete' ? open.deletedOn : undefined
    const cur = {
      left: deletedOn === 'left' && pair.left === undefined ? null : current(link, 'left', pair.left),
      right: deletedOn === 'right' && pair.right === undefined ? null : current(link, 'right', pair.right)
    }
    // A pair with a record that does not pass the filters is left as it is on both sides (engine/filters.ts).
    // A record deleted after it stopped passing is tested as it was last seen: its delete is not copied either.
    const seen = (side: Side) => cur[side] ?? (link ? { ...link.base, ...(link.pending?.[side] ?? {}) } : null)
    if (sync.filters?.length && ((filteredSide('left') && !passesAll(sync, seen('left'))) || (filteredSide('right') && !passesAll(sync, seen('right'))))) {
      filtered++
      if (link) {
        const left = pair.left ? heldApart(link, 'left', pair.left.canon) : link.pending?.left
        const right = pair.right ? heldApart(link, 'right', pair.right.canon) : link.pending?.right
        const held: PairPlan = { link, linkId: link.id, leftId: link.leftId, rightId: link.rightId, cur, writes: [], to: { left: {}, right: {} }, next: { base: link.base, pending: left || right ? { left: left ?? {}, right: right ?? {} } : undefined, gone: link.gone } }
        // A conflict that waits for the owner keeps waiting: leaving the filter settles nothing.
        if (open?.status === 'open') held.conflict = open
        if (linkChanged(link, held)) plan.pairs.push(held)
      }
      continue
    }
    const pp: PairPlan = {
      link,
      linkId: link?.id ?? randomUUID(),
      leftId: link?.leftId ?? pair.left?.rec.id,
      rightId: link?.rightId ?? pair.right?.rec.id,
      key: keyOf(cur.left ?? cur.right) || undefined,
      cur,
      writes: [],
      to: { left: {}, right: {} },
      next: null
    }
    // A record only one side has, never linked: a create on the other side.
    if (!link && (!pair.left || !pair.right)) {
      const side: Side = pair.left ? 'right' : 'left'
      const src = (pair.left ?? pair.right)!
      if (!writes(sync.direction, side)) continue
      const fields = mapOut(sync.mapping, side, src.canon)
      pp.writes.push({ ref: randomUUID(), side, op: 'create', key: pp.key, fields, sourceId: src.rec.id, changes: changesOf(src.canon, null, shared) })
      pp.next = { base: pick(src.canon, shared) }
      plan.pairs.push(pp)
      plan.summary[side].create++
      continue
    }
    if (link?.gone && (cur.left === null) !== (cur.right === null)) {
      plan.unchanged++
      continue
    }
    const resolution = open?.status === 'resolved' ? open.resolution : undefined
    // Fields settled one at a time flow now; the rest of the conflict keeps waiting.
    const picked = open?.status === 'open' && open.kind === 'fields' ? pickedValues(open) : undefined
    const resolved: Fields | undefined = resolution ? resolvedValues(open!, resolution) : picked
    if (picked) pp.picksFrom = open
    const decision = decidePair({
      direction: sync.direction,
      fields: shared,
      base: link ? link.base : null,
      left: cur.left,
      right: cur.right,
      leftUpdatedAt: pair.left?.rec.updatedAt,
      rightUpdatedAt: pair.right?.rec.updatedAt,
      policy: sync.conflictPolicy,
      fieldPolicies,
      deletes: sync.deletes,
      resolved: open?.kind === 'fields' ? resolved : undefined,
      resolvedDelete: open?.kind === 'delete' && resolution && resolution.pick !== 'value' ? resolution.pick : undefined,
      unreported: !link && sync.direction !== 'both' && pair.left && pair.right ? unreportedFields(sync, sync.direction === 'left-to-right' ? 'right' : 'left', sync.direction === 'left-to-right' ? pair.right : pair.left) : undefined
    })
    if (resolution) pp.settles = open!.id
    planDecision(pp, decision, { sync, shared, now: input.now, open })
    const touches = pp.writes.length > 0 || pp.conflict !== undefined || pp.settles !== undefined || linkChanged(link, pp)
    if (!touches) {
      plan.unchanged++
      continue
    }
    for (const w of pp.writes) plan.summary[w.side][w.op]++
    if (pp.conflict && pp.conflict.id !== open?.id) plan.summary.conflicts++
    plan.pairs.push(pp)
  }
  if (filtered) plan.filtered = filtered
  addFixedValues(plan, sync)
  return plan
}

/**
 * A record left out by the filters keeps what it holds now, where it differs from the link's
 * base, as the link's pending values: a later run that does not read it again still sees it
 * left out, instead of the values it had when it last synced.
 */
function heldApart(link: StoredLink, side: Side, now: Fields): Fields | undefined {
  const held: Fields = { ...(link.pending?.[side] ?? {}) }
  for (const [f, v] of Object.entries(now)) {
    if (sameValue(v, link.base[f])) delete held[f]
    else held[f] = v
  }
  return Object.keys(held).length ? held : undefined
}

/** Fixed values go with every record created or changed on their side, and show in its changes. */
function addFixedValues(plan: Plan, sync: Sync): void {
  const fixed = { left: fixedFields(sync, 'left'), right: fixedFields(sync, 'right') }
  for (const pp of plan.pairs) {
    for (const w of pp.writes) {
      const own = Object.entries(fixed[w.side])
      if (w.op === 'delete' || own.length === 0) continue
      w.fields = { ...w.fields, ...fixed[w.side] }
      w.changes = [...w.changes, ...own.map(([field, to]) => ({ field, from: null, to, fixed: true as const }))]
    }
  }
}

/**
 * The values a settled conflict writes. A typed-in resolution that leaves a field out
 * leaves that field waiting, never blanks it.
 */
function resolvedValues(c: Conflict, r: NonNullable<Conflict['resolution']>): Fields {
  if (r.pick === 'value') return Object.fromEntries(c.fields.filter((f) => f.name in r.values).map((f) => [f.name, r.values[f.name]]))
  return Object.fromEntries(c.fields.map((f) => [f.name, r.pick === 'left' ? f.left : f.right]))
}

/** The fields of an open conflict a person already settled one by one; undefined when none. */
function pickedValues(c: Conflict): Fields | undefined {
  const picks = Object.entries(c.fieldPicks ?? {}).filter(([name]) => c.fields.some((f) => f.name === name))
  return picks.length ? Object.fromEntries(picks.map(([name, p]) => [name, p.value])) : undefined
}

function pick(f: Fields, names: readonly string[]): Fields {
  return Object.fromEntries(names.map((n) => [n, f[n] ?? null]))
}

function changesOf(to: Fields, from: Fields | null, names: readonly string[]): PlannedWrite['changes'] {
  return names.filter((n) => to[n] !== undefined && !sameValue(to[n], from?.[n])).map((n) => ({ field: n, from: from?.[n] ?? null, to: to[n] ?? null }))
}

function linkChanged(link: StoredLink | null, pp: PairPlan): boolean {
  if (!link) return pp.next !== null
  if (!pp.next) return true
  const same = (a: Fields | undefined, b: Fields | undefined) => JSON.stringify(a ?? {}) === JSON.stringify(b ?? {})
  return !same(link.base, pp.next.base) || !same(link.pending?.left, pp.next.pending?.left) || !same(link.pending?.right, pp.next.pending?.right) || link.gone !== pp.next.gone
}

function planDecision(pp: PairPlan, d: PairDecision, ctx: { sync: Sync; shared: string[]; now: Date; open?: Conflict }): void {
  const { sync } = ctx
  switch (d.kind) {
    case 'merge': {
      for (const side of ['left', 'right'] as const) {
        const patch = side === 'left' ? d.toLeft : d.toRight
        if (Object.keys(patch).length === 0) continue
        const id = side === 'left' ? pp.leftId : pp.rightId
        pp.to[side] = patch
        pp.writes.push({ ref: randomUUID(), side, op: 'update', recordId: id, key: pp.key, fields: mapOut(sync.mapping, side, patch), changes: changesOf(patch, pp.cur[side], Object.keys(patch)) })
      }
      const hasPending = Object.keys(d.pending.left).length + Object.keys(d.pending.right).length > 0
      pp.next = { base: d.base, pending: hasPending ? d.pending : undefined }
      if (d.conflicts.length) pp.conflict = conflictFor(pp, 'fields', d.conflicts, ctx)
      return
    }
    case 'delete': {
      const id = d.side === 'left' ? pp.leftId : pp.rightId
      pp.writes.push({ ref: randomUUID(), side: d.side, op: 'delete', recordId: id, key: pp.key, fields: {}, changes: [] })
      pp.next = null
      return
    }
    case 'recreate': {
      pp.writes.push({ ref: randomUUID(), side: d.side, op: 'create', key: pp.key, fields: mapOut(sync.mapping, d.side, d.fields), sourceId: d.side === 'left' ? pp.rightId : pp.leftId, changes: changesOf(d.fields, null, ctx.shared) })
      pp.next = { base: pick(d.fields, ctx.shared) }
      return
    }
    case 'delete-conflict':
      pp.conflict = conflictFor(pp, 'delete', d.fields, ctx, d.deletedOn)
      pp.next = pp.link ? { base: pp.link.base, pending: pp.link.pending } : null
      return
    case 'forget':
      pp.next = null
      return
    case 'keep-tombstone':
      pp.next = pp.link ? { base: pp.link.base, pending: pp.link.pending, gone: d.gone } : null
      return
  }
}

function conflictFor(pp: PairPlan, kind: Conflict['kind'], fields: Conflict['fields'], ctx: { sync: Sync; now: Date; open?: Conflict }, deletedOn?: Side): Conflict {
  const linkId = pp.linkId
  // The fields a person settled one by one are written this run; the rest is the same conflict.
  const waiting = ctx.open?.fields.filter((f) => !(f.name in (ctx.open?.fieldPicks ?? {})))
  const same = ctx.open && ctx.open.status === 'open' && ctx.open.kind === kind && JSON.stringify(waiting) === JSON.stringify(fields)
  return {
    id: same ? ctx.open!.id : `c-${randomUUID().slice(0, 8)}`,
    syncId: ctx.sync.id,
    linkId,
    kind,
    deletedOn,
    fields,
    leftRecord: pp.cur.left ?? {},
    rightRecord: pp.cur.right ?? {},
    detectedAt: same ? ctx.open!.detectedAt : ctx.now.toISOString(),
    status: 'open'
  }
}

/** Canonical fields whose own field `entry`'s record does not carry at all (see `PairInput.unreported`). */
function unreportedFields(sync: Sync, side: Side, entry: Entry): string[] {
  return sync.mapping
    .filter((fm) => {
      const own = fm.combine?.side === side ? fm.combine.parts[0] : side === 'left' ? fm.left : fm.right
      return own !== undefined && !(own in entry.rec.fields)
    })
    .map((fm) => fm.name)
}
