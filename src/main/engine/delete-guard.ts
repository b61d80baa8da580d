/**
 * The mass-delete guard. A run that would delete many records at once (an export that came
 * out empty, a wrong file picked) deletes none of them: it finishes everything else and
 * holds those deletes for the owner, who says "Delete them" or "Keep them".
 */
import { join } from 'node:path'
import { z } from 'zod'
import type { Side, Sync } from '../../shared/domain'
import { openDocument, type RecoveryNotice, type StoreDocument } from '../store/document'
import type { Plan } from './plan'
import type { Pulled } from './pull'
import type { SyncState } from './state'
import { recordLabel } from './record-words'

/** The guard a sync has when it sets none: more than 10 records and more than 20% of a side. */
export const DEFAULT_DELETE_GUARD = { maxCount: 10, maxPercent: 20 } as const

/** A delete the guard held: the record that would go, on the side it would go from. */
export interface WaitingDelete {
  linkId: string
  /** The side the record would be deleted from. */
  side: Side
  recordId: string
  key?: string
  /** The record in words (its name and key), for the list the owner sees. */
  label: string
}

/** Deletes a run held for the owner. */
export interface HeldDeletes {
  runId: string
  at: string
  /** `many`: over the sync's threshold; `empty`: one side read as empty. */
  reason: 'many' | 'empty'
  /** What happened and what to do, in the owner's words. */
  message: string
  items: WaitingDelete[]
}

/** Which held deletes a run may carry out: all of them (`--allow-deletes`), or those the owner saw (by link id). */
export type ApprovedDeletes = 'all' | ReadonlySet<string>

const other = (s: Side): Side => (s === 'left' ? 'right' : 'left')

/**
 * Takes the deletes out of `plan` when there are too many, and returns them; null when the
 * plan's deletes may go ahead. Deletes a person chose (a settled delete conflict) always go.
 */
export function holdMassDeletes(plan: Plan, o: { sync: Sync; state: SyncState; pulled: Record<Side, Pulled>; runId: string; now: Date; approved?: ApprovedDeletes; sideName?: (s: Side) => string }): HeldDeletes | null {
  const approved = o.approved
  if (approved === 'all') return null
  const guard = o.sync.deleteGuard ?? DEFAULT_DELETE_GUARD
  const name = o.sideName ?? ((s: Side) => (s === 'left' ? 'the left side' : 'the right side'))
  const deleting = plan.pairs.filter((pp) => !pp.settles && pp.writes.some((w) => w.op === 'delete') && !(approved?.has(pp.linkId) ?? false))
  if (deleting.length === 0) return null
  let reason: HeldDeletes['reason'] | null = null
  let message = ''
  for (const side of ['left', 'right'] as const) {
    const count = deleting.filter((pp) => pp.writes.some((w) => w.op === 'delete' && w.side === side)).length
    if (count === 0) continue
    const source = other(side)
    // A side read in full that holds nothing, when it held records the sync paired, is an empty export, not a clean-up.
    if (o.pulled[source].complete && o.pulled[source].records.size === 0 && count > 1) {
      reason = 'empty'
      message = `${name(source)} read as empty, so this run would delete all ${count} paired records from ${name(side)}. Nothing was deleted. If that is right, choose "Delete them"; if the export or file went wrong, fix it and choose "Keep them" or just run again.`
      break
    }
    const size = Math.max(o.state.links.size, o.pulled[side].records.size)
    if (count > guard.maxCount && count * 100 > guard.maxPercent * size) {
      reason = 'many'
      message = `This run would delete ${count} of ${size} records from ${name(side)} (more than ${guard.maxCount} and more than ${guard.maxPercent}%). Nothing was deleted. Check the list, then choose "Delete them" or "Keep them".`
      break
    }
  }
  if (!reason) return null
  const held = new Set(deleting)
  plan.pairs = plan.pairs.filter((pp) => !held.has(pp))
  const items: WaitingDelete[] = []
  for (const pp of deleting) {
    for (const w of pp.writes) {
      if (w.op !== 'delete') continue
      plan.summary[w.side].delete--
      items.push({ linkId: pp.linkId, side: w.side, recordId: w.recordId ?? '', key: pp.key, label: recordLabel(pp.cur[w.side], pp.key, w.recordId) })
    }
  }
  return { runId: o.runId, at: o.now.toISOString(), reason, message, items }
}

const heldSchema = z.object({
  held: z
    .object({
      runId: z.string(),
      at: z.string(),
      reason: z.enum(['many', 'empty']),
      message: z.string(),
      items: z.array(z.object({ linkId: z.string(), side: z.enum(['left', 'right']), recordId: z.string(), key: z.string().optional(), label: z.string() }))
    })
    .nullable()
})

/**
 * The deletes waiting for the owner, in the sync's folder (`waiting-deletes.json`). Its own
 * small document: the engine writes it at the end of a run, the owner's answer clears it.
 */
export class WaitingDeletes {
  private constructor(
    private readonly doc: StoreDocument<{ held: HeldDeletes | null }>,
    /** Set when the file was damaged and repaired on this opening: what to tell the owner. */
    readonly recovery?: RecoveryNotice
  ) {}

  /**
   * Opens the waiting deletes of the sync whose state is in `dir`. A damaged file is moved
   * aside and its backup (or nothing) used; `recovery` then says so. Nothing is deleted on
   * the strength of a repaired list: the next run works out again what waits.
   */
  static async open(dir: string): Promise<WaitingDeletes> {
    const { doc, recovery } = await openDocument<{ held: HeldDeletes | null }>({
      path: join(dir, 'waiting-deletes.json'),
      schema: heldSchema as unknown as z.ZodType<{ held: HeldDeletes | null }>,
      version: 1,
      defaults: () => ({ held: null }),
      label: 'the deletes waiting for you',
      backups: 1,
      followOthers: true
    })
    return new WaitingDeletes(doc, recovery)
  }

  /** The deletes waiting, or null. */
  get held(): HeldDeletes | null {
    return this.doc.data.held
  }

  /** Replaces what waits (null clears it). */
  async set(held: HeldDeletes | null): Promise<void> {
    if (held === null && this.doc.data.held === null) return
    this.doc.data = { held }
    await this.doc.write()
  }
}
