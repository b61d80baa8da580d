/** Creating, changing and previewing syncs, and the connection edits the UI makes. */
import type { CallArgs, CallResults, PreviewWrite } from '../../shared/contract'
import type { Connection, Sync, SyncInput } from '../../shared/domain'
import type { App } from '../app'
import { filterWords } from '../engine/filters'
import type { Plan } from '../engine/plan'
import { ConfigError } from '../errors'
import { amountsInMinorUnits, moneyLabel } from './preview-label'

/** A lower-case id from a name, unique among `taken`: "Payments → Books" → "payments-books". */
export function idFrom(name: string, taken: ReadonlySet<string>): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'item'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}

/** Saves a new sync, choosing its id from its name when none is given. */
export async function createSync(app: App, { sync }: CallArgs<'sync:create'>): Promise<CallResults['sync:create']> {
  const svc = app.service
  const taken = new Set(svc.syncList().map((s) => s.id))
  if (sync.id && taken.has(sync.id)) throw new ConfigError(`There is already a sync called "${sync.id}"`, { hint: 'Pick another name.' })
  return svc.saveSync({ ...sync, id: sync.id ?? idFrom(sync.name, taken) } as SyncInput)
}

/** Changes an existing sync, keeping its links and history (see `PatchbayService.changeSync`). */
export async function updateSync(app: App, { sync }: CallArgs<'sync:update'>): Promise<CallResults['sync:update']> {
  return app.service.changeSync(sync)
}

/** Gives a connection a new name; nothing else about it changes. */
export async function renameConnection(app: App, { id, label }: CallArgs<'connection:rename'>): Promise<Connection> {
  return app.service.saveConnection({ ...app.service.connectionInfo(id), label })
}

const MAX_PREVIEW = 500

/** What a dry run would write, for people to read before the first real run. */
export function previewOf(plan: Plan, sync?: Pick<Sync, 'left' | 'right' | 'mapping' | 'filters'>): NonNullable<CallResults['sync:run']['preview']> {
  const writes: PreviewWrite[] = []
  const minor = sync ? amountsInMinorUnits(sync) : false
  let total = 0
  for (const pair of plan.pairs) {
    for (const w of pair.writes) {
      total++
      if (writes.length >= MAX_PREVIEW) continue
      const id = w.key ?? pair.key ?? w.recordId ?? w.sourceId
      // A payment is named by its amount, customer and date; its id stays beside it for reference.
      const money = moneyLabel(pair.cur[w.side === 'left' ? 'right' : 'left'] ?? pair.cur[w.side], minor)
      writes.push({ side: w.side, op: w.op, record: money ?? id ?? '(new record)', ...(money && id ? { id } : {}), changes: w.changes })
    }
  }
  const leftOut = plan.filtered && sync?.filters?.length ? { count: plan.filtered, rule: sync.filters.map(filterWords).join(' and ') } : undefined
  return { writes, more: total - writes.length, problems: plan.problems.map((p) => (p.line ? p.message : `${p.recordId ?? p.key ?? 'a record'}: ${p.message}`)), ...(leftOut ? { leftOut } : {}) }
}
