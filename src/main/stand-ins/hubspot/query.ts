/**
 * The fake's CRM search semantics, after HubSpot's search guide
 * (https://developers.hubspot.com/docs/api-reference/2026-03/crm/search-the-crm): filters
 * within a group are ANDed, groups ORed; at most 5 groups, 6 filters a group, 18 in all;
 * one sort; up to 200 results a page; paging by an `after` offset that cannot pass the
 * 10,000th result; string comparisons ignore case; dates compare as instants (a filter
 * value may be epoch milliseconds or an ISO date).
 */
import { OBJECTS } from './catalog'
import type { FakeRecord } from './store'

/** One filter as a search request sends it. */
export interface Filter {
  propertyName: string
  operator: string
  value?: unknown
  highValue?: unknown
  values?: unknown[]
}

/** What is wrong with a search request, in HubSpot's words; undefined when nothing. */
export function searchProblem(body: Record<string, unknown>, cap: number): string | undefined {
  const groups = (body.filterGroups ?? []) as Array<{ filters?: Filter[] }>
  if (!Array.isArray(groups)) return 'filterGroups must be an array'
  if (groups.length > 5) return `Too many filter groups: ${groups.length}. The maximum is 5.`
  if (groups.some((g) => (g.filters ?? []).length > 6)) return 'Too many filters in a filter group. The maximum is 6.'
  if (groups.reduce((n, g) => n + (g.filters ?? []).length, 0) > 18) return 'Too many filters. The maximum is 18.'
  const limit = Number(body.limit ?? 10)
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) return `limit must be between 1 and 200, got ${String(body.limit)}`
  const sorts = (body.sorts ?? []) as unknown[]
  if (sorts.length > 1) return 'Only one sort is allowed.'
  const after = Number(body.after ?? 0)
  if (!Number.isInteger(after) || after < 0) return `Invalid after: ${String(body.after)}`
  if (after >= cap) return `The search API can page through at most ${cap} results; after=${after} is past the end.`
  return undefined
}

function kindOf(type: string, property: string): 'date' | 'number' | 'string' {
  const p = OBJECTS[type]?.properties.find((d) => d.name === property)
  return p?.type === 'datetime' ? 'date' : p?.type === 'number' ? 'number' : 'string'
}

function asDate(value: unknown): number {
  const text = String(value)
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text)
}

/** A comparable form of a value for the property's type. */
function comparable(type: string, property: string, value: unknown): number | string {
  const kind = kindOf(type, property)
  if (kind === 'date') return asDate(value)
  if (kind === 'number') return Number(value)
  return String(value).toLowerCase()
}

function matches(rec: FakeRecord, f: Filter): boolean {
  const raw = rec.properties[f.propertyName]
  const has = raw !== undefined && raw !== ''
  if (f.operator === 'HAS_PROPERTY') return has
  if (f.operator === 'NOT_HAS_PROPERTY') return !has
  if (!has) return f.operator === 'NEQ' || f.operator === 'NOT_IN'
  const mine = comparable(rec.type, f.propertyName, raw)
  const theirs = comparable(rec.type, f.propertyName, f.value)
  const list = (f.values ?? []).map((v) => comparable(rec.type, f.propertyName, v))
  switch (f.operator) {
    case 'EQ':
      return mine === theirs
    case 'NEQ':
      return mine !== theirs
    case 'GT':
      return mine > theirs
    case 'GTE':
      return mine >= theirs
    case 'LT':
      return mine < theirs
    case 'LTE':
      return mine <= theirs
    case 'BETWEEN':
      return mine >= theirs && mine <= comparable(rec.type, f.propertyName, f.highValue)
    case 'IN':
      return list.includes(mine)
    case 'NOT_IN':
      return !list.includes(mine)
    case 'CONTAINS_TOKEN':
      return String(mine).split(/[\s@.]+/).includes(String(theirs).replace(/\*/g, ''))
    default:
      return false
  }
}

/** The records matching a request's filter groups, in the request's sort order (then by id). */
export function runQuery(records: FakeRecord[], body: Record<string, unknown>): FakeRecord[] {
  const groups = (body.filterGroups ?? []) as Array<{ filters?: Filter[] }>
  const hits = groups.length === 0 ? records : records.filter((r) => groups.some((g) => (g.filters ?? []).every((f) => matches(r, f))))
  const sort = ((body.sorts ?? []) as Array<{ propertyName?: string; direction?: string } | string>)[0]
  const byId = (a: FakeRecord, b: FakeRecord): number => Number(a.id) - Number(b.id)
  if (!sort || typeof sort === 'string' || !sort.propertyName) return [...hits].sort(byId)
  const name = sort.propertyName
  const sign = sort.direction === 'DESCENDING' ? -1 : 1
  const key = (r: FakeRecord): number | string => {
    const raw = r.properties[name]
    return raw === undefined ? '' : comparable(r.type, name, raw)
  }
  return [...hits].sort((a, b) => {
    const x = key(a)
    const y = key(b)
    return (x < y ? -sign : x > y ? sign : 0) || byId(a, b)
  })
}
