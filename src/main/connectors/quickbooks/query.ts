/**
 * Reading through QuickBooks' query language: `SELECT * FROM Entity WHERE …
 * STARTPOSITION n MAXRESULTS m`, paged as QBO_PAGING says (positions start at 1), and
 * `IN (…)` look-ups chunked so the URL stays short.
 */
import { pages as paginated } from '../platform'
import type { QboEntity, QuickBooksApi } from './api'
import { QBO_PAGING } from './http'
import { QBO_THROTTLES } from './vendor'

/** A string literal of the query language: single quotes, backslash-escaped. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/** One page of entities and the server time of the answer. */
export interface EntityPage {
  entities: QboEntity[]
  time?: string
}

/** Every entity matching `where`, page by page. */
export async function* selectPages(api: QuickBooksApi, entity: string, where = '', pageSize: number = QBO_THROTTLES.queryMaxResults): AsyncGenerator<EntityPage> {
  const pages = paginated(
    QBO_PAGING,
    async ({ params }) => {
      const { offsetParam: at, countParam: size } = QBO_PAGING
      const { response, time } = await api.query(`SELECT * FROM ${entity}${where ? ` WHERE ${where}` : ''} ${at} ${params[at]} ${size} ${params[size]}`)
      return { data: { items: (response[entity] as QboEntity[] | undefined) ?? [], time } }
    },
    { pageSize }
  )
  for await (const page of pages) yield { entities: page.data.items, time: page.data.time }
}

/** Every entity matching `where`, in one list. */
export async function selectAll(api: QuickBooksApi, entity: string, where = ''): Promise<QboEntity[]> {
  const out: QboEntity[] = []
  for await (const page of selectPages(api, entity, where)) out.push(...page.entities)
  return out
}

/** Entities whose `field` is one of `values`, asked in chunks of 50. */
export async function selectIn(api: QuickBooksApi, entity: string, field: string, values: string[], extraWhere = ''): Promise<QboEntity[]> {
  const unique = [...new Set(values)]
  const out: QboEntity[] = []
  for (let i = 0; i < unique.length; i += 50) {
    const list = unique.slice(i, i + 50).map(quote).join(', ')
    out.push(...(await selectAll(api, entity, `${field} IN (${list})${extraWhere ? ` AND ${extraWhere}` : ''}`)))
  }
  return out
}
