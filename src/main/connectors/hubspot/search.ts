/**
 * Reading changes through HubSpot's CRM search, sorted on the last-modified property.
 *
 * Paging is by key, not by HubSpot's `after` offset: each page is a fresh query for
 * "modified at or after the last time read", leaving out (NOT_IN) the records already read
 * at that exact time, which are many when a batch write stamped them all alike. An offset walk over a property that changes while we walk would skip a
 * record whenever one already read is modified again (it moves to the end and everything
 * behind it shifts forward); a key walk cannot. It also keeps every query on its first
 * page, far from the 10,000 results one search query can reach. When more records share
 * one millisecond than a page holds, the walk goes through them by object id.
 */
import type { HubspotApi } from './api'
import { OBJECT_ID_PROPERTY, type HubspotObjectSpec } from './objects'
import { modifiedAt } from './records'
import { searchPageSchema, type CrmRecord, type SearchPage } from './schemas'

/** One filter of a search request. */
export interface SearchFilter {
  propertyName: string
  operator: 'EQ' | 'GT' | 'GTE' | 'IN' | 'NOT_IN'
  value?: string
  values?: string[]
}

/** The body of `POST /crm/objects/{version}/{object}/search`. */
export interface SearchBody {
  filterGroups: Array<{ filters: SearchFilter[] }>
  sorts: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>
  properties: string[]
  limit: number
  after: string
}

/** Sends one search request through the search budget. Read-only, so safe to repeat. */
export function searchPage(api: HubspotApi, spec: HubspotObjectSpec, body: SearchBody): Promise<SearchPage> {
  return api.search.request({ method: 'POST', url: `${api.objectPath(spec.type)}/search`, data: body, schema: searchPageSchema, idempotent: true })
}

/** Changes since a time: the first query's total (for progress) and the pages. */
export interface ChangeWalk {
  total: number
  pages: AsyncGenerator<CrmRecord[]>
}

/** Most ids a NOT_IN filter carries; more records read at one instant are walked by id instead. */
const MAX_EXCLUDED = 100

type Step = { kind: 'time'; op: 'GTE' | 'GT'; at: number; exclude?: string[] } | { kind: 'tie'; at: number; afterId: string }

function bodyFor(step: Step, spec: HubspotObjectSpec, properties: string[], limit: number): SearchBody {
  const filters: SearchFilter[] =
    step.kind === 'time'
      ? [
          { propertyName: spec.lastModified, operator: step.op, value: String(step.at) },
          ...(step.exclude?.length ? [{ propertyName: OBJECT_ID_PROPERTY, operator: 'NOT_IN' as const, values: step.exclude }] : [])
        ]
      : [
          { propertyName: spec.lastModified, operator: 'EQ', value: String(step.at) },
          { propertyName: OBJECT_ID_PROPERTY, operator: 'GT', value: step.afterId }
        ]
  const sortOn = step.kind === 'time' ? spec.lastModified : OBJECT_ID_PROPERTY
  return { filterGroups: [{ filters }], sorts: [{ propertyName: sortOn, direction: 'ASCENDING' }], properties, limit, after: '0' }
}

/** Walks every record modified at or after `since` (ms), oldest change first. */
export async function changedSince(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], since: number, pageSize: number): Promise<ChangeWalk> {
  const first = await searchPage(api, spec, bodyFor({ kind: 'time', op: 'GTE', at: since }, spec, properties, pageSize))
  return { total: first.total, pages: walk(api, spec, properties, since, pageSize, first) }
}

async function* walk(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], since: number, pageSize: number, first: SearchPage): AsyncGenerator<CrmRecord[]> {
  let step: Step = { kind: 'time', op: 'GTE', at: since }
  /** Ids already read at `boundary`, the newest time read so far. */
  let boundary = -Infinity
  const atBoundary = new Set<string>()
  let page: SearchPage | undefined = first
  for (;;) {
    page ??= await searchPage(api, spec, bodyFor(step, spec, properties, pageSize))
    const fresh: CrmRecord[] = []
    for (const rec of page.results) {
      const at = modifiedAt(rec, spec)
      if (at === boundary && atBoundary.has(rec.id)) continue
      if (at > boundary) {
        boundary = at
        atBoundary.clear()
      }
      atBoundary.add(rec.id)
      fresh.push(rec)
    }
    if (fresh.length > 0) yield fresh
    const full = page.results.length >= pageSize
    const last = page.results[page.results.length - 1]
    page = undefined
    if (step.kind === 'tie') {
      // Through the records of one millisecond by id; then on past that millisecond.
      step = full && last ? { kind: 'tie', at: step.at, afterId: last.id } : { kind: 'time', op: 'GT', at: step.at }
      continue
    }
    if (!full || !last) return
    const lastAt = modifiedAt(last, spec)
    // More records at the last instant than a filter can leave out: go through it by id.
    step = atBoundary.size > MAX_EXCLUDED ? { kind: 'tie', at: lastAt, afterId: '0' } : { kind: 'time', op: 'GTE', at: lastAt, exclude: [...atBoundary] }
  }
}
