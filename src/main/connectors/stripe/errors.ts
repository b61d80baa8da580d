/**
 * Stripe's error bodies (`{error: {type, code, message, param}}`) turned into Patchbay's
 * classes (rules as data, then the few cases data cannot say), following Stripe's own advice (docs.stripe.com/error-low-level,
 * docs.stripe.com/rate-limits): 429s, `lock_timeout` and `idempotency_key_in_use` are
 * retried with backoff, `Stripe-Should-Retry` is obeyed, and a refused record keeps
 * Stripe's code so callers can act on it.
 */
import { RecordError, TransientError, type ErrorMeta, type PatchbayError } from '../../errors'
import { headerValue, type HttpResponseLike } from '../http'
import { requestWords, type VendorErrorRule } from '../platform'

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

const KEY_HINT =
  'Check the key in Connections: paste a secret (sk_…) or restricted (rk_…) key from Stripe Dashboard → Developers → API keys, for the mode you want (test keys start sk_test_ or rk_test_). A rolled or deleted key stops working at once.'

/** Stripe's answers → DESIGN §4 classes, as data; the first rule that matches wins, before `classifyStripe`. */
export const STRIPE_ERRORS: readonly VendorErrorRule[] = [
  { status: 401, becomes: 'auth', message: 'Stripe did not accept the API key (HTTP 401){said}', hint: KEY_HINT },
  {
    status: 403,
    becomes: 'auth',
    message: "Stripe's key lacks a permission for {request} (HTTP 403){said}",
    hint: 'Edit the restricted key in Stripe Dashboard → Developers → API keys and give it the permission Stripe names, or use a key that has it.'
  },
  // Another request or Stripe process holds this object: a short wait and a retry is Stripe's advice.
  { status: 429, codePath: 'error.code', codes: ['lock_timeout'], becomes: 'transient', message: 'Stripe was busy with the same object for {request} (lock_timeout)', hint: 'Patchbay tries again by itself.' },
  {
    status: 409,
    codePath: 'error.code',
    codes: ['idempotency_key_in_use'],
    becomes: 'transient',
    message: 'Stripe is still running an earlier try of {request} (idempotency_key_in_use)',
    hint: 'Patchbay tries again by itself with the same key.'
  }
]

/**
 * What data cannot say: Stripe's `Stripe-Should-Retry` header, and refusals that keep
 * Stripe's code (StripeRequestError) so the feeds and writes can act on it. `undefined`
 * leaves the answer to the toolkit's status table (429 → RateLimitError with backoff,
 * 5xx → TransientError).
 */
export function classifyStripe(res: HttpResponseLike, vendorMessage: string | undefined, meta: ErrorMeta): PatchbayError | undefined {
  const e = stripeErrorOf(res.data)
  const shouldRetry = headerValue(res.headers, 'stripe-should-retry')
  const said = vendorMessage ? `: ${vendorMessage}` : ''
  const what = requestWords(res)
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
