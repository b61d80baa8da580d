/**
 * The per-sync state: links with their base, cursors, conflicts, failures.
 *
 * Write granularity (why it is not one lowdb file rewritten per record): links are the
 * only large part (50,000 links ≈ 10 MB of JSON). They live in a snapshot written once
 * per run (`links.json`) plus an append-only write-ahead log (`links.wal`) that gets one
 * fsynced append per applied chunk. A crash loses at most the chunk in flight, whose
 * writes the next run re-derives from the three-way merge. Cursors, conflicts and
 * failures are small and live in a lowdb document (`state.json`) saved at the start
 * and end of a run.
 */
import { join } from 'node:path'
import { rm, stat } from 'node:fs/promises'
import { z } from 'zod'
import { conflictSchema, failureSchema, fieldValueSchema, linkSchema, type Conflict, type Failure, type Fields, type Link, type Side } from '../../shared/domain'
import { openDocument, type RecoveryNotice, type StoreDocument } from '../store/document'
import { appendLines, readLines, truncateFile } from '../store/ndjson'

/** A link as stored: the agreed base plus what each side holds that is not agreed yet. */
export interface StoredLink extends Link {
  /** Values a side holds that differ from base: a queued conflict, a write that failed, a one-way target edit. */
  pending?: { left?: Fields; right?: Fields }
  /** The record was deleted on this side and deletes are not propagated. */
  gone?: Side
}

/** A change to the link set, as logged to the write-ahead log. */
export type LinkChange = { op: 'put'; link: StoredLink } | { op: 'del'; id: string }

const stateSchema = z.object({
  cursors: z.object({ left: z.string().nullable(), right: z.string().nullable() }),
  readAs: z.object({ left: z.string().nullable(), right: z.string().nullable() }),
  conflicts: z.array(conflictSchema),
  failures: z.array(failureSchema),
  lastRun: z.object({ id: z.string(), clean: z.boolean() }).nullable(),
  held: z.object({ undoOf: z.string(), message: z.string(), at: z.string(), disabledSync: z.boolean() }).optional(),
  restored: z.object({ message: z.string(), at: z.string() }).optional()
})

/** The small, frequently saved part of a sync's state. */
export interface SyncStateData {
  cursors: { left: string | null; right: string | null }
  /**
   * What each cursor was read with (the side's object, mapping and connection settings, as a
   * digest). When that changes, say a field is added to the mapping, the old cursor would
   * skip records that now matter, so the side is read in full again.
   */
  readAs: { left: string | null; right: string | null }
  conflicts: Conflict[]
  failures: Failure[]
  /** The last run that wrote, and whether it finished; an unclean one may have left create intents. */
  lastRun: { id: string; clean: boolean } | null
  /**
   * Set when an undo left the two sides different and paused the sync (see engine/undo.ts):
   * the plain message to show until the owner settles it or the next run goes.
   */
  held?: { undoOf: string; message: string; at: string; disabledSync: boolean }
  /** Set when a damaged links or state file was restored from a backup: the notice to show until the next full run. */
  restored?: { message: string; at: string }
}

const pendingFieldsSchema = z.record(z.string(), fieldValueSchema)
const storedLinkSchema = linkSchema.extend({ pending: z.object({ left: pendingFieldsSchema.optional(), right: pendingFieldsSchema.optional() }).optional(), gone: z.enum(['left', 'right']).optional() })
const linksSchema = z.object({ links: z.array(storedLinkSchema) })

/** Everything the engine keeps about one sync between runs. */
export class SyncState {
  readonly links = new Map<string, StoredLink>()
  private readonly byLeft = new Map<string, string>()
  private readonly byRight = new Map<string, string>()

  private constructor(
    readonly dir: string,
    private readonly doc: StoreDocument<SyncStateData>,
    private readonly linksDoc: StoreDocument<{ links: StoredLink[] }>,
    /** Set when a damaged file was repaired while opening. */
    readonly recoveries: RecoveryNotice[]
  ) {}

