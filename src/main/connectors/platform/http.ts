/**
 * From a declaration's HTTP description (data) to a connection's clients: base URL for
 * its region or data centre, the pinned version sent where the vendor wants it, the
 * limiters of each lane, vendor codes mapped to DESIGN §4 classes, one auth provider.
 */
import { AuthError, ConfigError, RateLimitError, RecordError, TransientError, ApiChangedError, type ErrorMeta, type PatchbayError } from '../../errors'
import { apiKey, bearer, type AuthProvider, type OutgoingRequest } from '../http/auth'
import type { HttpResponseLike } from '../http/classify'
import { createHttpClient, type HttpClient } from '../http/client'
import { readPath } from '../http/paginate'
import type { RateLimiter } from '../http/limiter'
import type { AuthDeclaration, ConnectionHttp, HttpContext, HttpDescription, HttpTuning, LimitsDescription, VendorErrorRule } from './declaration'
import { chainLimiters } from '../http/chain'
import { limiterFor } from './limits'

/** Milliseconds until the next midnight UTC plus a minute, when daily quotas reset. */
export function untilMidnightUtc(now: number): number {
  const next = new Date(now)
  next.setUTCHours(24, 0, 0, 0)
  return next.getTime() - now + 60_000
}

function ruleMatches<S>(rule: VendorErrorRule<S>, res: HttpResponseLike): boolean {
  if (rule.status !== undefined && rule.status !== res.status) return false
  if (rule.codePath === undefined) return true
  const code = readPath(res.data, rule.codePath)
  if (code === undefined || code === null) return false
  return rule.codes === undefined || rule.codes.includes(String(code))
}

/** "GET /v1/charges", read off the response the client hands to the classifier. */
export function requestWords(res: HttpResponseLike): string {
  const config = (res as { config?: { method?: string; url?: string } }).config
  if (!config?.url) return 'a request'
  return `${(config.method ?? 'get').toUpperCase()} ${config.url.split('?')[0]}`
}

/** The error a rule makes of a response. */
function errorOf<S>(rule: VendorErrorRule<S>, res: HttpResponseLike, vendorMessage: string | undefined, meta: ErrorMeta, now: number, settings: S): PatchbayError {
  // Functions, so a `$&` or a `{request}` in the vendor's own words is kept as it is.
  const message = rule.message.replace('{request}', () => requestWords(res)).replace('{said}', () => (vendorMessage ? `: ${vendorMessage}` : ''))
  const m = { ...meta, ...(rule.hint ? { hint: rule.hint } : {}) }
  switch (rule.becomes) {
    case 'auth':
      return new AuthError(message, m)
    case 'rate-limit':
      return new RateLimitError(message, rule.waitMs === 'midnight-utc' ? untilMidnightUtc(now) : typeof rule.waitMs === 'function' ? rule.waitMs(settings) : (rule.waitMs ?? 0), m)
    case 'transient':
      return new TransientError(message, m)
    case 'record':
      return new RecordError(message, m)
    case 'config':
      return new ConfigError(message, m)
    case 'api-changed':
      return new ApiChangedError(message, undefined, m)
  }
}

/** The classify override built from the declaration's rules, then its function. */
export function vendorClassifier<S>(http: Pick<HttpDescription<S>, 'errors' | 'classify' | 'retryable'>, connectionId: string | undefined, now: () => number = Date.now, settings?: S) {
  return (res: HttpResponseLike, vendorMessage: string | undefined): PatchbayError | undefined => {
    const meta: ErrorMeta = { connectionId, status: res.status, vendorMessage }
    const rule = http.errors?.find((r) => ruleMatches(r, res))
    if (rule) return errorOf(rule, res, vendorMessage, meta, now(), settings as S)
    const custom = http.classify?.(res, vendorMessage, meta, settings as S)
    if (custom) return custom
    if (http.retryable?.includes(res.status)) return new TransientError(`The system answered HTTP ${res.status}${vendorMessage ? `: ${vendorMessage}` : ''}`, meta)
    return undefined
  }
}

/** The auth provider an auth declaration describes, for the kinds data can build. */
export function providerFor(auth: AuthDeclaration, secrets: Record<string, string>, label: string): AuthProvider | undefined {
  switch (auth.kind) {
    case 'api-key':
      // A bearer token is an "access token" to the owner, and is worded so when missing.
      if ('header' in auth.sendAs && auth.sendAs.header.toLowerCase() === 'authorization' && auth.sendAs.prefix === 'Bearer ') return bearer(secrets[auth.key] ?? '', { system: label })
      return apiKey({ key: secrets[auth.key] ?? '', ...auth.sendAs, system: label })
    case 'basic':
      return apiKey({ key: secrets[auth.password] ?? '', basic: 'password', other: secrets[auth.username] ?? '', system: label })
    case 'none':
      return undefined
    default:
      // OAuth providers need token storage: the declaration's `authProvider` builds them.
      return undefined
  }
}

/** Adds the pinned version as a query parameter to every request. */
function withQuery(auth: AuthProvider, params: Record<string, string>): AuthProvider {
  return {
    ...auth,
    async apply(req: OutgoingRequest) {
      Object.assign(req.params, params, { ...req.params })
      await auth.apply(req)
    }
  }
}

/** Builds the clients of one connection from the description. */
export function connectionHttp<S>(label: string, http: HttpDescription<S>, ctx: HttpContext<S>, auth: AuthProvider, tuning: HttpTuning = {}): ConnectionHttp {
  const baseURL = typeof http.baseUrl === 'function' ? http.baseUrl(ctx) : http.baseUrl
  const version = http.version === undefined ? undefined : typeof http.version.value === 'function' ? http.version.value(ctx.settings) : http.version.value
  const headers = http.version?.in === 'header' && version !== undefined ? { [http.version.name]: version } : undefined
  const provider = http.version?.in === 'query' && version !== undefined ? withQuery(auth, { [http.version.name]: version }) : auth
  const classifyOverride = vendorClassifier(http, ctx.connectionId, tuning.now, ctx.settings)
  const clients = new Map<string, HttpClient>()
  const all = typeof http.limits === 'function' ? http.limits(ctx.settings, ctx) : http.limits
  // A lane within the general budget passes its own limiter, then the general one.
  const limiterOf = (name: string, limits: Omit<LimitsDescription, 'lanes'>): RateLimiter => {
    const own = limiterFor(limits, tuning.limits?.[name])
    return limits.withinGeneral && name !== 'general' ? chainLimiters([own, lane('general').limiter]) : own
  }
  const make = (lane: string): HttpClient => {
    const limits = lane === 'general' ? all : all.lanes?.[lane]
    if (!limits) throw new Error(`${label} declares no limits lane "${lane}"`)
    return createHttpClient({
      system: label,
      connectionId: ctx.connectionId,
      baseURL,
      auth: provider,
      ...(headers ? { headers } : {}),
      rateLimitHeaders: limits.headers,
      limiter: limiterOf(lane, limits),
      vendorMessage: http.message,
      classifyOverride,
      defaultRateLimitWaitMs: limits.defaultWaitMs,
      idempotency: http.idempotency,
      timeoutMs: tuning.timeoutMs ?? http.timeoutMs,
      retry: tuning.retry,
      log: tuning.log
    })
  }
  const lane = (name: string): HttpClient => {
    let client = clients.get(name)
    if (!client) clients.set(name, (client = make(name)))
    return client
  }
  const client = lane('general')
  return { client, lane, version, limiter: client.limiter }
}
