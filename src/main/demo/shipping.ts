/**
 * The shipping part of the demo (issue 14): the bakery's web shop exports its paid orders
 * as CSV; each becomes a ShipStation shipment awaiting a label; when a label is bought, its
 * tracking number, carrier and status come back to the orders file, to the customer in
 * HubSpot and to the email list.
 *
 * The story: the first run makes a shipment for each order but one, whose postcode the
 * customer mistyped (a Failure naming the ship-to postcode); a few labels are bought and
 * the tracking comes back. Afterwards orders keep coming in, labels are bought, and now and
 * then an order is refunded before it ships (its shipment is cancelled).
 *
 * HubSpot and Mailchimp hold what the templates ask the owner to add first: the contact
 * properties shipping_tracking_number, shipping_carrier and shipping_status (the HubSpot
 * stand-in has no API to create properties, so they are added to its catalogue here), and
 * the merge fields TRACKING, CARRIER and SHIPSTATUS. The email sync uses its own Mailchimp
 * connection that adds new people as transactional, so no buyer is signed up to the newsletter.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { OBJECTS } from '../stand-ins/hubspot/catalog'
import type { DemoPart } from './contacts'
import { csv, CsvEdits } from './csv-files'
import type { DemoFakes } from './fakes'
import { syncFromTemplate } from './from-template'

/** Sync ids of this part. */
export const SHIPPING_SYNCS = { orders: 'orders-shipstation', toOrders: 'shipstation-orders', toCrm: 'shipstation-hubspot', toEmail: 'shipstation-mailchimp' } as const

const HEADER = ['order_id', 'status', 'email', 'ship_name', 'ship_address1', 'ship_city', 'ship_postcode', 'ship_country', 'items', 'weight_grams', 'tracking_number', 'carrier', 'shipment_status']
const STREETS = ['Mill Lane', 'Harbour Walk', 'Park Row', 'Gloucester Road', 'Whiteladies Road', 'North Street']
const GOODS = [['2 x Sourdough loaf', '1800'], ['1 x Seeded rye; 1 x Jam jar', '1400'], ['6 x Cinnamon bun', '900'], ['1 x Celebration cake', '2200'], ['12 x Sourdough starter kit', '3000']]
const POSTCODES = ['BS1 5AA', 'BS6 6XL', 'BS8 1TH', 'BS3 1QP', 'BS7 8AE', 'BS2 0JA']

/** A buyer: someone who is already a customer in HubSpot and on the newsletter. */
export interface Buyer {
  email: string
  name: string
}

function contactProperty(name: string, label: string): void {
  const contacts = OBJECTS.contacts.properties
  if (!contacts.some((p) => p.name === name)) contacts.push({ name, label, type: 'string', fieldType: 'text' })
}

