/**
 * The fake's records: per object type, with HubSpot's numeric string ids, created and
 * last-modified stamps, archiving, property validation and a search index that can lag
 * behind writes the way HubSpot's does ("it may take a few moments for newly created or
 * updated objects to appear in search results").
 */
import { OBJECTS, type ObjectDef } from './catalog'
import type { PropertyProblem } from './errors'

/** One stored record. */
export interface FakeRecord {
  id: string
  type: string
  /** Property values as HubSpot keeps them: strings. */
  properties: Record<string, string>
  createdAt: number
  updatedAt: number
  archived: boolean
  archivedAt?: number
}

/** A version of a record as search sees it, visible from `visibleAt`. */
interface IndexedVersion {
  visibleAt: number
  snapshot: FakeRecord | null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/

/** Options of the store. */
export interface StoreOptions {
  /** @default Date.now */
  now?: () => number
  /** How long a write takes to reach search. @default 0 */
  indexLagMs?: number
  /** First id handed out. @default 101 */
  firstId?: number
}

/** The fake account's data. */
export class FakeStore {
  private readonly records = new Map<string, Map<string, FakeRecord>>()
  private readonly index = new Map<string, IndexedVersion[]>()
  private nextId: number
  readonly now: () => number
  indexLagMs: number

  constructor(opts: StoreOptions = {}) {
    this.now = opts.now ?? Date.now
    this.indexLagMs = opts.indexLagMs ?? 0
    this.nextId = opts.firstId ?? 101
    for (const type of Object.keys(OBJECTS)) this.records.set(type, new Map())
  }

  /** The definition of an object type, or undefined when HubSpot has none by that name. */
  def(type: string): ObjectDef | undefined {
    return OBJECTS[type]
  }

  /** Every record of a type, live and archived, by ascending id. */
  all(type: string): FakeRecord[] {
    return [...(this.records.get(type)?.values() ?? [])].sort((a, b) => Number(a.id) - Number(b.id))
  }

  /** Live records of a type, by ascending id. */
  live(type: string): FakeRecord[] {
    return this.all(type).filter((r) => !r.archived)
  }

  get(type: string, id: string): FakeRecord | undefined {
    return this.records.get(type)?.get(id)
  }

  /** The live record whose unique property (contacts: email) has `value`, case-insensitively. */
  findUnique(type: string, property: string, value: string): FakeRecord | undefined {
    const wanted = value.trim().toLowerCase()
    return this.live(type).find((r) => (r.properties[property] ?? '').toLowerCase() === wanted)
  }

  /** What is wrong with writing `props` to a record of `type` (empty when nothing). */
  validate(type: string, props: Record<string, unknown>, existingId?: string): PropertyProblem[] {
    const def = OBJECTS[type]
    const problems: PropertyProblem[] = []
    for (const [name, raw] of Object.entries(props)) {
      const p = def.properties.find((d) => d.name === name)
      const value = typeof raw === 'string' ? raw : String(raw)
      if (!p) problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` })
      else if (p.readOnly) problems.push({ name, error: 'READ_ONLY_VALUE', message: `${name} is a read only property; its value cannot be set.` })
      else if (value === '') continue
      else if (name === 'email' && !EMAIL.test(value)) problems.push({ name, error: 'INVALID_EMAIL', message: `Email address ${value} is invalid` })
      else if (p.type === 'number' && !Number.isFinite(Number(value))) problems.push({ name, error: 'INVALID_LONG', message: `${value} was not a valid long.` })
      else if (p.options && !p.options.includes(value)) problems.push({ name, error: 'INVALID_OPTION', message: `${value} was not one of the allowed options: [${p.options.join(', ')}]` })
    }
    const unique = def.unique
    const uniqueValue = unique ? props[unique] : undefined
    if (unique && typeof uniqueValue === 'string' && uniqueValue !== '') {
      const holder = this.findUnique(type, unique, uniqueValue)
      if (holder && holder.id !== existingId) problems.push({ name: unique, error: 'CONFLICT', message: `Contact already exists. Existing ID: ${holder.id}` })
    }
    return problems
  }

  /** Creates a record (validation is the caller's job). */
  create(type: string, props: Record<string, string>, at: number = this.now()): FakeRecord {
    const id = String(this.nextId++)
    const rec: FakeRecord = { id, type, properties: {}, createdAt: at, updatedAt: at, archived: false }
    this.records.get(type)!.set(id, rec)
    this.apply(rec, props, at)
    rec.properties.createdate = new Date(at).toISOString()
    return rec
  }

  /** Sets properties ('' clears one) and stamps the change. */
  update(rec: FakeRecord, props: Record<string, string>, at: number = this.now()): FakeRecord {
    this.apply(rec, props, at)
    return rec
  }

  /** Archives a record (HubSpot keeps it restorable for 90 days). */
  archive(rec: FakeRecord, at: number = this.now()): void {
    if (rec.archived) return
    rec.archived = true
    rec.archivedAt = at
    rec.updatedAt = at
    this.reindex(rec, at)
  }

  /** The live records search can see now: each as of its newest version that reached the index. */
  searchable(type: string): FakeRecord[] {
    const now = this.now()
    const out: FakeRecord[] = []
    for (const rec of this.all(type)) {
      const versions = this.index.get(`${type}:${rec.id}`) ?? []
      const visible = versions.filter((v) => v.visibleAt <= now).pop()
      if (visible?.snapshot) out.push(visible.snapshot)
    }
    return out
  }

  private apply(rec: FakeRecord, props: Record<string, string>, at: number): void {
    const def = OBJECTS[rec.type]
    for (const [name, value] of Object.entries(props)) {
      if (value === '') delete rec.properties[name]
      else rec.properties[name] = name === 'email' ? value.trim().toLowerCase() : value
    }
    rec.updatedAt = Math.max(at, rec.updatedAt)
    rec.properties[def.lastModified] = new Date(rec.updatedAt).toISOString()
    rec.properties.hs_object_id = rec.id
    this.reindex(rec, at)
  }

  private reindex(rec: FakeRecord, at: number): void {
    const key = `${rec.type}:${rec.id}`
    const snapshot = rec.archived ? null : { ...rec, properties: { ...rec.properties } }
    const versions = [...(this.index.get(key) ?? []), { visibleAt: at + this.indexLagMs, snapshot }]
    // Only the newest version search already sees, and the ones still on their way, matter.
    const now = this.now()
    const settled = versions.findLastIndex((v) => v.visibleAt <= now)
    this.index.set(key, settled > 0 ? versions.slice(settled) : versions)
  }
}
