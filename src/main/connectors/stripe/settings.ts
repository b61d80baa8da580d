/**
 * What a Stripe connection is made of: an API key whose prefix says test or live mode,
 * the pinned API version, and the base URL (overridable for the fake).
 */
import type { Connection } from '../../../shared/domain'
import { AuthError, ConfigError } from '../../errors'

/**
 * The Stripe API version every request pins. It is the version of the OpenAPI description
 * in vendor-specs/stripe (spec3.yaml), so the shapes the connector's schemas and the contract
 * test expect are the shapes Stripe sends. Stripe keeps serving old versions; moving on is
 * a deliberate change here, checked against a newer spec.
 */
export const STRIPE_API_VERSION = '2023-08-16'

/** Stripe's production API. */
export const STRIPE_BASE_URL = 'https://api.stripe.com'

/** The name of the keychain secret holding the key. */
export const STRIPE_SECRET_NAME = 'apiKey'

/** Test or live: Stripe keeps the two apart, with their own data and limits. */
export type StripeMode = 'test' | 'live'

/** What a key's prefix says about it. */
export interface StripeKeyInfo {
  mode: StripeMode
  /** True for restricted keys (rk_), whose permissions are set per resource. */
  restricted: boolean
}

const WHERE_KEYS_ARE = 'Stripe Dashboard → Developers → API keys'

/**
 * Reads a key's prefix. Throws AuthError for keys Patchbay cannot use (publishable keys,
 * webhook secrets, typos), with a hint saying which kind to paste instead.
 */
export function stripeKeyInfo(key: string | undefined): StripeKeyInfo {
  if (!key) throw new AuthError('No Stripe API key is stored for this connection', { hint: `Paste a secret (sk_…) or restricted (rk_…) key from ${WHERE_KEYS_ARE} in Connections.` })
  const m = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.exec(key.trim())
  if (m) return { mode: m[2] as StripeMode, restricted: m[1] === 'rk' }
  const kind = key.startsWith('pk_') ? 'a publishable key (pk_…), which can only create tokens in a browser' : key.startsWith('whsec_') ? 'a webhook signing secret' : 'not a Stripe API key'
  throw new AuthError(`The stored Stripe key is ${kind}`, { hint: `Paste a secret (sk_…) or restricted (rk_…) key from ${WHERE_KEYS_ARE} in Connections.` })
}

/** The base URL of a connection: Stripe's, or `settings.baseUrl` (the fake, a proxy). */
export function stripeBaseUrl(connection: Connection): string {
  const raw = connection.settings.baseUrl
  if (raw === undefined || raw === null || raw === '') return STRIPE_BASE_URL
  if (typeof raw !== 'string') throw new ConfigError('The Stripe connection\'s baseUrl setting must be text', { connectionId: connection.id })
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new ConfigError(`The Stripe connection's baseUrl "${raw}" is not a URL`, { connectionId: connection.id, hint: 'Remove the setting to use api.stripe.com.' })
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  // An API key must never cross the network in clear text.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigError(`The Stripe connection's baseUrl must use https (got ${url.protocol}//${url.host})`, { connectionId: connection.id, hint: 'Plain http is allowed only on this machine (127.0.0.1).' })
  }
  return raw.replace(/\/+$/, '')
}

/** "test mode" / "live mode", as the Stripe Dashboard says it. */
export function modeWords(mode: StripeMode): string {
  return `${mode} mode`
}
