/** One Salesforce object (contacts, leads, accounts) as object functions the toolkit assembles. */
import { z } from 'zod'
import type { ObjectFunctions } from '../platform'
import type { FieldInfo, SourceRecord } from '../types'
import type { SalesforceApi } from './api'
import { listChanges, selectOf } from './changes'
import { soqlString, type SObjectSpec } from './objects'
import { toSourceRecord } from './records'
import { COLLECTION_MAX } from './vendor'
import { writeBatch } from './write'

const describeSchema = z.object({ fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string() }).passthrough()) })

const TYPES: Record<string, FieldInfo['type']> = { email: 'email', phone: 'phone', boolean: 'boolean', date: 'date', datetime: 'date', double: 'number', int: 'number', currency: 'number', percent: 'number' }

/** Values per SOQL `IN (…)`: keeps each query far below SOQL's 100,000-character limit. */
const IN_CHUNK = 100

async function select(api: SalesforceApi, spec: SObjectSpec, field: string, values: string[]): Promise<SourceRecord[]> {
  const out: SourceRecord[] = []
  const fields = [...new Set([...selectOf(api, spec), field])]
  for (let i = 0; i < values.length; i += IN_CHUNK) {
    const list = values.slice(i, i + IN_CHUNK).map(soqlString).join(', ')
    for await (const page of api.query(`SELECT ${fields.join(', ')} FROM ${spec.type} WHERE ${field} IN (${list})`)) out.push(...page.records.map(toSourceRecord))
  }
  return out
}

/** The functions of one object. */
export function objectFunctions(spec: SObjectSpec): ObjectFunctions<SalesforceApi> {
  return {
    maxBatch: COLLECTION_MAX,
    async fields(api) {
      const { fields } = await api.request({ url: `${api.root}/sobjects/${spec.type}/describe`, schema: describeSchema })
      return fields.map((f) => ({ name: f.name, label: f.label, type: TYPES[f.type] ?? 'string' }))
    },
    listChanged: (api, cursor) => listChanges(api, spec, cursor),
    read: (api, ids) => select(api, spec, 'Id', [...new Set(ids)]),
    async findByKey(api, field, values, normalise) {
      const wanted = new Set(values.map((v) => normalise(v)).filter((v) => v !== ''))
      if (wanted.size === 0) return []
      // SOQL's = and IN ignore case, so the normalised values find the records; the check below keeps exact matches.
      const found = await select(api, spec, field, [...new Set([...values.map(String), ...wanted])])
      const byId = new Map<string, SourceRecord>()
      for (const rec of found) if (wanted.has(normalise(rec.fields[field] ?? ''))) byId.set(rec.id, rec)
      return [...byId.values()]
    },
    write: (api, items) => (items.length === 0 ? Promise.resolve([]) : writeBatch(api, spec, items))
  }
}
