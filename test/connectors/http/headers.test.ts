import { describe, expect, it } from 'vitest'
import { headerValue, parseLinkHeader, parseRetryAfter, readRateLimit } from '../../../src/main/connectors/http/headers'

const NOW = Date.parse('2026-11-02T10:00:00Z')

describe('parseRetryAfter', () => {
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    ['Mon, 02 Nov 2026 10:01:00 GMT', 60_000],
    ['Mon, 02 Nov 2026 09:59:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined]
  ])('%s → %s ms', (value, expected) => expect(parseRetryAfter(value, NOW)).toBe(expected))
})

describe('readRateLimit', () => {
  it('reads HubSpot-style headers in any case', () => {
    const reading = readRateLimit(
      { 'x-hubspot-ratelimit-remaining': '97', 'x-hubspot-ratelimit-max': '100', 'x-hubspot-ratelimit-interval-milliseconds': '10000' },
      { remaining: 'X-HubSpot-RateLimit-Remaining', limit: 'X-HubSpot-RateLimit-Max', intervalMs: 'X-HubSpot-RateLimit-Interval-Milliseconds' },
      NOW
    )
    expect(reading).toEqual({ remaining: 97, limit: 100, intervalMs: 10_000 })
  })

  it.each([
    ['auto: small numbers are seconds', 'auto', '30', 30_000],
    ['auto: Unix seconds', 'auto', String(NOW / 1000 + 5), 5000],
    ['auto: Unix milliseconds', 'auto', String(NOW + 250), 250],
    ['ms', 'ms', '250', 250],
    ['http-date', 'http-date', 'Mon, 02 Nov 2026 10:00:10 GMT', 10_000]
  ] as const)('reset %s', (_name, unit, value, expected) => {
    expect(readRateLimit({ 'x-reset': value }, { reset: 'x-reset', resetUnit: unit }, NOW).resetInMs).toBe(expected)
  })

  it('prefers a millisecond Retry-After twin when the vendor sends one', () => {
    expect(readRateLimit({ 'retry-after': '1', 'retry-after-ms': '150' }, { retryAfterMs: 'retry-after-ms' }, NOW).retryAfterMs).toBe(150)
    expect(readRateLimit({ 'retry-after': '1' }, {}, NOW).retryAfterMs).toBe(1000)
  })

  it('ignores what is absent or not a number', () => {
    expect(readRateLimit({ 'x-left': 'lots' }, { remaining: 'x-left' }, NOW)).toEqual({})
    expect(readRateLimit(undefined, { remaining: 'x-left' }, NOW)).toEqual({})
  })
})

describe('headerValue', () => {
  it('finds names in any case, in objects and in getters', () => {
    expect(headerValue({ 'Retry-After': '3' }, 'retry-after')).toBe('3')
    expect(headerValue({ link: ['<a>; rel="next"', '<b>; rel="prev"'] }, 'Link')).toBe('<a>; rel="next"')
    expect(headerValue(new Headers({ 'X-Thing': 'y' }), 'x-thing')).toBe('y')
  })
})

describe('parseLinkHeader', () => {
  it('reads RFC 8288 links by relation', () => {
    const value = '<https://api.example.com/items?page=3>; rel="next", <https://api.example.com/items?page=1>; rel="prev first"'
    expect(parseLinkHeader(value)).toEqual({
      next: 'https://api.example.com/items?page=3',
      prev: 'https://api.example.com/items?page=1',
      first: 'https://api.example.com/items?page=1'
    })
  })

  it('copes with commas inside targets, unquoted rels and relative targets', () => {
    const value = '</items?ids=1,2,3&page=2>; rel=next; title="Next, please"'
    expect(parseLinkHeader(value, 'https://api.example.com/items?page=1')).toEqual({ next: 'https://api.example.com/items?ids=1,2,3&page=2' })
  })

  it('is empty without a header', () => expect(parseLinkHeader(undefined)).toEqual({}))
})
