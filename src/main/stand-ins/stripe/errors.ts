/**
 * Stripe's error responses, worded as Stripe words them (docs.stripe.com/api/errors,
 * docs.stripe.com/error-codes, docs.stripe.com/rate-limits).
 */

/** A Stripe error the fake answers with. */
export class FakeStripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: { error: Record<string, unknown> },
    readonly headers: Record<string, string> = {},
    /** True when Stripe rejects before executing: such answers are not kept for idempotent replay. */
    readonly beforeExecution = false
  ) {
    super(String(body.error.message ?? body.error.code))
  }
}

const docs = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`

/** 400 for a parameter Stripe does not know or cannot read. */
export function invalidParam(param: string, message: string, code = 'parameter_invalid'): FakeStripeError {
  return new FakeStripeError(400, { error: { type: 'invalid_request_error', code, doc_url: docs(code), message, param } }, {}, true)
}

/** 404 / 400 `resource_missing`: "No such customer: 'cus_x'". */
export function noSuch(kind: string, id: string, param?: string, status = 404): FakeStripeError {
  return new FakeStripeError(status, { error: { type: 'invalid_request_error', code: 'resource_missing', doc_url: docs('resource_missing'), message: `No such ${kind}: '${id}'`, ...(param ? { param } : {}) } }, {}, status === 400)
}

/** 401 with Stripe's wording, the key masked as Stripe masks it. */
export function unauthorized(key: string | undefined): FakeStripeError {
  const message = key
    ? `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
  return new FakeStripeError(401, { error: { type: 'invalid_request_error', message } }, { 'www-authenticate': 'Bearer realm="Stripe"' }, true)
}

/** 403 for a restricted key without the permission. */
export function forbidden(key: string, permission: string): FakeStripeError {
  return new FakeStripeError(403, {
    error: {
      type: 'invalid_request_error',
      message: `The provided key '${key.slice(0, 8)}***${key.slice(-4)}' does not have the required permissions for this endpoint on account 'acct_fakepatchbay'. Having the '${permission}' permission would allow this request to continue.`
    }
  }, {}, true)
}

/** 429 from the rate limiter, which runs before the idempotency layer. */
export function rateLimited(perSecond: number): FakeStripeError {
  return new FakeStripeError(429, {
    error: {
      type: 'invalid_request_error',
      code: 'rate_limit',
      doc_url: docs('rate_limit'),
      message: `Request rate limit exceeded. You can make up to ${perSecond} requests per second in this mode. Learn more about rate limits here https://stripe.com/docs/rate-limits.`
    }
  }, { 'stripe-rate-limited-reason': 'global-rate' }, true)
}

/** 429 `lock_timeout`: another request holds the object. */
export function lockTimeout(): FakeStripeError {
  return new FakeStripeError(429, {
    error: {
      type: 'invalid_request_error',
      code: 'lock_timeout',
      doc_url: docs('lock_timeout'),
      message: 'This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request. If you see this error frequently and are making multiple concurrent requests to a single object, make your requests serially or at a lower rate.'
    }
  }, { 'stripe-should-retry': 'true' }, true)
}

/** 400 `idempotency_error`: a key reused with other parameters. */
export function idempotencyMismatch(key: string): FakeStripeError {
  return new FakeStripeError(400, {
    error: {
      type: 'idempotency_error',
      message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
    }
  }, {}, true)
}

/** 409 `idempotency_key_in_use`: the same key is being executed right now. */
export function keyInUse(): FakeStripeError {
  return new FakeStripeError(409, {
    error: {
      type: 'idempotency_error',
      code: 'idempotency_key_in_use',
      doc_url: docs('idempotency_key_in_use'),
      message: 'There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): please retry your request after a short delay.'
    }
  }, { 'stripe-should-retry': 'true' }, true)
}

/** 404 for a URL Stripe has no endpoint at. */
export function unrecognised(method: string, path: string): FakeStripeError {
  return new FakeStripeError(404, {
    error: { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` }
  }, {}, true)
}

/** 500 api_error. */
export function apiError(): FakeStripeError {
  return new FakeStripeError(500, { error: { type: 'api_error', message: 'An unknown error occurred' } })
}
