/**
 * A stateful fake of HubSpot's CRM API on 127.0.0.1 (port 0): HubSpot's paths, Bearer
 * auth with HubSpot's 401 bodies, rate limits with HubSpot's headers and 429s, fault
 * injection, and a recorder of every exchange for the contract tests. What it implements,
 * with the vendor reference for each behaviour, is listed in ./FIDELITY.md.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ExchangeRecorder, parseBody, plainHeaders, type Exchange } from '../recorder'
import type { Answer } from './batch'
import { errorBody, expired, rateLimited, unauthenticated } from './errors'
import { FaultPlan, type FaultOptions } from './faults'
import { RateMeter, type FakeLimits } from './limits'
import { isSearch, route } from './routes'
import { FakeStore } from './store'

/** Options of the fake. */
export interface FakeHubspotOptions {
  /** The private-app token it accepts. @default 'pat-eu1-00000000-fake-token' */
  token?: string
  /** @default 4471234 */
  portalId?: number
  /** The date-versioned release in its paths. @default '2026-03' */
  version?: string
  /** Budgets, or false for none (benchmarks "limits off"). @default HubSpot's, see ./limits.ts */
  limits?: FakeLimits | false
  faults?: FaultOptions
  /** @default Date.now */
  now?: () => number
  /** Delay before a write reaches search. @default 0 */
  indexLagMs?: number
  /** Results one search query can page through. @default 10_000 */
  searchCap?: number
  /** Per-input 207 answers for inputs with trace ids; false refuses a batch with any bad input. @default true */
  multiStatus?: boolean
}

/** A running fake. */
export interface FakeHubspot {
  url: string
  store: FakeStore
  faults: FaultPlan
  recorder: ExchangeRecorder
  /** The token it accepts now. */
  readonly token: string
  /** Expires the current token (401 EXPIRED_AUTHENTICATION from now on) and issues a new one. */
  rotateToken(): string
  /** Rotates the token after `n` more authenticated requests: a token expiring mid-run. */
  expireTokenAfter(n: number): void
  /** Switches limits on or off, or changes them. */
  setLimits(limits: FakeLimits | false): void
  /** Requests refused with 429 because of a budget (not injected ones). */
  readonly throttled: number
  close(): Promise<void>
}

