/**
 * The fake's HTTP side, in the order Stripe applies it: authentication, the rate limiter
 * (before idempotency, so a 429 is never replayed), injected faults, the idempotency layer
 * for POSTs, then the endpoint. Every exchange is recorded for contract checks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { FakeStripeError, forbidden, idempotencyMismatch, invalidParam, keyInUse, lockTimeout, rateLimited, unauthorized, unrecognised } from './errors'
import { canonical, parseParams, type Params } from './params'
import { checkParams, findRoute } from './routes'
import type { StripeState } from './state'

/** What a key may do: everything, or (restricted keys) read/write per permission name. */
export type KeyGrant = 'all' | { read: readonly string[]; write: readonly string[] }

/** A fault to inject into matching requests. */
export type Fault = {
  method?: string
  /** Exact path or a pattern. */
  path?: string | RegExp
  /** How many matching requests it hits. @default 1 */
  times?: number
} & (
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'rate_limit' }
  | { kind: 'lock_timeout' }
  /** Connection closed before the request is handled. */
  | { kind: 'reset' }
  /** Handled (and kept for idempotent replay), then the connection is closed without an answer. */
  | { kind: 'reset_after' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  | { kind: 'latency'; ms: number }
)

/** One request and its answer, as the fake saw them. */
export interface Exchange {
  method: string
  path: string
  query: Params
  form: Params
  headers: { idempotencyKey?: string; stripeVersion?: string; contentType?: string; authorization?: string }
  status: number | null
  body: unknown
  replayed: boolean
}

/** Options of the HTTP side. */
export interface ServerOptions {
  keys: Record<string, KeyGrant>
  /** Requests a second per key mode; false turns the limiter off. @default 25 test, 100 live */
  rateLimit?: number | false
  /** How long idempotency keys are kept, Stripe seconds. @default 86400 */
  keyTtl?: number
}

interface Saved {
  fingerprint: string
  status: number
  body: unknown
  requestId: string
  savedAt: number
}

/** A running fake. */
export interface HttpSide {
  url: string
  exchanges: Exchange[]
  faults: Fault[]
  close(): Promise<void>
}

function matches(f: Fault, method: string, path: string): boolean {
  if (f.method && f.method !== method) return false
  if (f.path === undefined) return true
  return typeof f.path === 'string' ? f.path === path : f.path.test(path)
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function keyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? ''
  const bearer = /^Bearer\s+(\S+)$/i.exec(auth)
  if (bearer) return bearer[1]
  const basic = /^Basic\s+(\S+)$/i.exec(auth)
  if (basic) return Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] || undefined
  return undefined
}

