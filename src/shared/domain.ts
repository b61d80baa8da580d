/**
 * The domain model shared by every process (DESIGN.md §2). Plain data only: these
 * values cross IPC, HTTP and the disk, so nothing here holds a function or a class.
 */
import { z } from 'zod'

/** A value a field can hold once mapped into a sync's canonical fields. */
export type FieldValue = string | number | boolean | null

/** A record's fields keyed by field name. */
export type Fields = Record<string, FieldValue>

export const fieldValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])

/** How a connection proves who it is. */
export const authKindSchema = z.enum(['none', 'api-key', 'oauth2'])
export type AuthKind = z.infer<typeof authKindSchema>

/** A connection's health as the user sees it (DESIGN.md §5). */
export const connectionStatusSchema = z.enum(['ok', 'degraded', 'failing', 'needs-reconnect'])
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>

/** An account on a system. Its secrets live in the keychain, never here. */
export const connectionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes'),
  system: z.string().min(1),
  label: z.string().min(1),
  authKind: authKindSchema.default('none'),
  accountName: z.string().optional(),
  scopes: z.array(z.string()).default([]),
  status: connectionStatusSchema.default('ok'),
  /**
   * ISO time when the sign-in (an OAuth refresh token) runs out, as the vendor last said;
   * absent when it does not say. Not a setting, so a rolling expiry never changes what a
   * sync's cursor was read with.
   */
  signInExpiresAt: z.string().optional(),
  /**
   * The vendor's daily API allowance as its last answer stated it (Salesforce's
   * `Sforce-Limit-Info`), for health: calls used, the limit, and when it was read.
   */
  apiUsage: z.object({ used: z.number().int().min(0), limit: z.number().int().positive(), at: z.string() }).optional(),
  /** The last "Test connection" (or sign-in test) result, non-secret: a connection whose last test failed never shows as connected. */
  lastTest: z.object({ ok: z.boolean(), at: z.string(), message: z.string() }).optional(),
  /** Non-secret settings: a folder, a base URL, a data-centre prefix, a list id. */
  settings: z.record(z.string(), z.unknown()).default({})
})
export type Connection = z.infer<typeof connectionSchema>

export const transformSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('trim') }),
  z.object({ kind: z.literal('lower') }),
  z.object({ kind: z.literal('upper') }),
  z.object({ kind: z.literal('e164'), defaultCountry: z.string().length(2).default('US') }),
  z.object({
    kind: z.literal('date'),
    /** Zone the source system writes local times in. */ from: z.string().default('UTC'),
    /** Zone the target system expects. */ to: z.string().default('UTC'),
    /** Output: an ISO instant, or a calendar date (yyyy-MM-dd) in `to`. */ format: z.enum(['iso', 'date']).default('iso')
  }),
  z.object({ kind: z.literal('lookup'), table: z.record(z.string(), z.string()), fallback: z.enum(['keep', 'null', 'error']).default('error') }),
  z.object({ kind: z.literal('number') }),
  z.object({ kind: z.literal('minor-units'), decimals: z.number().int().min(0).max(4).default(2) })
])
/** A value-level transform applied on the way into or out of the canonical fields. */
export type Transform = z.infer<typeof transformSchema>

/** One canonical field and where it lives on each side. */
export const fieldMapSchema = z.object({
  /** Canonical name, shown to the user in conflicts. */
  name: z.string().min(1),
  /** Field on the left system; `split`/`join` of full names uses `leftJoin`. */
  left: z.string().min(1).optional(),
  right: z.string().min(1).optional(),
  /**
   * A full name on one side split into first/last on the other: set `combine`
   * on the canonical field that holds the full name and list its parts.
   */
  combine: z.object({ side: z.enum(['left', 'right']), parts: z.tuple([z.string(), z.string()]) }).optional(),
  /** Transforms into canonical form from each side (applied in order). */
  fromLeft: z.array(transformSchema).default([]),
  fromRight: z.array(transformSchema).default([]),
  /** Transforms out of canonical form to each side. */
  toLeft: z.array(transformSchema).default([]),
  toRight: z.array(transformSchema).default([]),
  /** Per-field override of the sync's conflict policy. */
  conflictPolicy: z.lazy(() => conflictPolicySchema).optional()
})
export type FieldMap = z.infer<typeof fieldMapSchema>

