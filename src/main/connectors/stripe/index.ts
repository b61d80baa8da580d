/**
 * The Stripe connector: charges, refunds, disputes, balance transactions, invoices,
 * customers and payouts, as records with flat fields and amounts in minor units.
 *
 * Auth is a secret or restricted API key (keychain secret `apiKey`), sent as a Bearer
 * token; its prefix tells test mode from live mode, which also sets the pacing (25 or 100
 * requests a second). Every request pins `Stripe-Version` (see STRIPE_API_VERSION).
 * `connection.settings.baseUrl` points the connector elsewhere (the test fake).
 *
 * Changes come from `/v1/events` (30 days back) after a first full scan; see ./feeds.
 */
import type { Connector, ConnectorSession, OpenContext } from '../types'
import { StripeObject, type StripeObjectOptions } from './adapter'
import { stripeHttp, type StripeHttpTuning } from './http'
import type { LookupOptions } from './lookups'
import { STRIPE_OBJECTS, type StripeObjectName } from './objects'
import { STRIPE_SECRET_NAME, stripeBaseUrl, stripeKeyInfo, type StripeKeyInfo } from './settings'
import { testStripeConnection } from './test-connection'
import { ConfigError, toErrorData } from '../../errors'
import type { HttpClient } from '../http'

/** Options of `createStripeConnector`; production uses the defaults. */
export interface StripeConnectorOptions extends StripeHttpTuning {
  /** Clock in milliseconds, for the 30-day events window. @default Date.now */
  now?: () => number
  lookups?: LookupOptions
}

/** An open Stripe connection. */
export interface StripeSession extends ConnectorSession {
  object(name: string): StripeObject
  /** The key's mode; throws AuthError when the stored key is unusable. */
  key(): StripeKeyInfo
  readonly client: HttpClient
}

/** A Stripe connector with its clock and HTTP tuning (tests and benchmarks set these). */
export function createStripeConnector(opts: StripeConnectorOptions = {}): Connector {
  return {
    system: 'stripe',
    label: 'Stripe',
    objects: [...STRIPE_OBJECTS],
    open: async (ctx) => openStripeSession(ctx, opts)
  }
}

/** Opens a session. A bad base URL is a ConfigError now; a bad key fails each call with AuthError. */
export async function openStripeSession(ctx: OpenContext, opts: StripeConnectorOptions = {}): Promise<StripeSession> {
  const baseURL = stripeBaseUrl(ctx.connection)
  const key = ctx.secrets[STRIPE_SECRET_NAME] ?? ''
  let info: StripeKeyInfo | undefined
  try {
    info = stripeKeyInfo(key)
  } catch {
    info = undefined
  }
  const connectionId = ctx.connection.id
  // With an unusable key the client still exists, so every call fails with the same AuthError.
  const client = stripeHttp({ ...opts, log: opts.log ?? ctx.log, key: info ? key : '', mode: info?.mode ?? 'test', baseURL, connectionId })
  const objects = new Map<string, StripeObject>()
  const adapterOptions: StripeObjectOptions = { client, connectionId, now: opts.now, lookups: opts.lookups }
  return {
    client,
    key: () => stripeKeyInfo(key),
    object(name) {
      if (!(STRIPE_OBJECTS as readonly string[]).includes(name)) {
        throw new ConfigError(`Stripe has no object "${name}" in Patchbay`, { connectionId, hint: `Pick one of: ${STRIPE_OBJECTS.join(', ')}.` })
      }
      let o = objects.get(name)
      if (!o) {
        if (!info) stripeKeyInfo(key)
        o = new StripeObject(name as StripeObjectName, adapterOptions)
        objects.set(name, o)
      }
      return o
    },
    async test() {
      let keyInfo: StripeKeyInfo
      try {
        keyInfo = stripeKeyInfo(key)
      } catch (err) {
        const d = toErrorData(err)
        return { ok: false, message: `${d.message}. ${d.hint ?? ''}`.trim() }
      }
      return testStripeConnection(client, keyInfo)
    }
  }
}

/** The Stripe connector, for the registry. */
export const stripeConnector: Connector = createStripeConnector()

export { STRIPE_API_VERSION, STRIPE_BASE_URL, STRIPE_SECRET_NAME, stripeKeyInfo, type StripeKeyInfo, type StripeMode } from './settings'
export { STRIPE_OBJECTS, type StripeObjectName } from './objects'
export { StripeObject } from './adapter'
export { StripeRequestError } from './errors'
export { decodeCursor, encodeCursor, type StripeCursor } from './cursor'
