/**
 * A stateful fake of a Salesforce org on 127.0.0.1 (port 0): login and instance on one
 * address, the OAuth 2 web-server flow with PKCE, REST resources under one pinned
 * `/services/data/vXX.X`, the org's rolling 24-hour API allowance reported in
 * `Sforce-Limit-Info` on every answer, fault injection, and a recorder of every exchange
 * for the contract tests. What it implements, and where Salesforce documents each
 * behaviour, is in ./FIDELITY.md.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ExchangeRecorder, parseBody, plainHeaders, type Exchange } from '../recorder'
import { fail, invalidSession, limitExceeded } from './errors'
import { FaultPlan, type FaultOptions } from './faults'
import { FakeSalesforceOAuth, type FakeConnectedApp } from './oauth'
import { route, type Answer, type RouteContext } from './routes'
import { FakeOrg } from './store'

/** The API version the fake serves, and Patchbay pins: Spring '26, the newest generally available release. */
export const FAKE_SALESFORCE_VERSION = 'v66.0'

/** Options of the fake. */
export interface FakeSalesforceOptions {
  /** @default FAKE_SALESFORCE_VERSION */
  version?: string
  /** The Connected App; its callback URLs must include the redirect Patchbay sends. */
  app?: Partial<FakeConnectedApp>
  /** The org's daily API allowance (Developer Edition: 15,000). @default 15_000 */
  dailyLimit?: number
  /** Calls already used in the last 24 hours. @default 0 */
  used?: number
  /** Custom external-id fields by sObject. @default { Contact: ['Patchbay_Key__c'] } */
  externalIds?: Record<string, string[]>
  /** Largest query batch (tests page through tens of records). @default 2000 */
  queryBatchCap?: number
  faults?: FaultOptions
  /** @default Date.now */
  now?: () => number
}

/** A running fake. */
export interface FakeSalesforce {
  /** Both the login address and the instance URL. */
  url: string
  version: string
  org: FakeOrg
  oauth: FakeSalesforceOAuth
  faults: FaultPlan
  recorder: ExchangeRecorder
  /** The org's API usage, as `Sforce-Limit-Info` reports it; tests set `used`. */
  quota: { used: number; max: number }
  /** Calls that met REQUEST_LIMIT_EXCEEDED because the allowance was used up. */
  readonly refused: number
  close(): Promise<void>
}

/** Starts a fake Salesforce org. */
export async function startFakeSalesforce(opts: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  const now = opts.now ?? Date.now
  const version = opts.version ?? FAKE_SALESFORCE_VERSION
  const org = new FakeOrg(now, opts.externalIds ?? { Contact: ['Patchbay_Key__c'] })
  const faults = new FaultPlan(opts.faults)
  const recorder = new ExchangeRecorder()
  const quota = { used: opts.used ?? 0, max: opts.dailyLimit ?? 15_000 }
  let refused = 0
  let origin = ''
  const app: FakeConnectedApp = { consumerKey: '3MVG9fake.consumer.key', consumerSecret: 'FAKESECRET0123456789', requireSecret: false, callbackUrls: [], ...opts.app }
  const oauth = new FakeSalesforceOAuth(app, () => origin, org.orgId, '0055g00000FAKEUSER', now)
  const ctx: RouteContext = { org, version, now, queryBatchCap: opts.queryBatchCap ?? 2000, cursors: new Map() }
  const apiPrefix = `/services/data/${version}`

  function api(method: string, path: string, q: URLSearchParams, headers: IncomingMessage['headers'], text: string): Answer {
    if (!oauth.check(headers.authorization)) return invalidSession()
    if (quota.used >= quota.max) {
      refused++
      return limitExceeded()
    }
    quota.used++
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      return fail(400, 'JSON_PARSER_ERROR', 'Unexpected character: was expecting JSON at [line:1, column:1]')
    }
    if (method === 'GET' && path === '/limits') {
      return { status: 200, body: { DailyApiRequests: { Max: quota.max, Remaining: Math.max(0, quota.max - quota.used) } } }
    }
    return route(ctx, method, path, q, body, headers)
  }

  function answer(method: string, url: URL, headers: IncomingMessage['headers'], text: string): Answer & { api?: boolean } {
    const path = url.pathname
    if (path === '/services/oauth2/authorize' && method === 'GET') {
      const a = oauth.authorize(url.searchParams)
      return a.location ? { status: 302, headers: { location: a.location } } : { status: a.status, body: { error: a.error, error_description: a.error } }
    }
    if (path === '/services/oauth2/token' && method === 'POST') return oauth.token(new URLSearchParams(text))
    if (path === '/services/oauth2/revoke' && method === 'POST') return oauth.revoke(new URLSearchParams(text))
    // The versions list is not counted against the allowance.
    if (path === '/services/data' || path === '/services/data/') {
      return { status: 200, body: [{ label: "Spring '26", url: apiPrefix, version: version.slice(1) }] }
    }
    if (path.startsWith('/services/data/v') && !path.startsWith(`${apiPrefix}/`)) {
      return fail(404, 'NOT_FOUND', 'The requested resource does not exist')
    }
    if (path.startsWith(`${apiPrefix}/`)) return { ...api(method, path.slice(apiPrefix.length), url.searchParams, headers, text), api: true }
    return fail(404, 'NOT_FOUND', 'The requested resource does not exist')
  }

  function limitInfo(): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${quota.used}/${quota.max}` }
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
    const isApi = url.pathname.startsWith(`${apiPrefix}/`)
    const fault = isApi ? faults.pick(url.pathname) : undefined
    if (fault === 'reset') return drop(raw, entry, fault)
    if (fault === '5xx') {
      const status = [500, 502, 503][faults.choose(3)]
      const body = status === 502 ? '<html><body><h1>502 Bad Gateway</h1></body></html>' : [{ message: 'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-987654321)', errorCode: 'UNKNOWN_EXCEPTION' }]
      return send(res, entry, { status, body }, fault)
    }
    if (fault === '429') return send(res, entry, { status: 429, body: 'Too Many Requests', headers: { 'Retry-After': String(faults.opts.retryAfterSec ?? 1) } }, fault)
    if (fault === 'limit-exceeded') return send(res, entry, { ...limitExceeded(), headers: limitInfo() }, fault)
    if (fault === 'session-expired') {
      oauth.expireSessions()
      return send(res, entry, invalidSession(), fault)
    }
    const out = answer(method, url, raw.headers, text)
    if (out.api) out.headers = { ...out.headers, ...limitInfo() }
    if (fault === 'reset-after') return drop(raw, entry, fault)
    if (fault === 'malformed' && out.status < 300 && out.body !== undefined) {
      const json = JSON.stringify(out.body)
      const broken = faults.choose(2) === 0 ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : { result: out.body }
      return send(res, entry, { ...out, body: broken }, fault)
    }
    send(res, entry, out)
  }

  const server = createServer((raw, res) => {
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
    version,
    org,
    oauth,
    faults,
    recorder,
    quota,
    get refused() {
      return refused
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

function send(res: ServerResponse, entry: Exchange, out: Answer, fault?: string): void {
  const isText = typeof out.body === 'string'
  const headers: Record<string, string> = {
    ...(out.body === undefined ? {} : { 'content-type': isText && String(out.body).startsWith('<') ? 'text/html' : isText ? 'text/plain' : 'application/json;charset=UTF-8' }),
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
