/**
 * A tiny OAuth 2 authorization server for tests: /authorize checks the PKCE request and
 * redirects to the loopback redirect_uri; /token checks the verifier and issues or
 * refreshes tokens. Behaviour is switched by fields on the returned object.
 */
import { createHash } from 'node:crypto'
import { json, startServer, type TestServer } from './server'

export interface FakeAuthServer {
  server: TestServer
  authorizeUrl: string
  tokenUrl: string
  /** Answer to the next refresh: new tokens, or an OAuth error. */
  refresh: 'ok' | 'invalid_grant' | 'down'
  /** What /authorize does: redirect with a code, or with an error. */
  consent: 'grant' | 'deny'
  issued: number
  refreshes: number
  lastTokenForm?: URLSearchParams
}

export async function startAuthServer(clientId = 'patchbay-test'): Promise<FakeAuthServer> {
  const codes = new Map<string, { challenge: string; redirectUri: string }>()
  const fake: FakeAuthServer = { refresh: 'ok', consent: 'grant', issued: 0, refreshes: 0 } as FakeAuthServer
  fake.server = await startServer((req, res) => {
    if (req.url.pathname === '/authorize') {
      const q = req.url.searchParams
      const redirect = new URL(q.get('redirect_uri') ?? '')
      // RFC 8252 §7.3: any port on the loopback address is allowed.
      if (q.get('client_id') !== clientId || redirect.hostname !== '127.0.0.1' || q.get('code_challenge_method') !== 'S256' || q.get('response_type') !== 'code') {
        return json(res, 400, { error: 'invalid_request' })
      }
      if (fake.consent === 'deny') {
        redirect.searchParams.set('error', 'access_denied')
        redirect.searchParams.set('error_description', 'The user said no')
      } else {
        const code = `code-${codes.size + 1}`
        codes.set(code, { challenge: q.get('code_challenge') ?? '', redirectUri: redirect.toString() })
        redirect.searchParams.set('code', code)
      }
      redirect.searchParams.set('state', q.get('state') ?? '')
      res.writeHead(302, { location: redirect.toString() }).end()
      return
    }
    if (req.url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(req.body)
      fake.lastTokenForm = form
      if (form.get('client_id') !== clientId) return json(res, 401, { error: 'invalid_client' })
      if (form.get('grant_type') === 'authorization_code') {
        const entry = codes.get(form.get('code') ?? '')
        const verifier = form.get('code_verifier') ?? ''
        const challenge = createHash('sha256').update(verifier).digest('base64url')
        if (!entry || entry.challenge !== challenge || entry.redirectUri.split('?')[0] !== form.get('redirect_uri')) {
          return json(res, 400, { error: 'invalid_grant', error_description: 'code or verifier does not match' })
        }
        codes.delete(form.get('code') ?? '')
        fake.issued++
        return json(res, 200, { access_token: `access-${fake.issued}`, refresh_token: `refresh-${fake.issued}`, token_type: 'Bearer', expires_in: 1800, scope: 'contacts' })
      }
      if (form.get('grant_type') === 'refresh_token') {
        fake.refreshes++
        if (fake.refresh === 'down') return json(res, 503, { error: 'temporarily_unavailable' })
        if (fake.refresh === 'invalid_grant') return json(res, 400, { error: 'invalid_grant', error_description: 'refresh token revoked' })
        fake.issued++
        // No refresh_token in the answer: the client must keep the one it has (RFC 6749 §6).
        return json(res, 200, { access_token: `access-${fake.issued}`, token_type: 'Bearer', expires_in: 1800 })
      }
      return json(res, 400, { error: 'unsupported_grant_type' })
    }
    json(res, 404, {})
  })
  fake.authorizeUrl = `${fake.server.url}/authorize`
  fake.tokenUrl = `${fake.server.url}/token`
  return fake
}
