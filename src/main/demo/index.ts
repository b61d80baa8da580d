/**
 * The demo workspace of `patchbay serve --demo`: the vendors' fake APIs started in this
 * process with a small bakery's data (a few hundred contacts in HubSpot and Mailchimp, a
 * week of Stripe payments, QuickBooks books), the syncs a person would make from the
 * templates, and a story played on top (see ./workspace.ts).
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { contactsPart, type DemoPart } from './contacts'
import { startDemoFakes, type MoneyStarters } from './fakes'
import { moneyPart } from './money'
import { csvMoneyPart } from './money-csv'
import { people } from './sample-data'
import { shippingPart } from './shipping'
import { salesforcePart } from './salesforce'
import { sendgridPart } from './sendgrid'
import type { DemoWorkspace } from './workspace'

export { playDemo, type PlayingDemo } from './workspace'
export type { MoneyStarters } from './fakes'

/** Starts the fakes, seeds them and writes the demo's files into `folder`; `starters` is a test seam (see `MoneyStarters`). */
export async function openDemoWorkspace(folder: string, now = new Date(), starters: MoneyStarters = {}): Promise<DemoWorkspace> {
  // The Stripe clock starts a few months back, so customers signed up before the week of payments.
  const fakes = await startDemoFakes(Math.floor(now.getTime() / 1000) - 120 * 86_400, starters)
  let salesforce: Awaited<ReturnType<typeof salesforcePart>> | undefined
  let sendgrid: Awaited<ReturnType<typeof sendgridPart>> | undefined
  try {
    salesforce = await salesforcePart(folder)
    const contacts = await contactsPart(fakes, folder, now)
    sendgrid = await sendgridPart(fakes.hubspot.store.live('contacts'))
    const buyers = fakes.hubspot.store.live('contacts').slice(0, 200)
    const customers = buyers.filter((c) => c.properties.lifecyclestage === 'customer').map((c) => ({ email: c.properties.email, name: `${c.properties.firstname} ${c.properties.lastname}` }))
    // Guests pay without a Stripe account; nobody else in the demo has their addresses.
    const guests = people(404).slice(300, 340)
    const money: DemoPart = fakes.money
      ? moneyPart(fakes.money, { customers, guests: guests.map((p) => ({ email: p.email, name: `${p.first} ${p.last}` })) })
      : await csvMoneyPart(folder, guests, now)
    // The web shop's buyers are customers already in HubSpot and on the newsletter (the first 150 contacts).
    const shoppers = buyers.slice(0, 150).filter((c) => c.properties.lifecyclestage === 'customer').map((c) => ({ email: c.properties.email, name: `${c.properties.firstname} ${c.properties.lastname}` }))
    const shipping = await shippingPart(fakes, folder, shoppers)
    const parts = [contacts, money, salesforce, shipping]
    parts.push(sendgrid)
    const notice = fakes.moneyStandIn
      ? `The stand-ins for Stripe and QuickBooks could not start (${fakes.moneyStandIn}), so this demo uses CSV files in their place: the payments syncs read and write files in ${folder} instead.`
      : undefined
    // Where each fake listens, for anyone curious to call them (the keys are the fakes' own).
    const m = fakes.money
    await writeFile(join(folder, 'fake-apis.json'), JSON.stringify({
      hubspot: { url: fakes.hubspot.url, token: fakes.hubspot.token },
      mailchimp: { baseUrl: fakes.mailchimp.baseUrl, apiKey: fakes.mailchimp.apiKey, listId: fakes.mailchimp.listId },
      shipstation: { url: fakes.shipstation.url, apiKey: fakes.shipstation.key },
      salesforce: { url: salesforce.url },
      sendgrid: { url: sendgrid.url, apiKey: sendgrid.apiKey },
      ...(m ? { stripe: { url: m.stripe.url, key: m.stripeKey }, quickbooks: { url: m.quickbooks.url, realmId: m.quickbooks.company.realmId } } : { standIn: notice })
    }, null, 2) + '\n')
    return {
      folder,
      notice,
      connections: parts.flatMap((p) => p.connections),
      syncs: async (setup) => (await Promise.all(parts.map((p) => p.syncs(setup)))).flat(),
      everyMs: 8_000,
      async opening(ctx) {
        if (notice) ctx.say(notice)
        // The two halves share no system, so they play side by side.
        await Promise.all(parts.map((p) => p.opening(ctx)))
      },
      async tick(ctx, n) {
        fakes.forgetExchanges()
        for (const p of parts) if (!ctx.stopped) await p.tick(ctx, n)
      },
      close: async () => void (await Promise.allSettled([fakes.close(), salesforce!.close(), sendgrid!.close()]))
    }
  } catch (err) {
    await salesforce?.close()
    await sendgrid?.close()
    await fakes.close()
    throw err
  }
}
