/**
 * Signing in to QuickBooks from a laptop, with the business's own Intuit app keys.
 *
 * Intuit needs a client secret and, in production, an https redirect that is neither
 * localhost nor an IP address, so the loopback flow other connectors use cannot work.
 * Patchbay uses a redirect page Intuit itself hosts (its OAuth Playground page, which
 * Intuit registers on every developer app) or one the business controls: the user signs
 * in, the browser lands on that page with `code`, `state` and `realmId` in its address,
 * the user pastes that address into Patchbay, and Patchbay exchanges the code (with the
 * secret, from the keychain) for tokens. README.md explains the choice.
 */
import { randomBytes } from 'node:crypto'
import { AuthError, ConfigError } from '../../errors'
import { oauth2Pkce, type OAuth2Provider, type OAuthTokens, type TokenStore } from '../http'
import { requestTokens } from '../http/token-endpoint'
import { INTUIT_OAUTH } from './vendor'

/** Secret names kept in the keychain for a QuickBooks connection. */
export const QBO_SECRET_NAMES = ['clientId', 'clientSecret', 'refreshToken', 'accessToken', 'accessTokenExpiresAt'] as const

/** Where the sign-in starts and where Intuit sends the browser back. */
export interface IntuitSignIn {
  url: string
  state: string
  redirectUri: string
}

/** Builds the address to open in the browser. */
export function intuitSignInUrl(clientId: string, redirectUri: string = INTUIT_OAUTH.playgroundRedirect, state: string = randomBytes(16).toString('hex')): IntuitSignIn {
  if (!clientId) throw new ConfigError('Paste the Client ID of your Intuit app first', { hint: 'developer.intuit.com › your app › Keys and credentials.' })
  const url = new URL(INTUIT_OAUTH.authorizeUrl)
  url.searchParams.set('client_id', clientId)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('scope', INTUIT_OAUTH.scope)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('state', state)
  return { url: url.toString(), state, redirectUri }
}

/** What the pasted address of the redirect page says. */
export interface PastedRedirect {
  code: string
  realmId: string
}

/** Reads the address the user pasted after signing in; every mistake gets its own message. */
export function readPastedRedirect(pasted: string, expectedState: string): PastedRedirect {
  let url: URL
  try {
    url = new URL(pasted.trim())
  } catch {
    throw new AuthError('That is not a web address', { hint: 'Copy the whole address from the browser’s address bar after you clicked Connect in Intuit’s page.' })
  }
  const q = url.searchParams
  if (q.get('error')) throw new AuthError(`Intuit did not connect: ${q.get('error_description') ?? q.get('error')}`, { hint: 'Start again and click Connect on Intuit’s page.' })
  if (q.get('state') !== expectedState) {
    throw new AuthError('That address belongs to another sign-in attempt', { hint: 'Use the address from the sign-in Patchbay opened just now, or start again.' })
  }
  const code = q.get('code')
  const realmId = q.get('realmId')
  if (!code || !realmId) throw new AuthError('The address has no authorization code or company id', { hint: 'Wait until Intuit’s page has finished loading, then copy the address again.' })
  return { code, realmId }
}

/** Exchanges the pasted code for tokens (Intuit wants the secret as HTTP Basic). */
export async function exchangeIntuitCode(opts: { clientId: string; clientSecret: string; code: string; redirectUri: string; tokenUrl?: string; now?: () => number }): Promise<OAuthTokens> {
  const endpoint = { system: 'QuickBooks', tokenUrl: opts.tokenUrl ?? INTUIT_OAUTH.tokenUrl, clientId: opts.clientId, clientSecret: opts.clientSecret, clientAuth: 'basic' as const, now: opts.now }
  return requestTokens(endpoint, { grant_type: 'authorization_code', code: opts.code, redirect_uri: opts.redirectUri }, 'finish connecting Patchbay')
}

/** Tokens as keychain secrets, and back. */
export function tokensToSecrets(t: OAuthTokens): Record<string, string> {
  return {
    accessToken: t.accessToken,
    ...(t.refreshToken ? { refreshToken: t.refreshToken } : {}),
    ...(t.expiresAt !== undefined ? { accessTokenExpiresAt: String(t.expiresAt) } : {})
  }
}

/**
 * A token store over the connection's secrets; `save` writes rotated tokens back to the
 * keychain, and `noteExpiry` records when the sign-in runs out (Intuit says so with every
 * token response, about 100 days ahead and rolling) as non-secret connection metadata.
 */
export function secretTokenStore(
  secrets: Record<string, string>,
  save?: (patch: Record<string, string>) => Promise<void>,
  noteExpiry?: (expiresAt: number) => Promise<void>
): TokenStore {
  let current: OAuthTokens | undefined = secrets.refreshToken || secrets.accessToken
    ? {
        accessToken: secrets.accessToken ?? '',
        refreshToken: secrets.refreshToken,
        // No stored access token means "refresh before the first call".
        expiresAt: secrets.accessToken ? Number(secrets.accessTokenExpiresAt ?? 0) : 0
      }
    : undefined
  return {
    get: async () => current,
    async set(tokens) {
      current = tokens
      // Intuit rotates refresh tokens; losing the new one would end the connection within a day.
      await save?.(tokensToSecrets(tokens))
      // After the secrets: the tokens matter more than knowing when they run out.
      if (tokens.refreshExpiresAt !== undefined) await noteExpiry?.(tokens.refreshExpiresAt)
    }
  }
}

/** The auth provider requests use: bearer tokens, refreshed with the business's own secret. */
export function quickBooksAuth(secrets: Record<string, string>, tokens: TokenStore, tokenUrl: string = INTUIT_OAUTH.tokenUrl): OAuth2Provider {
  if (!secrets.clientId || !secrets.clientSecret) {
    throw new AuthError('This QuickBooks connection has no Intuit app keys', { hint: 'Reconnect QuickBooks and paste your app’s Client ID and Client Secret.' })
  }
  return oauth2Pkce({
    system: 'QuickBooks',
    clientId: secrets.clientId,
    clientSecret: secrets.clientSecret,
    clientAuth: 'basic',
    authorizeUrl: INTUIT_OAUTH.authorizeUrl,
    tokenUrl,
    scopes: [INTUIT_OAUTH.scope],
    tokens
  })
}
