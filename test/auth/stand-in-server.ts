/**
 * A stand-in OAuth 2 authorization server on 127.0.0.1, strict where the real ones
 * (Xero, Google, Microsoft, Salesforce) are strict: the authorization code works once,
 * only for the redirect address and PKCE challenge it was issued with, and the token
 * endpoint checks the S256 verifier (RFC 7636 §4.6). `/me` answers only a token it issued.
 *
 * The "browser" is `signIn`: it asks /authorize as a person clicking Allow (or Deny) would,
 * then follows the redirect to Patchbay's loopback listener with real HTTP.
 */
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

interface Grant {
  redirectUri: string
  challenge: string
  method: string
  clientId: string
}

/** A running stand-in. */
export interface StandInAuthServer {
  url: string
  authorizeUrl: string
  tokenUrl: string
  clientId: string
  /** Token requests the server refused, with the OAuth error it gave. */
  refused: string[]
  /** What the browser does: open the sign-in address, choose Allow or Deny, and follow the redirect. Returns the page Patchbay showed. */
  signIn(signInUrl: string, choice?: 'allow' | 'deny', tamper?: (redirect: URL) => void): Promise<{ status: number; body: string }>
  close(): Promise<void>
}

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/** Starts the stand-in on an ephemeral loopback port. */
export async function startStandInAuthServer(o: { clientId?: string; accountName?: string } = {}): Promise<StandInAuthServer> {
  const clientId = o.clientId ?? 'patchbay-desktop'
  const codes = new Map<string, Grant>()
  const tokens = new Set<string>()
  const refused: string[] = []
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(value))
      }
      if (url.pathname === '/authorize') {
        const q = url.searchParams
        const redirect = new URL(q.get('redirect_uri') ?? '')
        // RFC 8252 §7.3: a loopback redirect with any port is accepted for native apps.
        if (redirect.hostname !== '127.0.0.1' || q.get('client_id') !== clientId || q.get('response_type') !== 'code') return json(400, { error: 'invalid_request' })
        if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return json(400, { error: 'invalid_request', error_description: 'PKCE is required' })
        redirect.searchParams.set('state', q.get('state') ?? '')
        if (q.get('choice') === 'deny') {
          redirect.searchParams.set('error', 'access_denied')
          redirect.searchParams.set('error_description', 'The user declined.')
        } else {
          const code = randomBytes(12).toString('hex')
          codes.set(code, { redirectUri: q.get('redirect_uri')!, challenge: q.get('code_challenge')!, method: q.get('code_challenge_method')!, clientId })
          redirect.searchParams.set('code', code)
        }
        res.writeHead(302, { location: redirect.toString() })
        return res.end()
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const f = await body(req)
        const refuse = (error: string) => {
          refused.push(error)
          json(400, { error })
        }
        if (f.get('grant_type') !== 'authorization_code') return refuse('unsupported_grant_type')
        const grant = codes.get(f.get('code') ?? '')
        codes.delete(f.get('code') ?? '')
        if (!grant || grant.redirectUri !== f.get('redirect_uri') || f.get('client_id') !== grant.clientId) return refuse('invalid_grant')
        const verifier = f.get('code_verifier') ?? ''
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return refuse('invalid_grant: PKCE verifier does not match')
        const access = randomBytes(16).toString('hex')
        tokens.add(access)
        return json(200, { access_token: access, refresh_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 1800 })
      }
      if (url.pathname === '/me') {
        const t = (req.headers.authorization ?? '').replace(/^Bearer /, '')
        return tokens.has(t) ? json(200, { name: o.accountName ?? 'Harbour Bakery Ltd' }) : json(401, { error: 'invalid_token' })
      }
      json(404, { error: 'not_found' })
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url,
    authorizeUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    clientId,
    refused,
    async signIn(signInUrl, choice = 'allow', tamper) {
      const ask = new URL(signInUrl)
      ask.searchParams.set('choice', choice)
      const r = await fetch(ask, { redirect: 'manual' })
      const location = r.headers.get('location')
      if (!location) return { status: r.status, body: await r.text() }
      const back = new URL(location)
      tamper?.(back)
      const page = await fetch(back)
      return { status: page.status, body: await page.text() }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
