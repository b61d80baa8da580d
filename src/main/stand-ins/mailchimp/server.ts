/**
 * A stateful fake of the Mailchimp Marketing API 3.0 on 127.0.0.1 (port picked by the
 * OS), for tests, the benchmark and the demo workspace. What it implements, with the
 * reference for each behaviour, is in FIDELITY.md next to this file.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { ExchangeRecorder, parseBody, plainHeaders, type Exchange } from '../recorder'
import { Faults } from './faults'
import { ProblemError, problems, type Problem } from './problems'
import { partialResponse } from './partial'
import { dispatch } from './router'
import { FakeStore } from './store'

/** Options of the fake. */
export interface MailchimpFakeOptions {
  /** Data centre the fake plays. @default 'us21' */
  dc?: string
  /** Keys it accepts (each must end in `-<dc>`). @default one fixed key */
  apiKeys?: string[]
  /** @default 'Patchbay Demo Bakery' */
  accountName?: string
  /** Audiences to create, id → name. @default { a1b2c3d4e5: 'Newsletter' } */
  audiences?: Record<string, string>
  /** Simultaneous connections per key before 429. @default 10 */
  maxConnections?: number
  /** Clock for `last_changed`. @default Date.now */
  now?: () => number
  /** Which addresses count as fake-looking. @default rules.ts `looksFake` */
  isFake?: (email: string) => boolean
}

/** One request as the fake saw it, for tests that count calls. */
export interface SeenRequest {
  method: string
  /** Route template, e.g. `/lists/:list_id/members`; the raw path when no route matched. */
  route: string
  path: string
  query: Record<string, string>
  status: number | null
}

/** Counters for tests and the benchmark. */
export interface FakeStats {
  requests: number
  /** 429s the fake gave because more than `maxConnections` were open: pacing mistakes. */
  throttled: number
  maxInFlight: number
}

/** A running fake. */
export interface MailchimpFake {
  /** `http://127.0.0.1:<port>`. */
  url: string
  /** The API root to put in a connection's `baseUrl`: `<url>/3.0`. */
  baseUrl: string
  /** The first accepted key. */
  apiKey: string
  /** The first audience's id. */
  listId: string
  store: FakeStore
  faults: Faults
  stats: FakeStats
  requests: SeenRequest[]
  /** Every exchange as it crossed the wire, for the contract tests. */
  recorder: ExchangeRecorder
  close(): Promise<void>
}

/** The key the fake accepts unless told otherwise. */
export const FAKE_API_KEY = '0123456789abcdef0123456789abcdef-us21'

function keyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization
  if (!auth) return undefined
  const m = /^Basic\s+(.+)$/i.exec(auth)
  if (!m) return ''
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? '' : decoded.slice(colon + 1)
}

/** Answers and records what was sent; `text` replaces the JSON (a malformed body on purpose). */
function send(res: ServerResponse, entry: Exchange | undefined, status: number, body: unknown, headers: Record<string, string> = {}, fault?: string, text?: string): void {
  if (res.destroyed) return
  const h: Record<string, string> = { 'x-request-id': randomUUID(), ...headers }
  if (body !== undefined) {
    const problem = status >= 400
    h['content-type'] = problem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
    if (problem) h.link = '<https://us1.api.mailchimp.com/schema/3.0/ProblemDetailDocument.json>; rel="describedBy"'
  }
  const out = text ?? (body === undefined ? '' : JSON.stringify(body))
  if (entry) {
    entry.status = status
    entry.responseHeaders = plainHeaders(h)
    entry.responseBody = parseBody(out)
    if (fault) entry.fault = fault
  }
  res.writeHead(status, h).end(out)
}

