/**
 * A stateful stand-in for ShipStation API v2 (api.shipstation.com) on 127.0.0.1, for tests,
 * the benchmark and the demo: the `api-key` header, 200 requests a minute with 429 and
 * Retry-After, shipments with `page`/`page_size` paging and `modified_at_start`, an
 * `external_shipment_id` that may be used once, cancel, tags, labels that set tracking,
 * carrier and status, address validation, and fault injection. See FIDELITY.md.
 */
import { startHttp, type ShipStationFault } from './server'
import { ShipStationStore, type Label, type Shipment } from './store'
import type { ExchangeRecorder } from '../recorder'

/** The key the stand-in accepts unless told otherwise. */
export const FAKE_SHIPSTATION_KEY = 'TEST_ss2PatchbayStandInKey0123456789'

/** Options of `startShipStation`. */
export interface ShipStationStandInOptions {
  /** @default FAKE_SHIPSTATION_KEY */
  key?: string
  /** Requests a minute; false for none. @default 200 */
  perMinute?: number | false
  /** The rate window in ms (tests shorten it to keep 429 waits short). @default 60_000 */
  windowMs?: number
  /** The account's clock, epoch ms. @default Date.now */
  now?: () => number
}

/** A running stand-in. */
export interface ShipStationStandIn {
  url: string
  key: string
  store: ShipStationStore
  recorder: ExchangeRecorder
  /** Makes the next matching request(s) fail. */
  inject(fault: ShipStationFault): void
  /** Buys a label in ShipStation's app: tracking number, carrier and `label_purchased`. */
  buyLabel(shipmentId: string, carrierCode?: string): Label
  /** The shipment made for an order (by `external_shipment_id`), if any. */
  forOrder(orderId: string): Shipment | undefined
  /** The owner deletes the API key in ShipStation: every later request is a 401. */
  revokeKey(): void
  close(): Promise<void>
}

/** Starts the stand-in. */
export async function startShipStation(o: ShipStationStandInOptions = {}): Promise<ShipStationStandIn> {
  const key = o.key ?? FAKE_SHIPSTATION_KEY
  const keys = new Set([key])
  const store = new ShipStationStore(o.now)
  const http = await startHttp(store, { keys, perMinute: o.perMinute, windowMs: o.windowMs })
  return {
    url: http.url,
    key,
    store,
    recorder: http.recorder,
    inject: (fault) => void http.faults.push(fault),
    buyLabel: (id, carrier) => store.buyLabel(id, carrier),
    forOrder: (orderId) => {
      const id = store.byExternal.get(orderId)
      return id === undefined ? undefined : store.shipments.get(id)
    },
    revokeKey: () => keys.clear(),
    close: () => http.close()
  }
}

export { ShipStationStore, type Label, type Shipment, type Carrier } from './store'
export type { ShipStationFault } from './server'
