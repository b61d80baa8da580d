/**
 * Stripe's error bodies (`{error: {type, code, message, param}}`) turned into Patchbay's
 * classes, following Stripe's own advice (docs.stripe.com/error-low-level,
 * docs.stripe.com/rate-limits): 429s, `lock_timeout` and `idempotency_key_in_use` are
 * retried with backoff, `Stripe-Should-Retry` is obeyed, and a refused record keeps
 * Stripe's code so callers can act on it.
 */
import { AuthError, RecordError, TransientError, type ErrorMeta, type PatchbayError } from '../../errors'
import { headerValue, type HttpResponseLike } from '../http'

/** The fields of Stripe's error object Patchbay reads. */
export interface StripeErrorBody {
  type?: string
  code?: string
  message?: string
  param?: string
  decline_code?: string
}

/** A request Stripe refused (400, 402, 404, 409…), with Stripe's code and parameter. */
export class StripeRequestError extends RecordError {
  constructor(
    message: string,
    readonly stripe: StripeErrorBody,
    meta: ErrorMeta = {}
  ) {
    super(message, meta)
  }
}

/** Stripe's error object out of a response body, if it has one. */
export function stripeErrorOf(body: unknown): StripeErrorBody {
  const e = (body as { error?: unknown } | null)?.error
  if (e === null || typeof e !== 'object') return {}
  const pick = (k: string): string | undefined => {
    const v = (e as Record<string, unknown>)[k]
    return typeof v === 'string' && v !== '' ? v : undefined
  }
  return { type: pick('type'), code: pick('code'), message: pick('message'), param: pick('param'), decline_code: pick('decline_code') }
}

/** Stripe's message with its code and parameter, as shown to people and kept in logs. */
export function stripeVendorMessage(body: unknown): string | undefined {
  const e = stripeErrorOf(body)
  if (!e.message && !e.code) return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined
  const tags = [e.code, e.param && `param ${e.param}`].filter(Boolean).join(', ')
  return `${e.message ?? e.code}${tags ? ` [${tags}]` : ''}`
}

/** "GET /v1/charges", read off the axios response the toolkit hands to the override. */
function requestWords(res: HttpResponseLike): string {
  const config = (res as { config?: { method?: string; url?: string } }).config
  if (!config?.url) return 'a request'
  return `${(config.method ?? 'get').toUpperCase()} ${config.url.split('?')[0]}`
}

const KEY_HINT =
  'Check the key in Connections: paste a secret (sk_…) or restricted (rk_…) key from Stripe Dashboard → Developers → API keys, for the mode you want (test keys start sk_test_ or rk_test_). A rolled or deleted key stops working at once.'

/**
 * Classifies one Stripe error response; `undefined` leaves it to the toolkit's status table
 * (429 → RateLimitError with backoff, 5xx → TransientError).
 */
export function classifyStripe(res: HttpResponseLike, vendorMessage: string | undefined, connectionId?: string): PatchbayError | undefined {
  const e = stripeErrorOf(res.data)
  const shouldRetry = headerValue(res.headers, 'stripe-should-retry')
  const meta: ErrorMeta = { connectionId, status: res.status, vendorMessage }
  const said = vendorMessage ? `: ${vendorMessage}` : ''
  const what = requestWords(res)
  if (res.status === 401) return new AuthError(`Stripe did not accept the API key (HTTP 401)${said}`, { ...meta, hint: KEY_HINT })
  if (res.status === 403) {
    return new AuthError(`Stripe's key lacks a permission for ${what} (HTTP 403)${said}`, {
      ...meta,
      hint: 'Edit the restricted key in Stripe Dashboard → Developers → API keys and give it the permission Stripe names, or use a key that has it.'
    })
  }
  if (res.status === 429 && e.code === 'lock_timeout') {
    // Another request or Stripe process holds this object: a short wait and a retry is Stripe's advice.
    return new TransientError(`Stripe was busy with the same object for ${what} (lock_timeout)`, { ...meta, hint: 'Patchbay tries again by itself.' })
  }
  if (res.status === 409 && e.code === 'idempotency_key_in_use') {
    return new TransientError(`Stripe is still running an earlier try of ${what} (idempotency_key_in_use)`, { ...meta, hint: 'Patchbay tries again by itself with the same key.' })
  }
  if (res.status >= 500 && shouldRetry === 'false') {
    // Stripe kept the result of this key: sending it again returns the same 500.
    return new StripeRequestError(`Stripe failed ${what} (HTTP ${res.status}) and says a retry would not help${said}`, e, {
      ...meta,
      hint: 'The outcome is uncertain: check the record in the Stripe Dashboard before retrying.'
    })
  }
  if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) {
    if (shouldRetry === 'true') return new TransientError(`Stripe asked Patchbay to retry ${what} (HTTP ${res.status})${said}`, meta)
    return new StripeRequestError(`Stripe refused ${what} (HTTP ${res.status})${said}`, e, meta)
  }
  return undefined
}
