/**
 * One sign-in flow for every connection, whatever its auth kind (DESIGN.md §8): the front
 * ends call `start` and `finish` and never a vendor-named channel.
 *
 * - api-key, basic, none: `start` tests the key (or file) first and keeps it only if it
 *   works; for a reconnect the old key stays until the new one is proven.
 * - oauth2-pkce-loopback: `start` opens a one-shot listener on 127.0.0.1 and returns the
 *   vendor's sign-in address; `finish` waits for the browser to come back (RFC 8252).
 * - oauth2-own-app (QuickBooks): the owner's own app keys first, then a pasted address.
 */
import type { CallArgs, CallResults, SignInKind, SignInStep } from '../../shared/contract'
import type { Connection } from '../../shared/domain'
import type { App } from '../app'
import { oauth2Pkce, type AuthorizationStart, type OAuthTokens } from '../connectors/http/oauth2'
import { ConfigError } from '../errors'
import { catalogEntry } from './catalog'
import { QuickBooksSignIn } from './sign-in-quickbooks'
import { SalesforceSignIns } from './sign-in-salesforce'
import { idFrom } from './syncs'

/** Where a system's browser sign-in goes: the vendor's OAuth 2 endpoints and Patchbay's public client id there. */
export interface LoopbackSignIn {
  authorizeUrl: string
  tokenUrl: string
  clientId: string
  scopes: readonly string[]
  /** Extra authorize parameters, e.g. Google's `access_type: 'offline'`. */
  authorizeParams?: Record<string, string>
  /** For vendors that match the registered redirect exactly (Xero, Salesforce). @default 0 (any free port) */
  port?: number
}

/** What the sign-in needs to know of a system beyond its catalogue entry. */
export interface SignInOptions {
  /** Browser sign-ins by system (tests point one at a stand-in authorization server). */
  loopback?: Record<string, LoopbackSignIn>
  /** Intuit's token endpoint; tests point it at the fake. */
  intuitTokenUrl?: string
  /** Salesforce's loopback callback port; tests use 0. @default 1717 */
  salesforcePort?: number
  now?: () => number
}

/** The stored `authKind` of a connection signed in with `kind`. */
function storedKind(kind: SignInKind): Connection['authKind'] {
  return kind === 'none' ? 'none' : kind === 'api-key' || kind === 'basic' ? 'api-key' : 'oauth2'
}

/** Sign-ins started and not finished yet. */
export class SignIns {
  private readonly quickbooks: QuickBooksSignIn
  private readonly salesforce: SalesforceSignIns
  private readonly browser = new Map<string, AuthorizationStart>()

  constructor(
    private readonly app: App,
    private readonly o: SignInOptions = {}
  ) {
    this.quickbooks = new QuickBooksSignIn(app, o.intuitTokenUrl, o.now)
    this.salesforce = new SalesforceSignIns(app, o.salesforcePort)
  }

  /** How `system` is signed in to. */
  kindOf(system: string): SignInKind {
    if (this.o.loopback?.[system]) return 'oauth2-pkce-loopback'
    // Every connector declares how it is signed in to (`defineConnector`'s `auth`).
    return catalogEntry(system)?.authKind ?? 'none'
  }

  /** Starts a sign-in: a new connection (`system`, `label`) or again for `connectionId`. */
  async start(a: CallArgs<'connection:sign-in-start'>): Promise<SignInStep> {
    const svc = this.app.service
    const existing = a.connectionId ? svc.connectionInfo(a.connectionId) : undefined
    const system = existing?.system ?? a.system
    if (!system) throw new ConfigError('Say which system to connect')
    if (!svc.connectorList().some((c) => c.system === system)) {
      throw new ConfigError(`Patchbay cannot connect to "${system}" yet`, { hint: 'Pick one of the systems marked available.' })
    }
    const kind = this.kindOf(system)
    switch (kind) {
      case 'oauth2-own-app':
        // Salesforce takes a loopback callback; Intuit wants its address pasted back.
        return system === 'salesforce' ? this.salesforce.start(a) : this.quickbooks.start(a)
      case 'oauth2-pkce-loopback':
        return this.startBrowser(system, existing, a)
      case 'api-key':
      case 'basic':
      case 'none':
        return this.withKey(system, kind, existing, a)
    }
  }

