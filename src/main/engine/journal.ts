/**
 * The journal of one run: a before and after image of every write, written before the
 * call (the intent) and after it (the outcome). It is what lets the next run reconcile
 * creates a crash left unconfirmed, and what `undo` replays backwards.
 */
import { join } from 'node:path'
import { readdir } from 'node:fs/promises'
import type { Fields, Side, WriteOp } from '../../shared/domain'
import { appendLines, readLines } from '../store/ndjson'
import type { StoredLink } from './state'

/** Written before a write is sent. */
export interface JournalIntent {
  t: 'intent'
  ref: string
  side: Side
  op: WriteOp
  recordId?: string
  /** Normalised match key, to find a create again after a crash. */
  key?: string
  /** The target's own fields before the write (only the written ones; all for a delete). */
  before: Fields | null
  /** The target's own fields we are writing. */
  after: Fields
  /** The link as it was before this run touched it. */
  linkBefore: StoredLink | null
  /** For creates: the record on the other side this one is a copy of. */
  sourceId?: string
}

/** Written once the system answered. */
export type JournalOutcome = { t: 'done'; ref: string; recordId: string } | { t: 'failed'; ref: string; code: string; message: string }

export type JournalEntry = JournalIntent | JournalOutcome

/** Append-only journal file of one run. */
export class Journal {
  constructor(readonly path: string) {}

  /** The journal of `runId` inside `dir`. */
  static of(dir: string, runId: string): Journal {
    return new Journal(join(dir, `${runId}.ndjson`))
  }

  /** Appends entries; intents are fsynced before the write they announce. */
  async append(entries: JournalEntry[], fsync = true): Promise<void> {
    if (entries.length) await appendLines(this.path, entries, { fsync })
  }

  /** Reads every entry, pairing each intent with its outcome (if any). */
  async read(): Promise<{ intent: JournalIntent; outcome?: JournalOutcome }[]> {
    const { items } = await readLines<JournalEntry>(this.path)
    const out = new Map<string, { intent: JournalIntent; outcome?: JournalOutcome }>()
    for (const e of items) {
      if (e.t === 'intent') out.set(e.ref, { intent: e })
      else {
        const hit = out.get(e.ref)
        if (hit) hit.outcome = e
      }
    }
    return [...out.values()]
  }
}

/** Run ids that have a journal in `dir`. */
export async function journaledRuns(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.ndjson')).map((f) => f.slice(0, -'.ndjson'.length))
  } catch {
    return []
  }
}
