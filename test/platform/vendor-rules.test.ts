/**
 * Vendor codes → DESIGN §4 classes as data: a rule's message names the request that got
 * the answer and keeps the vendor's own words as they are; a wait may come from settings.
 */
import { describe, expect, it } from 'vitest'
import { AuthError, RateLimitError } from '../../src/main/errors'
import { vendorClassifier } from '../../src/main/connectors/platform'

const answer = (status: number, data: unknown) => ({ status, data, headers: {}, config: { method: 'post', url: '/v1/customers?expand[0]=x' } })

describe('vendor error rules', () => {
  it('name the request and keep the vendor’s words verbatim, even with $& or {request} in them', () => {
    const classify = vendorClassifier({ errors: [{ status: 403, becomes: 'auth', message: 'The key cannot do {request} (HTTP 403){said}', hint: 'Give it the permission.' }] }, 'conn-1')
    const err = classify(answer(403, {}), 'needs $& and {request}')
    expect(err).toBeInstanceOf(AuthError)
    expect(err!.message).toBe('The key cannot do POST /v1/customers (HTTP 403): needs $& and {request}')
    expect(err!.meta).toMatchObject({ connectionId: 'conn-1', status: 403, hint: 'Give it the permission.' })
  })

  it('take a rate-limit wait from the connection’s settings', () => {
    const classify = vendorClassifier<{ scale: number }>(
      { errors: [{ status: 403, codePath: 'Fault.Error.0.code', codes: ['3001'], becomes: 'rate-limit', message: 'Slow down{said}', waitMs: (s) => 60_000 * s.scale }] },
      'conn-1',
      Date.now,
      { scale: 0.5 }
    )
    const err = classify(answer(403, { Fault: { Error: [{ code: '3001' }] } }), undefined)
    expect(err).toBeInstanceOf(RateLimitError)
    expect((err as RateLimitError).waitMs).toBe(30_000)
  })
})
