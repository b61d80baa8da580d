/**
 * Reading through QuickBooks' query language: `SELECT * FROM Entity WHERE …
 * STARTPOSITION n MAXRESULTS m`, paged with the toolkit's offset generator (positions
 * start at 1), and `IN (…)` look-ups chunked so the URL stays short.
 */
import { paginate } from '../http'
import type { QboEntity, QuickBooksApi } from './api'
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
  const pages = paginate.offset(
    async (start, count) => {
      const { response, time } = await api.query(`SELECT * FROM ${entity}${where ? ` WHERE ${where}` : ''} STARTPOSITION ${start} MAXRESULTS ${count}`)
      return { items: (response[entity] as QboEntity[] | undefined) ?? [], time }
    },
    { start: 1, count: pageSize, itemsPath: 'items' }
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
