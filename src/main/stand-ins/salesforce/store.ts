/**
 * The fake org's records: per sObject, by id, with `SystemModstamp` on every change
 * (whole seconds, as Salesforce keeps it) and a delete log that getDeleted reads.
 */
import { DEFAULTS, externalIdField, KEY_PREFIX, SOBJECTS, type FakeField } from './catalog'

/** A record as the fake keeps it: field values by API name, `Id` and stamps included. */
export type FakeRecord = Record<string, unknown> & { Id: string; SystemModstamp: string }

/** One entry of the delete log. */
export interface DeletedEntry {
  id: string
  type: string
  /** Epoch ms, whole seconds. */
  deletedAt: number
}

/** Salesforce's datetime format in answers: `2026-12-06T04:10:06.000+0000`. */
export function sfDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}

/** Reads `2026-12-06T04:10:06.000+0000`, `…Z` or `…+01:00`; NaN when it is none of them. */
export function parseSfDate(text: string): number {
  const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(iso) ? Date.parse(iso) : NaN
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The fake org. */
export class FakeOrg {
  private readonly records = new Map<string, Map<string, FakeRecord>>()
  readonly deleted: DeletedEntry[] = []
  private seq = 0
  /** Custom external-id fields by sObject (`{ Contact: ['Patchbay_Key__c'] }`). */
  readonly externalIds: Record<string, string[]>

  constructor(
    private readonly now: () => number,
    externalIds: Record<string, string[]> = {},
    readonly orgId = '00D5g000004FAKEEAA',
    readonly orgName = 'Acme Garden Supplies'
  ) {
    this.externalIds = externalIds
    for (const type of Object.keys(KEY_PREFIX)) this.records.set(type, new Map())
    const stamp = sfDate(this.second())
    this.records.get('Organization')!.set(orgId, { Id: orgId, Name: orgName, SystemModstamp: stamp })
  }

  /** Now, truncated to the second (SystemModstamp has no milliseconds). */
  second(): number {
    return Math.floor(this.now() / 1000) * 1000
  }

  /** The fields of `type`, its custom external ids included; undefined for an unknown sObject. */
  fields(type: string): FakeField[] | undefined {
    const std = SOBJECTS[type]
    return std ? [...std, ...(this.externalIds[type] ?? []).map(externalIdField)] : undefined
  }

  /** Every live record of `type`. */
  all(type: string): FakeRecord[] {
    return [...(this.records.get(type)?.values() ?? [])]
  }

  /** A live record by id, whatever its type. */
  find(id: string): { type: string; record: FakeRecord } | undefined {
    for (const [type, map] of this.records) {
      const record = map.get(id)
      if (record) return { type, record }
    }
    return undefined
  }

  /** A new 18-character id with the sObject's key prefix. */
  newId(type: string): string {
    const n = ++this.seq
    let body = ''
    for (let i = 0, v = n; i < 9; i++, v = Math.floor(v / 62)) body = ID_CHARS[v % 62] + body
    return `${KEY_PREFIX[type]}5g000${body}` + 'AAA'.slice(0, 18 - 3 - 5 - 9)
  }

  /** Creates a record as another user would (stamps it now); no checks. */
  create(type: string, values: Record<string, unknown>): FakeRecord {
    const at = sfDate(this.second())
    const rec: FakeRecord = { ...DEFAULTS[type], ...values, Id: this.newId(type), IsDeleted: false, CreatedDate: at, LastModifiedDate: at, SystemModstamp: at }
    this.records.get(type)!.set(rec.Id, rec)
    return rec
  }

  /** Changes a record as another user would (stamps it now); undefined when it does not exist. */
  update(id: string, values: Record<string, unknown>): FakeRecord | undefined {
    const hit = this.find(id)
    if (!hit) return undefined
    const at = sfDate(this.second())
    Object.assign(hit.record, values, { LastModifiedDate: at, SystemModstamp: at })
    return hit.record
  }

  /** Deletes a record into the delete log (the Recycle Bin); false when it does not exist. */
  remove(id: string): boolean {
    const hit = this.find(id)
    if (!hit || hit.type === 'Organization') return false
    this.records.get(hit.type)!.delete(id)
    this.deleted.push({ id, type: hit.type, deletedAt: this.second() })
    return true
  }
}
