/**
 * A fake QuickBooks Online, served over HTTP on 127.0.0.1 (port 0): OAuth bearer
 * check, query endpoint, Change Data Capture, batch endpoint with per-item faults,
 * `requestid` replay, SyncToken concurrency, multi-currency and closed books per
 * company, inactive customers, Intuit's throttles, `minorversion`, fault injection, and
 * an XSD check of every entity it accepts and every answer it sends. FIDELITY.md says
 * what it is based on and where it is simpler than the real thing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { QboEntity } from '../../connectors/quickbooks/api'
import { FakeFault, faults, throttleXml, unauthorisedBody } from './faults'
import { FakeOAuth, type FakeApp } from './oauth'
import { cdc, create, query, remove, update } from './operations'
import { FakeCompany, type CompanyOptions } from './store'
import { Throttle } from './throttle'

/** A failure the test wants the next matching request(s) to meet. */
export interface InjectedFault {
  /** Which requests; @default every request to the company API */
  when?: (req: { method: string; path: string; query: URLSearchParams }) => boolean
  /** How many requests it hits. @default 1 */
  times?: number
  /** Answer with this status (and body) instead of serving the request. */
  status?: number
  body?: unknown
  /** Serve the request (writes happen), then cut the connection before the answer. */
  applyThenDrop?: boolean
}

/** Options of the fake. */
export interface FakeQuickBooksOptions extends CompanyOptions {
  app?: Partial<FakeApp>
  /** Shrinks throttle windows (1 = real minutes). @default 1 */
  throttleScale?: number
  /** Added to every answer. @default 0 */
  latencyMs?: number
  /** With `checkXsd`, check answers against the XSD too and fail loudly on a mismatch. @default true */
  checkResponses?: boolean
}

/** One request as the fake saw it. */
export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  status: number
  batchItems?: number
}

/** A running fake. */
export interface FakeQuickBooks {
  /** Base address to put in the connection's `baseUrl` setting. */
  url: string
  tokenUrl: string
  company: FakeCompany
  oauth: FakeOAuth
  throttle: Throttle
  requests: SeenRequest[]
  inject(fault: InjectedFault): void
  close(): Promise<void>
}

const PREFIX = /^\/v3\/company\/([^/]+)(\/.*)$/

