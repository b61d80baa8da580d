/**
 * The HTTP client every vendor connector uses. One call path for all of them: through the
 * connection's rate limiter, with credentials from its AuthProvider, retried by p-retry
 * as `decideRetry` says, failures classified into DESIGN.md §4's classes, bodies checked
 * against a zod schema, and one scrubbed log entry per exchange.
 */
import type { AxiosResponse } from 'axios'
import { axios } from './axios'
import pRetry from 'p-retry'
import type { ZodType } from 'zod'
import { ApiChangedError, PatchbayError, RateLimitError } from '../../errors'
import type { ConnectionTest, HttpLogEntry } from '../types'
import type { AuthProvider, OutgoingRequest } from './auth'
import { classifyHttpError, type ClassifyContext } from './classify'
import type { RateLimitHeaderNames } from './headers'
import { createRateLimiter, type LimiterStats, type RateLimiter, type RateLimits } from './limiter'
import { redactHeaders, redactUrl, redactValues, trimSample } from './redact'
import { sleep } from './sleep'
import { decideRetry, type RetryOptions } from './retry'

export type { HttpLogEntry } from '../types'

/** Options of `createHttpClient`: what differs per vendor and per connection. */
export interface HttpClientOptions {
  /** The system's name as the user knows it, e.g. "HubSpot". */
  system: string
  connectionId?: string
  baseURL: string
  auth: AuthProvider
  /** Sent with every request, e.g. a pinned `Stripe-Version`. @default {} */
  headers?: Record<string, string>
  /** @default 30_000 */
  timeoutMs?: number
  /** The vendor's published limits. @default {} (headers only, 4 at a time) */
  limits?: RateLimits
  rateLimitHeaders?: RateLimitHeaderNames
  /** A limiter shared with other clients of the same connection. @default one of its own */
  limiter?: RateLimiter
  /** Pulls the vendor's message out of an error body. @default defaultVendorMessage */
  vendorMessage?: (body: unknown) => string | undefined
  /** The vendor's exceptions to the status table. */
  classifyOverride?: ClassifyContext['override']
  /** Wait after a 429 that names none. @default 0 (back off) */
  defaultRateLimitWaitMs?: number
  retry?: Omit<RetryOptions, 'idempotent'>
  /**
   * How an idempotency key travels: Stripe and Xero use a header, QuickBooks `requestid`.
   * @default { header: 'Idempotency-Key' }
   */
  idempotency?: { header: string } | { query: string }
  log?: (entry: HttpLogEntry) => void
}

/** One request. */
export interface HttpRequest<T = unknown> {
  /** @default 'GET' */
  method?: string
  /** Relative to `baseURL`, or absolute (a next-page link). */
  url: string
  /** Arrays repeat the name (`a=1&a=2`). */
  params?: Record<string, unknown>
  data?: unknown
  headers?: Record<string, string>
  /** The expected body; a mismatch is an ApiChangedError. */
  schema?: ZodType<T>
  /** Lets the vendor drop a repeat, which makes a POST safe to retry. */
  idempotencyKey?: string
  /**
   * True when repeating cannot do harm (an upsert by key).
   * @default true for GET, HEAD, OPTIONS, PUT and DELETE, or with an idempotencyKey
   */
  idempotent?: boolean
  signal?: AbortSignal
}

/** A response with its headers, for callers that need them (Link pagination). */
export interface HttpResult<T> {
  data: T
  status: number
  headers: Record<string, string>
  /** Absolute URL that answered. */
  url: string
}

/** The client of one connection. */
export interface HttpClient {
  /** Sends a request and returns its body. */
  request<T = unknown>(req: HttpRequest<T>): Promise<T>
  /** Sends a request and returns body, status and headers. */
  send<T = unknown>(req: HttpRequest<T>): Promise<HttpResult<T>>
  /** "Test connection": the auth provider's check. */
  test(): Promise<ConnectionTest>
  stats(): LimiterStats
  readonly limiter: RateLimiter
}

const SAFE_TO_REPEAT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE'])

function plainHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== undefined && v !== null) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}

