/**
 * Auth kinds, and the OAuth 2 + PKCE sign-in end to end: the test plays the system
 * browser by following the authorize URL, which redirects to Patchbay's loopback listener.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { AuthError } from '../../../src/main/errors'
import { apiKey, bearer, type OutgoingRequest } from '../../../src/main/connectors/http/auth'
import { oauth2Pkce, type OAuthTokens } from '../../../src/main/connectors/http/oauth2'
import { codeChallengeS256, createCodeVerifier, createState, sameState } from '../../../src/main/connectors/http/pkce'
import { startAuthServer, type FakeAuthServer } from './oauth-server'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

async function authServer(): Promise<FakeAuthServer> {
  const fake = await startAuthServer()
  cleanups.push(() => fake.server.close())
  return fake
}

function memoryStore(): { get: () => Promise<OAuthTokens | undefined>; set: (t: OAuthTokens) => Promise<void>; saved: OAuthTokens[] } {
  const saved: OAuthTokens[] = []
  return { saved, get: async () => saved.at(-1), set: async (t) => void saved.push(t) }
}

const outgoing = (): OutgoingRequest => ({ method: 'GET', url: '/x', headers: {}, params: {} })

describe('PKCE', () => {
  it('matches the RFC 7636 Appendix B example', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')
  })

  it('makes verifiers of a valid length and alphabet, different every time', () => {
    const a = createCodeVerifier()
    expect(a).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/)
    expect(createCodeVerifier()).not.toBe(a)
  })

  it('compares state exactly', () => {
    const state = createState()
    expect(sameState(state, state)).toBe(true)
    expect(sameState(state, `${state}x`)).toBe(false)
    expect(sameState(state, null)).toBe(false)
  })
})

describe('API keys and bearer tokens', () => {
  it.each([
    ['a header', { header: 'api-key' }, (r: OutgoingRequest) => r.headers['api-key'], 'k-123'],
    ['a prefixed header', { header: 'Authorization', prefix: 'apikey ' }, (r: OutgoingRequest) => r.headers.Authorization, 'apikey k-123'],
    ['a query parameter', { query: 'api_key' }, (r: OutgoingRequest) => r.params.api_key, 'k-123'],
    ['Basic password (Mailchimp)', { basic: 'password' as const }, (r: OutgoingRequest) => r.headers.Authorization, `Basic ${Buffer.from('patchbay:k-123').toString('base64')}`],
    ['Basic username (Stripe)', { basic: 'username' as const }, (r: OutgoingRequest) => r.headers.Authorization, `Basic ${Buffer.from('k-123:').toString('base64')}`]
  ])('puts the key in %s', async (_name, placement, read, expected) => {
    const req = outgoing()
    await apiKey({ key: 'k-123', ...placement }).apply(req)
    expect(read(req)).toBe(expected)
  })

  it('asks the user to reconnect when no key is stored', async () => {
    const error = await apiKey({ key: '', header: 'api-key', system: 'Mailchimp' }).apply(outgoing()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).meta.hint).toBe('Reconnect Mailchimp in Connections')
  })

  it('sends a bearer token', async () => {
    const req = outgoing()
    await bearer('pat-na1-x').apply(req)
    expect(req.headers.Authorization).toBe('Bearer pat-na1-x')
  })
})

describe('OAuth 2 with PKCE through a loopback redirect', () => {
  async function provider(fake: FakeAuthServer, extra: Partial<Parameters<typeof oauth2Pkce>[0]> = {}): Promise<{ oauth: ReturnType<typeof oauth2Pkce>; store: ReturnType<typeof memoryStore> }> {
    const store = memoryStore()
    const oauth = oauth2Pkce({
      system: 'Xero',
      clientId: 'patchbay-test',
      authorizeUrl: fake.authorizeUrl,
      tokenUrl: fake.tokenUrl,
      scopes: ['offline_access', 'accounting.contacts'],
      tokens: store,
      ...extra
    })
    return { oauth, store }
  }

  it('signs in end to end and stores the tokens', async () => {
    const fake = await authServer()
    const { oauth, store } = await provider(fake)
    const start = await oauth.startAuthorization()
    const url = new URL(start.url)
    expect(start.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'patchbay-test',
      redirect_uri: start.redirectUri,
      scope: 'offline_access accounting.contacts',
      code_challenge_method: 'S256'
    })

    // The "browser": follows the authorize URL, which redirects to the loopback listener.
    const page = await fetch(start.url)
    expect(page.status).toBe(200)
    expect(page.url.startsWith(start.redirectUri)).toBe(true)
    expect(await page.text()).toContain('You can close this tab')

    const tokens = await start.tokens
    expect(tokens).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', scope: 'contacts', tokenType: 'Bearer' })
    expect(tokens.expiresAt).toBeGreaterThan(Date.now())
    expect(store.saved).toEqual([tokens])
    // The token endpoint got the verifier whose challenge the authorize URL carried (the fake checks it).
    expect(fake.lastTokenForm?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(fake.lastTokenForm?.get('client_secret')).toBeNull()

    const req = outgoing()
    await oauth.apply(req)
    expect(req.headers.Authorization).toBe('Bearer access-1')
  })

  it('ignores a redirect with the wrong state and still finishes the real one', async () => {
    const fake = await authServer()
    const { oauth } = await provider(fake)
    const start = await oauth.startAuthorization()
    const forged = await fetch(`${start.redirectUri}?code=evil&state=not-ours`)
    expect(forged.status).toBe(400)
    await forged.text()
    await (await fetch(start.url)).text()
    await expect(start.tokens).resolves.toMatchObject({ accessToken: 'access-1' })
  })

  it('reports a refusal by the user as an AuthError', async () => {
    const fake = await authServer()
    fake.consent = 'deny'
    const { oauth, store } = await provider(fake)
    const start = await oauth.startAuthorization()
    const page = await fetch(start.url)
    expect(page.status).toBe(400)
    expect(await page.text()).toContain('Access was not allowed, so nothing was changed')
    const error = await start.tokens.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).message).toMatch(/was not connected: access was not allowed/)
    // What the vendor said is kept for the log, beside the plain sentence.
    expect((error as AuthError).meta.vendorMessage).toBe('The user said no')
    expect(store.saved).toEqual([])
  })

  it('gives up when the user never comes back', async () => {
    const fake = await authServer()
    const { oauth } = await provider(fake, { authorizationTimeoutMs: 30 })
    const start = await oauth.startAuthorization()
    await expect(start.tokens).rejects.toThrow('took too long')
  })

  it('can be cancelled', async () => {
    const fake = await authServer()
    const { oauth } = await provider(fake)
    const start = await oauth.startAuthorization()
    start.cancel()
    await expect(start.tokens).rejects.toBeInstanceOf(AuthError)
    await expect(fetch(start.redirectUri)).rejects.toThrow()
  })

  it('sends a user-supplied client secret as HTTP Basic when the vendor wants it (QuickBooks)', async () => {
    const fake = await authServer()
    const { oauth } = await provider(fake, { clientSecret: 'users-own-secret', clientAuth: 'basic' })
    const start = await oauth.startAuthorization()
    await (await fetch(start.url)).text()
    await start.tokens
    const form = fake.lastTokenForm
    expect(form?.get('client_secret')).toBeNull()
    const basic = fake.server.seen.find((r) => r.url.pathname === '/token')?.headers.authorization
    expect(basic).toBe(`Basic ${Buffer.from('patchbay-test:users-own-secret').toString('base64')}`)
  })

  it('says "not signed in" before any sign-in', async () => {
    const fake = await authServer()
    const { oauth } = await provider(fake)
    const error = await oauth.apply(outgoing()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AuthError)
    expect((error as AuthError).meta.hint).toBe('Reconnect Xero in Connections')
    await expect(oauth.test({ request: async () => ({}) })).resolves.toMatchObject({ ok: false })
  })

  it('says "reconnect" when an expired token has no refresh token', async () => {
    const fake = await authServer()
    const { oauth, store } = await provider(fake)
    await store.set({ accessToken: 'old', expiresAt: Date.now() - 1 })
    await expect(oauth.apply(outgoing())).rejects.toThrow('session has expired')
  })
})