  /** Opens (or creates) the state in `dir`, replaying the write-ahead log. */
  static async open(dir: string): Promise<SyncState> {
    const state = await openDocument<SyncStateData>({
      path: join(dir, 'state.json'),
      schema: stateSchema,
      version: 2,
      // v2 remembers what each cursor was read with; unknown before, so the first run reads in full once.
      migrations: { 1: (d: Record<string, unknown>) => ({ ...d, readAs: { left: null, right: null } }) },
      defaults: () => ({ cursors: { left: null, right: null }, readAs: { left: null, right: null }, conflicts: [], failures: [], lastRun: null }),
      label: 'the sync state (cursors, conflicts and failures)'
    })
    const links = await openDocument<{ links: StoredLink[] }>({
      path: join(dir, 'links.json'),
      schema: linksSchema,
      version: 1,
      migrations: {},
      defaults: () => ({ links: [] }),
      label: 'the list of paired records',
      // Machine-only and large: compact JSON, and one backup is enough next to the write-ahead log.
      pretty: false,
      backups: 2
    })
    const recoveries = [state.recovery, links.recovery].filter((r): r is RecoveryNotice => r !== undefined)
    const s = new SyncState(dir, state.doc, links.doc, recoveries)
    for (const l of links.doc.data.links) s.put(l)
    const wal = await readLines<LinkChange>(s.walPath)
    for (const c of wal.items) s.apply(c)
    if (recoveries.length) await s.afterRestore(recoveries, links.recovery !== undefined)
    await s.takeStamp()
    return s
  }

  /**
   * A restored file is older than the truth: links may miss pairs the last run made, and
   * cursors may be past changes the restored links never saw. So the next run reads both
   * sides in full (deletes are then judged against complete lists, so nothing deleted comes
   * back and no delete is missed), and it re-links the creates of the last run from its
   * journal as after a crash. The notice is kept in the state so every Patchbay process
   * (the CLI, the app, `serve`) can tell the owner until that full run has happened.
   */
  private async afterRestore(recoveries: RecoveryNotice[], linksRestored: boolean): Promise<void> {
    const d = this.doc.data
    d.cursors = { left: null, right: null }
    if (linksRestored && d.lastRun) d.lastRun = { ...d.lastRun, clean: false }
    const message = `${recoveries.map((r) => r.message).join(' ')} The next run of this sync reads both sides in full to find what changed since.`
    d.restored = { message, at: new Date().toISOString() }
    await this.doc.write()
  }

  private stamp = ''

  /** Remembers how the files look now, after our own open or save. */
  private async takeStamp(): Promise<void> {
    this.stamp = await this.currentStamp()
  }

  private async currentStamp(): Promise<string> {
    const parts = await Promise.all(['state.json', 'links.json', 'links.wal'].map((f) => stat(join(this.dir, f)).then((st) => `${st.mtimeMs}:${st.size}`, () => '-')))
    return parts.join('|')
  }

  /** True when another process wrote this sync's state since we opened or saved it. */
  async changedOnDisk(): Promise<boolean> {
    return (await this.currentStamp()) !== this.stamp
  }

  /** The small state (cursors, conflicts, failures); mutate it, then `save()`. */
  get data(): SyncStateData {
    return this.doc.data
  }

  private get walPath(): string {
    return join(this.dir, 'links.wal')
  }

  /** The folder holding each run's journal. */
  get journalDir(): string {
    return join(this.dir, 'journal')
  }

  /** Link holding the left record `id`, if any. */
  linkByLeft(id: string): StoredLink | undefined {
    const l = this.byLeft.get(id)
    return l === undefined ? undefined : this.links.get(l)
  }

  /** Link holding the right record `id`, if any. */
  linkByRight(id: string): StoredLink | undefined {
    const l = this.byRight.get(id)
    return l === undefined ? undefined : this.links.get(l)
  }

  private put(link: StoredLink): void {
    const old = this.links.get(link.id)
    if (old) {
      this.byLeft.delete(old.leftId)
      this.byRight.delete(old.rightId)
    }
    this.links.set(link.id, link)
    this.byLeft.set(link.leftId, link.id)
    this.byRight.set(link.rightId, link.id)
  }

  private apply(c: LinkChange): void {
    if (c.op === 'put') this.put(c.link)
    else {
      const old = this.links.get(c.id)
      if (!old) return
      this.links.delete(c.id)
      this.byLeft.delete(old.leftId)
      this.byRight.delete(old.rightId)
    }
  }

  /** Makes link changes durable (one fsynced append), then applies them in memory. */
  async commitLinks(changes: LinkChange[]): Promise<void> {
    if (changes.length === 0) return
    await appendLines(this.walPath, changes, { fsync: true })
    for (const c of changes) this.apply(c)
    await this.takeStamp()
  }

  /** Saves cursors, conflicts and failures atomically. */
  async save(): Promise<void> {
    await this.doc.write()
    await this.takeStamp()
  }

  /** Folds the write-ahead log into a fresh snapshot; run once at the end of a run. */
  async compact(): Promise<void> {
    this.linksDoc.data = { links: [...this.links.values()] }
    await this.linksDoc.write()
    await truncateFile(this.walPath)
    await this.takeStamp()
  }

  /** Removes everything this sync kept (when the sync is deleted). */
  async destroy(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true })
  }
}
