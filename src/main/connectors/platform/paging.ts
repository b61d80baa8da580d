/**
 * Pagination driven by the declaration: the connector says, as data, which style its
 * vendor uses, which parameter carries the marker and where the next marker and the
 * items live; `pages` picks the toolkit generator (../http/paginate) and fills the
 * parameters. The connector keeps control of the URL, its own parameters and the schema.
 */
import { ApiChangedError } from '../../errors'
import * as paginate from '../http/paginate'
import type { Page, PaginateOptions } from '../http/paginate'
import { trimSample } from '../http/redact'
import type { PagingDescription } from './declaration'

/** What one page request adds: the marker parameters, or the absolute next-page URL. */
export interface PageRequest {
  params: Record<string, string | number>
  /** The next page's absolute URL (link-header paging); undefined for the first page. */
  url?: string
}

/** One answer: the body, and for link-header paging the headers and the URL that answered. */
export interface PageAnswer<P> {
  data: P
  headers?: Record<string, string>
  url?: string
}

/** Options of `pages`. */
export interface PagesOptions extends PaginateOptions<string | number> {
  /** Items per page. @default the description's maximum (offset, starting-after), else the vendor's default */
  pageSize?: number
  /** Parameter carrying the page size, for cursor and page-token styles. @default none */
  sizeParam?: string
}

/** Walks every page of a list, as the description says. */
export async function* pages<P>(paging: PagingDescription, fetchPage: (req: PageRequest) => Promise<PageAnswer<P>>, opts: PagesOptions = {}): AsyncGenerator<Page<P, string | number>> {
  const size = (): Record<string, number> => (opts.pageSize !== undefined && opts.sizeParam ? { [opts.sizeParam]: opts.pageSize } : {})
  const base = { maxPages: opts.maxPages, signal: opts.signal }
  switch (paging.style) {
    case 'cursor':
    case 'page-token': {
      const param = paging.param
      const path = paging.style === 'cursor' ? paging.cursorPath : paging.tokenPath
      yield* paginate.cursor(async (at) => (await fetchPage({ params: { ...size(), ...(at ? { [param]: at } : {}) } })).data, {
        ...base,
        start: opts.start === undefined ? undefined : String(opts.start),
        cursorPath: path
      })
      return
    }
    case 'offset': {
      const count = opts.pageSize ?? paging.maxCount
      yield* paginate.offset(async (from, n) => (await fetchPage({ params: { [paging.offsetParam]: from, [paging.countParam]: n } })).data, {
        ...base,
        start: typeof opts.start === 'number' ? opts.start : paging.start,
        count,
        itemsPath: paging.itemsPath,
        totalPath: paging.totalPath
      })
      return
    }
    case 'starting-after': {
      const limit = opts.pageSize ?? paging.maxLimit
      yield* paginate.startingAfter(async (after) => (await fetchPage({ params: { limit, ...(after ? { [paging.param]: after } : {}) } })).data, {
        ...base,
        start: opts.start === undefined ? undefined : String(opts.start),
        itemsPath: paging.itemsPath,
        hasMorePath: paging.hasMorePath
      })
      return
    }
    case 'link-header':
      yield* paginate.linkHeader(
        async (url) => {
          const answer = await fetchPage({ params: {}, url })
          return { data: answer.data, headers: answer.headers ?? {}, url: answer.url }
        },
        { ...base, start: opts.start === undefined ? undefined : String(opts.start) }
      )
      return
  }
}

/** The items of one page, where the description says they are. */
export function itemsOf<T = unknown>(paging: PagingDescription, page: unknown): T[] {
  const value = paginate.readPath(page, paging.itemsPath)
  if (!Array.isArray(value)) throw new ApiChangedError('A page has no list of items where Patchbay expects one', trimSample(page))
  return value as T[]
}
