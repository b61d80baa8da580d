/**
 * The Stripe connector: charges, refunds, disputes, balance transactions, invoices,
 * customers and payouts, as records with flat fields and amounts in minor units. It writes
 * customers, and updates charges' shipping and metadata (./charge-writes.ts).
 *
 * Auth is a secret or restricted API key (keychain secret `apiKey`), sent as a Bearer
 * token; its prefix tells test mode from live mode, which also sets the pacing (25 or 100
 * requests a second). Every request pins `Stripe-Version` (see STRIPE_API_VERSION).
 * Setting `baseUrl` points the connector elsewhere (the stand-in). The HTTP side is data
 * (./http.ts, ./errors.ts); changes come from `/v1/events` (30 days back) after a first
 * full scan, see ./feeds.
 */
import { apiKey, type HttpClient } from '../http'
import { defineConnector, type ConnectorDeclaration, type DeclaredConnector, type DeclaredSession, type ObjectDeclaration } from '../platform'
import { StripeObject, type StripeObjectOptions } from './adapter'
import { STRIPE_HTTP, type StripeHttpTuning, type StripeTuning } from './http'
import type { LookupOptions } from './lookups'
import { STRIPE_OBJECTS, type StripeObjectName } from './objects'
import { STRIPE_SECRET_NAME, stripeKeyInfo, stripeSettingsSchema, type StripeKeyInfo, type StripeSettings } from './settings'
import { testStripeConnection } from './test-connection'
import type { OpenContext } from '../types'

/** Options of `createStripeConnector`; production uses the defaults. */
export interface StripeConnectorOptions extends StripeHttpTuning {
  /** Clock in milliseconds, for the 30-day events window. @default Date.now */
  now?: () => number
  lookups?: LookupOptions
}

/** What a Stripe session keeps: the client, the key as stored and one adapter per object. */
interface StripeState {
  client: HttpClient
  key: string
  /** The key's mode, or undefined when Patchbay cannot use the key (each object then refuses). */
  info?: StripeKeyInfo
  options: StripeObjectOptions
  objects: Map<StripeObjectName, StripeObject>
}

/** An open Stripe connection. */
export interface StripeSession extends DeclaredSession<StripeState> {
  object(name: string): StripeObject
  /** The key's mode; throws AuthError when the stored key is unusable. */
  key(): StripeKeyInfo
  readonly client: HttpClient
}

const LABELS: Record<StripeObjectName, string> = {
  charges: 'Charges',
  refunds: 'Refunds',
  disputes: 'Disputes',
  balance_transactions: 'Balance transactions',
  invoices: 'Invoices',
  customers: 'Customers',
  payouts: 'Payouts'
}

function objectDeclaration(name: StripeObjectName): ObjectDeclaration<StripeState> {
  return {
    label: LABELS[name],
    key: 'id',
    // Customers are created with an Idempotency-Key made of their fields; the rest are read-only.
    idempotency: name === 'customers' ? { by: 'request-id' } : { by: 'match-key' },
    build: (state) => {
      let o = state.objects.get(name)
      if (!o) {
        // A key Patchbay cannot use stops here, before any call to Stripe.
        if (!state.info) stripeKeyInfo(state.key)
        state.objects.set(name, (o = new StripeObject(name, state.options)))
      }
      return o
    }
  }
}

/** Stripe, declared. */
export const stripeDeclaration: ConnectorDeclaration<StripeSettings, StripeState, StripeTuning> = {
  system: 'stripe',
  catalogue: {
    label: 'Stripe',
    category: 'payments',
    kind: 'Payments',
    instructions: [
      'In the Stripe Dashboard, open Developers → API keys.',
      'Click Create restricted key and name it "Patchbay". Allow Read on Balance, Charges and Refunds, Customers, Disputes, Events, Invoices and Payment Intents; allow Write on Customers only if a sync writes customers to Stripe, and Write on Charges only if a sync writes tracking numbers onto payments.',
      'Copy the key (it starts with rk_live_, or rk_test_ for test mode) and paste it below. Stripe shows it once.'
    ],
    helpUrl: 'https://docs.stripe.com/keys#create-restricted-api-secret-key',
    inputs: [
      {
        name: STRIPE_SECRET_NAME,
        label: 'Restricted key',
        secret: true,
        placeholder: 'rk_live_…',
        help: 'Developers → API keys → Restricted keys. A secret key (sk_…) also works but can do everything; a restricted key can only do what you allowed.'
      }
    ],
    templates: ['payments-accounting', 'sales-accounting-nightly', 'stripe-orders-to-shipments', 'tracking-to-stripe']
  },
  auth: { kind: 'api-key', secrets: [{ name: STRIPE_SECRET_NAME, pasted: true }], key: STRIPE_SECRET_NAME, sendAs: { header: 'Authorization', prefix: 'Bearer ' } },
  settings: stripeSettingsSchema,
  http: STRIPE_HTTP,
  // With an unusable key the client still exists and sends no key, so every call fails with the same AuthError.
  authProvider: (ctx) => apiKey({ header: 'Authorization', prefix: 'Bearer ', key: usableKey(ctx.secrets[STRIPE_SECRET_NAME]), system: 'Stripe' }),
  open: (ctx) => {
    const key = ctx.secrets[STRIPE_SECRET_NAME] ?? ''
    const client = ctx.http!.client
    const info = usableKey(key) ? stripeKeyInfo(key) : undefined
    const options: StripeObjectOptions = { client, connectionId: ctx.connection.id, now: ctx.tuning.now, lookups: ctx.tuning.lookups }
    return { client, key, info, options, objects: new Map() }
  },
  // A key Patchbay cannot use fails the test with what to paste instead.
  test: (state) => testStripeConnection(state.client, stripeKeyInfo(state.key)),
  objects: Object.fromEntries(STRIPE_OBJECTS.map((name) => [name, objectDeclaration(name)])),
  // The key's mode and the client, for tests and benchmarks that count calls.
  extras: (state) => ({ key: () => stripeKeyInfo(state.key), client: state.client })
}

/** The key, or '' when its prefix says Patchbay cannot use it. */
function usableKey(key: string | undefined): string {
  try {
    stripeKeyInfo(key)
    return key!
  } catch {
    return ''
  }
}

/** The options as the declaration takes them. */
function toTuning({ limits, ...rest }: StripeConnectorOptions): StripeTuning {
  return { ...rest, ...(limits ? { limits: { general: limits } } : {}) }
}

/** The Stripe connector, for the registry. */
export const stripeConnector: DeclaredConnector<StripeSettings, StripeState, StripeTuning> = defineConnector(stripeDeclaration)

/** A Stripe connector with its clock and HTTP tuning (tests and benchmarks set these). */
export function createStripeConnector(opts: StripeConnectorOptions = {}): DeclaredConnector<StripeSettings, StripeState, StripeTuning> {
  return stripeConnector.tuned(toTuning(opts))
}

/** Opens a session. A bad base URL is a ConfigError now; a bad key fails each call with AuthError. */
export async function openStripeSession(ctx: OpenContext, opts: StripeConnectorOptions = {}): Promise<StripeSession> {
  return (await createStripeConnector(opts).open(ctx)) as StripeSession
}

export { STRIPE_API_VERSION, STRIPE_BASE_URL, STRIPE_SECRET_NAME, stripeKeyInfo, type StripeKeyInfo, type StripeMode, type StripeSettings } from './settings'
export { STRIPE_OBJECTS, type StripeObjectName } from './objects'
export { StripeObject } from './adapter'
export { StripeRequestError } from './errors'
export { decodeCursor, encodeCursor, type StripeCursor } from './cursor'
