/**
 * The fake's HTTP side, in the order Square applies it: the bearer token, the rate
 * limiter, injected faults, idempotency of writes (`idempotency_key` in the body: the
 * same key with the same request answers the first answer again; with another request it
 * is refused), then the endpoint. Every exchange is recorded for the contract test.
 */
import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { ExchangeRecorder, parseBody, plainHeaders } from '../recorder'
import { expired, keyReused, rateLimited, revoked, serverError, SquareAnswerError, unauthorized } from './errors'
import { route, type Answer } from './routes'
import type { SquareState } from './state'

/** What a token is now. */
export type TokenState = 'active' | 'revoked' | 'expired'

/** A fault to inject into matching requests. */
export type Fault = {
  method?: string
  /** Exact path or a pattern. */
  path?: string | RegExp
  /** How many matching requests it hits. @default 1 */
  times?: number
} & (
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'rate_limit' }
  /** Connection closed before the request is handled. */
  | { kind: 'reset' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with JSON of another shape (a list that is not a list). */
  | { kind: 'wrong_shape' }
)

/** Options of the HTTP side. */
export interface ServerOptions {
  tokens: Map<string, TokenState>
  /** Requests a second per token; false turns the limiter off. @default 20 */
  rateLimit?: number | false
}

/** A running HTTP side. */
export interface HttpSide {
  url: string
  recorder: ExchangeRecorder
  faults: Fault[]
  /** `Square-Version` of every request, in order (absent: null). */
  versions: (string | null)[]
  close(): Promise<void>
}

interface Saved {
  fingerprint: string
  answer: Answer
}

function matches(f: Fault, method: string, path: string): boolean {
  if (f.method && f.method !== method) return false
  if (f.path === undefined) return true
  return typeof f.path === 'string' ? f.path === path : f.path.test(path)
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Starts the HTTP side on 127.0.0.1 with a port the OS picks. */
export async function startHttp(state: SquareState, o: ServerOptions): Promise<HttpSide> {
  const recorder = new ExchangeRecorder()
  const faults: Fault[] = []
  const versions: (string | null)[] = []
  const saved = new Map<string, Saved>()
  const recent = new Map<string, number[]>()
  const sockets = new Set<Socket>()

  function takeFault(method: string, path: string): Fault | undefined {
    const i = faults.findIndex((f) => matches(f, method, path))
    if (i < 0) return undefined
    const f = faults[i]
    const left = (f.times ?? 1) - 1
    if (left <= 0) faults.splice(i, 1)
    else faults[i] = { ...f, times: left }
    return f
  }

  function overLimit(token: string): boolean {
    if (o.rateLimit === false) return false
    const limit = o.rateLimit ?? 20
    const now = performance.now()
    const list = (recent.get(token) ?? []).filter((t) => now - t < 1000)
    recent.set(token, list)
    if (list.length >= limit) return true
    list.push(now)
    return false
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const text = await readText(req)
    const query: Record<string, string | string[]> = {}
    for (const [k, v] of url.searchParams) query[k] = k in query ? [...[query[k]].flat(), v] : v
    const entry = recorder.begin({ method, path: url.pathname, query, requestHeaders: plainHeaders(req.headers), requestBody: parseBody(text) })
    versions.push((req.headers['square-version'] as string | undefined) ?? null)
    const send = (status: number, body: unknown, raw?: string) => {
      const out = raw ?? JSON.stringify(body)
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) }).end(out)
      entry.status = status
      entry.responseHeaders = { 'content-type': 'application/json' }
      entry.responseBody = raw === undefined ? body : raw
    }
    const refuse = (e: SquareAnswerError) => send(e.status, e.body())
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    const tokenState = token ? o.tokens.get(token) : undefined
    if (!token || !tokenState) return refuse(unauthorized())
    if (tokenState === 'revoked') return refuse(revoked())
    if (tokenState === 'expired') return refuse(expired())
    if (overLimit(token)) return refuse(rateLimited())
    const fault = takeFault(method, url.pathname)
    if (fault) {
      entry.fault = fault.kind === 'status' ? (fault.status >= 500 ? '5xx' : String(fault.status)) : fault.kind
      switch (fault.kind) {
        case 'reset':
          req.socket.destroy()
          return
        case 'rate_limit':
          return refuse(rateLimited())
        case 'malformed':
          return send(200, undefined, '<html><body>Square is down for maintenance</body></html>')
        case 'wrong_shape':
          return send(200, { payments: 'not a list', refunds: 'not a list', customers: 'not a list', disputes: 'not a list' })
        case 'status':
          return send(fault.status, fault.body ?? (fault.status >= 500 ? serverError(fault.status).body() : { errors: [] }))
      }
    }
    let body: Record<string, unknown> = {}
    if (text) {
      try {
        body = JSON.parse(text) as Record<string, unknown>
      } catch {
        return refuse(new SquareAnswerError(400, [{ category: 'INVALID_REQUEST_ERROR', code: 'INVALID_CONTENT_TYPE', detail: 'The request body is not valid JSON.' }]))
      }
    }
    const key = method === 'POST' && typeof body.idempotency_key === 'string' ? `${token}|${url.pathname}|${body.idempotency_key}` : undefined
    const fingerprint = createHash('sha256').update(text).digest('hex')
    if (key) {
      const earlier = saved.get(key)
      if (earlier && earlier.fingerprint !== fingerprint) return refuse(keyReused())
      if (earlier) return send(earlier.answer.status, earlier.answer.body)
    }
    let answer: Answer
    try {
      answer = route(state, method, url.pathname, url.searchParams, body)
    } catch (e) {
      if (!(e instanceof SquareAnswerError)) throw e
      const withPayment = (e as SquareAnswerError & { payment?: unknown }).payment
      answer = { status: e.status, body: { ...e.body(), ...(withPayment ? { payment: withPayment } : {}) } }
    }
    if (key && answer.status < 500) saved.set(key, { fingerprint, answer })
    send(answer.status, answer.body)
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: String(err) }] }))
    })
  })
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    recorder,
    faults,
    versions,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
