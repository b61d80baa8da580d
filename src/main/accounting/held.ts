/**
 * Records Patchbay accepted but did not post (a declined payment, an inquiry that has
 * not withdrawn money yet), kept whole. The engine sends only the fields that changed
 * when such a record changes later (an inquiry becoming a chargeback), and QuickBooks has
 * nothing to read the rest from, so they are kept here: in a document in the connection's
 * data folder when there is one (saved like every other store file: atomically, with
 * backups, a damaged file moved aside and told), else for the session.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { fieldValueSchema, type Fields } from '../../shared/domain'
import { writeFileAtomic } from '../store/atomic-file'
import { openDocument, type RecoveryNotice } from '../store/document'
import { upgradeHeldSourceIds } from './migrate'

/** Held records by source id. `set` and `delete` change memory; `save` keeps those changes. */
export interface HeldRecords {
  get(id: string): Fields | undefined
  set(id: string, fields: Fields): void
  delete(id: string): void
  /** Saves what `set` and `delete` changed since the last save. */
  save(): Promise<void>
}

/** Held records in memory. */
export function memoryHeld(): HeldRecords {
  const map = new Map<string, Fields>()
  return { get: (id) => map.get(id), set: (id, f) => void map.set(id, f), delete: (id) => void map.delete(id), save: async () => undefined }
}

/** The held documents' file in a connection's data folder. */
export const HELD_FILE = 'held-documents.json'

const heldSchema = z.record(z.string(), z.record(z.string(), fieldValueSchema))

/**
 * Opens the held records in `dir/held-documents.json`. A damaged file is moved aside and
 * the newest good backup put back; `onRecovery` is told what was done, for the owner.
 */
export async function openHeld(dir: string, onRecovery?: (notice: RecoveryNotice) => void): Promise<HeldRecords> {
  const path = join(dir, HELD_FILE)
  await adoptUnversioned(path)
  const { doc, recovery } = await openDocument<Record<string, Fields>>({
    path,
    schema: heldSchema,
    version: 2,
    // 2: the id field is `source_id`, as for every payment system (was `stripe_id`).
    migrations: { 1: upgradeHeldSourceIds },
    defaults: () => ({}),
    label: 'the payments Patchbay accepted but did not post to your books (held documents)',
    pretty: false
  })
  if (recovery) onRecovery?.(recovery)
  // id → fields to keep, or null to forget; saved together by `save`.
  const pending = new Map<string, Fields | null>()
  return {
    get: (id) => (pending.has(id) ? (pending.get(id) ?? undefined) : doc.data[id]),
    set: (id, fields) => void pending.set(id, fields),
    delete(id) {
      if (pending.has(id) || id in doc.data) pending.set(id, null)
    },
    async save() {
      if (pending.size === 0) return
      const changes = [...pending]
      pending.clear()
      try {
        await doc.update((draft) => {
          for (const [id, fields] of changes) {
            if (fields === null) delete draft[id]
            else draft[id] = fields
          }
        })
      } catch (err) {
        // Kept for the next save, unless changed again meanwhile.
        for (const [id, fields] of changes) if (!pending.has(id)) pending.set(id, fields)
        throw err
      }
    }
  }
}

/** Earlier versions wrote the bare map, without the format marker every store file has: wrap it once, so it is not taken for damage. */
async function adoptUnversioned(path: string): Promise<void> {
  let parsed: unknown
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'))
  } catch {
    return // Missing, unreadable or damaged: openDocument tells which and deals with it.
  }
  if (typeof parsed !== 'object' || parsed === null || 'schemaVersion' in parsed) return
  const checked = heldSchema.safeParse(parsed)
  if (checked.success) await writeFileAtomic(path, JSON.stringify({ schemaVersion: 1, data: checked.data }) + '\n')
}
