import { afterEach, describe, expect, it } from 'vitest'
import { bearer } from '../../../src/main/connectors/http/auth'
import { createHttpClient } from '../../../src/main/connectors/http/client'
import { hubspot, quickbooks, stripe } from '../../../src/main/connectors/http/presets'
import { json, startServer, type TestServer } from './server'

let server: TestServer | undefined
afterEach(async () => server?.close())

describe('vendor presets', () => {
  it('send a QuickBooks idempotency key as the requestid parameter', async () => {
    server = await startServer((_req, res) => json(res, 200, { Customer: { Id: '1' } }))
    const client = createHttpClient({ ...quickbooks, baseURL: server.url, auth: bearer('t0k3n-for-tests') })
    await client.request({ method: 'POST', url: '/v3/company/1/customer', data: {}, idempotencyKey: 'run-7-create-42', params: { minorversion: 75 } })
    expect(Object.fromEntries(server.seen[0].url.searchParams)).toEqual({ minorversion: '75', requestid: 'run-7-create-42' })
    expect(client.stats().limit).toBe(8)
  })

  it('read HubSpot rate-limit headers', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, {}, { 'X-HubSpot-RateLimit-Remaining': '57', 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' })
    )
    const client = createHttpClient({ ...hubspot, baseURL: server.url, auth: bearer('pat-na1-test') })
    await client.request({ url: '/crm/v3/objects/contacts' })
    expect(client.stats()).toMatchObject({ remaining: 57, limit: 190 })
  })

  it('pace Stripe test mode slower than live', () => {
    expect(stripe('test').limits?.intervalCap).toBeLessThan(stripe('live').limits?.intervalCap ?? 0)
  })
})