/** Writes orders.csv into `folder` and returns the part. */
export async function shippingPart(fakes: DemoFakes, folder: string, buyers: Buyer[]): Promise<DemoPart> {
  const { shipstation, mailchimp } = fakes
  contactProperty('shipping_tracking_number', 'Shipping tracking number')
  contactProperty('shipping_carrier', 'Shipping carrier')
  contactProperty('shipping_status', 'Shipping status')
  const audience = mailchimp.store.audience(mailchimp.listId)
  for (const [i, tag] of ['TRACKING', 'CARRIER', 'SHIPSTATUS'].entries()) {
    if (!audience.mergeFields.some((f) => f.tag === tag)) audience.mergeFields.push({ merge_id: 90 + i, tag, name: tag[0] + tag.slice(1).toLowerCase(), type: 'text', required: false, default_value: '', public: false, display_order: 90 + i })
  }
  const file = join(folder, 'orders.csv')
  let next = 1
  const orderRow = (b: Buyer, postcode?: string): string[] => {
    const n = next++
    const [items, grams] = GOODS[n % GOODS.length]
    return [`#${2000 + n}`, 'paid', b.email, b.name, `${10 + n} ${STREETS[n % STREETS.length]}`, 'Bristol', postcode ?? POSTCODES[n % POSTCODES.length], 'GB', items, grams, '', '', '']
  }
  const pool = [...buyers]
  // The fourth order's postcode was mistyped at checkout: ShipStation refuses it.
  const first = pool.splice(0, 8).map((b, i) => orderRow(b, i === 3 ? 'BS1 55AA' : undefined))
  await writeFile(file, csv(HEADER, first))
  const edits = new CsvEdits()
  const { orders, toOrders, toCrm, toEmail } = SHIPPING_SYNCS
  const pending = () => [...shipstation.store.shipments.values()].filter((s) => s.shipment_status === 'pending').sort((a, b) => (a.created_at < b.created_at ? -1 : 1))
  const buy = (count: number): string[] => pending().slice(0, count).map((s) => (shipstation.buyLabel(s.shipment_id, s.shipment_id.endsWith('3') ? 'ups' : 'royal_mail'), s.external_shipment_id ?? s.shipment_id))

  return {
    connections: [
      { connection: { id: 'shop-orders', system: 'csv', label: 'Web shop orders', settings: { file, keyColumn: 'order_id' } } },
      { connection: { id: 'shipstation', system: 'shipstation', label: 'ShipStation', authKind: 'api-key', settings: { baseUrl: shipstation.url } }, secrets: { apiKey: shipstation.key } },
      {
        connection: { id: 'mailchimp-shipping', system: 'mailchimp', label: 'Mailchimp (shipping emails)', authKind: 'api-key', settings: { baseUrl: mailchimp.baseUrl, listId: mailchimp.listId, statusIfNew: 'transactional' } },
        secrets: { apiKey: mailchimp.apiKey }
      }
    ],
    syncs: async (setup) => [
      await syncFromTemplate(setup, { template: 'orders-to-shipments', id: orders, name: 'Web shop orders → ShipStation', left: { connectionId: 'shop-orders', object: 'orders' }, right: { connectionId: 'shipstation', object: 'shipments' } }),
      await syncFromTemplate(setup, { template: 'tracking-to-orders', id: toOrders, name: 'Tracking → web shop orders', left: { connectionId: 'shipstation', object: 'shipments' }, right: { connectionId: 'shop-orders', object: 'orders' } }),
      await syncFromTemplate(setup, { template: 'tracking-to-crm', id: toCrm, name: 'Tracking → HubSpot', left: { connectionId: 'shipstation', object: 'shipments' }, right: { connectionId: 'hubspot', object: 'contacts' } }),
      await syncFromTemplate(setup, { template: 'shipped-to-email', id: toEmail, name: 'Shipped → Mailchimp', left: { connectionId: 'shipstation', object: 'shipments' }, right: { connectionId: 'mailchimp-shipping', object: 'members' } })
    ],
    async opening(ctx) {
      // Orders become shipments; the tracking syncs pair each shipment with its order row, its
      // customer in HubSpot and in Mailchimp while it awaits a label. Then labels are bought,
      // and the next run of each brings the tracking back.
      for (const id of [orders, toOrders, toCrm, toEmail]) {
        if (ctx.stopped) return
        await ctx.run(id)
      }
      const labelled = buy(3)
      ctx.say(`Labels were bought in ShipStation for orders ${labelled.join(', ')}`)
      for (const id of [toOrders, toCrm, toEmail]) {
        if (ctx.stopped) return
        await ctx.run(id)
      }
    },
    async tick(ctx, n) {
      if (n % 4 === 0 && pool.length) {
        const b = pool.shift()!
        edits.append(file, orderRow(b))
        ctx.say(`${b.name} placed an order in the web shop`)
      } else if (n % 4 === 2) {
        const labelled = buy(1)
        if (labelled.length) ctx.say(`A label was bought in ShipStation for order ${labelled[0]}`)
      } else if (n % 12 === 7) {
        const s = pending()[0]
        if (s?.external_shipment_id) {
          edits.field(file, 'order_id', s.external_shipment_id, 'status', 'refunded')
          ctx.say(`Order ${s.external_shipment_id} was refunded before it shipped`)
        }
      }
    }
  }
}
