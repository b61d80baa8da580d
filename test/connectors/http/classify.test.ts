import { describe, expect, it } from 'vitest'
import { ApiChangedError, AuthError, ConfigError, RateLimitError, RecordError, TransientError } from '../../../src/main/errors'
import { classifyHttpError, defaultVendorMessage, type ClassifyContext, type HttpResponseLike } from '../../../src/main/connectors/http/classify'

const NOW = Date.parse('2026-11-02T10:00:00Z')
const ctx: ClassifyContext = {
  system: 'HubSpot',
  connectionId: 'hubspot-main',
  rateLimitHeaders: { reset: 'X-RateLimit-Reset', remaining: 'X-HubSpot-RateLimit-Remaining' },
  now: () => NOW
}
const res = (status: number, data: unknown = {}, headers: Record<string, string> = {}): HttpResponseLike => ({ status, data, headers })
const netError = (code: string, message = code): Error => Object.assign(new Error(message), { code })

describe('classifyHttpError: responses', () => {
  const table: Array<[string, HttpResponseLike, new (...args: never[]) => Error, Record<string, unknown>]> = [
    ['401 is an auth problem', res(401, { message: 'expired token' }), AuthError, { status: 401, vendorMessage: 'expired token', hint: 'Reconnect HubSpot in Connections' }],
    ['403 is an auth problem', res(403, { message: 'missing scopes' }), AuthError, { status: 403, vendorMessage: 'missing scopes' }],
    ['429 with Retry-After seconds', res(429, {}, { 'Retry-After': '7' }), RateLimitError, { status: 429, waitMs: 7000 }],
    ['429 with Retry-After as an HTTP date', res(429, {}, { 'retry-after': 'Mon, 02 Nov 2026 10:00:30 GMT' }), RateLimitError, { waitMs: 30_000 }],
    ['429 with only a vendor reset header', res(429, {}, { 'x-ratelimit-reset': '3' }), RateLimitError, { waitMs: 3000 }],
    ['429 with a reset as a Unix time', res(429, {}, { 'x-ratelimit-reset': String(NOW / 1000 + 12) }), RateLimitError, { waitMs: 12_000 }],
    ['429 saying nothing leaves the wait to the backoff', res(429), RateLimitError, { waitMs: 0 }],
    ['500', res(500, 'Internal Server Error'), TransientError, { status: 500, vendorMessage: 'Internal Server Error' }],
    ['502', res(502), TransientError, { status: 502 }],
    ['503', res(503), TransientError, { status: 503 }],
    ['408 request timeout', res(408), TransientError, { status: 408 }],
    ['400 with HubSpot message', res(400, { status: 'error', message: 'Property values were not valid', category: 'VALIDATION_ERROR' }), RecordError, { status: 400, vendorMessage: 'Property values were not valid' }],
    ['404', res(404, { message: 'resource not found' }), RecordError, { status: 404 }],
    ['409 conflict', res(409, { message: 'Contact already exists. Existing ID: 42' }), RecordError, { status: 409, vendorMessage: 'Contact already exists. Existing ID: 42' }],
    ['422', res(422, { message: 'unprocessable' }), RecordError, { status: 422 }]
  ]

  it.each(table)('%s', (_name, response, cls, meta) => {
    const error = classifyHttpError(response, ctx)
    expect(error).toBeInstanceOf(cls)
    const { waitMs, hint, ...rest } = meta
    expect(error.meta).toMatchObject({ connectionId: 'hubspot-main', ...rest })
    if (hint !== undefined) expect(error.meta.hint).toBe(hint)
    if (waitMs !== undefined) expect((error as RateLimitError).waitMs).toBe(waitMs)
  })

  it('takes a vendor default wait for a 429 that names none (QuickBooks: 60 s)', () => {
    const error = classifyHttpError(res(429), { ...ctx, defaultRateLimitWaitMs: 60_000 })
    expect((error as RateLimitError).waitMs).toBe(60_000)
  })

  it('reads a response inside an axios-style error', () => {
    expect(classifyHttpError({ message: 'Request failed', response: res(503) }, ctx)).toBeInstanceOf(TransientError)
  })

  it('lets a vendor override the table', () => {
    const google: ClassifyContext = {
      system: 'Google Calendar',
      override: (r, message) => (r.status === 403 && /rate limit/i.test(message ?? '') ? new RateLimitError('slow down', 1000) : undefined)
    }
    expect(classifyHttpError(res(403, { error: { message: 'Rate Limit Exceeded' } }), google)).toBeInstanceOf(RateLimitError)
    expect(classifyHttpError(res(403, { error: { message: 'Forbidden' } }), google)).toBeInstanceOf(AuthError)
  })

  it('uses the vendor message function and trims huge bodies', () => {
    const withVendor = { ...ctx, vendorMessage: (b: unknown) => (b as { oops: string }).oops }
    expect(classifyHttpError(res(400, { oops: 'bad email' }), withVendor).meta.vendorMessage).toBe('bad email')
    const huge = classifyHttpError(res(500, 'x'.repeat(10_000)), ctx)
    expect(huge.meta.vendorMessage?.length).toBeLessThanOrEqual(501)
  })

  it('passes Patchbay errors through', () => {
    const original = new ApiChangedError('shape', {})
    expect(classifyHttpError(original, ctx)).toBe(original)
  })
})

