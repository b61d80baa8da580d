/**
 * Full reads: every live record through `GET /crm/objects/{version}/{object}`, paged as
 * HubSpot's HTTP description says (./http.ts), and the archived ones through the same
 * list with `archived=true`, which is how HubSpot reports deletions.
 */
import type { Page } from '../http'
import { pages as pagesOf } from '../platform'
import type { HubspotApi } from './api'
import { HUBSPOT_PAGING } from './http'
import type { HubspotObjectSpec } from './objects'
import { listPageSchema, type ListPage } from './schemas'

/** A list walk, and the time (HubSpot's clock) its first page was answered. */
export interface ListWalk {
  pages: AsyncGenerator<Page<ListPage, string | number>>
  /** The `Date` HubSpot answered the first page with, in ms; undefined until that page is in. */
  startedAt(): number | undefined
}

/** Lists an object's records, live or archived, page by page. */
export function listRecords(api: HubspotApi, spec: HubspotObjectSpec, properties: string[], archived: boolean): ListWalk {
  let startedAt: number | undefined
  const limit = api.tuning.listPageSize ?? 100
  const pages = pagesOf<ListPage>(HUBSPOT_PAGING, async (page) => {
    const res = await api.general.send({ url: api.objectPath(spec.type), params: { limit, properties: properties.join(','), archived, ...page.params }, schema: listPageSchema })
    if (startedAt === undefined) {
      const date = Date.parse(res.headers.date ?? '')
      startedAt = Number.isFinite(date) ? date : Date.now()
    }
    return res
  })
  return { pages, startedAt: () => startedAt }
}