export const conflictPolicySchema = z.enum(['ask', 'prefer-left', 'prefer-right', 'newest'])
/** Who wins when both sides changed the same field to different values. */
export type ConflictPolicy = z.infer<typeof conflictPolicySchema>

export const directionSchema = z.enum(['left-to-right', 'right-to-left', 'both'])
export type Direction = z.infer<typeof directionSchema>

export const triggerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({ kind: z.literal('schedule'), cron: z.string().min(1), timeZone: z.string().default('UTC') }),
  z.object({ kind: z.literal('watch'), everySeconds: z.number().int().min(5).max(86_400).default(30) })
])
/** When a sync runs by itself. */
export type Trigger = z.infer<typeof triggerSchema>

export const sideSchema = z.object({ connectionId: z.string().min(1), object: z.string().min(1) })
export type SyncSide = z.infer<typeof sideSchema>

/** How a filter compares a field: equals, not equals and contains ignore capitals and spaces around the value. */
export const filterOpSchema = z.enum(['equals', 'not-equals', 'contains', 'empty', 'not-empty'])
export type FilterOp = z.infer<typeof filterOpSchema>

/** "Only records where status is paid": a test on a synced (canonical) field, as either side's record has it. */
export const recordFilterSchema = z.object({
  field: z.string().min(1, 'say which synced field the filter looks at'),
  op: filterOpSchema,
  /** What equals, not equals and contains compare with; empty and not empty take none. */
  value: z.string().optional()
})
export type RecordFilter = z.infer<typeof recordFilterSchema>

/** "Always set lead source to Website": a field of one side's own, written with this value on every record the sync creates or changes there. */
export const fixedValueSchema = z.object({
  side: z.enum(['left', 'right']),
  field: z.string().min(1, 'say which field gets the fixed value'),
  value: z.string()
})
export type FixedValue = z.infer<typeof fixedValueSchema>

const OPS_WITH_VALUE: readonly FilterOp[] = ['equals', 'not-equals', 'contains']

/**
 * What is wrong with a sync's filters and fixed values, each at its path with the field named:
 * a filter on a field the sync does not sync, a compare with no value, a fixed value on a side
 * the sync never writes or on a field a synced field already fills.
 */
function syncRuleIssues(sync: { mapping: { name: string; left?: string; right?: string; combine?: { side: 'left' | 'right'; parts: [string, string] } }[]; direction: Direction; filters?: RecordFilter[]; fixed?: FixedValue[] }): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = []
  const names = sync.mapping.map((m) => m.name)
  for (const [i, f] of (sync.filters ?? []).entries()) {
    if (!names.includes(f.field)) issues.push({ path: ['filters', i, 'field'], message: `"${f.field}" is not a synced field of this sync, so a filter cannot look at it; the synced fields are ${names.map((n) => `"${n}"`).join(', ')}` })
    if (OPS_WITH_VALUE.includes(f.op) && !(f.value ?? '').trim()) issues.push({ path: ['filters', i, 'value'], message: `the filter on "${f.field}" (${f.op}) needs a value to compare with` })
  }
  const seen = new Set<string>()
  for (const [i, x] of (sync.fixed ?? []).entries()) {
    const writes = sync.direction === 'both' || (sync.direction === 'left-to-right') === (x.side === 'right')
    if (!writes) issues.push({ path: ['fixed', i, 'side'], message: `this sync never writes to its ${x.side} side (records flow ${sync.direction.replace(/-/g, ' ')}), so a fixed value for "${x.field}" there would do nothing` })
    const filled = sync.mapping.find((m) => (m.combine?.side === x.side ? m.combine.parts.includes(x.field) : m[x.side] === x.field))
    if (filled) issues.push({ path: ['fixed', i, 'field'], message: `"${x.field}" on the ${x.side} side is already filled from the synced field "${filled.name}"; remove one of the two` })
    if (seen.has(`${x.side}:${x.field}`)) issues.push({ path: ['fixed', i, 'field'], message: `"${x.field}" on the ${x.side} side has two fixed values; keep one` })
    seen.add(`${x.side}:${x.field}`)
  }
  return issues
}

