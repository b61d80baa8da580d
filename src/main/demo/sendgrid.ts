/**
 * The SendGrid part of the demo: the bakery sends its marketing email from SendGrid too, and
 * keeps SendGrid's contacts and HubSpot's the same with the "HubSpot ⇄ SendGrid contacts"
 * template. SendGrid holds 60 of the HubSpot contacts already; a few unsubscribed or bounced
 * there, and that reaches HubSpot's opt-out box. Now and then someone else unsubscribes.
 *
 * It starts its own stand-in (a few milliseconds; loaded only when the demo runs). Nobody is
 * only in SendGrid, so this sync adds no one to HubSpot that the Mailchimp sync would pass on.
 */
import type { FakeRecord } from '../stand-ins/hubspot'
import type { DemoPart } from './contacts'
import { syncFromTemplate } from './from-template'

/** The sync id of this part. */
export const SENDGRID_SYNC = 'hubspot-sendgrid'

/** Starts the SendGrid stand-in with some of `contacts` and returns the part. */
export async function sendgridPart(contacts: FakeRecord[]): Promise<DemoPart & { url: string; apiKey: string; close(): Promise<void> }> {
  const sg = await import('../stand-ins/sendgrid')
  const fake = await sg.startSendgridFake({})
  const user = sg.sendgridUser(fake)
  fake.store.addGroup(1, 'Bakery news', true)
  const synced = contacts.slice(100, 160)
  for (const c of synced) user.put(c.properties.email, { first_name: c.properties.firstname ?? '', last_name: c.properties.lastname ?? '' }, {}, ['Bakery news'])
  for (const c of synced.slice(0, 4)) user.unsubscribe(c.properties.email)
  user.leaveGroup(1, synced[4].properties.email)
  user.bounce(synced[5].properties.email)
  const later = synced.slice(6)
  return {
    url: fake.url,
    apiKey: fake.apiKey,
    connections: [{ connection: { id: 'sendgrid', system: 'sendgrid', label: 'SendGrid', authKind: 'api-key', settings: { baseUrl: fake.url, pollMs: 50 } }, secrets: { apiKey: fake.apiKey } }],
    syncs: async (setup) => {
      const sync = await syncFromTemplate(setup, { template: 'hubspot-sendgrid', id: SENDGRID_SYNC, name: 'HubSpot ⇄ SendGrid', left: { connectionId: 'hubspot', object: 'contacts' }, right: { connectionId: 'sendgrid', object: 'contacts' } })
      // As a person would pick on the form: SendGrid holds only part of HubSpot, so deletes stay on their side.
      return [{ ...sync, deletes: 'ignore' }]
    },
    async opening(ctx) {
      await ctx.run(SENDGRID_SYNC)
    },
    async tick(ctx, n) {
      if (n % 6 !== 3 || !later.length) return
      const c = later.splice(Math.floor(later.length / 2), 1)[0]
      user.unsubscribe(c.properties.email)
      ctx.say(`${c.properties.firstname ?? c.properties.email} unsubscribed from the bakery's emails in SendGrid`)
    },
    close: () => fake.close()
  }
}
