/**
 * The client against real local servers: retries, classification, schema checks,
 * auth refresh and scrubbed logs, through axios and node:http for real.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ApiChangedError, AuthError, RateLimitError, RecordError, TransientError } from '../../../src/main/errors'
import { apiKey, bearer } from '../../../src/main/connectors/http/auth'
import { createHttpClient, type HttpClientOptions, type HttpLogEntry } from '../../../src/main/connectors/http/client'
import { oauth2Pkce, type OAuthTokens } from '../../../src/main/connectors/http/oauth2'
import * as paginate from '../../../src/main/connectors/http/paginate'
import { startAuthServer, type FakeAuthServer } from './oauth-server'
import { json, startServer, type Handler, type TestServer } from './server'

const servers: Array<TestServer | FakeAuthServer['server']> = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function serve(handler: Handler): Promise<TestServer> {
  const s = await startServer(handler)
  servers.push(s)
  return s
}

/** Answers from a script, one entry per request; the last one repeats. */
function script(...steps: Array<(res: Parameters<Handler>[1], req: Parameters<Handler>[0]) => void>): Handler {
  let i = 0
  return (req, res) => steps[Math.min(i++, steps.length - 1)](res, req)
}

const SECRET = 'sk_test_51NOTAREALKEYbutLongEnough'
function clientFor(server: TestServer, extra: Partial<HttpClientOptions> = {}): { client: ReturnType<typeof createHttpClient>; logs: HttpLogEntry[] } {
  const logs: HttpLogEntry[] = []
  const client = createHttpClient({
    system: 'Stripe',
    connectionId: 'stripe-main',
    baseURL: server.url,
    auth: bearer(SECRET),
    headers: { 'Stripe-Version': '2026-09-30' },
    retry: { baseMs: 1, capMs: 5 },
    log: (e) => logs.push(e),
    ...extra
  })
  return { client, logs }
}

const customer = z.object({ id: z.string(), email: z.string() })

