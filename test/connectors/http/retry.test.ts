import { describe, expect, it } from 'vitest'
import { ApiChangedError, AuthError, ConfigError, RateLimitError, RecordError, TransientError } from '../../../src/main/errors'
import { decideRetry, fullJitter, neverReachedVendor, type RetryOptions } from '../../../src/main/connectors/http/retry'

const half = (): number => 0.5
const almostOne = (): number => 0.999999
const zero = (): number => 0
const refused = new TransientError('Could not reach X', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) })
const reset = new TransientError('Could not reach X', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })

describe('decideRetry', () => {
  const table: Array<[string, unknown, number, RetryOptions, { retry: boolean; waitMs: number }]> = [
    // Rate limits: wait exactly what the vendor asked, however many times, up to the generous cap.
    ['429 with Retry-After waits that long', new RateLimitError('slow down', 2000), 1, {}, { retry: true, waitMs: 2000 }],
    ['the 50th rate limit still waits', new RateLimitError('slow down', 2000), 50, {}, { retry: true, waitMs: 2000 }],
    ['the 51st rate limit gives up', new RateLimitError('slow down', 2000), 51, {}, { retry: false, waitMs: 0 }],
    ['a reset hours away is not waited out', new RateLimitError('daily quota', 3 * 3600_000), 1, {}, { retry: false, waitMs: 0 }],
    ['429 with no wait backs off, at least base', new RateLimitError('slow down', 0), 1, { random: zero }, { retry: true, waitMs: 500 }],
    ['429 with no wait backs off with jitter', new RateLimitError('slow down', 0), 3, { random: half }, { retry: true, waitMs: 1000 }],
    ['rate limits are retried even for a POST', new RateLimitError('slow down', 100), 1, { idempotent: false }, { retry: true, waitMs: 100 }],
    // Transient: full jitter in [0, min(cap, base·2^(n−1))], bounded attempts.
    ['first transient failure: [0, 500]', new TransientError('503'), 1, { random: half }, { retry: true, waitMs: 250 }],
    ['second transient failure: [0, 1000]', new TransientError('503'), 2, { random: half }, { retry: true, waitMs: 500 }],
    ['fourth transient failure: [0, 4000]', new TransientError('503'), 4, { random: almostOne }, { retry: true, waitMs: 3999 }],
    ['full jitter may retry at once', new TransientError('503'), 3, { random: zero }, { retry: true, waitMs: 0 }],
    ['the ceiling stops at cap', new TransientError('503'), 4, { random: almostOne, capMs: 1500, maxAttempts: 10 }, { retry: true, waitMs: 1499 }],
    ['the 5th attempt is the last', new TransientError('503'), 5, {}, { retry: false, waitMs: 0 }],
    ['maxAttempts is configurable', new TransientError('503'), 2, { maxAttempts: 2 }, { retry: false, waitMs: 0 }],
    ['a reset POST is not repeated', reset, 1, { idempotent: false }, { retry: false, waitMs: 0 }],
    ['a refused POST never reached the vendor', refused, 1, { idempotent: false, random: half }, { retry: true, waitMs: 250 }],
    // Never retried.
    ['AuthError', new AuthError('401'), 1, {}, { retry: false, waitMs: 0 }],
    ['RecordError', new RecordError('422'), 1, {}, { retry: false, waitMs: 0 }],
    ['ConfigError', new ConfigError('bad url'), 1, {}, { retry: false, waitMs: 0 }],
    ['ApiChangedError', new ApiChangedError('shape', {}), 1, {}, { retry: false, waitMs: 0 }],
    ['an unclassified error (a bug)', new TypeError('x is undefined'), 1, {}, { retry: false, waitMs: 0 }],
    ['a thrown string', 'boom', 1, {}, { retry: false, waitMs: 0 }]
  ]

  it.each(table)('%s', (_name, error, attempt, opts, expected) => {
    const decision = decideRetry(error, attempt, opts)
    expect({ retry: decision.retry, waitMs: decision.waitMs }).toEqual(expected)
    expect(decision.reason).toMatch(/\w/)
  })

  it('stays within [0, ceiling] for any random value', () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const wait = fullJitter(attempt, 500, 30_000, () => r)
        expect(wait).toBeGreaterThanOrEqual(0)
        expect(wait).toBeLessThanOrEqual(Math.min(30_000, 500 * 2 ** (attempt - 1)))
      }
    }
  })

  it('knows which failures never reached the vendor', () => {
    expect(neverReachedVendor(refused)).toBe(true)
    expect(neverReachedVendor(reset)).toBe(false)
    expect(neverReachedVendor(new RateLimitError('x', 1))).toBe(true)
    expect(neverReachedVendor(new Error('x'))).toBe(false)
  })
})
