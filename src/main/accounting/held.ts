/**
 * Records Patchbay accepted but did not post (a declined payment, an inquiry that has
 * not withdrawn money yet), kept whole. The engine sends only the fields that changed
 * when such a record changes later (an inquiry becoming a chargeback), and QuickBooks has
 * nothing to read the rest from, so they are kept here: in a file in the connection's
 * data folder when there is one, else for the session.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Fields } from '../../shared/domain'

/** Held records by Stripe id. */
export interface HeldRecords {
  get(id: string): Fields | undefined
  set(id: string, fields: Fields): void
  delete(id: string): void
}

/** Held records in memory. */
export function memoryHeld(): HeldRecords {
  const map = new Map<string, Fields>()
  return { get: (id) => map.get(id), set: (id, f) => void map.set(id, f), delete: (id) => void map.delete(id) }
}

/** Held records in `dir/held-documents.json`, rewritten atomically on each change. */
export function fileHeld(dir: string): HeldRecords {
  const file = join(dir, 'held-documents.json')
  let map: Record<string, Fields> = {}
  try {
    map = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Fields>
  } catch {
    map = {}
  }
  const save = () => {
    mkdirSync(dir, { recursive: true })
    writeFileSync(`${file}.tmp`, JSON.stringify(map))
    renameSync(`${file}.tmp`, file)
  }
  return {
    get: (id) => map[id],
    set(id, fields) {
      map[id] = fields
      save()
    },
    delete(id) {
      if (!(id in map)) return
      delete map[id]
      save()
    }
  }
}
