/**
 * A stateful fake of SendGrid's Marketing Campaigns contacts API (v3) with its custom
 * fields, lists and suppressions, on 127.0.0.1 (port picked by the OS), for tests, the
 * benchmark and the demo workspace. What it implements, with the SendGrid documentation
 * for each behaviour, is in FIDELITY.md next to this file.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import { ExchangeRecorder, parseBody, plainHeaders, type Exchange } from '../recorder'
import { Faults } from './faults'
import { errorBody, renderErrorsFile } from './render'
import { dispatch, type ExportJob } from './routes'
import { SendgridStore, type Job } from './store'

/** Options of the fake. */
export interface SendgridFakeOptions {
  /** Keys it accepts. @default one fixed key */
  apiKeys?: string[]
  /** Requests per window per endpoint, before 429. @default { requests: 600, windowMs: 60_000 } */
  limit?: { requests: number; windowMs: number }
  /** How long an import job stays pending when nobody polls it. @default 20 */
  jobDelayMs?: number
  /** Clock for contacts' and suppressions' times. @default Date.now */
  now?: () => number
}

/** One request as the fake saw it, for tests that count calls. */
export interface SeenRequest {
  method: string
  /** Route template, e.g. `/v3/marketing/contacts/imports/:id`; the raw path when no route matched. */
  route: string
  status: number | null
}

/** A running fake. */
export interface SendgridFake {
  /** `http://127.0.0.1:<port>`: the connection's `baseUrl`. */
  url: string
  /** The first accepted key. */
  apiKey: string
  store: SendgridStore
  faults: Faults
  requests: SeenRequest[]
  /** 429s given because a window was full (pacing mistakes, not injected faults). */
  throttled: () => number
  /** Requests per window per endpoint; a test may change it between requests. */
  limit: { requests: number; windowMs: number }
  recorder: ExchangeRecorder
  close(): Promise<void>
}

/** The key the fake accepts unless told otherwise (SendGrid keys start `SG.`). */
export const FAKE_SENDGRID_KEY = 'SG.patchbay-fake.0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'

function send(res: ServerResponse, entry: Exchange | undefined, status: number, body: unknown, headers: Record<string, string> = {}, fault?: string, text?: string): void {
  if (res.destroyed) return
  const h: Record<string, string> = { 'x-message-id': randomUUID(), ...headers }
  if (body !== undefined && !h['content-type']) h['content-type'] = 'application/json'
  const out = text ?? (body === undefined ? '' : JSON.stringify(body))
  if (entry) {
    entry.status = status
    entry.responseHeaders = plainHeaders(h)
    entry.responseBody = parseBody(out)
    if (fault) entry.fault = fault
  }
  res.writeHead(status, h).end(out)
}