/** Creates the HTTP client of one connection. */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const { system, connectionId, auth } = opts
  const limiter = opts.limiter ?? createRateLimiter(opts.limits, opts.rateLimitHeaders)
  const http = axios.create({
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs ?? 30_000,
    adapter: 'http',
    // Every status comes back as a response so one place classifies it.
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    paramsSerializer: { indexes: null },
    headers: { accept: 'application/json', 'user-agent': 'Patchbay' }
  })
  const classifyCtx = (request: string): ClassifyContext => ({
    system,
    connectionId,
    request,
    rateLimitHeaders: opts.rateLimitHeaders,
    vendorMessage: opts.vendorMessage,
    override: opts.classifyOverride,
    defaultRateLimitWaitMs: opts.defaultRateLimitWaitMs
  })

  function emit(entry: HttpLogEntry): void {
    try {
      opts.log?.(entry)
    } catch {
      // A broken log sink must not break a sync.
    }
  }

  async function send<T>(req: HttpRequest<T>): Promise<HttpResult<T>> {
    const method = (req.method ?? 'GET').toUpperCase()
    const idempotent = req.idempotent ?? (SAFE_TO_REPEAT.has(method) || req.idempotencyKey !== undefined)
    const what = `${method} ${req.url.split('?')[0]}`
    const pendingLogs = new WeakMap<object, HttpLogEntry>()
    let refreshed = false
    /** Credential values seen in this request's headers, scrubbed from messages by value too. */
    const secretValues = new Set<string>()
    let transientFailures = 0
    let rateLimits = 0

    async function exchange(attempt: number): Promise<{ res: AxiosResponse; entry: HttpLogEntry; sent: OutgoingRequest }> {
      const sent: OutgoingRequest = { method, url: req.url, headers: { ...opts.headers, ...req.headers }, params: { ...req.params } }
      const idem = opts.idempotency ?? { header: 'Idempotency-Key' }
      if (req.idempotencyKey !== undefined) {
        if ('header' in idem) sent.headers[idem.header] = req.idempotencyKey
        else sent.params[idem.query] = req.idempotencyKey
      }
      await auth.apply(sent)
      const scrubbed = redactHeaders(sent.headers, auth.secretNames.headers)
      for (const value of scrubbed.removed) secretValues.add(value)
      for (const name of auth.secretNames.params ?? []) {
        if (sent.params[name] !== undefined) secretValues.add(String(sent.params[name]))
      }
      const fullUrl = http.getUri({ url: sent.url, params: sent.params })
      const entry: HttpLogEntry = {
        event: 'http',
        system,
        connectionId,
        method,
        url: redactUrl(fullUrl, auth.secretNames.params, [...secretValues]),
        status: null,
        ms: 0,
        attempt,
        headers: scrubbed.headers
      }
      const res = await limiter.schedule(async () => {
        const started = performance.now()
        try {
          const r = await http.request({ method, url: sent.url, params: sent.params, data: req.data, headers: sent.headers, signal: req.signal })
          limiter.observe(r.status, r.headers)
          return r
        } catch (err) {
          const error = classifyHttpError(err, classifyCtx(what))
          pendingLogs.set(error, entry)
          throw error
        } finally {
          entry.ms = Math.round(performance.now() - started)
        }
      }, req.signal)
      entry.status = res.status
      return { res, entry, sent }
    }

    async function attempt(n: number): Promise<HttpResult<T>> {
      const first = await exchange(n)
      const { sent } = first
      let { res, entry } = first
      if (res.status === 401 && auth.refresh && !refreshed) {
        emit({ ...entry, error: { code: 'AUTH', message: 'credentials refused; refreshing them once' } })
        // Only a refresh that went through uses up the one chance; a network blip during it is retried.
        const renewed = await auth.refresh(sent)
        refreshed = true
        if (renewed) ({ res, entry } = await exchange(n))
      }
      if (res.status >= 400) {
        const error = classifyHttpError(res, classifyCtx(what))
        pendingLogs.set(error, entry)
        throw error
      }
      let data = res.data as T
      if (req.schema) {
        const parsed = req.schema.safeParse(res.data)
        if (!parsed.success) {
          const where = parsed.error.issues
            .slice(0, 3)
            .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
            .join('; ')
          const sample = trimSample(res.data)
          const error = new ApiChangedError(`${system} answered ${what} in a shape Patchbay does not know (${where})`, sample, {
            connectionId,
            status: res.status,
            hint: `${system}'s API may have changed; Patchbay needs an update. The log keeps a sample of the answer.`
          })
          pendingLogs.set(error, { ...entry, sample })
          throw error
        }
        data = parsed.data
      }
      emit(entry)
      return { data, status: res.status, headers: plainHeaders(res.headers), url: fullUrlOf(res) }
    }

    return pRetry(attempt, {
      // decideRetry owns the budget and the waits; p-retry only runs the loop.
      retries: Infinity,
      minTimeout: 0,
      signal: req.signal,
      onFailedAttempt: async ({ error }) => {
        if (req.signal?.aborted) throw req.signal.reason
        const count = error instanceof RateLimitError ? ++rateLimits : ++transientFailures
        const decision = decideRetry(error, count, { ...opts.retry, idempotent })
        const entry = pendingLogs.get(error)
        if (entry) {
          const message = redactValues(error.message, [...secretValues])
          emit({ ...entry, error: { code: error instanceof PatchbayError ? error.code : 'INTERNAL', message }, retry: decision })
        }
        if (!decision.retry) throw error
        if (decision.waitMs > 0) await sleep(decision.waitMs, req.signal)
      }
    })
  }

  function fullUrlOf(res: AxiosResponse): string {
    const r = res.request as { res?: { responseUrl?: string } } | undefined
    return r?.res?.responseUrl ?? http.getUri(res.config)
  }

  const client: HttpClient = {
    async request<T>(req: HttpRequest<T>): Promise<T> {
      return (await send(req)).data
    },
    send,
    test: () => auth.test(client),
    stats: () => limiter.stats(),
    limiter
  }
  return client
}