/** Starts the fake. */
export async function startFakeQuickBooks(o: FakeQuickBooksOptions = {}): Promise<FakeQuickBooks> {
  const company = new FakeCompany(o)
  const oauth = new FakeOAuth({ clientId: 'ABfakeClientId', clientSecret: 'fake-secret', redirectUris: ['https://developer.intuit.com/v2/OAuth2Playground/RedirectUrl'], ...o.app }, company.now)
  const throttle = new Throttle(o.throttleScale ?? 1)
  const injected: InjectedFault[] = []
  const replies = new Map<string, { status: number; body: string; type: string }>()
  const requests: SeenRequest[] = []

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err) => send(res, 500, { Fault: { Error: [{ Message: 'Internal fake error', Detail: String(err?.stack ?? err), code: '500' }], type: 'SystemFault' } }))
  })

  function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const go = () => {
      if (res.writableEnded) return
      res.writeHead(status, { 'content-type': `${type};charset=UTF-8`, intuit_tid: `1-${Date.now().toString(16)}` })
      res.end(text)
    }
    if (o.latencyMs) setTimeout(go, o.latencyMs)
    else go()
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method ?? 'GET'
    const text = await readBody(req)
    if (url.pathname === '/oauth2/v1/tokens/bearer' && method === 'POST') {
      const r = oauth.token(req.headers.authorization, new URLSearchParams(text))
      return send(res, r.status, r.body)
    }
    const m = PREFIX.exec(url.pathname)
    if (!m || m[1] !== company.realmId) return send(res, 404, { Fault: { Error: [{ Message: 'Resource not found', code: '610' }], type: 'ValidationFault' } })
    const path = m[2]
    const seen: SeenRequest = { method, path, query: url.searchParams, status: 0 }
    requests.push(seen)
    const reply = (status: number, body: unknown, type?: string) => {
      seen.status = status
      send(res, status, body, type)
    }
    const auth = oauth.check(req.headers.authorization)
    if (auth !== 'ok') return reply(401, unauthorisedBody(auth === 'expired' ? 'Token expired: the access token has expired' : 'Token validation failed'))
    const isBatch = path === '/batch'
    const admitted = throttle.admit(isBatch)
    if (!admitted.ok) return reply(429, throttleXml(company.stamp()), 'application/xml')
    res.on('close', admitted.done)
    const fault = injected.find((f) => (f.times ?? 1) > 0 && (!f.when || f.when({ method, path, query: url.searchParams })))
    if (fault) fault.times = (fault.times ?? 1) - 1
    if (fault?.status) return reply(fault.status, fault.body ?? { Fault: { Error: [{ Message: 'Injected', Detail: 'injected by the test', code: String(fault.status) }], type: 'SystemFault' } })
    const minor = Number(url.searchParams.get('minorversion') ?? '75')
    if (minor < 75) return reply(400, new FakeFault('2030', 'Invalid minorversion', `minorversion ${minor} is no longer supported; use 75 or later`).body(company.stamp()))
    const requestId = method === 'POST' ? url.searchParams.get('requestid') : null
    const remembered = requestId ? replies.get(requestId) : undefined
    if (remembered) return reply(remembered.status, remembered.body, remembered.type)
    let status = 200
    let body: unknown
    try {
      body = route(method, path, url.searchParams, text, seen)
    } catch (err) {
      if (!(err instanceof FakeFault)) throw err
      status = 400
      body = err.body(company.stamp())
    }
    if (company.checkXsd && o.checkResponses !== false && status === 200) {
      const problems = company.checkXsd.check(body, 'IntuitResponse')
      if (problems.length) throw new Error(`the fake's own answer breaks the XSD: ${problems.slice(0, 3).join('; ')}`)
    }
    if (requestId) replies.set(requestId, { status, body: JSON.stringify(body), type: 'application/json' })
    if (fault?.applyThenDrop) {
      seen.status = -1
      res.destroy()
      return
    }
    reply(status, body)
  }

  function route(method: string, path: string, q: URLSearchParams, text: string, seen: SeenRequest): unknown {
    const time = company.stamp()
    if (path === '/query') return { QueryResponse: query(company, method === 'POST' ? text : (q.get('query') ?? '')), time }
    if (path === '/cdc' && method === 'GET') {
      const entities = (q.get('entities') ?? '').split(',').filter(Boolean)
      return { CDCResponse: [{ QueryResponse: cdc(company, entities, q.get('changedSince') ?? '') }], time }
    }
    if (path === '/batch' && method === 'POST') return { BatchItemResponse: batch(text, seen), time }
    if (path === '/preferences' && method === 'GET') return { Preferences: preferences(), time }
    if (path === `/companyinfo/${company.realmId}` && method === 'GET') return { CompanyInfo: { Id: '1', SyncToken: '0', CompanyName: company.name, Country: 'US' }, time }
    const one = /^\/(\w+)\/(\w+)$/.exec(path)
    if (one && method === 'GET') {
      const entity = ENTITY_BY_PATH[one[1]]
      const found = entity ? company.find(entity, one[2]) : undefined
      if (!found) throw faults.notFound(one[1], one[2])
      return { [entity]: found, time }
    }
    throw new FakeFault('610', 'Resource not found', `The fake has no ${method} ${path}`)
  }

  function batch(text: string, seen: SeenRequest): Record<string, unknown>[] {
    const parsed = JSON.parse(text) as { BatchItemRequest?: Record<string, unknown>[] }
    const items = parsed.BatchItemRequest ?? []
    seen.batchItems = items.length
    if (items.length === 0 || items.length > 30) throw new FakeFault('1020', 'Batch size limit exceeded', `A batch holds 1 to 30 items, not ${items.length}`)
    return items.map((item) => {
      const bId = String(item.bId ?? '')
      try {
        if (typeof item.Query === 'string') return { bId, QueryResponse: query(company, item.Query) }
        const entity = Object.keys(item).find((k) => !['bId', 'operation', 'optionsData'].includes(k))
        if (!entity) throw faults.required('entity')
        const body = item[entity] as QboEntity
        const op = String(item.operation ?? 'create')
        const result = op === 'create' ? create(company, entity, body) : op === 'update' ? update(company, entity, body) : op === 'delete' ? remove(company, entity, body) : undefined
        if (!result) throw new FakeFault('2010', 'Request has invalid or unsupported property', `operation ${op}`)
        return { bId, [entity]: result }
      } catch (err) {
        if (!(err instanceof FakeFault)) throw err
        const { Fault } = err.body('') as { Fault: unknown }
        return { bId, Fault }
      }
    })
  }

  function preferences(): QboEntity {
    return {
      Id: '1',
      SyncToken: '0',
      AccountingInfoPrefs: company.prefs.closingDate ? { BookCloseDate: company.prefs.closingDate } : {},
      CurrencyPrefs: { MultiCurrencyEnabled: company.prefs.multiCurrency, HomeCurrency: { value: company.prefs.homeCurrency } }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tokenUrl: `http://127.0.0.1:${port}/oauth2/v1/tokens/bearer`,
    company,
    oauth,
    throttle,
    requests,
    inject: (f) => injected.push(f),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

const ENTITY_BY_PATH: Record<string, string> = {
  customer: 'Customer', item: 'Item', account: 'Account', taxcode: 'TaxCode', invoice: 'Invoice', salesreceipt: 'SalesReceipt',
  payment: 'Payment', refundreceipt: 'RefundReceipt', creditmemo: 'CreditMemo', purchase: 'Purchase', deposit: 'Deposit', vendor: 'Vendor'
}
