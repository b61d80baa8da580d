/**
 * ShipStation benchmark: a shop's export of 2,000 paid orders becomes 2,000 ShipStation
 * shipments awaiting a label through the real engine, connector and template, against the
 * stand-in enforcing ShipStation's 200 requests a minute; then every label is bought and the
 * tracking comes back to the orders file. The minute is shrunk 10× (200 requests per 6 s,
 * the connector paced the same) so it finishes quickly; the floor is what 200 a minute allows
 * for the calls each run made.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectionSchema, syncSchema } from '../src/shared/domain'
import { csvConnector } from '../src/main/connectors/csv'
import { createShipStationConnector } from '../src/main/connectors/shipstation'
import type { ConnectorSession } from '../src/main/connectors/types'
import { syncFromTemplate } from '../src/main/demo/from-template'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { startShipStation } from '../src/main/stand-ins/shipstation'

const ORDERS = 2000
const SCALE = 0.1
const PER_MINUTE = 200
const WINDOW_MS = 60_000 * SCALE

const dir = await mkdtemp(join(tmpdir(), 'patchbay-bench-shipstation-'))
const file = join(dir, 'orders.csv')
const header = 'order_id,status,email,ship_name,ship_address1,ship_city,ship_postcode,ship_country,items,weight_grams,tracking_number,carrier,shipment_status'
const postcodes = ['BS1 5AA', 'LS1 4AP', 'M1 1AE', 'EH1 1YZ', 'CF10 1EP', 'SW1A 1AA']
const rows = Array.from({ length: ORDERS }, (_, i) => `#${100000 + i},paid,buyer${i}@shop.test,Buyer ${i},${1 + (i % 90)} High Street,Town ${i % 40},${postcodes[i % postcodes.length]},GB,${1 + (i % 3)} x Sourdough loaf,${400 + (i % 7) * 150},,,`)
await writeFile(file, [header, ...rows].join('\n') + '\n')

const standIn = await startShipStation({ windowMs: WINDOW_MS })
const sessions: Record<string, ConnectorSession> = {
  orders: await csvConnector.open({ connection: connectionSchema.parse({ id: 'orders', system: 'csv', label: 'Orders', settings: { file, keyColumn: 'order_id' } }), secrets: {} }),
  ship: await createShipStationConnector({ limits: { general: { intervalCap: PER_MINUTE, interval: WINDOW_MS } } }).open({
    connection: connectionSchema.parse({ id: 'ship', system: 'shipstation', label: 'ShipStation', authKind: 'api-key', settings: { baseUrl: standIn.url } }),
    secrets: { apiKey: standIn.key }
  })
}
const setup = { fields: (conn: string, object: string) => sessions[conn].object(object).fields(), timeZone: 'UTC' }
const objects: Record<string, string> = { orders: 'orders', ship: 'shipments' }
const make = async (template: string, left: string, right: string) =>
  syncSchema.parse(await syncFromTemplate(setup, { template, id: template, name: template, left: { connectionId: left, object: objects[left] }, right: { connectionId: right, object: objects[right] } }))

async function measure(label: string, template: string, left: string, right: string): Promise<void> {
  const sync = await make(template, left, right)
  const state = await SyncState.open(join(dir, `state-${template}`))
  standIn.recorder.take()
  const started = performance.now()
  const { run } = await runSync({ sync, adapters: { left: sessions[left].object(objects[left]), right: sessions[right].object(objects[right]) }, state, trigger: 'manual' })
  const ms = performance.now() - started
  const calls = standIn.recorder.take()
  const by = new Map<string, number>()
  for (const c of calls) by.set(`${c.method} ${c.path.replace(/se-\d+/, '{id}')}`, (by.get(`${c.method} ${c.path.replace(/se-\d+/, '{id}')}`) ?? 0) + 1)
  const limited = calls.filter((c) => c.status === 429).length
  // The limit forces waiting only past 200 calls: n calls need at least ceil(n / 200) - 1 whole minutes.
  const floorMin = Math.max(0, Math.ceil(calls.length / PER_MINUTE) - 1)
  console.log(
    `shipstation ${label}: ${run.status}, ${run.counts.created} created, ${run.counts.updated} updated, ${run.counts.failed} failed; ` +
      `${calls.length} calls to ShipStation (${[...by].map(([k, n]) => `${n} ${k}`).join(', ')}), ${limited} answered 429; ` +
      `${(ms / 1000).toFixed(1)} s (minute shrunk 10×); ${Math.round((calls.length / PER_MINUTE) * 100)}% of one minute's ${PER_MINUTE}, so the limit's floor is ${floorMin} min of waiting (one request per order would be ${ORDERS} calls: ${Math.ceil(ORDERS / PER_MINUTE) - 1} min)`
  )
}

await measure(`${ORDERS} orders → shipments`, 'orders-to-shipments', 'orders', 'ship')
await measure('orders → shipments again (nothing new)', 'orders-to-shipments', 'orders', 'ship')
for (const s of standIn.store.shipments.values()) standIn.store.buyLabel(s.shipment_id)
await measure(`tracking of ${ORDERS} labels → orders file`, 'tracking-to-orders', 'ship', 'orders')
await standIn.close()
