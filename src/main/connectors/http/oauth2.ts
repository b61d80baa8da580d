/**
 * OAuth 2 authorization code with PKCE for a desktop app (RFC 6749, 7636, 8252): the
 * system browser signs the user in, a loopback listener receives the code, and tokens
 * live in the keychain through the `tokens` callbacks. Access tokens are refreshed a
 * little before they expire and once after a 401; a refused refresh is an AuthError
 * telling the user to reconnect.
 */
import { AuthError } from '../../errors'
import { testConnection, type AuthProvider, type ConnectionCheck, type OutgoingRequest } from './auth'
import { listenForRedirect } from './loopback'
import { codeChallengeS256, createCodeVerifier, createState } from './pkce'
import { requestTokens, type OAuthTokens, type TokenEndpoint } from './token-endpoint'

export type { OAuthTokens } from './token-endpoint'

/** Where a connection's tokens are kept (keychain-backed in the app). */
export interface TokenStore {
  get(): Promise<OAuthTokens | undefined>
  set(tokens: OAuthTokens): Promise<void>
}

/** Options of `oauth2Pkce`. */
export interface OAuth2Options {
  /** The system's name as the user knows it, e.g. "Xero". */
  system: string
  clientId: string
  authorizeUrl: string
  tokenUrl: string
  scopes: readonly string[]
  /** Only for vendors whose app keys the user brought (QuickBooks, HubSpot public apps). */
  clientSecret?: string
  /** @default 'body' */
  clientAuth?: 'body' | 'basic'
  tokens: TokenStore
  /**
   * Refresh this long before the access token expires, so a request never leaves with a
   * token that dies on the way.
   * @default 60_000
   */
  refreshSkewMs?: number
  /** Extra authorize parameters, e.g. Google's `access_type: 'offline'`. @default {} */
  authorizeParams?: Record<string, string>
  /** Path of the loopback redirect. @default '/callback' */
  redirectPath?: string
  /** A fixed loopback port, for vendors that match the redirect address exactly. @default 0 (any free port) */
  redirectPort?: number
  /** How long the user has to sign in. @default 300_000 */
  authorizationTimeoutMs?: number
  /** Timeout of token endpoint calls. @default 30_000 */
  timeoutMs?: number
  /** What "Test connection" requests; without one it checks that a usable token is held. */
  check?: ConnectionCheck
  /** @default Date.now */
  now?: () => number
}

/** An authorization in progress. */
export interface AuthorizationStart {
  /** Open this in the system browser. */
  url: string
  redirectUri: string
  /** Resolves with the tokens (already stored) once the user has signed in. */
  tokens: Promise<OAuthTokens>
  /** Gives up waiting; `tokens` rejects. */
  cancel(): void
}

/** The OAuth 2 provider: an AuthProvider that can also start a sign-in. */
export interface OAuth2Provider extends AuthProvider {
  readonly kind: 'oauth2'
  /** Starts the loopback listener and builds the authorization URL. */
  startAuthorization(opts?: { signal?: AbortSignal }): Promise<AuthorizationStart>
  /** Refreshes now, whatever the expiry says; single-flight with concurrent callers. */
  refreshNow(): Promise<OAuthTokens>
}

/** Creates the OAuth 2 + PKCE provider of one connection. */
export function oauth2Pkce(opts: OAuth2Options): OAuth2Provider {
  const { system } = opts
  const now = opts.now ?? Date.now
  const reconnect = `Reconnect ${system} in Connections`
  const endpoint: TokenEndpoint = {
    system,
    tokenUrl: opts.tokenUrl,
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    clientAuth: opts.clientAuth,
    timeoutMs: opts.timeoutMs,
    now
  }
  let refreshing: Promise<OAuthTokens> | undefined

  async function stored(): Promise<OAuthTokens> {
    const tokens = await opts.tokens.get()
    if (!tokens) throw new AuthError(`Patchbay is not signed in to ${system}`, { hint: reconnect })
    return tokens
  }

  function refreshNow(): Promise<OAuthTokens> {
    // Many requests can find the token stale at once; they share one refresh, since a
    // vendor that rotates refresh tokens would revoke the second use of the old one.
    refreshing ??= (async () => {
      const old = await stored()
      if (!old.refreshToken) throw new AuthError(`${system} session has expired`, { hint: reconnect })
      const fresh = await requestTokens(endpoint, { grant_type: 'refresh_token', refresh_token: old.refreshToken }, 'renew Patchbay’s access')
      // RFC 6749 §6: a server may keep the old refresh token; keep it too then.
      const tokens = { ...fresh, refreshToken: fresh.refreshToken ?? old.refreshToken, scope: fresh.scope ?? old.scope }
      await opts.tokens.set(tokens)
      return tokens
    })().finally(() => {
      refreshing = undefined
    })
    return refreshing
  }

  async function current(): Promise<OAuthTokens> {
    const tokens = await stored()
    const due = tokens.expiresAt !== undefined && tokens.expiresAt - (opts.refreshSkewMs ?? 60_000) <= now()
    return due ? refreshNow() : tokens
  }

  const provider: OAuth2Provider = {
    kind: 'oauth2',
    secretNames: { headers: ['authorization'], params: ['access_token'] },
    async apply(req) {
      req.headers.Authorization = `Bearer ${(await current()).accessToken}`
    },
    async refresh(sent: OutgoingRequest) {
      const tokens = await stored()
      // Another request already refreshed since this one left: just send it again.
      if (sent.headers.Authorization !== `Bearer ${tokens.accessToken}`) return true
      await refreshNow()
      return true
    },
    async test(client) {
      if (opts.check) return testConnection(client, opts.check)
      try {
        await current()
        return { ok: true, message: `Signed in to ${system}` }
      } catch (err) {
        return { ok: false, message: err instanceof Error ? err.message : String(err) }
      }
    },
    refreshNow,
    async startAuthorization({ signal } = {}) {
      const verifier = createCodeVerifier()
      const state = createState()
      let redirectUri = ''
      const loop = await listenForRedirect({
        system,
        state,
        path: opts.redirectPath,
        port: opts.redirectPort,
        timeoutMs: opts.authorizationTimeoutMs,
        signal,
        exchange: async (code) => {
          const grant = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier }
          const tokens = await requestTokens(endpoint, grant, 'finish connecting Patchbay')
          await opts.tokens.set(tokens)
          return tokens
        }
      })
      redirectUri = loop.redirectUri
      const url = new URL(opts.authorizeUrl)
      const params: Record<string, string> = {
        response_type: 'code',
        client_id: opts.clientId,
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallengeS256(verifier),
        code_challenge_method: 'S256',
        ...(opts.scopes.length > 0 ? { scope: opts.scopes.join(' ') } : {}),
        ...opts.authorizeParams
      }
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
      // Callers that only await later must not crash the process with an unhandled rejection meanwhile.
      loop.result.catch(() => undefined)
      return { url: url.toString(), redirectUri, tokens: loop.result, cancel: loop.close }
    }
  }
  return provider
}