/** Starts a fake SendGrid. */
export async function startSendgridFake(o: SendgridFakeOptions = {}): Promise<SendgridFake> {
  const keys = new Set(o.apiKeys ?? [FAKE_SENDGRID_KEY])
  const limit = { ...(o.limit ?? { requests: 600, windowMs: 60_000 }) }
  const jobDelay = o.jobDelayMs ?? 20
  const store = new SendgridStore(o.now ?? Date.now)
  const faults = new Faults()
  const requests: SeenRequest[] = []
  const recorder = new ExchangeRecorder()
  const exportsById = new Map<string, ExportJob>()
  const timers = new Set<NodeJS.Timeout>()
  /** Per key and endpoint: requests in the current window and when it resets (ms). */
  const windows = new Map<string, { used: number; resetAt: number }>()
  let throttled = 0
  let base = ''

  const schedule = (job: Job): void => {
    const t = setTimeout(() => {
      timers.delete(t)
      job.run?.()
    }, jobDelay)
    t.unref()
    timers.add(t)
  }

  function rateHeaders(key: string, bucket: string): { headers: Record<string, string>; over: boolean } {
    const now = Date.now()
    let w = windows.get(`${key} ${bucket}`)
    // A window longer than the limit now allows (a test shortened it) starts afresh.
    if (!w || now >= w.resetAt || w.resetAt - now > limit.windowMs) windows.set(`${key} ${bucket}`, (w = { used: 0, resetAt: now + limit.windowMs }))
    w.used++
    const headers = { 'x-ratelimit-limit': String(limit.requests), 'x-ratelimit-remaining': String(Math.max(0, limit.requests - w.used)), 'x-ratelimit-reset': String(Math.ceil(w.resetAt / 1000)) }
    return { headers, over: w.used > limit.requests }
  }

  function serveFile(req: IncomingMessage, res: ServerResponse, path: string, entry: Exchange): void {
    // Download links are pre-signed: a second credential is refused, as S3 refuses one.
    if (req.headers.authorization) return send(res, entry, 400, undefined, { 'content-type': 'application/xml' }, undefined, '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>')
    const exp = /^\/files\/exports\/([^/]+)\.json$/.exec(path)
    const file = exp ? exportsById.get(exp[1])?.file : undefined
    if (exp && file !== undefined) return send(res, entry, 200, undefined, { 'content-type': 'application/json' }, undefined, file)
    const err = /^\/files\/import-errors\/([^/]+)\.csv$/.exec(path)
    const job = err ? store.jobs.get(err[1]) : undefined
    if (job) return send(res, entry, 200, undefined, { 'content-type': 'text/csv' }, undefined, renderErrorsFile(job))
    send(res, entry, 404, undefined, { 'content-type': 'application/xml' }, undefined, '<Error><Code>NoSuchKey</Code></Error>')
  }

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = req.method ?? 'GET'
    const seen: SeenRequest = { method, route: url.pathname, status: null }
    requests.push(seen)
    res.on('finish', () => (seen.status = res.statusCode))
    const query: Record<string, string | string[]> = {}
    for (const [k, v] of url.searchParams) query[k] = k in query ? [...[query[k]].flat(), v] : v
    const entry = recorder.begin({ method, path: url.pathname, query, requestHeaders: plainHeaders(req.headers), requestBody: parseBody(raw) })
    if (url.pathname.startsWith('/files/')) return serveFile(req, res, url.pathname, entry)
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')
    if (!m || !keys.has(m[1]) || faults.revoked.has(m[1])) return send(res, entry, 401, errorBody('authorization required'))
    const found = dispatch(method, url.pathname)
    if (!found) return send(res, entry, 404, errorBody('resource not found'))
    if ('allow' in found) return send(res, entry, 405, errorBody('method not allowed'), { allow: found.allow.join(', ') })
    seen.route = found.template
    const rate = rateHeaders(m[1], `${method} ${found.template}`)
    if (rate.over) {
      throttled++
      return send(res, entry, 429, errorBody('too many requests'), rate.headers)
    }
    const fault = faults.decide()
    if (fault.kind === 'server-error') return send(res, entry, fault.status, errorBody('internal error'), rate.headers, '5xx')
    if (fault.kind === 'rate-limit') {
      const reset = fault.resetInSec === undefined ? Math.floor(Date.now() / 1000) : Math.ceil(Date.now() / 1000) + fault.resetInSec
      return send(res, entry, 429, errorBody('too many requests'), { ...rate.headers, 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) }, '429')
    }
    if (fault.kind === 'reset' && fault.when === 'before') {
      entry.fault = 'reset'
      return void req.socket.destroy()
    }
    let body: unknown
    if (raw.trim() !== '') {
      try {
        body = JSON.parse(raw)
      } catch {
        return send(res, entry, 400, errorBody('invalid JSON in the request body'), rate.headers)
      }
    }
    const answer = found.route({ store, faults, base, params: found.params, query: url.searchParams, body, schedule, exports: exportsById })
    if (fault.kind === 'reset') {
      entry.fault = 'reset-after'
      return void req.socket.destroy()
    }
    if (fault.kind === 'malformed' && answer.body !== undefined) return send(res, entry, answer.status, answer.body, rate.headers, 'malformed', JSON.stringify(answer.body).slice(0, 30))
    send(res, entry, answer.status, answer.body, rate.headers)
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'))
      } catch (err) {
        send(res, undefined, 500, errorBody('internal error'), { 'x-fake-error': String(err).replace(/[^\x20-\x7e]/g, ' ').slice(0, 200) })
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  base = url
  return {
    url,
    apiKey: [...keys][0],
    store,
    faults,
    requests,
    throttled: () => throttled,
    limit,
    recorder,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t)
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
