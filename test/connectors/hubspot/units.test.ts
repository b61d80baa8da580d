/**
 * The HubSpot connector's pure parts: the change cursor, pairing a 207 answer with what
 * was sent, HubSpot's error messages and exceptions, and the limiter adopting the budget
 * HubSpot announces.
 */
import { describe, expect, it } from 'vitest'
import { AuthError, ConfigError, RateLimitError } from '../../../src/main/errors'
import { pairBatchAnswer } from '../../../src/main/connectors/hubspot/batch-answer'
import { decodeCursor, encodeCursor, nextCursor, nextSince } from '../../../src/main/connectors/hubspot/cursor'
import { hubspotMessage, hubspotOverride } from '../../../src/main/connectors/hubspot/errors'
import { adoptingLimiter } from '../../../src/main/connectors/http/chain'
import { HUBSPOT_RATE_HEADERS } from '../../../src/main/connectors/hubspot/http'

const rec = (id: string, extra: Record<string, unknown> = {}) => ({ id, properties: {}, updatedAt: '2026-11-20T12:00:00.000Z', ...extra })

describe('the change cursor', () => {
  it('round-trips, and anything else means a full scan', () => {
    const c = nextCursor(1000, new Map([['1', 1500], ['2', 900]]), new Map([['9', 1200]]))
    expect(c).toEqual({ since: 1000, seen: { '1': 1500 }, gone: { '9': 1200 } })
    expect(decodeCursor(encodeCursor(c))).toEqual(c)
    for (const other of [null, 'a1b2c3', 'hubspot:1:{"since":"x"}', 'hubspot:1:{not json']) expect(decodeCursor(other)).toBeNull()
  })

  it('forgets the oldest overlap entries past its memory, which costs a re-read, never a miss', () => {
    const seen = new Map(Array.from({ length: 10 }, (_, i) => [String(i), 100 + i] as [string, number]))
    const c = nextCursor(100, seen, new Map(), 3)
    expect(c.since).toBe(100)
    expect(Object.keys(c.seen).sort()).toEqual(['7', '8', '9'])
  })

  it('starts the next search a lag before the newest change seen, never earlier than before', () => {
    expect(nextSince(1000, 5000, 600)).toBe(4400)
    expect(nextSince(1000, 1200, 600)).toBe(1000)
    expect(nextSince(1000, undefined, 600)).toBe(1000)
  })
})

describe('pairing a batch answer with the inputs', () => {
  const inputs = [
    { ref: 'a', properties: { email: 'a@x.example' }, key: 'a@x.example' },
    { ref: 'b', properties: { email: 'b@x' }, key: 'b@x' },
    { ref: 'c', properties: { email: 'c@x.example' }, key: 'c@x.example' }
  ]

  it('pairs results by objectWriteTraceId and errors by their context', () => {
    const out = pairBatchAnswer(
      inputs,
      {
        status: 'COMPLETE',
        results: [rec('11', { objectWriteTraceId: 'c' }), rec('10', { objectWriteTraceId: 'a' })],
        errors: [{ status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid: [{"isValid":false,"message":"Email address b@x is invalid","error":"INVALID_EMAIL","name":"email"}]', context: { objectWriteTraceId: ['b'] } }]
      },
      { uniqueKey: 'email' }
    )
    expect(out.map((o) => (o.ok ? o.id : o.error.message))).toEqual(['10', 'HubSpot refused it (VALIDATION_ERROR): email: Email address b@x is invalid', '11'])
  })

  it('falls back to the unique key, and gives an unnamed error to the inputs left without a result', () => {
    const out = pairBatchAnswer(
      inputs,
      { status: 'COMPLETE', results: [rec('20', { properties: { email: 'A@X.example' } }), rec('21', { properties: { email: 'c@x.example' } })], errors: [{ message: 'Something about one input' }] },
      { uniqueKey: 'email' }
    )
    expect(out.map((o) => (o.ok ? o.id : o.error.message))).toEqual(['20', 'HubSpot refused it: Something about one input', '21'])
  })

  it('says so when HubSpot gives no answer for an input', () => {
    const [only] = pairBatchAnswer([{ ref: 'x', id: '5', properties: {} }], { status: 'COMPLETE', results: [] }, {})
    expect(only).toMatchObject({ ok: false, error: { message: 'HubSpot did not say what became of this record', recordId: '5' } })
  })
})

describe("HubSpot's error bodies", () => {
  const res = (status: number, data: unknown) => ({ status, headers: {}, data })

  it('reads the message, turning the validation list into words', () => {
    expect(hubspotMessage({ status: 'error', message: 'Property values were not valid: [{"isValid":false,"message":"x is not a valid long.","error":"INVALID_LONG","name":"numberofemployees"}]', category: 'VALIDATION_ERROR' })).toBe(
      'numberofemployees: x is not a valid long.'
    )
    expect(hubspotMessage({ message: 'Contact already exists. Existing ID: 7' })).toBe('Contact already exists. Existing ID: 7')
    expect(hubspotMessage('<html>Bad gateway</html>')).toBe('<html>Bad gateway</html>')
  })

  it('maps missing scopes, the daily quota, an unknown object and a refused token', () => {
    const override = hubspotOverride('crm', () => Date.parse('2026-11-25T22:00:00Z'))
    const scopes = override(res(403, { category: 'MISSING_SCOPES', message: 'This app hasn\'t been granted all required scopes', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }), 'x')
    expect(scopes).toBeInstanceOf(AuthError)
    expect(scopes?.meta.hint).toContain('crm.objects.contacts.write')
    const daily = override(res(429, { policyName: 'DAILY', message: 'You have reached your daily limit.' }), 'x')
    expect(daily).toBeInstanceOf(RateLimitError)
    expect((daily as RateLimitError).waitMs).toBe(2 * 3_600_000 + 60_000)
    expect(override(res(404, { message: 'Unable to infer object type from: contact' }), 'x')).toBeInstanceOf(ConfigError)
    expect(override(res(401, { category: 'EXPIRED_AUTHENTICATION' }), undefined)?.message).toContain('has expired')
    expect(override(res(429, { policyName: 'TEN_SECONDLY_ROLLING' }), 'x')).toBeUndefined()
    expect(override(res(400, { category: 'VALIDATION_ERROR' }), 'x')).toBeUndefined()
  })
})

describe('the limiter adopting HubSpot\'s announced budget', () => {
  it('starts at the safe number and paces to X-HubSpot-RateLimit-Max once an answer names it', async () => {
    const limiter = adoptingLimiter({ intervalCap: 100, interval: 10_000 }, HUBSPOT_RATE_HEADERS)
    expect(limiter.stats().limit).toBe(100)
    await limiter.schedule(async () => limiter.observe(200, { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '189', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' }))
    expect(limiter.stats()).toMatchObject({ limit: 190, remaining: 189, requests: 1 })
    await limiter.schedule(async () => limiter.observe(200, { 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Remaining': '188' }))
    expect(limiter.stats()).toMatchObject({ limit: 190, requests: 2 })
  })
})