function drop(req: IncomingMessage, entry: Exchange, fault: string): void {
  entry.fault = fault
  req.socket.destroy()
}
function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [k, v] of url.searchParams) {
    const had = out[k]
    out[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v]
  }
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Starts a fake Mailchimp. */
export async function startMailchimpFake(o: MailchimpFakeOptions = {}): Promise<MailchimpFake> {
  const dc = o.dc ?? 'us21'
  const keys = new Set(o.apiKeys ?? [FAKE_API_KEY.replace(/-us\d+$/, `-${dc}`)])
  const max = o.maxConnections ?? 10
  const store = new FakeStore({ now: o.now ?? Date.now, accountName: o.accountName ?? 'Patchbay Demo Bakery', isFake: o.isFake })
  for (const [id, name] of Object.entries(o.audiences ?? { a1b2c3d4e5: 'Newsletter' })) store.addAudience(id, name)
  const faults = new Faults()
  const stats: FakeStats = { requests: 0, throttled: 0, maxInFlight: 0 }
  const requests: SeenRequest[] = []
  const recorder = new ExchangeRecorder()
  const inFlight = new Map<string, number>()
  let base = ''

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const seen: SeenRequest = { method, route: url.pathname, path: url.pathname, query: Object.fromEntries(url.searchParams), status: null }
    requests.push(seen)
    stats.requests++
    res.on('finish', () => (seen.status = res.statusCode))
    const entry = recorder.begin({ method, path: url.pathname, query: queryOf(url), requestHeaders: plainHeaders(req.headers), requestBody: parseBody(raw) })
    const problem = (p: Problem, headers?: Record<string, string>, fault?: string) => send(res, entry, p.status, p, headers, fault)
    const key = keyOf(req)
    if (key === undefined) return problem(problems.apiKeyMissing())
    if (!keys.has(key) || !key.endsWith(`-${dc}`)) return problem(problems.apiKeyInvalid())
    const open = (inFlight.get(key) ?? 0) + 1
    inFlight.set(key, open)
    res.on('close', () => inFlight.set(key, (inFlight.get(key) ?? 1) - 1))
    if (open > max) {
      stats.throttled++
      return problem(problems.tooManyRequests(max))
    }
    stats.maxInFlight = Math.max(stats.maxInFlight, open)
    const delay = faults.latency()
    if (delay > 0) await sleep(delay)
    const fault = faults.decide()
    if (fault.kind === 'server-error') return problem(problems.serverError(fault.status), {}, '5xx')
    if (fault.kind === 'rate-limit') return problem(problems.tooManyRequests(max), fault.retryAfterSec === undefined ? {} : { 'retry-after': String(fault.retryAfterSec) }, '429')
    if (fault.kind === 'reset' && fault.when === 'before') return drop(req, entry, 'reset')
    const answer = route(method, url, raw, seen)
    if (fault.kind === 'reset') return drop(req, entry, 'reset-after')
    if (fault.kind === 'malformed' && answer.body !== undefined) return send(res, entry, 200, answer.body, {}, 'malformed', JSON.stringify(answer.body).slice(0, 40))
    send(res, entry, answer.status, answer.body, answer.headers)
  }

  function route(method: string, url: URL, raw: string, seen: SeenRequest): { status: number; body?: unknown; headers?: Record<string, string> } {
    if (!url.pathname.startsWith('/3.0')) return { status: 404, body: problems.notFound() }
    const path = url.pathname.slice('/3.0'.length) || '/'
    const found = dispatch(method, path)
    if (!found) return { status: 404, body: problems.notFound() }
    if ('allow' in found) return { status: 405, body: problems.methodNotAllowed(), headers: { allow: found.allow.join(', ') } }
    seen.route = found.template
    let body: unknown = undefined
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        return { status: 400, body: problems.jsonParse() }
      }
    }
    try {
      const answer = found.route({ store, base, params: found.params, query: url.searchParams, body })
      // Problems come whole; only a resource is cut down to the fields asked for.
      return answer.body === undefined ? answer : { ...answer, body: partialResponse(answer.body, url.searchParams) }
    } catch (err) {
      if (err instanceof ProblemError) return { status: err.problem.status, body: err.problem, headers: err.headers }
      throw err
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((err: unknown) =>
        send(res, undefined, 500, problems.serverError(500), { 'x-fake-error': String(err).replace(/[^\x20-\x7e]/g, ' ').slice(0, 200) })
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  base = `${url}/3.0`
  return {
    url,
    baseUrl: base,
    apiKey: [...keys][0],
    listId: [...store.audiences.keys()][0],
    store,
    faults,
    stats,
    requests,
    recorder,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
