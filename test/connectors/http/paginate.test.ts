import { afterEach, describe, expect, it } from 'vitest'
import { ApiChangedError } from '../../../src/main/errors'
import * as paginate from '../../../src/main/connectors/http/paginate'
import { json, startServer, type TestServer } from './server'

const ids = Array.from({ length: 7 }, (_, i) => `c${i + 1}`)

async function collect<P, C>(pages: AsyncIterable<paginate.Page<P, C>>): Promise<Array<paginate.Page<P, C>>> {
  const out: Array<paginate.Page<P, C>> = []
  for await (const page of pages) out.push(page)
  return out
}

describe('cursor (HubSpot: paging.next.after)', () => {
  type HubSpotPage = { results: Array<{ id: string }>; paging?: { next?: { after: string } } }
  const fetchPage = async (after: string | undefined): Promise<HubSpotPage> => {
    const from = after === undefined ? 0 : Number(after)
    const next = from + 3 < ids.length ? { next: { after: String(from + 3) } } : undefined
    return { results: ids.slice(from, from + 3).map((id) => ({ id })), ...(next ? { paging: next } : {}) }
  }

  it('walks every page until the cursor is gone', async () => {
    const pages = await collect(paginate.cursor(fetchPage, { cursorPath: 'paging.next.after' }))
    expect(pages.flatMap((p) => p.data.results.map((r) => r.id))).toEqual(ids)
    expect(pages.map((p) => [p.at, p.next])).toEqual([[undefined, '3'], ['3', '6'], ['6', undefined]])
  })

  it('resumes from a stored cursor and stops at maxPages', async () => {
    const pages = await collect(paginate.cursor(fetchPage, { cursorPath: 'paging.next.after', start: '3', maxPages: 1 }))
    expect(pages.map((p) => p.data.results.map((r) => r.id))).toEqual([['c4', 'c5', 'c6']])
  })

  it('refuses a vendor that repeats a cursor instead of looping forever', async () => {
    const stuck = async (): Promise<HubSpotPage> => ({ results: [{ id: 'x' }], paging: { next: { after: 'same' } } })
    await expect(collect(paginate.cursor(stuck, { cursorPath: 'paging.next.after' }))).rejects.toBeInstanceOf(ApiChangedError)
  })

  it('takes a path function for keys with dots (Graph: @odata.nextLink)', async () => {
    const pages = [{ value: [1], '@odata.nextLink': 'https://graph/next' }, { value: [2] }]
    const got = await collect(
      paginate.cursor(async (next) => pages[next ? 1 : 0], { cursorPath: (p: Record<string, unknown>) => p['@odata.nextLink'] })
    )
    expect(got.map((p) => p.next)).toEqual(['https://graph/next', undefined])
  })

  it('stops between pages when aborted', async () => {
    const controller = new AbortController()
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const page of paginate.cursor(fetchPage, { cursorPath: 'paging.next.after', signal: controller.signal })) {
          seen.push(...page.data.results.map((r) => r.id))
          controller.abort(new Error('stopped'))
        }
      })()
    ).rejects.toThrow('stopped')
    expect(seen).toEqual(['c1', 'c2', 'c3'])
  })
})

describe('offset (Mailchimp: count/offset with total_items)', () => {
  const calls: Array<[number, number]> = []
  const fetchPage = async (offset: number, count: number): Promise<{ members: string[]; total_items: number }> => {
    calls.push([offset, count])
    return { members: ids.slice(offset, offset + count), total_items: ids.length }
  }

  it('stops once total_items are read, without asking for an empty page', async () => {
    calls.length = 0
    const pages = await collect(paginate.offset(fetchPage, { count: 3, itemsPath: 'members', totalPath: 'total_items' }))
    expect(pages.flatMap((p) => p.data.members)).toEqual(ids)
    expect(calls).toEqual([[0, 3], [3, 3], [6, 3]])
  })

  it('without a total, stops on a short page', async () => {
    calls.length = 0
    const pages = await collect(paginate.offset(fetchPage, { count: 7, itemsPath: 'members' }))
    expect(pages).toHaveLength(2)
    expect(calls).toEqual([[0, 7], [7, 7]])
  })

  it('starts at 1 for QuickBooks STARTPOSITION', async () => {
    const seen: number[] = []
    await collect(paginate.offset(async (from) => (seen.push(from), { QueryResponse: { Customer: from < 4 ? [1, 2, 3] : [] } }), { count: 3, start: 1, itemsPath: 'QueryResponse.Customer' }))
    expect(seen).toEqual([1, 4])
  })

  it('calls a page without its list of items an API change', async () => {
    await expect(collect(paginate.offset(async () => ({ oops: true }), { count: 3, itemsPath: 'members' }))).rejects.toBeInstanceOf(ApiChangedError)
  })
})

describe('pageToken (Google: nextPageToken)', () => {
  it('follows tokens until none is given', async () => {
    const book: Record<string, { items: number[]; nextPageToken?: string }> = {
      first: { items: [1, 2], nextPageToken: 'p2' },
      p2: { items: [3], nextPageToken: 'p3' },
      p3: { items: [4] }
    }
    const pages = await collect(paginate.pageToken(async (token) => book[token ?? 'first']))
    expect(pages.flatMap((p) => p.data.items)).toEqual([1, 2, 3, 4])
  })
})

describe('startingAfter (Stripe: has_more + last id)', () => {
  const fetchPage = async (after: string | undefined): Promise<{ object: 'list'; data: Array<{ id: string }>; has_more: boolean }> => {
    const from = after === undefined ? 0 : ids.indexOf(after) + 1
    return { object: 'list', data: ids.slice(from, from + 3).map((id) => ({ id })), has_more: from + 3 < ids.length }
  }

  it('asks for the page after the last id while has_more', async () => {
    const pages = await collect(paginate.startingAfter(fetchPage))
    expect(pages.flatMap((p) => p.data.data.map((c) => c.id))).toEqual(ids)
    expect(pages.map((p) => p.at)).toEqual([undefined, 'c3', 'c6'])
  })

  it('calls has_more with an empty page an API change', async () => {
    await expect(collect(paginate.startingAfter(async () => ({ data: [], has_more: true })))).rejects.toBeInstanceOf(ApiChangedError)
  })
})

describe('linkHeader (RFC 8288)', () => {
  let server: TestServer | undefined
  afterEach(async () => server?.close())

  it('follows rel="next" links served by a real server, relative ones included', async () => {
    server = await startServer((req, res) => {
      const page = Number(req.url.searchParams.get('page') ?? '1')
      const links = [`</items?page=1>; rel="first"`]
      if (page < 3) links.push(`</items?page=${page + 1}>; rel="next"`)
      json(res, 200, { items: [page * 10, page * 10 + 1] }, { link: links.join(', ') })
    })
    const base = `${server.url}/items?page=1`
    const pages = await collect(
      paginate.linkHeader(async (url) => {
        const target = url ?? base
        const res = await fetch(target)
        return { data: (await res.json()) as { items: number[] }, headers: res.headers, url: target }
      })
    )
    expect(pages.flatMap((p) => p.data.items)).toEqual([10, 11, 20, 21, 30, 31])
    expect(server.seen.map((r) => r.url.search)).toEqual(['?page=1', '?page=2', '?page=3'])
  })
})
