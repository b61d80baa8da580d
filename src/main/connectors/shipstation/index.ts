/**
 * The ShipStation connector (API v2, api.shipstation.com): the shop's shipments. Orders
 * from a payment system or a shop's export become shipments awaiting a label; the label's
 * tracking number, carrier and status come back as fields of the same records.
 *
 * Connection: secret `apiKey` (sent in the `api-key` header); settings in ./settings.ts.
 * Objects: `shipments` (fields: ./records.ts; reads and writes: ./shipments.ts).
 */
import { connected, defineConnector, type ConnectorDeclaration, type DeclaredConnector, type HttpDescription, type HttpTuning } from '../platform'
import { RecordError } from '../../errors'
import { AlreadyMade, shipments, SHIPSTATION_PAGING, type ShipStationState } from './shipments'
import { shipstationSettingsSchema, type ShipStationSettings } from './settings'
import { fieldsNamed, plainAddressMessage } from './words'
import { warehousesSchema } from './schemas'

interface ErrorItem {
  error_code?: string
  message?: string
}

function errorsOf(body: unknown): ErrorItem[] {
  const list = (body as { errors?: unknown } | null)?.errors
  return Array.isArray(list) ? (list.filter((e) => e && typeof e === 'object') as ErrorItem[]) : []
}

/** ShipStation's own words: every message in its `errors` array. */
export function shipstationMessage(body: unknown): string | undefined {
  const messages = errorsOf(body).map((e) => e.message).filter((m): m is string => typeof m === 'string' && m !== '')
  return messages.length ? messages.join('; ') : undefined
}

/**
 * ShipStation API v2 as data: the `api-key` header, 200 requests a minute with 429 and
 * Retry-After (docs.shipstation.com/rate-limits), `page`/`page_size` paging, and its error
 * codes: a refused ship-to address becomes a Failure naming the field in plain words.
 */
export const SHIPSTATION_HTTP: HttpDescription<ShipStationSettings> = {
  baseUrl: ({ settings }) => settings.baseUrl.replace(/\/+$/, ''),
  paging: SHIPSTATION_PAGING,
  limits: { windows: [{ requests: 200, everyMs: 60_000 }], concurrency: 4, headers: { retryAfter: 'retry-after' } },
  message: shipstationMessage,
  errors: [
    {
      status: 401,
      becomes: 'auth',
      message: 'ShipStation did not accept the API key{said}',
      hint: 'Make a new V2 key in ShipStation (My Profile → Account → API Settings), then Reconnect ShipStation in Connections and paste it.'
    },
    { status: 403, becomes: 'auth', message: 'ShipStation refused the API key access to {request}{said}', hint: 'Check the key belongs to an account that may use the API, then Reconnect ShipStation in Connections.' }
  ],
  classify(res, _said, meta) {
    if (res.status !== 400) return undefined
    const errors = errorsOf(res.data)
    const address = errors.filter((e) => e.error_code === 'invalid_address' && e.message)
    if (address.length) {
      const fields = [...new Set(address.flatMap((e) => fieldsNamed(e.message!)))]
      return new RecordError(`ShipStation refused the ship-to address: ${address.map((e) => plainAddressMessage(e.message!)).join('; ')}`, {
        ...meta,
        hint: `Correct the ${fields.length ? fields.join(' and ').replace(/Ship-to/g, 'ship-to') : 'ship-to address'} on the order, then retry it from Failures.`
      })
    }
    if (errors.some((e) => e.error_code === 'identifier_conflict')) return new AlreadyMade(`ShipStation already has a shipment for this order${_said ? `: ${_said}` : ''}`, meta)
    return undefined
  }
}

/** ShipStation, declared. */
export const shipstationDeclaration: ConnectorDeclaration<ShipStationSettings, ShipStationState, HttpTuning> = {
  system: 'shipstation',
  catalogue: {
    label: 'ShipStation',
    category: 'shipping',
    kind: 'Shipping labels',
    instructions: [
      'In ShipStation, open My Profile → Account → API Settings.',
      'Choose V2 API under Select API Version, click Generate API Keys, and copy the key.',
      'Paste it here. Patchbay makes a shipment awaiting a label for each paid order, and brings back the tracking number once you buy the label.'
    ],
    inputs: [{ name: 'apiKey', label: 'API key', secret: true, placeholder: 'paste the v2 API key', help: 'My Profile → Account → API Settings, with V2 API chosen. It is one key, not the V1 key and secret pair.' }],
    templates: ['orders-to-shipments', 'stripe-orders-to-shipments', 'tracking-to-orders', 'tracking-to-crm', 'shipped-to-email']
  },
  auth: { kind: 'api-key', secrets: [{ name: 'apiKey', pasted: true }], key: 'apiKey', sendAs: { header: 'api-key' } },
  settings: shipstationSettingsSchema,
  http: SHIPSTATION_HTTP,
  open: (ctx) => ({ client: ctx.http!.client, settings: ctx.settings, connectionId: ctx.connection.id }),
  async test(state) {
    const answer = await state.client.request({ url: '/v2/warehouses', schema: warehousesSchema })
    const home = answer.warehouses.find((w) => w.is_default) ?? answer.warehouses[0]
    if (home?.origin_address) state.shipFrom = Promise.resolve(home.origin_address as Record<string, unknown>)
    return connected('ShipStation', home?.name ? ` (ships from ${home.name})` : ' (no ship-from location yet: add one in ShipStation before the first order)')
  },
  objects: {
    shipments: { label: 'Shipments', key: 'shipment_id', idempotency: { by: 'external-id', field: 'order' }, build: shipments }
  }
}

/** The ShipStation connector as registered. */
export const shipstationConnector: DeclaredConnector<ShipStationSettings, ShipStationState, HttpTuning> = defineConnector(shipstationDeclaration)

/** The options tests, the benchmark and the demo turn. */
export function createShipStationConnector(tuning: HttpTuning = {}): DeclaredConnector<ShipStationSettings, ShipStationState, HttpTuning> {
  return shipstationConnector.tuned(tuning)
}

export { SHIPMENT_FIELDS, parseItems } from './records'
export type { ShipStationSettings } from './settings'
