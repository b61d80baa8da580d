/**
 * Intuit's OAuth 2 server, as far as Patchbay meets it: the token endpoint at
 * /oauth2/v1/tokens/bearer (client secret as HTTP Basic; authorization_code and
 * refresh_token grants; access tokens for an hour; refresh tokens that rotate) and the
 * bearer check on every API call.
 */
import { randomBytes } from 'node:crypto'

/** One Intuit developer app the business registered. */
export interface FakeApp {
  clientId: string
  clientSecret: string
  redirectUris: string[]
}

/** The OAuth state of the fake. */
export class FakeOAuth {
  private readonly codes = new Map<string, { realmId: string; redirectUri: string }>()
  private readonly access = new Map<string, number>()
  private readonly refresh = new Set<string>()
  /** Token-endpoint calls, by grant type. */
  readonly grants: string[] = []

  constructor(
    readonly app: FakeApp,
    private readonly now: () => number = Date.now
  ) {}

  /** What the authorize page does once the user clicks Connect: a one-time code. */
  authorize(realmId: string, redirectUri: string): string {
    if (!this.app.redirectUris.includes(redirectUri)) throw new Error(`redirect_uri ${redirectUri} is not registered on the app`)
    const code = `AB${randomBytes(12).toString('hex')}`
    this.codes.set(code, { realmId, redirectUri })
    return code
  }

  /** Issues a token pair directly (a connection that was set up earlier). */
  issue(): { accessToken: string; refreshToken: string } {
    const accessToken = `eyJ.${randomBytes(16).toString('hex')}`
    const refreshToken = `AB11${randomBytes(16).toString('hex')}`
    this.access.set(accessToken, this.now() + 3_600_000)
    this.refresh.add(refreshToken)
    return { accessToken, refreshToken }
  }

  /** Makes every access token expire now, as an hour passing would. */
  expireAccessTokens(): void {
    for (const k of this.access.keys()) this.access.set(k, 0)
  }

  /** Revokes everything, as disconnecting the app in QuickBooks does. */
  revokeAll(): void {
    this.access.clear()
    this.refresh.clear()
  }

  /** Is this Authorization header a live bearer token? */
  check(header: string | undefined): 'ok' | 'missing' | 'expired' | 'invalid' {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1]
    if (!token) return 'missing'
    const until = this.access.get(token)
    if (until === undefined) return 'invalid'
    return until > this.now() ? 'ok' : 'expired'
  }

  /** The token endpoint: form body and Basic auth in, JSON (and a status) out. */
  token(authorization: string | undefined, form: URLSearchParams): { status: number; body: Record<string, unknown> } {
    const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1]
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))) : []
    if (id !== this.app.clientId || secret !== this.app.clientSecret) return { status: 401, body: { error: 'invalid_client' } }
    const grant = form.get('grant_type') ?? ''
    this.grants.push(grant)
    if (grant === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '')
      if (!code || code.redirectUri !== form.get('redirect_uri')) return { status: 400, body: { error: 'invalid_grant' } }
      this.codes.delete(form.get('code')!)
    } else if (grant === 'refresh_token') {
      const old = form.get('refresh_token') ?? ''
      if (!this.refresh.has(old)) return { status: 400, body: { error: 'invalid_grant', error_description: 'Incorrect or invalid refresh token' } }
      // Intuit rotates refresh tokens: the old one stops working once a new one is issued.
      this.refresh.delete(old)
    } else return { status: 400, body: { error: 'unsupported_grant_type' } }
    const pair = this.issue()
    return {
      status: 200,
      body: { token_type: 'bearer', access_token: pair.accessToken, expires_in: 3600, refresh_token: pair.refreshToken, x_refresh_token_expires_in: 8_726_400 }
    }
  }
}
