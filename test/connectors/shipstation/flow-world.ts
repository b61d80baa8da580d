/**
 * The shop's shipping flow on real stand-ins: an orders file (CSV), ShipStation, HubSpot
 * (with the three shipping contact properties the CRM template asks the owner to add) and
 * Mailchimp (with the TRACKING, CARRIER and SHIPSTATUS merge fields, new people added as
 * transactional), and the syncs made from the shipping templates the way the New sync form
 * makes them. `run(id)` runs one sync once, with a fresh adapter as the service does.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { connectionSchema, syncSchema, type Sync } from '../../../src/shared/domain'
import { csvConnector } from '../../../src/main/connectors/csv'
import { createHubspotConnector } from '../../../src/main/connectors/hubspot'
import { createMailchimpConnector } from '../../../src/main/connectors/mailchimp'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import { syncFromTemplate } from '../../../src/main/demo/from-template'
import { runSync, type RunResult } from '../../../src/main/engine/run'
import { SyncState } from '../../../src/main/engine/state'
import { OBJECTS } from '../../../src/main/stand-ins/hubspot/catalog'
import { startFakeHubspot, type FakeHubspot } from '../../../src/main/stand-ins/hubspot'
import { startMailchimpFake, type MailchimpFake } from '../../../src/main/stand-ins/mailchimp'
import { startShipStation, type ShipStationStandIn } from '../../../src/main/stand-ins/shipstation'
import { openShipStation } from './helpers'

/** The orders file's columns, as a shop's export has them (tracking columns filled by Patchbay). */
export const ORDER_COLUMNS = ['order_id', 'status', 'email', 'ship_name', 'ship_address1', 'ship_city', 'ship_postcode', 'ship_country', 'items', 'weight_grams', 'tracking_number', 'carrier', 'shipment_status']

/** One order row. */
export type OrderRow = Record<(typeof ORDER_COLUMNS)[number], string>

/** A paid order to Bristol. */
export function order(n: number, over: Partial<OrderRow> = {}): OrderRow {
  return { order_id: `#${1000 + n}`, status: 'paid', email: `buyer${n}@shop.test`, ship_name: `Buyer ${n}`, ship_address1: `${n} Mill Lane`, ship_city: 'Bristol', ship_postcode: 'BS1 5AA', ship_country: 'GB', items: '2 x Sourdough loaf', weight_grams: '900', tracking_number: '', carrier: '', shipment_status: '', ...over }
}

const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** Adds HubSpot contact properties the way an owner does in HubSpot's settings (this test file's module copy only). */
function addShippingProperties(): void {
  const contacts = OBJECTS.contacts.properties
  for (const [name, label] of [['shipping_tracking_number', 'Shipping tracking number'], ['shipping_carrier', 'Shipping carrier'], ['shipping_status', 'Shipping status']]) {
    if (!contacts.some((p) => p.name === name)) contacts.push({ name, label, type: 'string', fieldType: 'text' })
  }
}

/** The running world. */
export interface FlowWorld {
  dir: string
  shipstation: ShipStationStandIn
  hubspot: FakeHubspot
  mailchimp: MailchimpFake
  syncs: Record<string, Sync>
  run(id: string): Promise<RunResult>
  /** The sync's open Failures. */
  failures(id: string): Array<{ key?: string; message: string; op: string; hint?: string }>
  readOrders(): Promise<OrderRow[]>
  writeOrders(rows: OrderRow[]): Promise<void>
  close(): Promise<void>
}

/** Starts the stand-ins, writes the orders and makes the four CSV-flow syncs. */
export async function flowWorld(rows: OrderRow[]): Promise<FlowWorld> {
  addShippingProperties()
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-shipping-'))
  const file = join(dir, 'orders.csv')
  const writeOrders = (list: OrderRow[]) => writeFile(file, [ORDER_COLUMNS.join(','), ...list.map((r) => ORDER_COLUMNS.map((c) => quote(r[c] ?? '')).join(','))].join('\n') + '\n')
  await writeOrders(rows)
  const [shipstation, hubspot, mailchimp] = await Promise.all([startShipStation(), startFakeHubspot({}), startMailchimpFake({ audiences: { sh1pp1ng26: 'Customers' } })])
  const audience = mailchimp.store.audience(mailchimp.listId)
  for (const [i, tag] of ['TRACKING', 'CARRIER', 'SHIPSTATUS'].entries()) {
    audience.mergeFields.push({ merge_id: 50 + i, tag, name: tag.toLowerCase(), type: 'text', required: false, default_value: '', public: false, display_order: 50 + i })
  }
  const sessions: Record<string, ConnectorSession> = {
    orders: await csvConnector.open({ connection: connectionSchema.parse({ id: 'orders', system: 'csv', label: 'Orders', settings: { file, keyColumn: 'order_id' } }), secrets: {} }),
    ship: await openShipStation(shipstation),
    crm: await createHubspotConnector({ retry: { baseMs: 2, capMs: 20 } }).open({ connection: connectionSchema.parse({ id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', settings: { baseUrl: hubspot.url, searchLagMs: 0 } }), secrets: { accessToken: hubspot.token } }),
    mail: await createMailchimpConnector({ retry: { baseMs: 2, capMs: 20 } }).open({ connection: connectionSchema.parse({ id: 'mail', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { listId: mailchimp.listId, baseUrl: mailchimp.baseUrl, statusIfNew: 'transactional' } }), secrets: { apiKey: mailchimp.apiKey } })
  }
  const setup = { fields: (conn: string, object: string) => sessions[conn].object(object).fields(), timeZone: 'UTC' }
  const objects: Record<string, string> = { orders: 'orders', ship: 'shipments', crm: 'contacts', mail: 'members' }
  const make = async (template: string, left: string, right: string): Promise<Sync> =>
    syncSchema.parse(await syncFromTemplate(setup, { template, id: template, name: template, left: { connectionId: left, object: objects[left] }, right: { connectionId: right, object: objects[right] } }))
  const syncs = {
    'orders-to-shipments': await make('orders-to-shipments', 'orders', 'ship'),
    'tracking-to-orders': await make('tracking-to-orders', 'ship', 'orders'),
    'tracking-to-crm': await make('tracking-to-crm', 'ship', 'crm'),
    'shipped-to-email': await make('shipped-to-email', 'ship', 'mail')
  }
  const states = new Map<string, SyncState>()
  return {
    dir,
    shipstation,
    hubspot,
    mailchimp,
    syncs,
    async run(id) {
      const sync = syncs[id as keyof typeof syncs]
      let state = states.get(id)
      if (!state) states.set(id, (state = await SyncState.open(join(dir, `state-${id}`))))
      return runSync({ sync, adapters: { left: sessions[sync.left.connectionId].object(sync.left.object), right: sessions[sync.right.connectionId].object(sync.right.object) }, state, trigger: 'watch' })
    },
    failures: (id) => (states.get(id)?.data.failures ?? []).filter((f) => f.status !== 'dismissed'),
    readOrders: async () => parse(await readFile(file, 'utf8'), { columns: true }) as OrderRow[],
    writeOrders,
    close: async () => void (await Promise.all([shipstation.close(), hubspot.close(), mailchimp.close()]))
  }
}