/** Starts a fake HubSpot. */
export async function startFakeHubspot(opts: FakeHubspotOptions = {}): Promise<FakeHubspot> {
  const now = opts.now ?? Date.now
  const store = new FakeStore({ now, indexLagMs: opts.indexLagMs })
  const faults = new FaultPlan(opts.faults)
  const recorder = new ExchangeRecorder()
  let meter: RateMeter | null = opts.limits === false ? null : new RateMeter(opts.limits)
  let token = opts.token ?? 'pat-eu1-00000000-fake-token'
  const expiredTokens = new Map<string, number>()
  let expireIn: number | null = null
  let throttled = 0
  let origin = ''
  const routeOpts = { version: opts.version ?? '2026-03', portalId: opts.portalId ?? 4471234, searchCap: opts.searchCap ?? 10_000, multiStatus: opts.multiStatus ?? true, origin: () => origin }

  const rotate = (): string => {
    expiredTokens.set(token, now())
    token = `pat-eu1-${randomUUID()}`
    return token
  }

  function answer(path: string, method: string, query: URLSearchParams, headers: IncomingMessage['headers'], body: unknown): Answer & { headers?: Record<string, string> } {
    const auth = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')
    if (!auth) return { status: 401, body: unauthenticated() }
    if (expiredTokens.has(auth[1])) return { status: 401, body: expired((now() - expiredTokens.get(auth[1])!) / 1000) }
    if (auth[1] !== token) return { status: 401, body: unauthenticated() }
    if (expireIn !== null && --expireIn < 0) {
      expireIn = null
      rotate()
      return { status: 401, body: expired(0) }
    }
    // Budgets run on the wall clock, whatever clock the data is stamped with.
    const verdict = meter?.take(isSearch(method, path), Date.now())
    if (verdict && !verdict.ok) {
      throttled++
      const limitHeaders: Record<string, string> = verdict.policy === 'TEN_SECONDLY_ROLLING' && meter ? { 'X-HubSpot-RateLimit-Max': String(meter.limits.perInterval), 'X-HubSpot-RateLimit-Remaining': '0', 'X-HubSpot-RateLimit-Interval-Milliseconds': String(meter.limits.intervalMs) } : {}
      return { status: 429, body: rateLimited(verdict.policy), headers: limitHeaders }
    }
    if (body === INVALID_JSON) return { status: 400, body: errorBody('VALIDATION_ERROR', 'Invalid input JSON on line 1') }
    return { ...route(store, routeOpts, method, path, query, body), headers: verdict?.ok ? verdict.headers : {} }
  }

  async function handle(raw: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(raw.url ?? '/', 'http://127.0.0.1')
    const method = raw.method ?? 'GET'
    const query: Record<string, string | string[]> = {}
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key)
      query[key] = all.length > 1 ? all : all[0]
    }
    const entry = recorder.begin({ method, path: url.pathname, query, requestHeaders: plainHeaders(raw.headers), requestBody: parseBody(text) })
    const delay = faults.latency()
    if (delay > 0) await new Promise((r) => setTimeout(r, delay))
    const fault = faults.pick(url.pathname)
    if (fault === 'reset') return drop(raw, entry, fault)
    if (fault === '5xx') {
      const status = [500, 502, 503, 504][faults.choose(4)]
      const body = status === 502 ? '<html><body><h1>502 Bad Gateway</h1></body></html>' : errorBody('INTERNAL_ERROR', 'internal error')
      return send(res, entry, { status, body }, fault)
    }
    if (fault === '429') {
      return send(res, entry, { status: 429, body: rateLimited('TEN_SECONDLY_ROLLING'), headers: { 'Retry-After': String(faults.opts.retryAfterSec ?? 1) } }, fault)
    }
    if (fault === 'echo-auth' || fault === 'echo-record') {
      const sent = String(raw.headers.authorization ?? '')
      const message = `invalid token ${sent} (the token ${sent.replace(/^Bearer\s+/i, '')} is not recognised)`
      return send(res, entry, { status: fault === 'echo-auth' ? 401 : 400, body: errorBody(fault === 'echo-auth' ? 'INVALID_AUTHENTICATION' : 'VALIDATION_ERROR', message) }, fault)
    }
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = INVALID_JSON
    }
    const out = answer(url.pathname, method, url.searchParams, raw.headers, body)
    if (fault === 'reset-after') return drop(raw, entry, fault)
    if (fault === 'malformed' && out.status < 300 && out.body !== undefined) {
      const json = JSON.stringify(out.body)
      const broken = faults.choose(2) === 0 ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : { data: out.body }
      return send(res, entry, { ...out, body: broken }, fault)
    }
    send(res, entry, out)
  }

  const server = createServer((raw, res) => {
    // HubSpot's clock is the store's: the Date header must agree with the stamps on records.
    res.sendDate = false
    res.setHeader('date', new Date(now()).toUTCString())
    const chunks: Buffer[] = []
    raw.on('data', (c: Buffer) => chunks.push(c))
    raw.on('end', () => {
      handle(raw, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url: origin,
    store,
    faults,
    recorder,
    get token() {
      return token
    },
    rotateToken: rotate,
    expireTokenAfter(n) {
      expireIn = n
    },
    setLimits(limits) {
      meter = limits === false ? null : new RateMeter(limits)
    },
    get throttled() {
      return throttled
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const INVALID_JSON = Symbol('invalid json')

function send(res: ServerResponse, entry: Exchange, out: Answer & { headers?: Record<string, string> }, fault?: string): void {
  const isText = typeof out.body === 'string'
  const headers: Record<string, string> = {
    ...(out.body === undefined ? {} : { 'content-type': isText && String(out.body).startsWith('<') ? 'text/html' : 'application/json;charset=utf-8' }),
    'x-hubspot-correlation-id': randomUUID(),
    ...out.headers
  }
  const payload = out.body === undefined ? '' : isText ? String(out.body) : JSON.stringify(out.body)
  entry.status = out.status
  entry.responseHeaders = plainHeaders(headers)
  entry.responseBody = out.body === undefined ? undefined : isText ? parseBody(String(out.body)) : out.body
  if (fault) entry.fault = fault
  res.writeHead(out.status, headers).end(payload)
}

function drop(raw: IncomingMessage, entry: Exchange, fault: string): void {
  entry.fault = fault
  raw.socket.destroy()
}
