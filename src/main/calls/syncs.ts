/** Creating, changing and previewing syncs, and the connection edits the UI makes. */
import type { CallArgs, CallResults, PreviewWrite } from '../../shared/contract'
import type { Connection, SyncInput } from '../../shared/domain'
import type { App } from '../app'
import type { Plan } from '../engine/plan'
import { ConfigError } from '../errors'

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
  const taken = new Set(svc.config.listSyncs().map((s) => s.id))
  if (sync.id && taken.has(sync.id)) throw new ConfigError(`There is already a sync called "${sync.id}"`, { hint: 'Pick another name.' })
  return svc.saveSync({ ...sync, id: sync.id ?? idFrom(sync.name, taken) } as SyncInput)
}

/** Changes an existing sync. */
export async function updateSync(app: App, { sync }: CallArgs<'sync:update'>): Promise<CallResults['sync:update']> {
  app.service.sync(sync.id)
  return app.service.saveSync(sync)
}

/** Adds a connection; secrets go to the keychain only, and the connection is tested right away. */
export async function addConnection(app: App, input: CallArgs<'connection:add'>): Promise<Connection> {
  const svc = app.service
  if (!svc.connectorList().some((c) => c.system === input.system)) {
    throw new ConfigError(`Patchbay cannot connect to "${input.system}" yet`, { hint: 'Pick one of the systems marked available.' })
  }
  const settings = Object.fromEntries(Object.entries(input.settings).filter(([, v]) => v !== '' && v !== undefined))
  const id = idFrom(input.label, new Set(svc.config.listConnections().map((c) => c.id)))
  const hasSecrets = Object.keys(input.secrets).length > 0
  return svc.saveConnection({ id, system: input.system, label: input.label, authKind: hasSecrets ? 'api-key' : 'none', settings }, input.secrets)
}

/** Gives a connection a new name; nothing else about it changes. */
export async function renameConnection(app: App, { id, label }: CallArgs<'connection:rename'>): Promise<Connection> {
  const c = app.service.config.getConnection(id)
  if (!c) throw new ConfigError(`There is no connection called "${id}"`)
  return app.service.saveConnection({ ...c, label })
}

const MAX_PREVIEW = 500

/** What a dry run would write, for people to read before the first real run. */
export function previewOf(plan: Plan): NonNullable<CallResults['sync:run']['preview']> {
  const writes: PreviewWrite[] = []
  let total = 0
  for (const pair of plan.pairs) {
    for (const w of pair.writes) {
      total++
      if (writes.length >= MAX_PREVIEW) continue
      writes.push({ side: w.side, op: w.op, record: w.key ?? pair.key ?? w.recordId ?? w.sourceId ?? '(new record)', changes: w.changes })
    }
  }
  return { writes, more: total - writes.length, problems: plan.problems.map((p) => (p.line ? p.message : `${p.recordId ?? p.key ?? 'a record'}: ${p.message}`)) }
}