describe('http client: retries', () => {
  it('rides out a burst of 5xx and returns the answer', async () => {
    const server = await serve(script((r) => json(r, 503, { error: { message: 'busy' } }), (r) => json(r, 502, 'Bad Gateway'), (r) => json(r, 200, { id: 'cus_1', email: 'a@b.co' })))
    const { client, logs } = clientFor(server)
    await expect(client.request({ url: '/v1/customers/cus_1', schema: customer })).resolves.toEqual({ id: 'cus_1', email: 'a@b.co' })
    expect(server.seen).toHaveLength(3)
    expect(logs.map((l) => [l.status, l.attempt, l.retry?.retry])).toEqual([[503, 1, true], [502, 2, true], [200, 3, undefined]])
    expect(logs[0].error).toMatchObject({ code: 'TRANSIENT' })
  })

  it('retries a GET whose connection the server reset', async () => {
    // The first answer: the server destroys the socket without a word.
    const server = await serve((_req, res, raw) => {
      if (server.seen.length === 1) raw.socket.destroy()
      else json(res, 200, { id: 'cus_2', email: 'c@d.co' })
    })
    const { client, logs } = clientFor(server)
    await expect(client.request({ url: '/v1/customers/cus_2', schema: customer })).resolves.toMatchObject({ id: 'cus_2' })
    expect(server.seen).toHaveLength(2)
    expect(logs[0]).toMatchObject({ status: null, error: { code: 'TRANSIENT' }, retry: { retry: true } })
  })

  it('gives up after the attempt budget with a TransientError', async () => {
    const server = await serve((_req, res) => json(res, 500, { error: { message: 'down' } }))
    const { client } = clientFor(server, { retry: { baseMs: 1, maxAttempts: 3 } })
    const error = await client.request({ url: '/v1/x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransientError)
    expect((error as TransientError).meta).toMatchObject({ status: 500, vendorMessage: 'down', connectionId: 'stripe-main' })
    expect(server.seen).toHaveLength(3)
  })

  it('does not repeat a POST that may have been applied, unless it carries an idempotency key', async () => {
    // The first try of every request dies after reaching the server: did it create the customer?
    const keys = new Set<string>()
    const server = await serve((req, res, raw) => {
      const key = String(req.headers['idempotency-key'] ?? '')
      if (!key || !keys.has(key)) {
        keys.add(key)
        raw.socket.destroy()
      } else json(res, 200, { id: 'cus_3', email: 'e@f.co' })
    })
    const { client } = clientFor(server)
    await expect(client.request({ method: 'POST', url: '/v1/customers', data: 'email=e@f.co' })).rejects.toBeInstanceOf(TransientError)
    expect(server.seen).toHaveLength(1)

    await expect(client.request({ method: 'POST', url: '/v1/customers', data: 'email=e@f.co', idempotencyKey: 'create-e@f.co' })).resolves.toMatchObject({ id: 'cus_3' })
    const keyed = server.seen.slice(1)
    expect(keyed.map((r) => r.headers['idempotency-key'])).toEqual(['create-e@f.co', 'create-e@f.co'])
  })

  it('waits out 429s without spending the transient budget', async () => {
    const server = await serve(
      script(
        (r) => json(r, 429, {}, { 'retry-after': '0' }),
        (r) => json(r, 429, {}, { 'retry-after': '0' }),
        (r) => json(r, 429, {}, { 'retry-after': '0' }),
        (r) => json(r, 503, {}),
        (r) => json(r, 200, { id: 'cus_4', email: 'g@h.co' })
      )
    )
    const { client } = clientFor(server, { retry: { baseMs: 1, maxAttempts: 2 } })
    await expect(client.request({ url: '/v1/customers/cus_4', schema: customer })).resolves.toMatchObject({ id: 'cus_4' })
    expect(client.stats().throttled429).toBe(3)
  })

  it('reports a rate limit it will not wait for as a RateLimitError', async () => {
    const server = await serve((_req, res) => json(res, 429, {}, { 'retry-after': '86400' }))
    const { client } = clientFor(server)
    const error = await client.request({ url: '/v1/x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitError)
    expect((error as RateLimitError).waitMs).toBe(86_400_000)
  })

  it('times out a silent server and retries it', async () => {
    const server = await serve(() => undefined)
    const { client, logs } = clientFor(server, { timeoutMs: 50, retry: { baseMs: 1, maxAttempts: 2 } })
    await expect(client.request({ url: '/v1/slow' })).rejects.toBeInstanceOf(TransientError)
    expect(server.seen).toHaveLength(2)
    expect(logs.map((l) => l.status)).toEqual([null, null])
  })

  it('stops retrying when the caller aborts', async () => {
    const server = await serve((_req, res) => json(res, 503, {}))
    const { client } = clientFor(server, { retry: { baseMs: 60_000, capMs: 60_000 } })
    const controller = new AbortController()
    const pending = client.request({ url: '/v1/x', signal: controller.signal })
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5))
    controller.abort(new Error('run cancelled'))
    await expect(pending).rejects.toThrow('run cancelled')
  })
})

describe('http client: what comes back', () => {
  it('calls a body of the wrong shape an API change, keeps a sample and does not retry', async () => {
    const server = await serve((_req, res) => json(res, 200, { id: 42, mail: 'x@y.co' }))
    const { client, logs } = clientFor(server)
    const error = await client.request({ url: '/v1/customers/cus_5', schema: customer }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiChangedError)
    expect((error as ApiChangedError).sample).toContain('"mail":"x@y.co"')
    expect((error as ApiChangedError).message).toMatch(/id: .*email: /s)
    expect(server.seen).toHaveLength(1)
    expect(logs[0]).toMatchObject({ status: 200, error: { code: 'API_CHANGED' }, sample: expect.stringContaining('mail') })
  })

  it('calls an HTML maintenance page an API change too', async () => {
    const server = await serve((_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Back soon</html>'))
    const { client } = clientFor(server)
    await expect(client.request({ url: '/v1/customers', schema: customer })).rejects.toBeInstanceOf(ApiChangedError)
  })

  it('turns a 422 into a RecordError with the vendor message, without retrying', async () => {
    const server = await serve((_req, res) => json(res, 422, { error: { message: 'Invalid email address: nope' } }))
    const { client } = clientFor(server)
    const error = await client.request({ method: 'POST', url: '/v1/customers', data: { email: 'nope' } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RecordError)
    expect((error as RecordError).meta).toMatchObject({ status: 422, vendorMessage: 'Invalid email address: nope' })
    expect(server.seen).toHaveLength(1)
  })

  it('sends pinned headers, repeated params and returns headers for Link pagination', async () => {
    const server = await serve((req, res) => {
      const page = Number(req.url.searchParams.get('page') ?? '1')
      const link: Record<string, string> = page < 2 ? { link: `</items?page=${page + 1}&properties=email>; rel="next"` } : {}
      json(res, 200, [page], link)
    })
    const { client } = clientFor(server)
    const pages: number[][] = []
    for await (const page of paginate.linkHeader((url) => client.send<number[]>(url ? { url } : { url: '/items', params: { page: 1, properties: ['email', 'phone'] } }))) {
      pages.push(page.data)
    }
    expect(pages).toEqual([[1], [2]])
    expect(server.seen[0].url.search).toBe('?page=1&properties=email&properties=phone')
    expect(server.seen[0].headers['stripe-version']).toBe('2026-09-30')
  })
})

describe('http client: credentials', () => {
  function tokenStore(initial: OAuthTokens): { get: () => Promise<OAuthTokens | undefined>; set: (t: OAuthTokens) => Promise<void>; current: () => OAuthTokens } {
    let tokens = initial
    return { get: async () => tokens, set: async (t) => void (tokens = t), current: () => tokens }
  }

  async function oauthSetup(initial: Partial<OAuthTokens> = {}): Promise<{ auth: FakeAuthServer; api: TestServer; store: ReturnType<typeof tokenStore>; client: ReturnType<typeof createHttpClient>; logs: HttpLogEntry[] }> {
    const auth = await startAuthServer()
    servers.push(auth.server)
    // The API accepts only the newest token the auth server issued.
    const api = await serve((req, res) => {
      if (req.headers.authorization === `Bearer access-${auth.issued}` && auth.issued > 0) return json(res, 200, { id: 'c1', email: 'a@b.co' })
      json(res, 401, { message: 'token expired' })
    })
    const store = tokenStore({ accessToken: 'stale-access', refreshToken: 'refresh-0', expiresAt: Date.now() + 3_600_000, ...initial })
    const provider = oauth2Pkce({ system: 'HubSpot', clientId: 'patchbay-test', authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl, scopes: ['contacts'], tokens: store })
    const logs: HttpLogEntry[] = []
    const client = createHttpClient({ system: 'HubSpot', baseURL: api.url, auth: provider, retry: { baseMs: 1 }, log: (e) => logs.push(e) })
    return { auth, api, store, client, logs }
  }

  it('refreshes once after a 401 and succeeds', async () => {
    const { auth, api, store, client, logs } = await oauthSetup()
    await expect(client.request({ url: '/crm/v3/objects/contacts/c1', schema: customer })).resolves.toMatchObject({ id: 'c1' })
    expect(auth.refreshes).toBe(1)
    expect(api.seen.map((r) => r.headers.authorization)).toEqual(['Bearer stale-access', 'Bearer access-1'])
    // The server sent no new refresh token, so the old one is kept.
    expect(store.current()).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-0' })
    expect(logs.map((l) => l.status)).toEqual([401, 200])
  })

  it('refreshes before expiry without waiting for a 401', async () => {
    const { auth, api, client } = await oauthSetup({ expiresAt: Date.now() + 10_000 })
    await client.request({ url: '/crm/v3/objects/contacts/c1' })
    expect(auth.refreshes).toBe(1)
    expect(api.seen.map((r) => r.headers.authorization)).toEqual(['Bearer access-1'])
  })

  it('shares one refresh between concurrent requests', async () => {
    const { auth, client } = await oauthSetup()
    await Promise.all(Array.from({ length: 5 }, () => client.request({ url: '/crm/v3/objects/contacts/c1' })))
    expect(auth.refreshes).toBe(1)
  })

  it('says "reconnect" when the refresh is refused', async () => {
    const { auth, client } = await oauthSetup()
    auth.refresh = 'invalid_grant'
    const error = await client.request({ url: '/crm/v3/objects/contacts/c1' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).meta).toMatchObject({ hint: 'Reconnect HubSpot in Connections', vendorMessage: 'refresh token revoked' })
    expect(auth.refreshes).toBe(1)
  })

  it('retries a refresh that failed for a network reason', async () => {
    const { auth, client } = await oauthSetup()
    auth.refresh = 'down'
    const pending = client.request({ url: '/crm/v3/objects/contacts/c1' })
    // Let the first refresh fail, then bring the token endpoint back.
    while (auth.refreshes === 0) await new Promise((r) => setTimeout(r, 2))
    auth.refresh = 'ok'
    await expect(pending).resolves.toMatchObject({ id: 'c1' })
  })

  it('refreshes only once: a second 401 is an AuthError', async () => {
    const auth = await startAuthServer()
    servers.push(auth.server)
    const api = await serve((_req, res) => json(res, 401, { message: 'nope' }))
    const store = tokenStore({ accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 3_600_000 })
    const client = createHttpClient({
      system: 'HubSpot',
      baseURL: api.url,
      auth: oauth2Pkce({ system: 'HubSpot', clientId: 'patchbay-test', authorizeUrl: auth.authorizeUrl, tokenUrl: auth.tokenUrl, scopes: [], tokens: store })
    })
    await expect(client.request({ url: '/x' })).rejects.toBeInstanceOf(AuthError)
    expect(auth.refreshes).toBe(1)
    expect(api.seen).toHaveLength(2)
  })

  it('never logs a credential', async () => {
    const server = await serve(script((r) => json(r, 500, { message: `echo ${SECRET}` }), (r) => json(r, 200, { ok: true })))
    const logs: HttpLogEntry[] = []
    const make = (auth: HttpClientOptions['auth']): ReturnType<typeof createHttpClient> =>
      createHttpClient({ system: 'Vendor', baseURL: server.url, auth, retry: { baseMs: 1 }, log: (e) => logs.push(e) })
    await make(bearer(SECRET)).request({ url: '/a', params: { limit: 5 } })
    await make(apiKey({ key: SECRET, header: 'api-key' })).request({ url: '/b' })
    await make(apiKey({ key: SECRET, query: 'apikey' })).request({ url: '/c' })
    await make(apiKey({ key: SECRET, basic: 'password' })).request({ url: '/d' })
    await make(apiKey({ key: SECRET, header: 'X-Custom-Auth', prefix: 'Key ' })).request({ url: '/e', params: { access_token: SECRET } })
    expect(logs.length).toBeGreaterThanOrEqual(6)
    const text = JSON.stringify(logs)
    expect(text).not.toContain(SECRET)
    expect(text).not.toContain(Buffer.from(`patchbay:${SECRET}`).toString('base64'))
    expect(text).toContain('[redacted]')
    expect(logs[0]).toMatchObject({ event: 'http', method: 'GET', status: 500 })
    expect(logs[0].url).toBe(`${server.url}/a?limit=5`)
    // The credentials did reach the server.
    expect(server.seen.find((r) => r.url.pathname === '/c')?.url.searchParams.get('apikey')).toBe(SECRET)
  })

  it('offers "Test connection" through the auth provider', async () => {
    const server = await serve((req, res) => (req.headers['api-key'] === SECRET ? json(res, 200, { account: { name: 'Acme Ltd' } }) : json(res, 401, { message: 'bad key' })))
    const check = { url: '/account', accountName: (b: unknown) => (b as { account: { name: string } }).account.name }
    const good = createHttpClient({ system: 'ShipStation', baseURL: server.url, auth: apiKey({ key: SECRET, header: 'api-key', check }) })
    await expect(good.test()).resolves.toEqual({ ok: true, accountName: 'Acme Ltd', message: 'Connected as Acme Ltd' })
    const bad = createHttpClient({ system: 'ShipStation', baseURL: server.url, auth: apiKey({ key: 'wrong-key-123', header: 'api-key', check }) })
    const result = await bad.test()
    expect(result.ok).toBe(false)
    expect(result.message).toContain('Reconnect ShipStation in Connections')
  })
})
