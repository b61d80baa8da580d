/**
 * A stand-in for a simple REST system of the kind owners describe in a file ("Till"): a
 * stateful contacts list on 127.0.0.1 that takes its key as an `X-Api-Key` header, a bearer
 * token or Basic (user `shop`); pages by `page`/`per_page`, `offset`/`limit` or `cursor`,
 * and names the next page every way at once (`meta.next_cursor`, `links.next`, a `Link`
 * header), records under `data`; an `updated_since` filter (inclusive, as such APIs usually
 * are); create and update that move the record's `updated_at`; and on demand a 429 with
 * Retry-After or a damaged (cut-off) list page.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A contact as the stand-in keeps it: names nested, as many APIs do. */
export interface TillContact {
  id: number
  email: string
  name: { first: string; last: string }
  updated_at: string
}

/** One request as the stand-in saw it. */
export interface TillRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
}

/** A running stand-in. */
export interface TillStandIn {
  url: string
  key: string
  contacts: Map<number, TillContact>
  requests: TillRequest[]
  /** Changes a contact as someone at the till would. */
  edit(id: number, change: Partial<Pick<TillContact, 'email'>> & { first?: string; last?: string }): void
  /** The next `n` requests get 429 with `Retry-After: 1`. */
  throttle(n: number): void
  /** Next-page links point at `origin` (another site) instead of the stand-in; undefined puts them back. */
  linkTo(origin: string | undefined): void
  /** List page `page` answers with cut-off JSON, once. */
  damagePage(page: number): void
  close(): Promise<void>
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}
}

function send(res: ServerResponse, status: number, data: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(data))
}

/** Starts the stand-in with `seed` contacts. */
export async function startTill(seed: Array<{ email: string; first: string; last: string }> = []): Promise<TillStandIn> {
  const key = 'till-key-7d1f0c2a9b'
  const contacts = new Map<number, TillContact>()
  const requests: TillRequest[] = []
  // A clock that ticks a second per change, so every change has its own time.
  let clock = Date.parse('2026-03-01T09:00:00Z')
  const now = (): string => new Date((clock += 1000)).toISOString()
  let nextId = 501
  let throttled = 0
  const damaged = new Set<number>()
  let port = 0
  let linkOrigin: string | undefined
  const put = (c: Omit<TillContact, 'updated_at'>): TillContact => {
    const saved = { ...c, updated_at: now() }
    contacts.set(c.id, saved)
    return saved
  }
  for (const s of seed) put({ id: nextId++, email: s.email, name: { first: s.first, last: s.last } })

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers })
      if (throttled > 0) {
        throttled--
        return send(res, 429, { error: 'slow down' }, { 'retry-after': '1' })
      }
      const basic = `Basic ${Buffer.from(`shop:${key}`).toString('base64')}`
      if (req.headers['x-api-key'] !== key && req.headers.authorization !== `Bearer ${key}` && req.headers.authorization !== basic) return send(res, 401, { error: 'unknown key' })
      if (req.method === 'GET' && url.pathname === '/v1/contacts') {
        const q = url.searchParams
        const since = q.get('updated_since')
        const page = Number(q.get('page') ?? 1)
        const per = Number(q.get('per_page') ?? q.get('limit') ?? 25)
        const all = [...contacts.values()].filter((c) => since === null || c.updated_at >= since).sort((a, b) => a.id - b.id)
        const after = q.get('cursor')
        const from = q.has('offset') ? Number(q.get('offset')) : after ? all.findIndex((c) => `c${c.id}` === after) + 1 : (page - 1) * per
        if (damaged.delete(page)) return res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":5')
        const data = all.slice(from, from + per)
        const more = from + per < all.length
        const cursor = more ? `c${data[data.length - 1].id}` : undefined
        const next = cursor ? `${linkOrigin ?? `http://127.0.0.1:${port}`}/v1/contacts?cursor=${cursor}&per_page=${per}${since ? `&updated_since=${encodeURIComponent(since)}` : ''}` : undefined
        return send(res, 200, { data, meta: { page, per_page: per, total: all.length, next_cursor: cursor ?? null }, links: { next: next ?? null } }, next ? { link: `<${next}>; rel="next"` } : {})
      }
      if (req.method === 'POST' && url.pathname === '/v1/contacts') {
        const b = (await body(req)).contact as { email?: string; name?: { first?: string; last?: string } }
        if (!b?.email) return send(res, 422, { error: 'email is required' })
        return send(res, 201, { contact: put({ id: nextId++, email: b.email, name: { first: b.name?.first ?? '', last: b.name?.last ?? '' } }) })
      }
      const m = /^\/v1\/contacts\/(\d+)$/.exec(url.pathname)
      const old = m ? contacts.get(Number(m[1])) : undefined
      if (m && !old) return send(res, 404, { error: 'no such contact' })
      if (old && req.method === 'GET') return send(res, 200, { contact: old })
      if (old && req.method === 'PATCH') {
        const b = (await body(req)).contact as { email?: string; name?: { first?: string; last?: string } }
        return send(res, 200, { contact: put({ id: old.id, email: b?.email ?? old.email, name: { first: b?.name?.first ?? old.name.first, last: b?.name?.last ?? old.name.last } }) })
      }
      send(res, 404, { error: 'no such address' })
    })().catch((err: unknown) => send(res, 500, { error: String(err) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/v1`,
    key,
    contacts,
    requests,
    edit(id, change) {
      const old = contacts.get(id)!
      put({ id, email: change.email ?? old.email, name: { first: change.first ?? old.name.first, last: change.last ?? old.name.last } })
    },
    throttle: (n) => void (throttled = n),
    damagePage: (page) => void damaged.add(page),
    linkTo: (origin) => void (linkOrigin = origin),
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
