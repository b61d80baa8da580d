import { describe, expect, it } from 'vitest'
import { REDACTED, redactHeaders, redactUrl, redactValues, trimSample } from '../../../src/main/connectors/http/redact'

describe('redaction', () => {
  it('scrubs credential headers and reports the values it removed', () => {
    const { headers, removed } = redactHeaders({
      Authorization: 'Bearer pat-na1-secret-token',
      'X-Api-Key': 'k-123456789',
      'api-key': 'shipstation-key',
      'X-Vendor-Token': 'abc12345678',
      Cookie: 'session=1',
      'Stripe-Version': '2026-09-30',
      accept: 'application/json'
    })
    expect(headers).toEqual({
      Authorization: REDACTED,
      'X-Api-Key': REDACTED,
      'api-key': REDACTED,
      'X-Vendor-Token': REDACTED,
      Cookie: REDACTED,
      'Stripe-Version': '2026-09-30',
      accept: 'application/json'
    })
    expect(removed).toContain('pat-na1-secret-token')
  })

  it('scrubs headers the auth provider names', () => {
    expect(redactHeaders({ 'X-Shop-Pass': 'hunter22' }, ['x-shop-pass']).headers['X-Shop-Pass']).toBe(REDACTED)
  })

  it('scrubs secret query values, user info and known values', () => {
    const url = redactUrl('https://me:pw@api.example.com/x?api_key=abc&code=xyz&limit=10&q=pat-na1-secret-token', ['custom'], ['pat-na1-secret-token'])
    expect(url).not.toMatch(/abc|xyz|pw|me:|pat-na1/)
    expect(url).toContain('limit=10')
  })

  it('leaves short values alone, since they would match by chance', () => {
    expect(redactValues('page 1 of 12', ['1'])).toBe('page 1 of 12')
  })

  it('trims samples', () => {
    expect(trimSample({ a: 'x'.repeat(50) }, 20)).toMatch(/^\{"a":"x{14}… \(58 characters\)$/)
    expect(trimSample('<html>')).toBe('<html>')
  })
})
