/**
 * What a Stripe connection is made of: an API key whose prefix says test or live mode,
 * the pinned API version, and the base URL (overridable for the stand-in).
 */
import { z } from 'zod'
import { AuthError } from '../../errors'

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

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]']

/** An API key must never cross the network in clear text: https, or http on this machine only. */
function safeUrl(raw: string): boolean {
  const url = new URL(raw)
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.includes(url.hostname))
}

/**
 * A Stripe connection's settings: `baseUrl` points it away from api.stripe.com (the
 * stand-in, a proxy). A wrong one stops the connection with a ConfigError naming it.
 */
export const stripeSettingsSchema = z.object({
  baseUrl: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z
      .url({ error: 'is not a web address; remove the setting to use api.stripe.com' })
      .refine(safeUrl, 'must use https; plain http is allowed only on this machine (127.0.0.1)')
      .transform((u) => u.replace(/\/+$/, ''))
      .optional()
  )
})

/** A Stripe connection's settings after checking. */
export type StripeSettings = z.infer<typeof stripeSettingsSchema>

/** The mode a key is for; test for a key Patchbay cannot use (every call then fails with AuthError). */
export function stripeModeOf(key: string | undefined): StripeMode {
  try {
    return stripeKeyInfo(key).mode
  } catch {
    return 'test'
  }
}

/** "test mode" / "live mode", as the Stripe Dashboard says it. */
export function modeWords(mode: StripeMode): string {
  return `${mode} mode`
}
