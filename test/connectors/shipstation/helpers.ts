/**
 * A ShipStation stand-in and a session of the connector on it, with fast retries, for the
 * ShipStation tests.
 */
import { connectionSchema, type Connection } from '../../../src/shared/domain'
import { createShipStationConnector } from '../../../src/main/connectors/shipstation'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import type { DeclaredSession } from '../../../src/main/connectors/platform'
import type { ChangeFeed, SourceRecord } from '../../../src/main/connectors/types'
import { startShipStation, type ShipStationStandIn, type ShipStationStandInOptions } from '../../../src/main/stand-ins/shipstation'

/** A connection record pointing at the stand-in. */
export function shipstationConnection(url: string, settings: Record<string, unknown> = {}, id = 'shipstation'): Connection {
  return connectionSchema.parse({ id, system: 'shipstation', label: 'ShipStation', authKind: 'api-key', settings: { baseUrl: url, ...settings } })
}

/** The retry knobs the tests use: tiny backoffs, no jitter. */
export const FAST_RETRY = { baseMs: 1, capMs: 4, random: () => 0.5 }

/** Opens a session on `standIn`. */
export async function openShipStation(standIn: Pick<ShipStationStandIn, 'url' | 'key'>, o: { settings?: Record<string, unknown>; key?: string; log?: (e: HttpLogEntry) => void; retry?: Record<string, unknown> } = {}): Promise<DeclaredSession<unknown>> {
  // A 429's hold gets the limiter's margin on top (5% of ShipStation's minute, 3 s): tests keep it to milliseconds.
  const connector = createShipStationConnector({ retry: { ...FAST_RETRY, ...o.retry }, log: o.log, limits: { general: { marginMs: 5, pauseOn429Ms: 5 } } })
  return (await connector.open({ connection: shipstationConnection(standIn.url, o.settings), secrets: { apiKey: o.key ?? standIn.key } })) as DeclaredSession<unknown>
}

/** A stand-in and a session on it. */
export async function shipstationWorld(o: ShipStationStandInOptions & { settings?: Record<string, unknown> } = {}): Promise<{ standIn: ShipStationStandIn; session: DeclaredSession<unknown>; logs: HttpLogEntry[] }> {
  const standIn = await startShipStation(o)
  const logs: HttpLogEntry[] = []
  const session = await openShipStation(standIn, { settings: o.settings, log: (e) => logs.push(e) })
  return { standIn, session, logs }
}

/** Reads a whole feed. */
export async function drain(feed: ChangeFeed): Promise<{ records: SourceRecord[]; cursor: string | null }> {
  const records: SourceRecord[] = []
  let cursor: string | null = null
  for await (const page of feed.pages) {
    records.push(...page.records)
    if (page.cursor !== null) cursor = page.cursor
  }
  return { records, cursor }
}

/** An order's fields as the flow maps them into a shipment. */
export function orderFields(n: number, over: Record<string, string | number | null> = {}): Record<string, string | number | null> {
  return {
    order: `#${1000 + n}`,
    ship_to_name: `Customer ${n}`,
    ship_to_email: `customer${n}@shop.test`,
    ship_to_address1: `${n} Mill Lane`,
    ship_to_city: 'Bristol',
    ship_to_postcode: 'BS1 5AA',
    ship_to_country: 'GB',
    items: '2 x Sourdough loaf [SD-1]; 1 x Jam jar',
    weight: 1200,
    ...over
  }
}
