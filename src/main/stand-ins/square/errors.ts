/**
 * Square's error answers: every one is `{ errors: [{ category, code, detail?, field? }] }`
 * (developer.squareup.com/docs/build-basics/handling-errors), with the HTTP status Square
 * gives that code.
 */

/** One entry of Square's `errors` list. */
export interface SquareErrorEntry {
  category: string
  code: string
  detail?: string
  field?: string
}

/** An error answer the routes throw; the server sends it. */
export class SquareAnswerError extends Error {
  constructor(
    readonly status: number,
    readonly entries: SquareErrorEntry[]
  ) {
    super(entries.map((e) => `${e.code}: ${e.detail ?? ''}`).join('; '))
  }

  /** The body Square sends. */
  body(): { errors: SquareErrorEntry[] } {
    return { errors: this.entries }
  }
}

const fail = (status: number, category: string, code: string, detail?: string, field?: string) =>
  new SquareAnswerError(status, [{ category, code, ...(detail ? { detail } : {}), ...(field ? { field } : {}) }])

/** 401: no token, or one Square does not know. */
export const unauthorized = () => fail(401, 'AUTHENTICATION_ERROR', 'UNAUTHORIZED', 'This request could not be authorized.')
/** 401: the seller revoked the token (or the app's access). */
export const revoked = () => fail(401, 'AUTHENTICATION_ERROR', 'ACCESS_TOKEN_REVOKED', 'The access token has been revoked.')
/** 401: an OAuth token past its 30 days. */
export const expired = () => fail(401, 'AUTHENTICATION_ERROR', 'ACCESS_TOKEN_EXPIRED', 'The access token has expired.')
/** 403: the token lacks a permission the endpoint needs. */
export const insufficientScopes = (scope: string) => fail(403, 'AUTHENTICATION_ERROR', 'INSUFFICIENT_SCOPES', `The merchant has not given your application sufficient permissions to do that. The following permissions are required: ${scope}`)
/** 429 */
export const rateLimited = () => fail(429, 'RATE_LIMIT_ERROR', 'RATE_LIMITED', 'Rate limit exceeded.')
/** 404 */
export const notFound = (what: string, id: string) => fail(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', `Could not find ${what} with id: ${id}`)
/** 404 for an address Square has no endpoint at. */
export const noRoute = (method: string, path: string) => fail(404, 'INVALID_REQUEST_ERROR', 'NOT_FOUND', `API endpoint for URL path \`${path}\` and HTTP method \`${method}\` is not found.`)
/** 400: a value Square refuses, naming the field. */
export const invalidValue = (field: string, detail: string) => fail(400, 'INVALID_REQUEST_ERROR', 'INVALID_VALUE', detail, field)
/** 400: a required field is missing. */
export const missing = (field: string) => fail(400, 'INVALID_REQUEST_ERROR', 'MISSING_REQUIRED_PARAMETER', `Field must be set`, field)
/** 400: a cursor Square did not give for this query. */
export const invalidCursor = () => fail(400, 'INVALID_REQUEST_ERROR', 'INVALID_CURSOR', 'The cursor is invalid for this request.', 'cursor')
/** 400: the same idempotency key with a different request. */
export const keyReused = () => fail(400, 'INVALID_REQUEST_ERROR', 'IDEMPOTENCY_KEY_REUSED', 'The idempotency key can only be retried with the same request data.', 'idempotency_key')
/** 400: a card declined at CreatePayment (the FAILED payment is kept). */
export const declined = () => fail(400, 'PAYMENT_METHOD_ERROR', 'GENERIC_DECLINE', 'Authorization error: \'GENERIC_DECLINE\'')
/** 400: a refund Square refuses. */
export const refundRefused = (detail: string) => fail(400, 'INVALID_REQUEST_ERROR', 'REFUND_AMOUNT_INVALID', detail, 'amount_money.amount')
/** 500 / 503 */
export const serverError = (status = 500) => fail(status, 'API_ERROR', status === 503 ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR', 'An internal error has occurred, and the API was unable to service your request.')
/** 400: a number under the endpoint's minimum. */
export const tooLow = (field: string) => fail(400, 'INVALID_REQUEST_ERROR', 'VALUE_TOO_LOW', `${field} is too low`, field)
/** 400: a number over the endpoint's maximum. */
export const tooHigh = (field: string) => fail(400, 'INVALID_REQUEST_ERROR', 'VALUE_TOO_HIGH', `${field} is too high`, field)