/** Starts the HTTP side on 127.0.0.1 with a port the OS picks. */
export async function startHttp(state: StripeState, o: ServerOptions): Promise<HttpSide> {
  const exchanges: Exchange[] = []
  const faults: Fault[] = []
  const saved = new Map<string, Saved>()
  const inFlight = new Set<string>()
  const recent: Record<'test' | 'live', number[]> = { test: [], live: [] }
  let requestSeq = 0

  function takeFault(method: string, path: string): Fault | undefined {
    const i = faults.findIndex((f) => matches(f, method, path))
    if (i < 0) return undefined
    const f = faults[i]
    const left = (f.times ?? 1) - 1
    if (left <= 0) faults.splice(i, 1)
    else faults[i] = { ...f, times: left }
    return f
  }

  function overLimit(key: string): number | undefined {
    const mode = key.includes('_live_') ? 'live' : 'test'
    const limit = o.rateLimit === false ? Infinity : (o.rateLimit ?? (mode === 'live' ? 100 : 25))
    const now = performance.now()
    const window = recent[mode]
    while (window.length > 0 && window[0] <= now - 1000) window.shift()
    if (window.length >= limit) return limit
    window.push(now)
    return undefined
  }

  async function handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1')
    const method = raw.method ?? 'GET'
    const text = await readBody(raw)
    const contentType = raw.headers['content-type']
    const idemKey = typeof raw.headers['idempotency-key'] === 'string' ? raw.headers['idempotency-key'] : undefined
    const requestId = `req_${String(++requestSeq).padStart(14, '0')}`
    const ex: Exchange = {
      method,
      path: url.pathname,
      query: parseParams(url.searchParams),
      form: text && !/json/.test(contentType ?? '') ? parseParams(new URLSearchParams(text)) : {},
      headers: {
        idempotencyKey: idemKey,
        stripeVersion: raw.headers['stripe-version'] as string | undefined,
        contentType,
        authorization: raw.headers.authorization ? raw.headers.authorization.split(' ')[0] : undefined
      },
      status: null,
      body: undefined,
      replayed: false
    }
    exchanges.push(ex)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      ex.status = status
      ex.body = body
      // `Date` is Stripe's clock: the fake's, so tests that move time see it.
      res.writeHead(status, { 'content-type': 'application/json', date: new Date(state.now() * 1000).toUTCString(), 'request-id': requestId, 'stripe-version': ex.headers.stripeVersion ?? state.apiVersion, ...headers })
      res.end(JSON.stringify(body))
    }
    const fail = (e: FakeStripeError): void => send(e.status, e.body, e.headers)
    const fault = takeFault(method, url.pathname)
    const key = keyOf(raw)
    const grant = key === undefined ? undefined : o.keys[key]
    if (!grant) return fail(unauthorized(key))
    const limit = overLimit(key!)
    if (limit !== undefined) return fail(rateLimited(limit))
    if (fault?.kind === 'reset') return void raw.socket.destroy()
    if (fault?.kind === 'rate_limit') return fail(rateLimited(25))
    if (fault?.kind === 'lock_timeout') return fail(lockTimeout())
    if (fault?.kind === 'status') return send(fault.status, fault.body ?? { error: { type: 'api_error', message: 'An unknown error occurred' } }, fault.headers)
    if (fault?.kind === 'malformed') {
      ex.status = 200
      ex.body = '<html>'
      res.writeHead(200, { 'content-type': 'application/json' })
      return void res.end('{"object": "list", "data": [')
    }
    const found = findRoute(method, url.pathname)
    if (!found) return fail(unrecognised(method, url.pathname))
    if (grant !== 'all') {
      const need = method === 'GET' ? grant.read.includes(found.route.permission) || grant.write.includes(found.route.permission) : grant.write.includes(found.route.permission)
      if (!need) return fail(forbidden(key!, `rak_${found.route.permission}_${method === 'GET' ? 'read' : 'write'}`))
    }
    if (method === 'POST' && /json/.test(contentType ?? '')) return fail(invalidParam('body', 'Invalid request: Stripe takes form-encoded parameters (application/x-www-form-urlencoded), not JSON.'))
    const params = method === 'GET' ? ex.query : ex.form
    const fingerprint = `${method} ${url.pathname} ${canonical(params)}`
    if (method === 'POST' && idemKey !== undefined) {
      if (idemKey.length > 255) return fail(invalidParam('Idempotency-Key', 'Idempotency keys can be at most 255 characters long.'))
      const prior = saved.get(idemKey)
      if (prior && state.now() - prior.savedAt > (o.keyTtl ?? 86400)) saved.delete(idemKey)
      const kept = saved.get(idemKey)
      if (kept) {
        if (kept.fingerprint !== fingerprint) return fail(idempotencyMismatch(idemKey))
        ex.replayed = true
        return send(kept.status, kept.body, { 'idempotent-replayed': 'true', 'original-request': kept.requestId })
      }
      if (inFlight.has(idemKey)) return fail(keyInUse())
      inFlight.add(idemKey)
    }
    // Latency is time spent executing: a second try with the same key meanwhile gets 409.
    if (fault?.kind === 'latency') await new Promise((r) => setTimeout(r, fault.ms))
    let status = 200
    let body: unknown
    let headers: Record<string, string> = {}
    let keep = true
    try {
      checkParams(found.route, params)
      body = found.route.handle(state, { params, ids: found.ids, origin: { requestId, idempotencyKey: idemKey ?? null } })
    } catch (err) {
      if (!(err instanceof FakeStripeError)) throw err
      status = err.status
      body = err.body
      headers = err.headers
      keep = !err.beforeExecution
    } finally {
      if (idemKey !== undefined) inFlight.delete(idemKey)
    }
    if (method === 'POST' && idemKey !== undefined && keep) saved.set(idemKey, { fingerprint, status, body, requestId, savedAt: state.now() })
    if (fault?.kind === 'reset_after') {
      ex.status = null
      return void raw.socket.destroy()
    }
    send(status, body, headers)
  }

  const server = createServer((raw, res) => {
    handle(raw, res).catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: { type: 'api_error', message: `fake failure: ${String(err)}` } }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    exchanges,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
