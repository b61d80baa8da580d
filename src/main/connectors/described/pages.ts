/**
 * Walking a described list, in each paging style the format offers. The toolkit's
 * generators (../http/paginate) do the walking; this file says what one page request is
 * for each style and where the records are, and words a wrong `items` path as the
 * description's fault (naming the field), apart from an answer that is not JSON at all.
 */
import path from 'node:path'
import { ApiChangedError, ConfigError } from '../../errors'
import type { HttpClient, HttpResult } from '../http/client'
import * as paginate from '../http/paginate'
import { trimSample } from '../http/redact'
import type { DescribedObject, Description } from './format'

/** What the list walk needs to know about its connection. */
export interface ListContext {
  description: Description
  /** The description file, named in messages. */
  file: string
  client: HttpClient
  connectionId: string
}

/** "GET /contacts", for messages. */
const words = (url: string): string => `GET ${url.split('?')[0]}`

/** The records of one answer, where `list.items` says; an error naming the field when they are not there. */
export function recordsIn(ctx: ListContext, name: string, obj: DescribedObject, answer: unknown, url: string): unknown[] {
  const value = obj.list.items ? paginate.readPath(answer, obj.list.items) : answer
  if (Array.isArray(value)) return value
  const system = ctx.description.name
  if (answer === null || typeof answer !== 'object') {
    throw new ApiChangedError(`${system} answered ${words(url)} with something that is not JSON`, trimSample(answer), {
      connectionId: ctx.connectionId,
      hint: `Nothing was written. Patchbay tries again at the next run; if it keeps happening, ask whoever runs ${system}.`
    })
  }
  const where = obj.list.items ? `without a list at "${obj.list.items}"` : 'with something that is not a list'
  const keys = Object.keys(answer).slice(0, 6)
  throw new ConfigError(`${system} answered ${words(url)} ${where} (objects.${name}.list.items in ${path.basename(ctx.file)})`, {
    connectionId: ctx.connectionId,
    hint: `Fix objects.${name}.list.items to the path of the records in the answer${keys.length ? ` (its top-level fields are ${keys.join(', ')})` : ''}; nothing was written.`
  })
}

/** The next-page address, refused when it leaves the system (the key would go with it). */
function sameSystem(ctx: ListContext, link: string, answeredBy: string): string {
  const next = new URL(link, answeredBy)
  if (next.origin !== new URL(ctx.description.baseUrl).origin) {
    throw new ConfigError(`${ctx.description.name} gave a next page at ${next.origin}, which is not its base URL, so Patchbay did not follow it`, {
      connectionId: ctx.connectionId,
      hint: 'Check baseUrl in the description; Patchbay sends your key only to that address.'
    })
  }
  return next.toString()
}

/** Every answer of a list walk, one per page; `params` adds the changed-since parameter. */
export async function* listAnswers(ctx: ListContext, name: string, obj: DescribedObject, params: Record<string, string>, maxPages = Infinity): AsyncGenerator<unknown[]> {
  const p = obj.list.paging
  const base = { ...obj.list.params, ...params }
  const size = 'sizeParam' in p && p.sizeParam && p.size !== undefined ? { [p.sizeParam]: p.size } : {}
  const get = (url: string, query: Record<string, unknown>): Promise<HttpResult<unknown>> => ctx.client.send({ url, params: query })
  let lastUrl = obj.list.path
  const fetchFirst = async (query: Record<string, unknown>): Promise<HttpResult<unknown>> => {
    const r = await get(obj.list.path, query)
    lastUrl = r.url
    return r
  }
  const records = (data: unknown): unknown[] => recordsIn(ctx, name, obj, data, obj.list.path)
  const opts = { maxPages }
  switch (p.style) {
    case 'none':
      yield records((await fetchFirst(base)).data)
      return
    case 'page-number':
    case 'offset': {
      const at = (from: number, n: number): Record<string, unknown> =>
        p.style === 'offset' ? { [p.param]: from, [p.sizeParam]: n } : { [p.param]: p.first + Math.floor(from / n), ...(p.sizeParam ? { [p.sizeParam]: n } : {}) }
      const walk = paginate.offset(async (from, n) => (await fetchFirst({ ...base, ...at(from, n) })).data, {
        ...opts,
        count: p.size,
        itemsPath: records,
        totalPath: p.style === 'offset' ? p.total : undefined
      })
      for await (const page of walk) yield records(page.data)
      return
    }
    case 'cursor': {
      const walk = paginate.cursor(async (cursor) => (await fetchFirst({ ...base, ...size, ...(cursor ? { [p.param]: cursor } : {}) })).data, { ...opts, cursorPath: p.next })
      for await (const page of walk) yield records(page.data)
      return
    }
    case 'next-link': {
      const walk = paginate.cursor(
        async (link) => {
          if (!link) return (await fetchFirst({ ...base, ...size })).data
          const r = await get(sameSystem(ctx, link, lastUrl), {})
          lastUrl = r.url
          return r.data
        },
        { ...opts, cursorPath: p.next }
      )
      for await (const page of walk) yield records(page.data)
      return
    }
    case 'link-header': {
      const walk = paginate.linkHeader(
        async (link) => {
          const r = link ? await get(sameSystem(ctx, link, lastUrl), {}) : await fetchFirst({ ...base, ...size })
          lastUrl = r.url
          return { data: r.data, headers: r.headers, url: r.url }
        },
        opts
      )
      for await (const page of walk) yield records(page.data)
      return
    }
  }
}
