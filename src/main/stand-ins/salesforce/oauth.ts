/**
 * Salesforce's OAuth 2 server as far as Patchbay meets it: the web-server flow with PKCE
 * through a Connected App (consumer key; the secret only if the app requires it),
 * `/services/oauth2/authorize` answering with a redirect that carries `code` and `state`,
 * `/services/oauth2/token` for `authorization_code` (with `code_verifier`) and
 * `refresh_token` grants, and `/services/oauth2/revoke`. Access tokens live until the
 * session times out (`expireSessions`); refresh tokens until revoked.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'

/** The Connected App the owner created. */
export interface FakeConnectedApp {
  consumerKey: string
  /** Checked only when `requireSecret` (the app's "Require Secret for Web Server Flow"). */
  consumerSecret: string
  requireSecret: boolean
  callbackUrls: string[]
}

/** A token endpoint answer: status and JSON body. */
export interface TokenAnswer {
  status: number
  body: Record<string, unknown>
}

const b64url = (buf: Buffer): string => buf.toString('base64url')

/** The OAuth state of the fake org. */
export class FakeSalesforceOAuth {
  private readonly codes = new Map<string, { redirectUri: string; challenge?: string; at: number }>()
  private readonly access = new Set<string>()
  private readonly refresh = new Set<string>()
  /** Token-endpoint calls, by grant type. */
  readonly grants: string[] = []

  constructor(
    readonly app: FakeConnectedApp,
    private readonly instanceUrl: () => string,
    private readonly orgId: string,
    private readonly userId: string,
    private readonly now: () => number
  ) {}

  /** The authorize page after the user logged in and clicked Allow: where the browser goes next. */
  authorize(q: URLSearchParams): { status: number; location?: string; error?: string } {
    if (q.get('response_type') !== 'code') return { status: 400, error: 'unsupported_response_type' }
    if (q.get('client_id') !== this.app.consumerKey) return { status: 400, error: 'invalid_client_id' }
    const redirectUri = q.get('redirect_uri') ?? ''
    if (!this.app.callbackUrls.includes(redirectUri)) return { status: 400, error: 'redirect_uri_mismatch' }
    const challenge = q.get('code_challenge') ?? undefined
    if (challenge && (q.get('code_challenge_method') ?? 'S256') !== 'S256') return { status: 400, error: 'invalid_request' }
    const code = `aPrx${b64url(randomBytes(24))}`
    this.codes.set(code, { redirectUri, challenge, at: this.now() })
    const to = new URL(redirectUri)
    to.searchParams.set('code', code)
    const state = q.get('state')
    if (state !== null) to.searchParams.set('state', state)
    return { status: 302, location: to.toString() }
  }

  /** Issues a token pair directly (a connection set up earlier, for tests). */
  issue(): { accessToken: string; refreshToken: string } {
    const accessToken = `${this.orgId}!AQ${b64url(randomBytes(30))}`
    const refreshToken = `5Aep${b64url(randomBytes(30))}`
    this.access.add(accessToken)
    this.refresh.add(refreshToken)
    return { accessToken, refreshToken }
  }

  /** Is this Authorization header a live session? */
  check(header: string | undefined): boolean {
    const token = /^(?:Bearer|OAuth) (.+)$/.exec(header ?? '')?.[1]
    return token !== undefined && this.access.has(token)
  }

  /** Every session times out (refresh tokens still work). */
  expireSessions(): void {
    this.access.clear()
  }

  /** The app is disconnected (Setup › Connected Apps OAuth Usage › Revoke): nothing works. */
  revokeAll(): void {
    this.access.clear()
    this.refresh.clear()
  }

  /** `POST /services/oauth2/token`. */
  token(form: URLSearchParams): TokenAnswer {
    const grant = form.get('grant_type') ?? ''
    this.grants.push(grant)
    if (form.get('client_id') !== this.app.consumerKey) return { status: 400, body: { error: 'invalid_client_id', error_description: 'client identifier invalid' } }
    if (this.app.requireSecret && form.get('client_secret') !== this.app.consumerSecret) return { status: 400, body: { error: 'invalid_client', error_description: 'invalid client credentials' } }
    let refreshToken: string | undefined
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '')
      this.codes.delete(form.get('code') ?? '')
      if (!code || code.redirectUri !== form.get('redirect_uri') || this.now() - code.at > 15 * 60_000) return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid authorization code' } }
      const verifier = form.get('code_verifier')
      if (code.challenge && !verifier) return { status: 400, body: { error: 'invalid_grant', error_description: 'invalid code verifier' } }
      if (code.challenge && b64url(createHash('sha256').update(verifier!).digest()) !== code.challenge) return { status: 400, body: { error: 'invalid_request', error_description: 'invalid code verifier' } }
      const pair = this.issue()
      refreshToken = pair.refreshToken
      return this.answer(pair.accessToken, refreshToken)
    }
    if (grant === 'refresh_token') {
      if (!this.refresh.has(form.get('refresh_token') ?? '')) return { status: 400, body: { error: 'invalid_grant', error_description: 'expired access/refresh token' } }
      const accessToken = `${this.orgId}!AQ${b64url(randomBytes(30))}`
      this.access.add(accessToken)
      // Salesforce keeps the refresh token (no rotation unless the app asks for it): none in the answer.
      return this.answer(accessToken)
    }
    return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' } }
  }

  /** `POST /services/oauth2/revoke` with `token`: revoking a refresh token ends its sessions too. */
  revoke(form: URLSearchParams): TokenAnswer {
    const token = form.get('token') ?? ''
    if (this.refresh.delete(token)) {
      this.access.clear()
      return { status: 200, body: {} }
    }
    return this.access.delete(token) ? { status: 200, body: {} } : { status: 400, body: { error: 'unsupported_token_type', error_description: 'this token type is not supported' } }
  }

  private answer(accessToken: string, refreshToken?: string): TokenAnswer {
    const id = `${this.instanceUrl()}/id/${this.orgId}/${this.userId}`
    const issuedAt = String(this.now())
    // Salesforce signs id + issued_at with the consumer secret (HMAC-SHA256, base64).
    const signature = createHmac('sha256', this.app.consumerSecret).update(id + issuedAt).digest('base64')
    return {
      status: 200,
      body: {
        access_token: accessToken,
        ...(refreshToken ? { refresh_token: refreshToken } : {}),
        signature,
        scope: 'refresh_token api',
        instance_url: this.instanceUrl(),
        id,
        token_type: 'Bearer',
        issued_at: issuedAt
      }
    }
  }
}
