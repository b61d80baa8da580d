/**
 * How a connection proves who it is. Each kind adds its credentials to a request, may
 * refresh them once after a 401, names the headers and params that carry secrets (so
 * logs can scrub them), and knows how to "Test connection". OAuth 2 with PKCE is in
 * ./oauth2.ts; the simple kinds are here.
 */
import { AuthError, toErrorData } from '../../errors'
import type { ConnectionTest } from '../types'
import type { SecretNames } from './redact'

/** A request on its way out, as auth providers see and change it. */
export interface OutgoingRequest {
  method: string
  url: string
  headers: Record<string, string>
  params: Record<string, unknown>
}

/** The request a "Test connection" click sends: cheap, read-only, authenticated. */
export interface ConnectionCheck {
  /** @default 'GET' */
  method?: string
  /** Relative to the client's base URL, e.g. `/account-info/v3/details`. */
  url: string
  params?: Record<string, unknown>
  /** Picks the account's name out of the answer, to show "Connected as …". */
  accountName?: (body: unknown) => string | undefined
}

/** The part of the HTTP client a connection test needs. */
export interface CheckingClient {
  request(req: { method?: string; url: string; params?: Record<string, unknown> }): Promise<unknown>
}

/** One way of authenticating; what the HTTP client calls on every request. */
export interface AuthProvider {
  readonly kind: 'api-key' | 'bearer' | 'oauth2'
  /** Adds credentials to an outgoing request. */
  apply(req: OutgoingRequest): Promise<void>
  /**
   * Called once after a 401 with the request that got it; resolves true when there are
   * new credentials worth one more try, throws AuthError when the user must reconnect.
   */
  refresh?(sent: OutgoingRequest): Promise<boolean>
  /** Header and query names that carry secrets, so logs can scrub them. */
  readonly secretNames: SecretNames
  /** What a "Test connection" click runs. */
  test(client: CheckingClient): Promise<ConnectionTest>
}

/** Runs a connection check through `client` and words the outcome for the user. */
export async function testConnection(client: CheckingClient, check: ConnectionCheck | undefined): Promise<ConnectionTest> {
  if (!check) return { ok: false, message: 'This connection has no test request configured.' }
  try {
    const body = await client.request({ method: check.method ?? 'GET', url: check.url, params: check.params })
    const accountName = check.accountName?.(body)
    return { ok: true, accountName, message: accountName ? `Connected as ${accountName}` : 'Connected' }
  } catch (err) {
    const data = toErrorData(err)
    return { ok: false, message: data.hint ? `${data.message}. ${data.hint}` : data.message }
  }
}

/** Where an API key goes: a header (optionally prefixed), a query parameter, or HTTP Basic. */
export type ApiKeyPlacement =
  | { header: string; prefix?: string }
  | { query: string }
  | {
      /** Which half of Basic credentials the key is (Mailchimp: password; Stripe: username). */
      basic: 'username' | 'password'
      /** The other half. @default '' for a password, 'patchbay' for a username */
      other?: string
    }

/** Options of `apiKey`. */
export type ApiKeyOptions = ApiKeyPlacement & {
  key: string
  /** The system's name, for the hint when the key is missing. @default 'the system' */
  system?: string
  check?: ConnectionCheck
}

function missing(system: string, what: string): AuthError {
  return new AuthError(`No ${what} is stored for ${system}`, { hint: `Reconnect ${system} in Connections` })
}

/** A static API key (Mailchimp, ShipStation, Stripe restricted keys). */
export function apiKey(opts: ApiKeyOptions): AuthProvider {
  const system = opts.system ?? 'the system'
  const secretNames: SecretNames =
    'header' in opts ? { headers: [opts.header] } : 'query' in opts ? { params: [opts.query] } : { headers: ['authorization'] }
  return {
    kind: 'api-key',
    secretNames,
    async apply(req) {
      if (!opts.key) throw missing(system, 'API key')
      if ('header' in opts) req.headers[opts.header] = `${opts.prefix ?? ''}${opts.key}`
      else if ('query' in opts) req.params[opts.query] = opts.key
      else {
        const [user, pass] = opts.basic === 'password' ? [opts.other ?? 'patchbay', opts.key] : [opts.key, opts.other ?? '']
        req.headers.Authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
      }
    },
    test: (client) => testConnection(client, opts.check)
  }
}

/** Options of `bearer`. */
export interface BearerOptions {
  /** @default 'the system' */
  system?: string
  check?: ConnectionCheck
}

/** A long-lived bearer token (HubSpot private apps, Stripe secret keys). */
export function bearer(token: string, opts: BearerOptions = {}): AuthProvider {
  return {
    kind: 'bearer',
    secretNames: { headers: ['authorization'] },
    async apply(req) {
      if (!token) throw missing(opts.system ?? 'the system', 'access token')
      req.headers.Authorization = `Bearer ${token}`
    },
    test: (client) => testConnection(client, opts.check)
  }
}


