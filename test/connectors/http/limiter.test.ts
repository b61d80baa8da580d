/**
 * The limiter against a fake vendor that enforces its limit for real and answers 429
 * when it is exceeded. Outcomes are asserted (how many 429s), never durations.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createRateLimiter, type RateLimiter } from '../../../src/main/connectors/http/limiter'
import { json, startServer, type TestServer } from './server'

let server: TestServer | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

/** A vendor allowing `cap` requests per `windowMs`, counted over a sliding window of arrivals (the strictest kind). */
async function slidingVendor(cap: number, windowMs: number): Promise<{ server: TestServer; refused: () => number }> {
  const arrivals: number[] = []
  let refused = 0
  const s = await startServer((_req, res) => {
    const now = performance.now()
    while (arrivals.length > 0 && arrivals[0] <= now - windowMs) arrivals.shift()
    if (arrivals.length >= cap) {
      refused++
      return json(res, 429, { message: 'too many' })
    }
    arrivals.push(now)
    json(res, 200, { ok: true })
  })
  return { server: s, refused: () => refused }
}

/** A vendor with fixed windows that says what is left and when the window resets, in milliseconds. */
async function headerVendor(cap: number, windowMs: number): Promise<{ server: TestServer; refused: () => number }> {
  const start = performance.now()
  let window = -1
  let used = 0
  let refused = 0
  const s = await startServer((_req, res) => {
    const now = performance.now()
    const current = Math.floor((now - start) / windowMs)
    if (current !== window) {
      window = current
      used = 0
    }
    const resetIn = String(Math.ceil(start + (current + 1) * windowMs - now))
    if (used >= cap) {
      refused++
      return json(res, 429, { message: 'too many' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-ms': resetIn })
    }
    used++
    json(res, 200, { ok: true }, { 'x-ratelimit-remaining': String(cap - used), 'x-ratelimit-limit': String(cap), 'x-ratelimit-reset-ms': resetIn })
  })
  return { server: s, refused: () => refused }
}

async function call(limiter: RateLimiter, url: string): Promise<number> {
  return limiter.schedule(async () => {
    const res = await fetch(url)
    await res.arrayBuffer()
    limiter.observe(res.status, res.headers)
    return res.status
  })
}

describe('rate limiter', () => {
  it('never trips a known limit by its own pacing', async () => {
    const vendor = await slidingVendor(10, 300)
    server = vendor.server
    const limiter = createRateLimiter({ intervalCap: 10, interval: 300, concurrency: 4 })
    const statuses = await Promise.all(Array.from({ length: 35 }, () => call(limiter, `${server?.url}/items`)))
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(vendor.refused()).toBe(0)
    expect(limiter.stats()).toMatchObject({ requests: 35, throttled429: 0, limit: 10 })
    // 35 requests at 10 per window cannot all start at once: some waited.
    expect(limiter.stats().waitedMs).toBeGreaterThan(0)
  })

  it('holds when the headers say the budget is spent, even with no published limit', async () => {
    const vendor = await headerVendor(10, 250)
    server = vendor.server
    const limiter = createRateLimiter({ concurrency: 4 }, { remaining: 'X-RateLimit-Remaining', limit: 'X-RateLimit-Limit', reset: 'X-RateLimit-Reset-Ms', resetUnit: 'ms' })
    const statuses = await Promise.all(Array.from({ length: 32 }, () => call(limiter, `${server?.url}/items`)))
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(vendor.refused()).toBe(0)
    const stats = limiter.stats()
    expect(stats.held).toBeGreaterThanOrEqual(3)
    expect(stats).toMatchObject({ requests: 32, throttled429: 0, limit: 10 })
    expect(stats.remaining).not.toBeNull()
  })

  it('pauses the whole connection for Retry-After after a 429', async () => {
    let penaltyUntil = 0
    let served = 0
    let refusedDuringPenalty = 0
    server = await startServer((_req, res) => {
      const now = performance.now()
      if (now < penaltyUntil) {
        refusedDuringPenalty++
        return json(res, 429, {}, { 'retry-after-ms': String(Math.ceil(penaltyUntil - now)) })
      }
      served++
      if (served === 5) {
        penaltyUntil = now + 200
        return json(res, 429, {}, { 'retry-after-ms': '200' })
      }
      json(res, 200, {})
    })
    const limiter = createRateLimiter({ concurrency: 4 }, { retryAfterMs: 'retry-after-ms' })
    const untilOk = async (): Promise<void> => {
      // Each 429 goes back in line; the limiter decides when it may leave again.
      while ((await call(limiter, `${server?.url}/x`)) === 429);
    }
    await Promise.all(Array.from({ length: 12 }, untilOk))
    // Only requests already on the wire when the first 429 came back can meet the penalty.
    expect(refusedDuringPenalty).toBeLessThanOrEqual(3)
    expect(limiter.stats().throttled429).toBeLessThanOrEqual(4)
    expect(limiter.stats().throttled429).toBeGreaterThanOrEqual(1)
  })

  it('with one request at a time, a 429 is never followed by another', async () => {
    let penaltyUntil = 0
    let refused = 0
    let served = 0
    server = await startServer((_req, res) => {
      const now = performance.now()
      if (now < penaltyUntil) {
        refused++
        return json(res, 429, {}, { 'retry-after-ms': '150' })
      }
      if (++served === 3) {
        penaltyUntil = now + 150
        return json(res, 429, {}, { 'retry-after-ms': '150' })
      }
      json(res, 200, {})
    })
    const limiter = createRateLimiter({ concurrency: 1 }, { retryAfterMs: 'retry-after-ms' })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push(await call(limiter, `${server.url}/x`))
    expect(statuses).toEqual([200, 200, 429, 200, 200, 200])
    expect(refused).toBe(0)
    expect(limiter.stats().throttled429).toBe(1)
  })

  it('stops waiting when the caller gives up', async () => {
    const limiter = createRateLimiter({ concurrency: 1 })
    limiter.pauseFor(60_000)
    const controller = new AbortController()
    const pending = limiter.schedule(async () => 'ran', controller.signal)
    controller.abort(new Error('cancelled by the user'))
    await expect(pending).rejects.toThrow('cancelled by the user')
  })
})