const syncObject = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'use lower-case letters, digits and dashes'),
  name: z.string().min(1),
  left: sideSchema,
  right: sideSchema,
  direction: directionSchema.default('both'),
  trigger: triggerSchema.default({ kind: 'manual' }),
  mapping: z.array(fieldMapSchema).min(1, 'map at least one field'),
  match: z.object({
    /** Canonical field used to pair records that are not linked yet. */
    field: z.string().min(1),
    normalise: z.array(z.enum(['trim', 'lower', 'digits'])).default(['trim', 'lower'])
  }),
  conflictPolicy: conflictPolicySchema.default('ask'),
  deletes: z.enum(['propagate', 'ignore', 'ask']).default('ignore'),
  /**
   * A run that would delete more than `maxCount` records and more than `maxPercent`% of a
   * side deletes none of them and asks the owner first.
   * @default { maxCount: 10, maxPercent: 20 }
   */
  deleteGuard: z.object({ maxCount: z.number().int().min(0), maxPercent: z.number().min(0).max(100) }).optional(),
  enabled: z.boolean().default(true),
  /** Paused by the owner (app, tray or `patchbay pause`): kept in config so every Patchbay process on this data folder sees it. */
  paused: z.boolean().optional(),
  /** Only records that pass every filter are synced; a paired record that stops passing is left as it is on both sides. */
  filters: z.array(recordFilterSchema).optional(),
  /** Values written on every record the sync creates or changes on a side. */
  fixed: z.array(fixedValueSchema).optional()
})
const checkSyncRules = (sync: Parameters<typeof syncRuleIssues>[0], ctx: z.RefinementCtx) => {
  for (const issue of syncRuleIssues(sync)) ctx.addIssue({ code: 'custom', ...issue })
}
/** A sync as saved, with its filters and fixed values checked against its mapping. */
export const syncSchema = syncObject.superRefine(checkSyncRules)
/** A new sync: as `syncSchema`, its id chosen from its name when left out. */
export const newSyncSchema = syncObject.extend({ id: syncObject.shape.id.optional() }).superRefine(checkSyncRules)
export type Sync = z.infer<typeof syncSchema>
export type SyncInput = z.input<typeof syncSchema>

/** Which side of a sync. */
export type Side = 'left' | 'right'

/** A matched pair of records and the values both sides last agreed on. */
export interface Link {
  id: string
  leftId: string
  rightId: string
  /** Canonical values both sides last agreed on. */
  base: Fields
  syncedAt: string
}

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'cancelled'
export type RunTrigger = 'manual' | 'schedule' | 'watch' | 'catch-up' | 'retry' | 'cli'

export interface RunCounts {
  read: number
  created: number
  updated: number
  deleted: number
  unchanged: number
  conflicts: number
  failed: number
}

/** One execution of a sync. */
export interface Run {
  id: string
  syncId: string
  trigger: RunTrigger
  startedAt: string
  endedAt?: string
  status: RunStatus
  dryRun: boolean
  counts: RunCounts
  error?: { code: string; message: string; hint?: string; connectionId?: string }
  /**
   * Set when this entry is an undo of another run, not a run of the sync: an undo never
   * counts as the sync's last run or last success, and never hides a failure (`isUndo`).
   */
  undoOf?: string
  /**
   * How many deletes this run held back for the owner (the mass-delete guard), when it held
   * any. A run whose only shortfall is held deletes is `partial`, yet nothing in it failed.
   */
  heldDeletes?: number
}

/** True when a run's only shortfall is deletes it held for the owner: nothing failed, the owner must choose. */
export function onlyHeldDeletes(run: Pick<Run, 'status' | 'counts' | 'heldDeletes'>): boolean {
  return run.status === 'partial' && (run.heldDeletes ?? 0) > 0 && run.counts.failed === 0
}

/**
 * True when records went through in this run: it finished ok, or it wrote some records while
 * others failed. "Last success" means the last such run, so 38 written and 1 failed is not "never".
 * Dry runs and undo entries never count.
 */
export function wentThrough(run: Pick<Run, 'status' | 'counts' | 'dryRun' | 'undoOf'>): boolean {
  if (run.dryRun || run.undoOf !== undefined) return false
  const written = run.counts.created + run.counts.updated + run.counts.deleted
  return run.status === 'ok' || (run.status === 'partial' && written > 0)
}

/** True when a history entry is an undo rather than a run of the sync. */
export function isUndo(run: Pick<Run, 'undoOf'>): boolean {
  return run.undoOf !== undefined
}

export interface ConflictField {
  name: string
  base: FieldValue
  left: FieldValue
  right: FieldValue
}

