/**
 * The Salesforce steps of the generic sign-in (auth kind oauth2-own-app with a loopback
 * callback, see connectors/salesforce/auth.ts): `start` keeps the owner's Consumer Key (and
 * secret, if their app requires one) in the keychain and returns Salesforce's sign-in
 * address; the browser comes back to Patchbay by itself; `finish` waits for it, keeps the
 * tokens in the keychain and the org's instance URL in the settings, and tests the connection.
 */
import type { CallArgs, CallResults, SignInStep } from '../../shared/contract'
import type { App } from '../app'
import { SALESFORCE_LOGIN, startSalesforceSignIn, type SalesforceSignIn } from '../connectors/salesforce'
import { ConfigError } from '../errors'
import { idFrom } from './syncs'

/** A login server: https, or a loopback address (the stand-in). */
function loginUrlFrom(value: unknown): string {
  const text = typeof value === 'string' && value.trim() ? value.trim().replace(/\/+$/, '') : SALESFORCE_LOGIN.production
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new ConfigError(`“${text}” is not a web address`, { hint: 'Use https://login.salesforce.com, https://test.salesforce.com for a sandbox, or your My Domain address.' })
  }
  if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new ConfigError('The Salesforce sign-in address must start with https://', { hint: 'Use https://login.salesforce.com, https://test.salesforce.com for a sandbox, or your My Domain address.' })
  }
  return text
}

/** Salesforce sign-ins started and not finished yet, by connection id. */
export class SalesforceSignIns {
  private readonly pending = new Map<string, SalesforceSignIn>()

  constructor(
    private readonly app: App,
    /** The loopback port; tests use 0 (any free port). @default 1717, the callback the owner registered */
    private readonly port?: number
  ) {}

  /** Keeps the app's key (new connection or new key) and returns where to sign in. */
  async start(a: CallArgs<'connection:sign-in-start'>): Promise<SignInStep> {
    const svc = this.app.service
    const clientId = a.secrets.clientId?.trim() || undefined
    const clientSecret = a.secrets.clientSecret?.trim() || undefined
    let id = a.connectionId
    const loginUrl = loginUrlFrom(a.settings.loginUrl ?? (id ? svc.connectionInfo(id).settings.loginUrl : undefined))
    if (id) {
      const c = svc.findConnection(id)
      if (!c || c.system !== 'salesforce') throw new ConfigError(`There is no Salesforce connection called "${id}"`)
      if (clientId || clientSecret) await svc.updateSecrets(id, { ...(clientId ? { clientId } : {}), ...(clientSecret ? { clientSecret } : {}) })
      await svc.saveConnection({ ...c, settings: { ...c.settings, loginUrl } })
    } else {
      if (!a.label) throw new ConfigError('Give the connection a name')
      if (!clientId) throw new ConfigError('Paste the Consumer Key of your Salesforce app', { hint: 'Setup › External Client App Manager (or App Manager) › your app › OAuth Settings › Consumer Key and Secret.' })
      id = idFrom(a.label, new Set(svc.connectionList().map((c) => c.id)))
      // Listed as "needs reconnect" until the sign-in finishes, so an abandoned one can be picked up again.
      await svc.saveConnection({ id, system: 'salesforce', label: a.label, authKind: 'oauth2', status: 'needs-reconnect', settings: { loginUrl } }, { clientId, ...(clientSecret ? { clientSecret } : {}) })
    }
    const secrets = await svc.updateSecrets(id, {})
    this.cancel(id)
    const started = await startSalesforceSignIn({ loginUrl, clientId: secrets.clientId ?? '', clientSecret: secrets.clientSecret, port: this.port })
    this.pending.set(id, started)
    return { connectionId: id, step: 'browser', signInUrl: started.url, redirectUri: started.redirectUri }
  }

  /** Waits for the browser to come back, keeps what the sign-in gave and tests the connection. */
  async finish({ connectionId }: CallArgs<'connection:sign-in-finish'>): Promise<CallResults['connection:sign-in-finish']> {
    const svc = this.app.service
    const c = svc.connectionInfo(connectionId)
    const pending = this.pending.get(c.id)
    if (!pending) throw new ConfigError(`No sign-in to ${c.label} is in progress`, { hint: 'Click Connect (or Reconnect) to start one.' })
    let got
    try {
      got = await pending.result
    } finally {
      if (this.pending.get(c.id) === pending) this.pending.delete(c.id)
    }
    await svc.updateSecrets(c.id, { accessToken: got.tokens.accessToken, ...(got.tokens.refreshToken ? { refreshToken: got.tokens.refreshToken } : {}) })
    await svc.saveConnection({ ...svc.connectionInfo(c.id), status: 'ok', settings: { ...svc.connectionInfo(c.id).settings, instanceUrl: got.instanceUrl } })
    const test = await svc.testConnection(c.id)
    let connection = svc.connectionInfo(c.id)
    if (test.ok && test.accountName && test.accountName !== connection.accountName) connection = await svc.saveConnection({ ...connection, accountName: test.accountName })
    return { connection, test }
  }

  /** Gives up a sign-in; its `finish` rejects. */
  cancel(connectionId: string): void {
    this.pending.get(connectionId)?.cancel()
    this.pending.delete(connectionId)
  }
}
