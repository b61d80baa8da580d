/**
 * The stand-in's HTTP side, in the order ShipStation applies it: the `api-key` header,
 * the account's 200 requests a minute (429 with `Retry-After` in seconds), injected faults,
 * then the endpoint. Every exchange goes to the recorder for the contract test, with the
 * key redacted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ExchangeRecorder, parseBody, plainHeaders, type Exchange } from '../recorder'
import { rateLimited, ShipStationError, unauthorized } from './errors'
import { findRoute } from './routes'
import type { ShipStationStore } from './store'

/** A fault to inject into the next matching request(s). */
export type ShipStationFault = {
  method?: string
  /** Exact path or a pattern. */
  path?: string | RegExp
  /** How many matching requests it hits. @default 1 */
  times?: number
} & (
  /** 429; `retryAfterSec: null` sends no Retry-After. @default 1 */
  | { kind: '429'; retryAfterSec?: number | null }
  /** A server error with an empty body (the spec's ServerError). @default 500 */
  | { kind: '5xx'; status?: number }
  /** 200 with a body that is not the JSON it should be. */
  | { kind: 'malformed' }
  /** The connection closed before an answer. */
  | { kind: 'reset' }
)

/** Options of the HTTP side. */
export interface ServerOptions {
  /** Keys the account accepts; `revoke` empties it. */
  keys: Set<string>
  /** Requests a minute per account, false for none. @default 200 (docs.shipstation.com/rate-limits) */
  perMinute?: number | false
  /** Length of the rate window in ms; tests shorten it. @default 60_000 */
  windowMs?: number
}

/** A running HTTP side. */
export interface HttpSide {
  url: string
  recorder: ExchangeRecorder
  faults: ShipStationFault[]
  close(): Promise<void>
}

function matches(f: ShipStationFault, method: string, path: string): boolean {
  if (f.method && f.method !== method) return false
  if (f.path === undefined) return true
  return typeof f.path === 'string' ? f.path === path : f.path.test(path)
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** Starts the HTTP side on 127.0.0.1 with a port the OS picks. */
export async function startHttp(store: ShipStationStore, o: ServerOptions): Promise<HttpSide> {
  const recorder = new ExchangeRecorder()
  const faults: ShipStationFault[] = []
  const arrivals: number[] = []
  const windowMs = o.windowMs ?? 60_000
  const perMinute = o.perMinute === undefined ? 200 : o.perMinute

  function takeFault(method: string, path: string): ShipStationFault | undefined {
    const i = faults.findIndex((f) => matches(f, method, path))
    if (i < 0) return undefined
    const f = faults[i]
    const left = (f.times ?? 1) - 1
    if (left <= 0) faults.splice(i, 1)
    else faults[i] = { ...f, times: left }
    return f
  }

  /** Seconds until the window has room, or undefined when it has room now (and counts this one). */
  function overLimit(): number | undefined {
    if (perMinute === false) return undefined
    const now = performance.now()
    while (arrivals.length > 0 && arrivals[0] <= now - windowMs) arrivals.shift()
    if (arrivals.length >= perMinute) return Math.max(1, Math.ceil((arrivals[0] + windowMs - now) / 1000))
    arrivals.push(now)
    return undefined
  }

  async function handle(req: IncomingMessage, res: ServerResponse, origin: string): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const method = req.method ?? 'GET'
    const text = await readBody(req)
    const query: Record<string, string | string[]> = {}
    for (const [k, v] of url.searchParams) query[k] = k in query ? [...([] as string[]).concat(query[k]), v] : v
    const headers = plainHeaders(req.headers)
    if ('api-key' in headers) headers['api-key'] = '[redacted]'
    const ex: Exchange = recorder.begin({ method, path: url.pathname, query, requestHeaders: headers, requestBody: parseBody(text) })
    const send = (status: number, body: unknown, extra: Record<string, string> = {}): void => {
      const out = body === undefined ? '' : JSON.stringify(body)
      const h = { 'content-type': 'application/json', ...extra }
      ex.status = status
      ex.responseHeaders = h
      ex.responseBody = body
      res.writeHead(status, h).end(out)
    }
    const fail = (e: ShipStationError): void => send(e.status, e.body(), e.headers)
    const key = req.headers['api-key']
    if (typeof key !== 'string' || !o.keys.has(key)) return fail(unauthorized())
    const wait = overLimit()
    if (wait !== undefined) return fail(rateLimited(wait))
    const fault = takeFault(method, url.pathname)
    if (fault) ex.fault = fault.kind
    if (fault?.kind === 'reset') return void req.socket.destroy()
    if (fault?.kind === '429') return fail(rateLimited(fault.retryAfterSec === undefined ? 1 : fault.retryAfterSec))
    if (fault?.kind === '5xx') {
      ex.status = fault.status ?? 500
      ex.responseBody = ''
      return void res.writeHead(ex.status, { 'content-type': 'text/plain' }).end('')
    }
    if (fault?.kind === 'malformed') {
      ex.status = 200
      ex.responseBody = '{"shipments": [{"shipment_id": '
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(ex.responseBody as string)
    }
    const found = findRoute(method, url.pathname)
    if (!found) return send(404, { request_id: '00000000-0000-4000-8000-000000000000', errors: [{ error_source: 'ShipStation', error_type: 'validation', error_code: 'invalid_identifier', message: `No ${method} ${url.pathname} in ShipStation API v2` }] })
    let body: unknown
    if (text !== '') {
      try {
        body = JSON.parse(text)
      } catch {
        return fail(new ShipStationError(400, [{ error_source: 'ShipStation', error_type: 'validation', error_code: 'invalid_object', message: 'The request body is not valid JSON' }]))
      }
    }
    try {
      const [status, answer] = found.route.handle({ store, ids: found.ids, query: url.searchParams, body, origin })
      send(status, answer)
    } catch (err) {
      if (!(err instanceof ShipStationError)) throw err
      fail(err)
    }
  }

  let origin = ''
  const server = createServer((req, res) => {
    handle(req, res, origin).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: origin,
    recorder,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