describe('classifyHttpError: no response', () => {
  const table: Array<[string, unknown, new (...args: never[]) => Error]> = [
    ['ECONNRESET', netError('ECONNRESET', 'socket hang up'), TransientError],
    ['ETIMEDOUT', netError('ETIMEDOUT', 'timeout of 100ms exceeded'), TransientError],
    ['ECONNABORTED (axios timeout)', netError('ECONNABORTED', 'timeout of 100ms exceeded'), TransientError],
    ['socket hang up without a code', new Error('socket hang up'), TransientError],
    ['EAI_AGAIN (offline DNS)', netError('EAI_AGAIN'), TransientError],
    ['ECONNREFUSED', netError('ECONNREFUSED'), TransientError],
    ['code only on the cause', Object.assign(new Error('wrapped'), { cause: netError('ECONNRESET') }), TransientError],
    ['an invalid URL is a setting to fix', netError('ERR_INVALID_URL', 'Invalid URL'), ConfigError],
    ['a certificate problem is not retried', netError('SELF_SIGNED_CERT_IN_CHAIN'), ConfigError]
  ]
  it.each(table)('%s', (_name, err, cls) => {
    const error = classifyHttpError(err, ctx)
    expect(error).toBeInstanceOf(cls)
    expect(error.meta.cause).toBe(err)
    expect(error.message).toContain('HubSpot')
  })
})

describe('defaultVendorMessage', () => {
  const table: Array<[string, unknown, string | undefined]> = [
    ['Stripe', { error: { type: 'card_error', message: 'Your card was declined.' } }, 'Your card was declined.'],
    ['QuickBooks', { Fault: { Error: [{ Message: 'Duplicate Name Exists Error', Detail: 'The name supplied already exists.' }] } }, 'The name supplied already exists.'],
    ['Mailchimp', { title: 'Invalid Resource', detail: 'Your merge fields were invalid.', errors: [{ field: 'FNAME', message: 'too long' }] }, 'Your merge fields were invalid. (FNAME: too long)'],
    ['HubSpot', { status: 'error', message: 'Invalid input JSON', correlationId: 'x' }, 'Invalid input JSON'],
    ['OAuth', { error: 'invalid_grant', error_description: 'refresh token revoked' }, 'refresh token revoked'],
    ['plain text', 'Bad Gateway', 'Bad Gateway'],
    ['nothing useful', { foo: 1 }, undefined],
    ['empty', '', undefined]
  ]
  it.each(table)('%s', (_name, body, expected) => expect(defaultVendorMessage(body)).toBe(expected))
})
