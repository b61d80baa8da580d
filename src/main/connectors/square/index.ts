/**
 * The Square connector: payments (with Square's processing fees and their order's line
 * items), refunds, disputes and customers of one business, as records with flat fields
 * and amounts in minor units; money records carry `source` = square and their `kind`, so
 * they feed the accounting engine through a sync's mapping like Stripe's do.
 *
 * Auth is one business's access token (keychain secret `accessToken`), sent as a Bearer
 * token; every request pins `Square-Version` (see SQUARE_VERSION). The HTTP side is data
 * (./http.ts); the objects are functions (./objects.ts).
 */
import { connected, defineConnector, type ConnectorDeclaration, type DeclaredConnector, type HttpTuning, type ObjectDeclaration } from '../platform'
import type { OpenContext } from '../types'
import { SQUARE_HTTP } from './http'
import { customers, disputes, payments, refunds, type SquareContext } from './objects'
import { locationsAnswer } from './schemas'
import { SQUARE_SECRET_NAME, squareSettingsSchema, type SquareSettings } from './settings'

/** Knobs tests and the bench turn: the toolkit's, and the clock of the first read's window. */
export interface SquareTuning extends HttpTuning {
  /** @default Date.now */
  now?: () => number
}

const money = (label: string, build: ObjectDeclaration<SquareContext>['build']): ObjectDeclaration<SquareContext> => ({ label, key: 'id', idempotency: { by: 'match-key' }, build })

/** Square, declared. */
export const squareDeclaration: ConnectorDeclaration<SquareSettings, SquareContext, SquareTuning> = {
  system: 'square',
  catalogue: {
    label: 'Square',
    category: 'payments',
    kind: 'Payments and point of sale',
    instructions: [
      'Sign in to the Square Developer Console (developer.squareup.com) with your Square account and open Applications → + to create an app called "Patchbay".',
      'Open the app, choose Production at the top, and copy the Production Access token from the Credentials page.',
      'Paste it below. It lets Patchbay read your payments, refunds, disputes, orders and customers; keep it as secret as a password.'
    ],
    helpUrl: 'https://developer.squareup.com/docs/build-basics/access-tokens',
    inputs: [
      { name: SQUARE_SECRET_NAME, label: 'Access token', secret: true, placeholder: 'EAAA…', help: 'Developer Console → your app → Credentials → Production Access token.' },
      { name: 'environment', label: 'Square account', secret: false, placeholder: 'production', help: 'production for your business, sandbox for a Square test account.' }
    ],
    templates: ['square-payments-accounting', 'square-sales-accounting-nightly']
  },
  auth: {
    kind: 'api-key',
    secrets: [{ name: SQUARE_SECRET_NAME, pasted: true }],
    key: SQUARE_SECRET_NAME,
    sendAs: { header: 'Authorization', prefix: 'Bearer ' },
    looksLike: { pattern: /^[A-Za-z0-9_-]{20,}$/, problem: 'is not a Square access token (they are long, start with EAAA, and have no spaces)' }
  },
  settings: squareSettingsSchema,
  http: SQUARE_HTTP,
  open: (ctx) => ({ client: ctx.http!.client, settings: ctx.settings, connectionId: ctx.connection.id, now: ctx.tuning.now ?? Date.now }),
  async test(ctx) {
    const answer = await ctx.client.request({ url: '/v2/locations', schema: locationsAnswer })
    const locations = answer.locations ?? []
    const name = locations[0]?.business_name ?? locations[0]?.name
    return connected(name, locations.length > 1 ? ` (${locations.length} locations)` : undefined)
  },
  objects: {
    payments: money('Payments', payments),
    refunds: money('Refunds', refunds),
    disputes: money('Disputes', disputes),
    // Each create carries an idempotency_key made of its fields: Square answers a repeat with the customer it made.
    customers: { label: 'Customers', key: 'id', idempotency: { by: 'request-id' }, build: customers }
  },
  extras: (state) => ({ client: state.client })
}

/** The Square connector, for the registry. */
export const squareConnector: DeclaredConnector<SquareSettings, SquareContext, SquareTuning> = defineConnector(squareDeclaration)

/** A Square connector with its clock and HTTP tuning (tests and benchmarks set these). */
export function createSquareConnector(tuning: SquareTuning = {}): DeclaredConnector<SquareSettings, SquareContext, SquareTuning> {
  return squareConnector.tuned(tuning)
}

/** Opens a session (tests). */
export async function openSquareSession(ctx: OpenContext, tuning: SquareTuning = {}) {
  return createSquareConnector(tuning).open(ctx)
}

export { SQUARE_BASE_URLS, SQUARE_SECRET_NAME, SQUARE_VERSION, squareSettingsSchema, type SquareSettings } from './settings'
export { customerIdempotencyKey } from './objects'
