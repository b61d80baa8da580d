/**
 * Reading records by id and by key: `batch/read` (100 ids a call, by record id or by
 * the unique key as `idProperty`), and search with `IN` for any other property, paged
 * with HubSpot's `after` cursor up to the 10,000 results one query can reach; a list of
 * values that matches more is split in halves and each half searched on its own.
 */
import { paginate } from '../http'
import type { HubspotApi } from './api'
import { OBJECT_ID_PROPERTY, type HubspotObjectSpec } from './objects'
import { batchAnswerSchema, type CrmRecord } from './schemas'
import { searchPage } from './search'
import { HUBSPOT_BATCH } from './write'

/** HubSpot's cap on results one search query can page through. */
export const SEARCH_RESULT_CAP = 10_000

/** Values per `IN` filter. */
const IN_VALUES = 100

/** Live records by id, or by `idProperty` values; ones HubSpot does not have are left out. */
export async function readBatch(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], ids: string[], idProperty?: string): Promise<CrmRecord[]> {
  const out: CrmRecord[] = []
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += HUBSPOT_BATCH) {
    const answer = await api.general.request({
      method: 'POST',
      url: `${api.objectPath(spec.type)}/batch/read`,
      params: { archived: false },
      data: { inputs: unique.slice(i, i + HUBSPOT_BATCH).map((id) => ({ id })), properties, propertiesWithHistory: [], ...(idProperty ? { idProperty } : {}) },
      schema: batchAnswerSchema,
      idempotent: true
    })
    // A 207 lists the ids it could not find under `errors`: for a read, that is simply "absent".
    out.push(...answer.results)
  }
  return out
}

/** Records whose `field` is one of `values`, through search. */
export async function searchIn(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], field: string, values: string[]): Promise<CrmRecord[]> {
  const out: CrmRecord[] = []
  for (let i = 0; i < values.length; i += IN_VALUES) out.push(...(await searchChunk(api, spec, properties, field, values.slice(i, i + IN_VALUES))))
  return out
}

async function searchChunk(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], field: string, values: string[]): Promise<CrmRecord[]> {
  const limit = api.tuning.searchPageSize ?? 200
  const cap = api.tuning.searchResultCap ?? SEARCH_RESULT_CAP
  const out: CrmRecord[] = []
  const pages = paginate.cursor(
    (after) =>
      searchPage(api, spec, {
        filterGroups: [{ filters: [{ propertyName: field, operator: 'IN', values }] }],
        sorts: [{ propertyName: OBJECT_ID_PROPERTY, direction: 'ASCENDING' }],
        properties,
        limit,
        after: after ?? '0'
      }),
    { cursorPath: 'paging.next.after' }
  )
  for await (const page of pages) {
    out.push(...page.data.results)
    if (page.next === undefined || out.length + limit <= cap) continue
    // The next page would pass the cap, where HubSpot answers 400: narrow the query instead.
    if (values.length === 1) return out
    const half = Math.ceil(values.length / 2)
    return [...(await searchChunk(api, spec, properties, field, values.slice(0, half))), ...(await searchChunk(api, spec, properties, field, values.slice(half)))]
  }
  return out
}
