/** One HubSpot CRM object (contacts, companies) as an `ObjectAdapter`. */
import type { ChangeFeed, FieldInfo, ObjectAdapter, SourceRecord, WriteItem, WriteOutcome } from '../types'
import type { HubspotApi } from './api'
import { listChanges } from './changes'
import { readBatch, searchIn } from './find'
import type { HubspotObjectSpec } from './objects'
import { toSourceRecord } from './records'
import { propertiesSchema } from './schemas'
import { HUBSPOT_BATCH, writeBatch } from './write'

type Normalise = (value: unknown) => string

const FIELD_TYPES: Record<string, FieldInfo['type']> = {
  string: 'string',
  number: 'number',
  bool: 'boolean',
  enumeration: 'string',
  date: 'date',
  datetime: 'date',
  phone_number: 'phone'
}

/** The adapter of one object on one connection. */
export class HubspotObject implements ObjectAdapter {
  readonly maxBatch = HUBSPOT_BATCH
  /** Properties read with every record. */
  readonly properties: string[]

  constructor(
    private readonly api: HubspotApi,
    readonly spec: HubspotObjectSpec
  ) {
    const wanted = api.settings.properties[spec.type] ?? spec.properties
    this.properties = [...new Set([...wanted, spec.lastModified, ...(spec.uniqueKey ? [spec.uniqueKey] : [])])]
  }

  async fields(): Promise<FieldInfo[]> {
    const { results } = await this.api.general.request({ url: this.api.propertiesPath(this.spec.type), params: { archived: false }, schema: propertiesSchema })
    return results
      .filter((p) => !p.hidden)
      .map((p) => ({ name: p.name, label: p.label, type: p.name === 'email' ? 'email' : p.fieldType === 'phonenumber' ? 'phone' : (FIELD_TYPES[p.type] ?? 'string') }))
  }

  listChanged(cursor: string | null): Promise<ChangeFeed> {
    return listChanges(this.api, this.spec, this.properties, cursor)
  }

  async get(ids: string[]): Promise<SourceRecord[]> {
    if (ids.length === 0) return []
    return (await readBatch(this.api, this.spec, this.properties, ids)).map(toSourceRecord)
  }

  async findByKey(field: string, values: string[], normalise: Normalise): Promise<SourceRecord[]> {
    const wanted = new Set(values.map((v) => normalise(v)).filter((v) => v !== ''))
    if (wanted.size === 0) return []
    const found =
      field === this.spec.uniqueKey
        ? await readBatch(this.api, this.spec, this.properties, [...wanted], field)
        : await searchIn(this.api, this.spec, [...new Set([...this.properties, field])], field, [...wanted])
    const byId = new Map<string, SourceRecord>()
    for (const rec of found) if (wanted.has(normalise(rec.properties[field] ?? ''))) byId.set(rec.id, toSourceRecord(rec))
    return [...byId.values()]
  }

  write(items: WriteItem[]): Promise<WriteOutcome[]> {
    return items.length === 0 ? Promise.resolve([]) : writeBatch(this.api, this.spec, items)
  }
}
