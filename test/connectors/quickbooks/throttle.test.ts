/**
 * Intuit's throttles, with windows shrunk 100×: the fake enforces 10 / s, 500 / min,
 * 10 at once and 40 batch calls / min with a 429 (in XML, as QuickBooks sends it); the
 * connector paces itself under all of them, and waits out a 429 it meets anyway.
 */
import axios from 'axios'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import { afterEach, describe, expect, it } from 'vitest'
import { quickBooksWorld, type QuickBooksWorld } from './helpers'

const SCALE = 0.01
let w: QuickBooksWorld
afterEach(async () => w?.close())

describe('QuickBooks throttles', () => {
  it('the fake answers a client that ignores them with 429 and Intuit’s XML fault', async () => {
    // Intuit's real second here: 30 requests at once cannot spread over it, however busy the machine.
    w = await quickBooksWorld({ throttleScale: 1 })
    const [token] = [...(w.fake.oauth as unknown as { access: Map<string, number> }).access.keys()]
    const url = `${w.fake.url}/v3/company/${w.fake.company.realmId}/companyinfo/${w.fake.company.realmId}`
    const answers = await Promise.all(Array.from({ length: 30 }, () => axios.get(url, { headers: { authorization: `Bearer ${token}` }, validateStatus: () => true })))
    const limited = answers.filter((a) => a.status === 429)
    expect(limited.length).toBeGreaterThan(0)
    expect(String(limited[0].data)).toContain('<Error code="3001">')
    expect(w.fake.throttle.stats.rejected429).toBe(limited.length)
  })

  it('the connector paces 300 reads and 60 batch calls with no 429 at all', async () => {
    w = await quickBooksWorld({ throttleScale: SCALE })
    const { api } = w.session
    await Promise.all(Array.from({ length: 300 }, (_, i) => api.query(`SELECT * FROM Customer WHERE Id = '${(i % 3) + 1}'`)))
    for (let i = 0; i < 60; i++) await api.batch([{ bId: '0', query: 'SELECT * FROM Item' }], `req-${i}`)
    expect(w.fake.throttle.stats.rejected429).toBe(0)
    expect(w.fake.throttle.stats.maxConcurrent).toBeLessThanOrEqual(10)
    expect(w.fake.throttle.stats.batchCalls).toBe(60)
  })

  it('waits out a 429 it meets anyway, as Intuit asks, and goes on', async () => {
    const log: HttpLogEntry[] = []
    w = await quickBooksWorld({ throttleScale: SCALE, log: (e) => log.push(e) })
    w.fake.inject({ when: (r) => r.path === '/query', status: 429, body: '<IntuitResponse><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded</Message><Detail>The request limit was reached.</Detail></Error></Fault></IntuitResponse>' })
    const { response } = await w.session.api.query('SELECT * FROM Item')
    expect((response.Item as unknown[]).length).toBe(3)
    expect(log.map((e) => [e.status, e.error?.code, e.retry?.waitMs])).toEqual([
      [429, 'RATE_LIMIT', 60_000 * SCALE],
      [200, undefined, undefined]
    ])
    expect(w.session.api.limiters.company.stats().throttled429).toBe(1)
  })
})
