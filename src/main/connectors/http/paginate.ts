/**
 * Pagination, written once as async generators: a connector says which style its vendor
 * uses and where the next-page marker lives (data), and loops with `for await`.
 * Each generator takes a function that fetches one page, so it is independent of HTTP
 * and the connector keeps control of URLs, params and schemas.
 */
import { ApiChangedError } from '../../errors'
import { headerValue, parseLinkHeader, type HeaderBag } from './headers'
import { trimSample } from './redact'

/** Where a value lives in a page: a dot path (`paging.next.after`), path segments, or a function. */
export type PagePath<P> = string | readonly string[] | ((page: P) => unknown)

/** One page as the generators yield it. */
export interface Page<P, C = string> {
  /** The page's body as the vendor sent it. */
  data: P
  /** The marker that fetched this page; undefined for the first page. */
  at: C | undefined
  /** The marker of the next page, undefined on the last: store it to resume later. */
  next: C | undefined
  /** 0-based position of the page in this walk. */
  index: number
}

/** Options every pagination style takes. */
export interface PaginateOptions<C> {
  /** Resume from this marker instead of the first page. @default undefined */
  start?: C
  /** Stop after this many pages, e.g. for a preview. @default Infinity */
  maxPages?: number
  /** Stops the walk between pages. */
  signal?: AbortSignal
}

/** Reads `path` from `page`; undefined when any step is missing. */
export function readPath<P>(page: P, path: PagePath<P>): unknown {
  if (typeof path === 'function') return path(page)
  const steps = typeof path === 'string' ? path.split('.') : path
  let value: unknown = page
  for (const step of steps) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[step]
  }
  return value
}

function marker(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value !== '' ? value : undefined
}

function items<P>(page: P, path: PagePath<P>, style: string): unknown[] {
  const value = readPath(page, path)
  if (!Array.isArray(value)) throw new ApiChangedError(`A ${style} page has no list of items where Patchbay expects one`, trimSample(page))
  return value
}

async function* walk<P, C>(
  style: string,
  opts: PaginateOptions<C>,
  fetchPage: (at: C | undefined) => Promise<{ data: P; next: C | undefined }>
): AsyncGenerator<Page<P, C>> {
  const seen = new Set<C>()
  let at = opts.start
  for (let index = 0; index < (opts.maxPages ?? Infinity); index++) {
    opts.signal?.throwIfAborted()
    const { data, next } = await fetchPage(at)
    yield { data, at, next, index }
    if (next === undefined) return
    // A vendor that hands back a marker it already gave would loop us forever.
    if (seen.has(next) || next === at) {
      throw new ApiChangedError(`The ${style} pagination repeated the marker ${String(next)}`, trimSample(data))
    }
    if (at !== undefined) seen.add(at)
    at = next
  }
}

/** Cursor in the body, e.g. HubSpot's `paging.next.after`; ends when the cursor is absent. */
export function cursor<P>(
  fetchPage: (cursor: string | undefined) => Promise<P>,
  opts: PaginateOptions<string> & { cursorPath: PagePath<P> }
): AsyncGenerator<Page<P>> {
  return walk('cursor', opts, async (at) => {
    const data = await fetchPage(at)
    return { data, next: marker(readPath(data, opts.cursorPath)) }
  })
}

/** Next-page token in the body (Google's `nextPageToken`); ends when the token is absent. */
export function pageToken<P>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  opts: PaginateOptions<string> & { tokenPath?: PagePath<P> } = {}
): AsyncGenerator<Page<P>> {
  return cursor(fetchPage, { ...opts, cursorPath: opts.tokenPath ?? 'nextPageToken' })
}

/**
 * Count and offset (Mailchimp's `count`/`offset` with `total_items`; QuickBooks'
 * `STARTPOSITION`/`MAXRESULTS` with `start: 1`). Ends on an empty or short page, or
 * once `total` items are read when the vendor gives a total.
 */
export function offset<P>(
  fetchPage: (offset: number, count: number) => Promise<P>,
  opts: PaginateOptions<number> & {
    /** Page size to ask for. */
    count: number
    /** Where the page's items are. */
    itemsPath: PagePath<P>
    /** Where the total number of items is, when the vendor says. @default undefined */
    totalPath?: PagePath<P>
  }
): AsyncGenerator<Page<P, number>> {
  return walk('offset', { ...opts, start: opts.start ?? 0 }, async (at) => {
    const from = at ?? 0
    const data = await fetchPage(from, opts.count)
    const got = items(data, opts.itemsPath, 'offset').length
    const total = opts.totalPath === undefined ? undefined : readPath(data, opts.totalPath)
    const next = from + got
    const done = got === 0 || (typeof total === 'number' ? next >= total : got < opts.count)
    return { data, next: done ? undefined : next }
  })
}

/**
 * RFC 8288 `Link: <…>; rel="next"` headers (GitHub-style APIs). The fetch function gets
 * the absolute URL of the next page, or undefined for the first page.
 */
export function linkHeader<P>(
  fetchPage: (url: string | undefined) => Promise<{ data: P; headers: HeaderBag; url?: string }>,
  opts: PaginateOptions<string> & { rel?: string } = {}
): AsyncGenerator<Page<P>> {
  return walk('link-header', opts, async (at) => {
    const { data, headers, url } = await fetchPage(at)
    const links = parseLinkHeader(headerValue(headers, 'link'), url ?? at)
    return { data, next: links[opts.rel ?? 'next'] }
  })
}

/**
 * Stripe's `starting_after`: the next page starts after the last item's id while
 * `has_more` is true.
 */
export function startingAfter<P>(
  fetchPage: (startingAfter: string | undefined) => Promise<P>,
  opts: PaginateOptions<string> & {
    /** @default 'has_more' */
    hasMorePath?: PagePath<P>
    /** @default 'data' */
    itemsPath?: PagePath<P>
    /** @default (item) => item.id */
    idOf?: (item: unknown) => unknown
  } = {}
): AsyncGenerator<Page<P>> {
  const idOf = opts.idOf ?? ((item: unknown) => (item as { id?: unknown } | null)?.id)
  return walk('starting-after', opts, async (at) => {
    const data = await fetchPage(at)
    const list = items(data, opts.itemsPath ?? 'data', 'starting-after')
    const more = readPath(data, opts.hasMorePath ?? 'has_more') === true
    const last = list.length > 0 ? marker(idOf(list[list.length - 1])) : undefined
    if (more && last === undefined) throw new ApiChangedError('A page says it has more but names no last id', trimSample(data))
    return { data, next: more ? last : undefined }
  })
}
