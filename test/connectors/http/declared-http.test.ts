/**
 * What differs between vendors is data: the HTTP descriptions of the declared connectors
 * (pinned version and where it travels, idempotency keys, limits and the headers that
 * correct them) as the toolkit turns them into a connection's clients, against a real
 * server on 127.0.0.1.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { bearer } from '../../../src/main/connectors/http/auth'
import { connectionHttp } from '../../../src/main/connectors/platform'
import { HUBSPOT_HTTP } from '../../../src/main/connectors/hubspot/http'
import { hubspotSettingsSchema } from '../../../src/main/connectors/hubspot/settings'
import { QBO_HTTP } from '../../../src/main/connectors/quickbooks/http'
import { quickbooksSettingsSchema } from '../../../src/main/connectors/quickbooks/settings'
import { STRIPE_HTTP } from '../../../src/main/connectors/stripe/http'
import { stripeSettingsSchema } from '../../../src/main/connectors/stripe/settings'
import { json, startServer, type TestServer } from './server'

let server: TestServer | undefined
afterEach(async () => server?.close())

describe('declared HTTP descriptions', () => {
  it('send QuickBooks its minorversion and idempotency key as query parameters, within 8 calls a second', async () => {
    server = await startServer((_req, res) => json(res, 200, { Customer: { Id: '1' } }))
    const settings = quickbooksSettingsSchema.parse({ realmId: '1', baseUrl: server.url })
    const http = connectionHttp('QuickBooks', QBO_HTTP, { connectionId: 'qbo', settings, secrets: {} }, bearer('t0k3n-for-tests'))
    await http.client.request({ method: 'POST', url: '/customer', data: {}, idempotencyKey: 'run-7-create-42' })
    expect(server.seen[0].url.pathname).toBe('/v3/company/1/customer')
    expect(Object.fromEntries(server.seen[0].url.searchParams)).toEqual({ minorversion: '75', requestid: 'run-7-create-42' })
    expect(http.client.stats().limit).toBe(8)
  })

  it('count a QuickBooks batch call against the company budget as well as its own', async () => {
    server = await startServer((_req, res) => json(res, 200, { BatchItemResponse: [] }))
    const settings = quickbooksSettingsSchema.parse({ realmId: '1', baseUrl: server.url })
    const http = connectionHttp('QuickBooks', QBO_HTTP, { connectionId: 'qbo', settings, secrets: {} }, bearer('t0k3n-for-tests'))
    await http.lane('batch').request({ method: 'POST', url: '/batch', data: {} })
    expect(http.limiter.stats().requests).toBe(1)
  })

  it('read HubSpot rate-limit headers', async () => {
    server = await startServer((_req, res) =>
      json(res, 200, {}, { 'X-HubSpot-RateLimit-Remaining': '57', 'X-HubSpot-RateLimit-Max': '190', 'X-HubSpot-RateLimit-Interval-Milliseconds': '10000' })
    )
    const settings = hubspotSettingsSchema.parse({ baseUrl: server.url })
    const http = connectionHttp('HubSpot', HUBSPOT_HTTP, { connectionId: 'hs', settings, secrets: {} }, bearer('pat-na1-test'))
    await http.client.request({ url: '/crm/objects/2026-03/contacts' })
    expect(http.client.stats()).toMatchObject({ remaining: 57, limit: 190 })
  })

  it('pin Stripe-Version in a header and pace a test key slower than a live one', async () => {
    server = await startServer((_req, res) => json(res, 200, { object: 'list', data: [], has_more: false }))
    const settings = stripeSettingsSchema.parse({ baseUrl: server.url })
    const open = (apiKey: string) => connectionHttp('Stripe', STRIPE_HTTP, { connectionId: 'st', settings, secrets: { apiKey } }, bearer(apiKey))
    const test = open('sk_test_51PatchbayTestKey')
    await test.client.request({ url: '/v1/charges' })
    expect(server.seen[0].headers['stripe-version']).toBe('2023-08-16')
    expect(test.client.stats().limit).toBe(25)
    expect(open('sk_live_51PatchbayLiveKey').client.stats().limit).toBe(100)
  })
})
