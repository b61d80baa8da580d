/**
 * Turns whatever an HTTP call threw or answered into one of the error classes of
 * DESIGN.md §4, so the engine decides by class and never by status code.
 */
import { AuthError, ConfigError, PatchbayError, RateLimitError, RecordError, TransientError, type ErrorMeta } from '../../errors'
import { secretScrubber } from '../../logs/redact'
import { readRateLimit, type HeaderBag, type RateLimitHeaderNames } from './headers'

/** The parts of a response classification needs (an axios response fits). */
export interface HttpResponseLike {
  status: number
  headers?: HeaderBag
  data?: unknown
}

/** What classification needs to know about the vendor and the call. */
export interface ClassifyContext {
  /** The system's name as the user knows it, e.g. "HubSpot". */
  system: string
  connectionId?: string
  /** The vendor's rate-limit header names. @default {} (Retry-After only) */
  rateLimitHeaders?: RateLimitHeaderNames
  /** Pulls the vendor's own message out of an error body. @default defaultVendorMessage */
  vendorMessage?: (body: unknown) => string | undefined
  /**
   * Wait for a 429 that names none (QuickBooks documents 60 s).
   * @default 0, which lets decideRetry back off
   */
  defaultRateLimitWaitMs?: number
  /**
   * A vendor's exceptions to the status table, e.g. Google's 403 `rateLimitExceeded`
   * is a rate limit; return undefined to use the table.
   */
  override?: (response: HttpResponseLike, vendorMessage: string | undefined) => PatchbayError | undefined
  /** The request in words for messages, e.g. "GET /crm/v3/objects/contacts". */
  request?: string
  /** @default Date.now */
  now?: () => number
}

/** Longest vendor message kept, so one huge HTML error page cannot flood the log or the UI. */
const MAX_VENDOR_MESSAGE = 500

const TRANSIENT_CODES = new Set([
  'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND',
  'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ERR_NETWORK', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ERR_STREAM_PREMATURE_CLOSE'
])
const CONFIG_CODES = new Set(['ERR_INVALID_URL', 'ERR_BAD_OPTION', 'ERR_BAD_OPTION_VALUE', 'ERR_INVALID_PROTOCOL'])
const CERT_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

/**
 * Finds the human message in the error bodies of the vendors we know: Stripe and Graph
 * (`error.message`), QuickBooks (`Fault.Error[0].Detail`), Mailchimp (`detail` plus
 * field `errors`), HubSpot and most others (`message`), OAuth (`error_description`).
 */
export function defaultVendorMessage(body: unknown): string | undefined {
  const plain = text(body)
  if (plain !== undefined) return plain
  const b = asRecord(body)
  if (!b) return undefined
  const nested = asRecord(b.error)
  if (nested && text(nested.message)) return text(nested.message)
  const faultErrors = asRecord(b.Fault)?.Error
  const fault = Array.isArray(faultErrors) ? asRecord(faultErrors[0]) : undefined
  if (fault) return text(fault.Detail) ?? text(fault.Message)
  const detail = text(b.detail)
  if (detail) {
    const fields = Array.isArray(b.errors)
      ? b.errors.map((e) => asRecord(e)).filter((e) => e && text(e.message)).map((e) => (e?.field ? `${String(e.field)}: ` : '') + String(e?.message))
      : []
    return fields.length > 0 ? `${detail} (${fields.join('; ')})` : detail
  }
  return text(b.message) ?? text(b.Message) ?? text(b.error_description) ?? text(b.error) ?? text(b.title)
}

function isResponseLike(value: unknown): value is HttpResponseLike {
  return typeof (value as { status?: unknown } | null)?.status === 'number' && 'headers' in (value as object)
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null
  if (typeof e?.code === 'string') return e.code
  if (typeof e?.cause?.code === 'string') return e.cause.code
  return undefined
}

function trimMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined
  return message.length > MAX_VENDOR_MESSAGE ? `${message.slice(0, MAX_VENDOR_MESSAGE)}…` : message
}

