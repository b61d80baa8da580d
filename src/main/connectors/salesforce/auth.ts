/**
 * Signing in to Salesforce through the owner's own Connected App: the OAuth 2 web-server
 * flow with PKCE and a loopback callback (`http://localhost:1717/OauthRedirect`, which the
 * owner registers on the app: Salesforce matches it exactly). The consumer key is pasted;
 * a consumer secret only if the owner left "Require Secret for Web Server Flow" on. The
 * token answer names the org's instance URL, kept as a setting; the tokens go to the
 * keychain only. Sessions carry no lifetime: a 401 INVALID_SESSION_ID refreshes once.
 */
import { z } from 'zod'
import { ApiChangedError, AuthError, ConfigError } from '../../errors'
import { oauth2Pkce, type OAuth2Provider, type OAuthTokens, type TokenStore } from '../http'
import { listenForRedirect } from '../http/loopback'
import { codeChallengeS256, createCodeVerifier, createState } from '../http/pkce'
import { axios } from '../http/axios'
import { SALESFORCE_CALLBACK, SALESFORCE_SCOPES } from './vendor'

/** Secret names kept in the keychain for a Salesforce connection. */
export const SF_SECRET_NAMES = ['clientId', 'clientSecret', 'accessToken', 'refreshToken'] as const

/** The OAuth endpoints under a login server. */
export function oauthUrls(loginUrl: string): { authorizeUrl: string; tokenUrl: string; revokeUrl: string } {
  const base = loginUrl.replace(/\/+$/, '')
  return { authorizeUrl: `${base}/services/oauth2/authorize`, tokenUrl: `${base}/services/oauth2/token`, revokeUrl: `${base}/services/oauth2/revoke` }
}

/** The token endpoint's answer, as Salesforce documents it (web-server flow and refresh). */
export const sfTokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  instance_url: z.url(),
  id: z.string().min(1),
  issued_at: z.string().regex(/^\d+$/),
  signature: z.string().min(1),
  token_type: z.string().optional(),
  scope: z.string().optional()
})

/** What a finished sign-in gives: tokens for the keychain, the instance URL for the settings. */
export interface SalesforceSignInResult {
  tokens: OAuthTokens
  instanceUrl: string
  /** The identity URL (`…/id/<orgId>/<userId>`). */
  identity: string
}

/** A sign-in waiting for the browser. */
export interface SalesforceSignIn {
  url: string
  redirectUri: string
  result: Promise<SalesforceSignInResult>
  cancel(): void
}

/**
 * Starts a sign-in: listens on the fixed loopback callback and builds the authorize URL.
 * The browser comes back with a code, traded (with the PKCE verifier) for tokens.
 */
export async function startSalesforceSignIn(opts: {
  loginUrl: string
  clientId: string
  clientSecret?: string
  /** @default SALESFORCE_CALLBACK.port */
  port?: number
  timeoutMs?: number
}): Promise<SalesforceSignIn> {
  if (!opts.clientId) throw new ConfigError('Paste the Consumer Key of your Salesforce Connected App first', { hint: 'Setup › App Manager › your app › View › Manage Consumer Details.' })
  const { authorizeUrl, tokenUrl } = oauthUrls(opts.loginUrl)
  const verifier = createCodeVerifier()
  const state = createState()
  let redirectUri = ''
  const loop = await listenForRedirect<SalesforceSignInResult>({
    system: 'Salesforce',
    state,
    path: SALESFORCE_CALLBACK.path,
    port: opts.port ?? SALESFORCE_CALLBACK.port,
    timeoutMs: opts.timeoutMs,
    exchange: (code) =>
      exchangeCode({ tokenUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, code, redirectUri, verifier })
  })
  // Salesforce matches the callback exactly, and owners type "localhost" into the app.
  redirectUri = loop.redirectUri.replace('//127.0.0.1:', '//localhost:')
  const url = new URL(authorizeUrl)
  const params = { response_type: 'code', client_id: opts.clientId, redirect_uri: redirectUri, state, code_challenge: codeChallengeS256(verifier), code_challenge_method: 'S256', scope: SALESFORCE_SCOPES.join(' '), prompt: 'login consent' }
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v)
  loop.result.catch(() => undefined)
  return { url: url.toString(), redirectUri, result: loop.result, cancel: loop.close }
}

/** Trades the code for tokens; Salesforce's answer also names the org's instance URL. */
async function exchangeCode(o: { tokenUrl: string; clientId: string; clientSecret?: string; code: string; redirectUri: string; verifier: string }): Promise<SalesforceSignInResult> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: o.code, client_id: o.clientId, redirect_uri: o.redirectUri, code_verifier: o.verifier })
  if (o.clientSecret) form.set('client_secret', o.clientSecret)
  const res = await axios.post(o.tokenUrl, form.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, validateStatus: () => true, timeout: 30_000, adapter: 'http' })
  if (res.status >= 400) {
    const said = (res.data as { error_description?: string; error?: string } | undefined) ?? {}
    const words = said.error_description ?? said.error ?? `HTTP ${res.status}`
    throw new AuthError(`Salesforce did not finish the sign-in: ${words}`, {
      status: res.status,
      hint: /secret|invalid_client\b/.test(words)
        ? 'Your Connected App asks for its Consumer Secret: paste it too, or untick "Require Secret for Web Server Flow" on the app.'
        : 'Check the Consumer Key and that the app’s Callback URL is exactly the one Patchbay shows, then try again.'
    })
  }
  const parsed = sfTokenAnswerSchema.safeParse(res.data)
  if (!parsed.success) throw new ApiChangedError("Salesforce's token answer was not in the shape Patchbay knows", undefined, { status: res.status })
  const t = parsed.data
  return { tokens: { accessToken: t.access_token, refreshToken: t.refresh_token, scope: t.scope, tokenType: t.token_type }, instanceUrl: t.instance_url, identity: t.id }
}

/** A token store over the connection's keychain secrets; refreshed tokens are saved back at once. */
export function secretTokenStore(secrets: Record<string, string>, save?: (patch: Record<string, string>) => Promise<void>): TokenStore {
  let current: OAuthTokens | undefined = secrets.refreshToken || secrets.accessToken ? { accessToken: secrets.accessToken ?? '', refreshToken: secrets.refreshToken } : undefined
  return {
    get: async () => current,
    async set(tokens) {
      current = tokens
      await save?.({ accessToken: tokens.accessToken, ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) })
    }
  }
}

/** The auth provider of a connection: bearer sessions, refreshed with the Connected App's key. */
export function salesforceAuth(secrets: Record<string, string>, tokens: TokenStore, loginUrl: string): OAuth2Provider {
  if (!secrets.clientId) throw new AuthError('This Salesforce connection has no Connected App key', { hint: 'Reconnect Salesforce and paste your Connected App’s Consumer Key.' })
  const { authorizeUrl, tokenUrl } = oauthUrls(loginUrl)
  return oauth2Pkce({
    system: 'Salesforce',
    clientId: secrets.clientId,
    ...(secrets.clientSecret ? { clientSecret: secrets.clientSecret } : {}),
    authorizeUrl,
    tokenUrl,
    scopes: SALESFORCE_SCOPES,
    tokens
  })
}
