/**
 * The QuickBooks steps of the generic sign-in (auth kind oauth2-own-app, see
 * connectors/quickbooks/README.md): `start` keeps the business's own Intuit app keys in the keychain and returns the
 * Intuit sign-in address; `finish` reads the address the browser landed on, trades the
 * one-time code for tokens and tests the connection. The sign-in's `state` stays in this
 * process only, so an address from another attempt is refused.
 */
import type { CallArgs, CallResults, SignInStep } from '../../shared/contract'
import type { App } from '../app'
import { exchangeIntuitCode, intuitSignInUrl, readPastedRedirect, tokensToSecrets } from '../connectors/quickbooks'
import { ConfigError } from '../errors'
import { idFrom } from './syncs'

/** How long a started sign-in may be finished (Intuit's codes live minutes; people are slower). */
const PENDING_MS = 30 * 60_000

/** Sign-ins started and not finished yet, by connection id. */
export class QuickBooksSignIn {
  private readonly pending = new Map<string, { state: string; redirectUri: string; at: number }>()

  constructor(
    private readonly app: App,
    /** Intuit's token endpoint; tests point it at the fake. @default Intuit's */
    private readonly tokenUrl?: string,
    private readonly now: () => number = Date.now
  ) {}

  /** Saves the app keys (new connection or new keys) and returns where to sign in. */
  async start(a: CallArgs<'connection:sign-in-start'>): Promise<SignInStep> {
    const svc = this.app.service
    const clientId = a.secrets.clientId || undefined
    const clientSecret = a.secrets.clientSecret || undefined
    const redirectUri = typeof a.settings.redirectUri === 'string' && a.settings.redirectUri ? a.settings.redirectUri : undefined
    const environment = a.settings.environment === 'sandbox' ? 'sandbox' : 'production'
    if (redirectUri && !/^https?:\/\//.test(redirectUri)) throw new ConfigError('The redirect address must start with https://')
    let id = a.connectionId
    if (id) {
      const c = svc.findConnection(id)
      if (!c || c.system !== 'quickbooks') throw new ConfigError(`There is no QuickBooks connection called "${id}"`)
      if (clientId || clientSecret) await svc.updateSecrets(id, { ...(clientId ? { clientId } : {}), ...(clientSecret ? { clientSecret } : {}) })
    } else {
      if (!a.label) throw new ConfigError('Give the connection a name')
      if (!clientId || !clientSecret) throw new ConfigError('Paste both the Client ID and the Client Secret of your Intuit app', { hint: 'developer.intuit.com › your app › Keys and credentials.' })
      id = idFrom(a.label, new Set(svc.connectionList().map((c) => c.id)))
      const settings = { environment, ...(redirectUri ? { redirectUri } : {}) }
      // Listed as "needs reconnect" until the sign-in finishes, so an abandoned wizard can be picked up again.
      await svc.saveConnection({ id, system: 'quickbooks', label: a.label, authKind: 'oauth2', status: 'needs-reconnect', settings }, { clientId, clientSecret })
    }
    const secrets = await svc.updateSecrets(id, {})
    const redirect = redirectUri ?? (svc.connectionInfo(id).settings.redirectUri as string | undefined)
    const signIn = intuitSignInUrl(secrets.clientId ?? '', redirect)
    this.pending.set(id, { state: signIn.state, redirectUri: signIn.redirectUri, at: this.now() })
    return { connectionId: id, step: 'paste-address', signInUrl: signIn.url, redirectUri: signIn.redirectUri }
  }

  /** Finishes with the pasted address (or, under Advanced, a refresh token and company id) and tests the connection. */
  async finish({ connectionId, fields }: CallArgs<'connection:sign-in-finish'>): Promise<CallResults['connection:sign-in-finish']> {
    const svc = this.app.service
    const a = { connectionId, pastedAddress: fields.pastedAddress || undefined, refreshToken: fields.refreshToken || undefined, realmId: fields.realmId || undefined }
    if (a.realmId && !/^\d{1,20}$/.test(a.realmId)) throw new ConfigError('The company id is a number, such as 9130357766412345')
    const c = svc.findConnection(a.connectionId)
    if (!c || c.system !== 'quickbooks') throw new ConfigError(`There is no QuickBooks connection called "${a.connectionId}"`)
    let realmId: string
    let tokens: Record<string, string>
    // When this sign-in runs out, if Intuit said; a pasted refresh token's is learnt on its first refresh.
    let signInExpiresAt: string | undefined
    if (a.pastedAddress) {
      const p = this.pending.get(c.id)
      if (!p || this.now() - p.at > PENDING_MS) throw new ConfigError('This sign-in has expired or was started elsewhere', { hint: 'Click "Open Intuit sign-in" again, then paste the new address.' })
      const got = readPastedRedirect(a.pastedAddress, p.state)
      const secrets = await svc.updateSecrets(c.id, {})
      const t = await exchangeIntuitCode({ clientId: secrets.clientId ?? '', clientSecret: secrets.clientSecret ?? '', code: got.code, redirectUri: p.redirectUri, tokenUrl: this.tokenUrl, now: this.now })
      this.pending.delete(c.id)
      realmId = got.realmId
      tokens = tokensToSecrets(t)
      if (t.refreshExpiresAt !== undefined) signInExpiresAt = new Date(t.refreshExpiresAt).toISOString()
    } else if (a.refreshToken && a.realmId) {
      realmId = a.realmId
      // No access token: the first call refreshes, which also proves the refresh token works.
      tokens = { refreshToken: a.refreshToken, accessToken: '', accessTokenExpiresAt: '0' }
    } else {
      throw new ConfigError('Paste the address you landed on after signing in', { hint: 'Or, under Advanced, a refresh token together with the company id.' })
    }
    await svc.updateSecrets(c.id, tokens)
    // A reconnect replaces the old sign-in, so its expiry goes too.
    await svc.saveConnection({ ...c, settings: { ...c.settings, realmId }, status: 'ok', signInExpiresAt })
    const test = await svc.testConnection(c.id)
    let connection = svc.connectionInfo(c.id)
    if (test.ok && test.accountName && test.accountName !== connection.accountName) connection = await svc.saveConnection({ ...connection, accountName: test.accountName })
    return { connection, test }
  }
}
