/**
 * The Salesforce part of the demo: the bakery's wholesale side keeps its trade customers in
 * Salesforce, and the trade-enquiry form on its website (exported as CSV) flows one way into
 * Salesforce contacts, from the "Web form sign-ups → Salesforce" template. The fake org
 * reports its daily API allowance, so the connection's health shows how much is used.
 *
 * It starts its own stand-in (a few milliseconds; loaded only when the demo runs).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { csv, CsvEdits } from './csv-files'
import type { DemoPart } from './contacts'
import { syncFromTemplate } from './from-template'
import { people, seeded, type Person } from './sample-data'

/** The sync id of this part. */
export const SALESFORCE_SYNC = 'trade-enquiries-salesforce'

const HEADER = ['email', 'first_name', 'last_name', 'company', 'phone', 'source']

/** Starts the fake org with the trade customers, writes the enquiry export, and returns the part. */
export async function salesforcePart(folder: string): Promise<DemoPart & { url: string; close(): Promise<void> }> {
  const sf = await import('../stand-ins/salesforce')
  // A small org: Developer Edition's 15,000 calls a day, some already used by the bakery's other apps.
  const fake = await sf.startFakeSalesforce({ dailyLimit: 15_000, used: 2_140 })
  const trade = people(80, seeded(31))
  for (const p of trade.slice(0, 50)) fake.org.create('Contact', { FirstName: p.first, LastName: p.last, Email: p.email, Phone: p.phone, LeadSource: 'Trade fair', HasOptedOutOfEmail: false })
  await mkdir(folder, { recursive: true })
  const file = join(folder, 'trade-enquiries.csv')
  const enquiry = (p: Person) => [p.email, p.first, p.last, p.company, p.phone, 'Website']
  // 12 new enquiries, and 3 existing customers asking again (matched by email: not added twice).
  await writeFile(file, csv(HEADER, [...trade.slice(50, 62), ...trade.slice(10, 13)].map(enquiry)))
  const later = trade.slice(62)
  const edits = new CsvEdits()
  const { accessToken, refreshToken } = fake.oauth.issue()
  return {
    url: fake.url,
    connections: [
      { connection: { id: 'trade-form', system: 'csv', label: 'Trade enquiry form', settings: { file, keyColumn: 'email' } } },
      {
        connection: { id: 'salesforce', system: 'salesforce', label: 'Salesforce', authKind: 'oauth2', settings: { loginUrl: fake.url, instanceUrl: fake.url } },
        secrets: { clientId: fake.oauth.app.consumerKey, accessToken, refreshToken }
      }
    ],
    syncs: async (setup) => [
      await syncFromTemplate(setup, { template: 'form-to-salesforce', id: SALESFORCE_SYNC, name: 'Trade enquiries → Salesforce', left: { connectionId: 'trade-form', object: 'trade-enquiries' }, right: { connectionId: 'salesforce', object: 'contacts' } })
    ],
    async opening(ctx) {
      await ctx.run(SALESFORCE_SYNC)
    },
    async tick(ctx, n) {
      if (n % 4 !== 2 || !later.length) return
      const p = later.shift()!
      edits.append(file, enquiry(p))
      ctx.say(`${p.first} ${p.last}${p.company ? ` from ${p.company}` : ''} sent a trade enquiry on the website`)
    },
    close: () => fake.close()
  }
}
