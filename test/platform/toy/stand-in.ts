/**
 * A tiny stateful stand-in for the toy "Notebook" system, on 127.0.0.1: records with a
 * change sequence, cursor paging (`after` in, `paging.next` out), an API key header, and
 * writes that bump the sequence so incremental reads see them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One record as the stand-in keeps it. */
export interface ToyRecord {
  id: string
  email: string
  name: string
  /** Change sequence number: higher is newer. */
  seq: number
}

/** A running stand-in. */
export interface ToyStandIn {
  url: string
  key: string
  records: Map<string, ToyRecord>
  /** Changes a record as another user of the system would. */
  edit(id: string, fields: Partial<Pick<ToyRecord, 'email' | 'name'>>): void
  close(): Promise<void>
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {}
}

function send(res: ServerResponse, status: number, data: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data))
}

/** Starts the stand-in with some records. */
export async function startToy(seed: Array<Pick<ToyRecord, 'email' | 'name'>> = []): Promise<ToyStandIn> {
  const key = 'toy-key-0123456789'
  const records = new Map<string, ToyRecord>()
  let seq = 0
  let nextId = 100
  const put = (id: string, fields: Pick<ToyRecord, 'email' | 'name'>): ToyRecord => {
    const rec = { id, ...fields, seq: ++seq }
    records.set(id, rec)
    return rec
  }
  for (const r of seed) put(String(nextId++), r)

  const server = createServer((req, res) => {
    void (async () => {
      if (req.headers['x-toy-key'] !== key) return send(res, 401, { error: 'bad key' })
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (req.method === 'GET' && url.pathname === '/account') return send(res, 200, { name: 'Toy notebook' })
      if (req.method === 'GET' && url.pathname === '/records') {
        const since = Number(url.searchParams.get('since') ?? 0)
        const limit = Number(url.searchParams.get('limit') ?? 2)
        const after = Number(url.searchParams.get('after') ?? 0)
        const list = [...records.values()].filter((r) => r.seq > since && r.seq > after).sort((a, b) => a.seq - b.seq)
        const page = list.slice(0, limit)
        const more = list.length > limit
        return send(res, 200, { results: page, paging: more ? { next: String(page[page.length - 1].seq) } : {} })
      }
      if (req.method === 'POST' && url.pathname === '/records') {
        const b = await body(req)
        return send(res, 201, put(String(nextId++), { email: String(b.email ?? ''), name: String(b.name ?? '') }))
      }
      const m = /^\/records\/(\w+)$/.exec(url.pathname)
      if (m && req.method === 'PATCH') {
        const old = records.get(m[1])
        if (!old) return send(res, 404, { error: 'no such record' })
        const b = await body(req)
        return send(res, 200, put(old.id, { email: String(b.email ?? old.email), name: String(b.name ?? old.name) }))
      }
      if (m && req.method === 'DELETE') {
        records.delete(m[1])
        return send(res, 204, {})
      }
      send(res, 404, { error: 'no such address' })
    })().catch((err: unknown) => send(res, 500, { error: String(err) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    key,
    records,
    edit(id, fields) {
      const old = records.get(id)!
      put(id, { email: fields.email ?? old.email, name: fields.name ?? old.name })
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