function classifyResponse(res: HttpResponseLike, ctx: ClassifyContext): PatchbayError {
  const { system, request } = ctx
  const status = res.status
  // Scrubbed before it is cut short: half a key no longer matches the key it was.
  const heard = (ctx.vendorMessage ?? defaultVendorMessage)(res.data) ?? undefined
  const vendorMessage = trimMessage(heard === undefined ? undefined : secretScrubber.redactText(heard))
  const special = ctx.override?.(res, vendorMessage)
  if (special) return special
  const meta: ErrorMeta = { connectionId: ctx.connectionId, status, vendorMessage }
  const saying = vendorMessage ? `: ${vendorMessage}` : ''
  const what = request ? ` to ${request}` : ''
  if (status === 401 || status === 403) {
    const message = status === 401 ? `${system} did not accept Patchbay's credentials` : `${system} refused access${what}`
    return new AuthError(`${message} (HTTP ${status})${saying}`, { ...meta, hint: `Reconnect ${system} in Connections` })
  }
  if (status === 429) {
    const reading = readRateLimit(res.headers, ctx.rateLimitHeaders, (ctx.now ?? Date.now)())
    // Retry-After is the vendor's explicit answer; the window reset is our best inference.
    const waitMs = reading.retryAfterMs ?? reading.resetInMs ?? ctx.defaultRateLimitWaitMs ?? 0
    return new RateLimitError(`${system} asked Patchbay to slow down (HTTP 429)${saying}`, waitMs, {
      ...meta,
      hint: 'Patchbay waits and goes on by itself.'
    })
  }
  if (status === 408 || status >= 500) {
    return new TransientError(`${system} had a problem answering${what} (HTTP ${status})${saying}`, {
      ...meta,
      hint: 'Usually passes by itself; Patchbay tries again.'
    })
  }
  // Every other 4xx is about what we sent: the record goes to Failures with the vendor's words.
  return new RecordError(`${system} refused the request${what} (HTTP ${status})${saying}`, meta)
}

function classifyNetworkError(err: unknown, ctx: ClassifyContext): PatchbayError {
  const { system } = ctx
  const code = errorCode(err)
  const detail = secretScrubber.redactText(err instanceof Error ? err.message : String(err))
  const meta: ErrorMeta = { connectionId: ctx.connectionId, cause: err }
  if (code && CONFIG_CODES.has(code)) {
    return new ConfigError(`The address Patchbay uses for ${system} is not valid (${detail})`, { ...meta, hint: `Check the ${system} connection's settings.` })
  }
  if (code && CERT_CODE.test(code)) {
    return new ConfigError(`Patchbay could not verify ${system}'s certificate (${code})`, {
      ...meta,
      hint: 'A proxy or antivirus that inspects HTTPS may be in the way.'
    })
  }
  const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED' || /timeout/i.test(detail)
  const message = timedOut ? `${system} did not answer in time` : `Could not reach ${system} (${code ?? detail})`
  // Unknown failures without a response are treated as network trouble: bounded retries make
  // a misjudged one cost a few attempts, while misjudging a real outage would fail the run.
  if (!(code && TRANSIENT_CODES.has(code)) && !/socket hang up|network/i.test(detail)) meta.vendorMessage = detail
  return new TransientError(message, { ...meta, hint: 'Check the internet connection; Patchbay tries again by itself.' })
}

/**
 * Classifies a failed call: an error thrown by axios or node:http, or a response with
 * status ≥ 400. 401/403 → AuthError; 429 → RateLimitError (wait from Retry-After or the
 * vendor's reset header); 408, 5xx, timeouts and resets → TransientError; other 4xx →
 * RecordError. Meta carries `status` and `vendorMessage`. A PatchbayError passes through.
 */
export function classifyHttpError(input: unknown, ctx: ClassifyContext): PatchbayError {
  if (input instanceof PatchbayError) return input
  if (isResponseLike(input)) return classifyResponse(input, ctx)
  const response = (input as { response?: unknown } | null)?.response
  if (isResponseLike(response)) return classifyResponse(response, ctx)
  return classifyNetworkError(input, ctx)
}