  /** Finishes a started sign-in and tests the connection. */
  async finish(a: CallArgs<'connection:sign-in-finish'>): Promise<CallResults['connection:sign-in-finish']> {
    const svc = this.app.service
    const c = svc.connectionInfo(a.connectionId)
    const kind = this.kindOf(c.system)
    if (kind === 'oauth2-own-app') return c.system === 'salesforce' ? this.salesforce.finish(a) : this.quickbooks.finish(a)
    if (kind !== 'oauth2-pkce-loopback') throw new ConfigError(`${c.label} has no sign-in to finish`, { hint: 'Its key was tested and kept when you added it.' })
    const pending = this.browser.get(c.id)
    if (!pending) throw new ConfigError(`No sign-in to ${c.label} is in progress`, { hint: 'Click Connect (or Reconnect) to start one.' })
    let tokens: OAuthTokens
    try {
      tokens = await pending.tokens
    } finally {
      if (this.browser.get(c.id) === pending) this.browser.delete(c.id)
    }
    await svc.updateSecrets(c.id, {
      accessToken: tokens.accessToken,
      ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
      accessTokenExpiresAt: String(tokens.expiresAt ?? 0)
    })
    // A new sign-in replaces the old one, so its expiry goes too.
    await svc.saveConnection({ ...svc.connectionInfo(c.id), status: 'ok', signInExpiresAt: tokens.refreshExpiresAt === undefined ? undefined : new Date(tokens.refreshExpiresAt).toISOString() })
    const test = await svc.testConnection(c.id)
    let connection = svc.connectionInfo(c.id)
    if (test.ok && test.accountName && test.accountName !== connection.accountName) connection = await svc.saveConnection({ ...connection, accountName: test.accountName })
    return { connection, test }
  }

  /** Gives up a browser sign-in; its `finish` rejects with a plain "cancelled". */
  cancel(connectionId: string): void {
    this.salesforce.cancel(connectionId)
    this.browser.get(connectionId)?.cancel()
    this.browser.delete(connectionId)
  }

  private async withKey(system: string, kind: SignInKind, existing: Connection | undefined, a: CallArgs<'connection:sign-in-start'>): Promise<SignInStep> {
    const svc = this.app.service
    const settings = Object.fromEntries(Object.entries(a.settings).filter(([, v]) => v !== '' && v !== undefined))
    // A CSV "file" that is a folder is entered in the same box.
    if (system === 'csv' && typeof settings.file === 'string' && !/\.(csv|tsv|txt|xlsx)$/i.test(settings.file)) {
      settings.folder = settings.file
      delete settings.file
    }
    const fresh = Object.fromEntries(Object.entries(a.secrets).filter(([, v]) => v !== ''))
    const label = existing?.label ?? a.label
    if (!label) throw new ConfigError('Give the connection a name')
    const id = existing?.id ?? idFrom(label, new Set(svc.connectionList().map((c) => c.id)))
    // A reconnect keeps what was not replaced; nothing is kept until the test passes. Keys given
    // to a system whose secrets its settings name (a described API) are read like any API key.
    const secrets = existing && existing.authKind !== 'none' ? { ...(await svc.updateSecrets(id, {})), ...fresh } : fresh
    const candidate = { ...(existing ?? {}), id, system, label, authKind: existing?.authKind ?? (Object.keys(secrets).length ? storedKind(kind === 'none' ? 'api-key' : kind) : 'none'), settings: { ...(existing?.settings ?? {}), ...settings } }
    const test = await svc.tryConnection(candidate, secrets)
    if (!test.ok) {
      throw new ConfigError(`${label} did not connect: ${test.message.replace(/\.$/, '')}`, {
        connectionId: existing?.id,
        hint: existing ? 'The old key is still in use. Check what you entered and try again.' : 'Nothing was saved. Check what you entered and try again.'
      })
    }
    const connection = await svc.saveConnection(
      { ...candidate, status: 'ok', accountName: test.accountName ?? candidate.accountName, lastTest: { ok: true, at: new Date(this.o.now?.() ?? Date.now()).toISOString(), message: test.message } },
      Object.keys(fresh).length ? secrets : undefined
    )
    return { connectionId: id, step: 'done', connection, test }
  }

  private async startBrowser(system: string, existing: Connection | undefined, a: CallArgs<'connection:sign-in-start'>): Promise<SignInStep> {
    const svc = this.app.service
    const how = this.o.loopback![system]
    const label = existing?.label ?? a.label
    if (!label) throw new ConfigError('Give the connection a name')
    const id = existing?.id ?? idFrom(label, new Set(svc.connectionList().map((c) => c.id)))
    const name = catalogEntry(system)?.label ?? label
    // A sign-in started again replaces the one before; its browser tab then shows "not the current one".
    this.cancel(id)
    let got: OAuthTokens | undefined
    const provider = oauth2Pkce({
      system: name,
      clientId: how.clientId,
      authorizeUrl: how.authorizeUrl,
      tokenUrl: how.tokenUrl,
      scopes: how.scopes,
      authorizeParams: how.authorizeParams,
      redirectPort: how.port,
      now: this.o.now,
      // Tokens are kept by `finish`, once the connection is known to be saved.
      tokens: { get: async () => got, set: async (t) => void (got = t) }
    })
    const started = await provider.startAuthorization()
    if (!existing) {
      // Listed as "needs reconnect" until the sign-in finishes, so an abandoned one can be picked up again.
      await svc.saveConnection({ id, system, label, authKind: 'oauth2', status: 'needs-reconnect', settings: a.settings })
    }
    this.browser.set(id, started)
    return { connectionId: id, step: 'browser', signInUrl: started.url, redirectUri: started.redirectUri }
  }
}
