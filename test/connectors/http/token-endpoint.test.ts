/** The refresh token's own lifetime, when a token endpoint says it: kept as `refreshExpiresAt` so the sign-in's end can be warned about. */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { requestTokens } from '../../../src/main/connectors/http/token-endpoint'

let server: Server | undefined
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())))

async function endpointAnswering(body: Record<string, unknown>): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  })
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`
}

const NOW = Date.parse('2026-11-25T09:00:00Z')
const grant = { grant_type: 'refresh_token', refresh_token: 'r-1' }

describe('the refresh token lifetime in a token response', () => {
  it.each([
    ['refresh_token_expires_in', 7_776_000],
    ['refresh_token_expires_in', '7776000'],
    ['x_refresh_token_expires_in', 7_776_000]
  ])('reads %s (%j) as an expiry time', async (name, value) => {
    const tokenUrl = await endpointAnswering({ access_token: 'a-1', refresh_token: 'r-2', expires_in: 3600, [name]: value })
    const t = await requestTokens({ system: 'Vendor', tokenUrl, clientId: 'id', now: () => NOW }, grant, 'renew')
    expect(t).toMatchObject({ expiresAt: NOW + 3_600_000, refreshExpiresAt: NOW + 7_776_000_000 })
  })

  it('leaves it out when the vendor does not say', async () => {
    const tokenUrl = await endpointAnswering({ access_token: 'a-1', refresh_token: 'r-2', expires_in: 3600 })
    const t = await requestTokens({ system: 'Vendor', tokenUrl, clientId: 'id', now: () => NOW }, grant, 'renew')
    expect(t).not.toHaveProperty('refreshExpiresAt')
  })
})