/** A disagreement queued for a person. */
export interface Conflict {
  id: string
  syncId: string
  linkId: string
  kind: 'fields' | 'delete'
  /** For `delete`: which side deleted the record. */
  deletedOn?: Side
  fields: ConflictField[]
  /** The full canonical record on each side when detected, for context. */
  leftRecord: Fields
  rightRecord: Fields
  detectedAt: string
  status: 'open' | 'resolved'
  resolution?: ConflictResolution
  /**
   * Fields a person settled one at a time ("keep HubSpot's phone for all"), while the
   * others still wait. The next run writes these and keeps the conflict open for the rest;
   * once every field has a pick the conflict is resolved.
   */
  fieldPicks?: Record<string, FieldPick>
}

/** One field of a conflict settled on its own: which side won and the value that wins. */
export interface FieldPick {
  pick: 'left' | 'right' | 'value'
  value: FieldValue
}

export type ConflictResolution =
  | { pick: 'left' }
  | { pick: 'right' }
  | { pick: 'value'; values: Fields }

export type WriteOp = 'create' | 'update' | 'delete'

/** A record one side refused. */
export interface Failure {
  id: string
  syncId: string
  runId: string
  side: Side
  /** `read` when the record could not even be read (a bad CSV row, an unreadable value). */
  op: WriteOp | 'read'
  recordId?: string
  /** The source record's id, to find it again on retry. */
  sourceId?: string
  key?: string
  code: string
  /** What the system or the file said, as it said it. */
  message: string
  /** The record in words (a name and email, a payment's amount), when the run had it. */
  label?: string
  /** What to do about it, when Patchbay knows. */
  hint?: string
  /** Line number in a file source, when the failure came from reading. */
  line?: number
  attempts: number
  firstSeenAt: string
  lastSeenAt: string
  status: 'open' | 'retry' | 'dismissed'
}

/**
 * Schemas of what a sync keeps on disk (links, conflicts, failures), so stored state is
 * checked when it is read: a file of the wrong shape is treated as damaged (moved aside,
 * a backup restored, the owner told) instead of failing later in the middle of a run.
 * Unknown extra properties are kept, so a newer Patchbay's additions survive a read.
 */
const fieldsSchema = z.record(z.string(), fieldValueSchema)
const sideNameSchema = z.enum(['left', 'right'])

export const linkSchema = z.object({ id: z.string(), leftId: z.string(), rightId: z.string(), base: fieldsSchema, syncedAt: z.string() }).passthrough()

const conflictResolutionSchema = z.union([z.object({ pick: z.enum(['left', 'right']) }), z.object({ pick: z.literal('value'), values: fieldsSchema })])

export const conflictSchema = z
  .object({
    id: z.string(),
    syncId: z.string(),
    linkId: z.string(),
    kind: z.enum(['fields', 'delete']),
    deletedOn: sideNameSchema.optional(),
    fields: z.array(z.object({ name: z.string(), base: fieldValueSchema, left: fieldValueSchema, right: fieldValueSchema })),
    leftRecord: fieldsSchema,
    rightRecord: fieldsSchema,
    detectedAt: z.string(),
    status: z.enum(['open', 'resolved']),
    resolution: conflictResolutionSchema.optional(),
    fieldPicks: z.record(z.string(), z.object({ pick: z.enum(['left', 'right', 'value']), value: fieldValueSchema })).optional()
  })
  .passthrough()

export const failureSchema = z
  .object({
    id: z.string(),
    syncId: z.string(),
    runId: z.string(),
    side: sideNameSchema,
    op: z.enum(['create', 'update', 'delete', 'read']),
    recordId: z.string().optional(),
    sourceId: z.string().optional(),
    key: z.string().optional(),
    code: z.string(),
    message: z.string(),
    label: z.string().optional(),
    hint: z.string().optional(),
    line: z.number().optional(),
    attempts: z.number(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    status: z.enum(['open', 'retry', 'dismissed'])
  })
  .passthrough()

/** Progress of a running sync, shown as a bar. */
export type Progress =
  | { kind: 'pull'; side: Side; done: number; total: number | null }
  | { kind: 'plan'; done: number; total: number }
  | { kind: 'apply'; side: Side; done: number; total: number }
  | { kind: 'commit'; done: number; total: number }

export const emptyCounts = (): RunCounts => ({ read: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 0 })
