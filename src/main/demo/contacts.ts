/**
 * The contacts half of the demo: a website sign-up form exported as CSV flows one way
 * into HubSpot, and HubSpot contacts and the Mailchimp audience are kept the same both
 * ways. A few hundred people: some in both systems, some in one, some only on the form.
 *
 * The story: the first form import trips on a row the form tool exported without quoting
 * a comma (a failure, fixed in the file so Retry goes through), the first two-way run
 * brings each side the people it lacked, then two people's surnames are changed
 * differently in HubSpot and in Mailchimp (two conflicts to settle). Afterwards people
 * keep subscribing, correcting names and being added by the sales team.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncInput } from '../../shared/domain'
import type { FakeRecord } from '../stand-ins/hubspot'
import { csv, CsvEdits, row } from './csv-files'
import type { DemoFakes } from './fakes'
import { syncFromTemplate } from './from-template'
import { people, seeded, type Person } from './sample-data'
import type { DemoContext, DemoWorkspace, SetupContext } from './workspace'

/** A part of the demo workspace: its connections, syncs and story. */
export interface DemoPart {
  connections: DemoWorkspace['connections']
  syncs(setup: SetupContext): Promise<SyncInput[]>
  opening(ctx: DemoContext): Promise<void>
  tick(ctx: DemoContext, n: number): Promise<void>
}

/** Sync ids of this part (the e2e tests use them). */
export const CONTACT_SYNCS = { form: 'signups-hubspot', twoWay: 'hubspot-mailchimp' } as const

/** The row the form tool exported without quoting a comma: one value too many. */
const BROKEN_COMPANY = 'Bakery, Café & Co'
const FORM_HEADER = ['id', 'submitted_at', 'email', 'first_name', 'last_name', 'company', 'phone']

/** Seeds HubSpot and Mailchimp, writes the form exports into `folder`, and returns the part. */
export async function contactsPart(fakes: DemoFakes, folder: string, now = new Date()): Promise<DemoPart> {
  const { hubspot, mailchimp, mailchimpUser: inMailchimp } = fakes
  const hs = await import('../stand-ins/hubspot')
  const mc = await import('../stand-ins/mailchimp')

  // HubSpot: 240 contacts made over the past year, with companies, phones and lifecycle stages.
  const contacts = hs.seedContacts(hubspot.store, 240, { seed: 17, until: now.getTime() - 86_400_000 })
  // 150 of them are on the newsletter too (a few typed in capitals), and 70 subscribers are only there.
  const rand = seeded(5)
  for (const c of contacts.slice(0, 150)) {
    const p = c.properties
    inMailchimp.add(rand() < 0.08 ? p.email.toUpperCase() : p.email, { FNAME: p.firstname, LNAME: p.lastname, PHONE: p.phone ?? '' }, p.lifecyclestage === 'customer' ? ['customer'] : [])
  }
  mc.seedMembers(mailchimp.store, mailchimp.store.audience(mailchimp.listId), { count: 70, seed: 5 })

  // The website form: 30 new people, 8 HubSpot contacts signing up again with a new number, and the broken row.
  await mkdir(folder, { recursive: true })
  const files = { signups: join(folder, 'signups.csv'), workshop: join(folder, 'workshop-signups.csv') }
  // One pool of people, so nobody turns up twice by accident: 0–29 the form, 300–339 Stripe guests
  // (./index.ts), 380–403 the workshop form, then people who join later.
  const everyone = people(1404)
  const stamp = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString().slice(0, 16).replace('T', ' ')
  const formRow = (p: Person, i: number) => [String(i + 1), stamp(60 * 24 - i * 20), p.email, p.first, p.last, p.company, p.phone]
  const again = contacts.slice(200, 208).map((c, i): Person => ({ email: c.properties.email, first: c.properties.firstname, last: c.properties.lastname, company: c.properties.company ?? '', phone: `07700 900${String(900 + i)}` }))
  const signupRows = [...everyone.slice(0, 30), ...again].map(formRow)
  const broken = formRow({ first: 'Rosa', last: 'Diaz', email: 'rosa.diaz@example.org', company: '', phone: '07700 900999' }, signupRows.length)
  const brokenLine = [...broken.slice(0, 5), BROKEN_COMPANY, broken[6]].join(',')
  await writeFile(files.signups, csv(FORM_HEADER, signupRows) + brokenLine + '\n')
  // People nobody has synced yet, so a new sync from a template has something to bring in.
  await writeFile(files.workshop, csv(FORM_HEADER, everyone.slice(380, 404).map(formRow)))

  const edits = new CsvEdits()
  // Enough for a few hours of one newcomer on each side every half minute.
  const joiners = everyone.slice(404, 904)
  const newLeads = everyone.slice(904, 1404)
  const both = contacts.slice(0, 150)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const { form, twoWay } = CONTACT_SYNCS

  /** The same person edited differently in both systems: a conflict at the next run. */
  const editBoth = (c: FakeRecord, field: 'firstname' | 'lastname', inHubspot: string, inMc: string) => {
    hubspot.store.update(c, { [field]: inHubspot })
    inMailchimp.edit(c.properties.email, { merge_fields: { [field === 'firstname' ? 'FNAME' : 'LNAME']: inMc } })
  }

  return {
    connections: [
      { connection: { id: 'signup-form', system: 'csv', label: 'Website sign-up form', settings: { file: files.signups, keyColumn: 'id' } } },
      { connection: { id: 'workshop-form', system: 'csv', label: 'Workshop sign-ups', settings: { file: files.workshop, keyColumn: 'id' } } },
      { connection: { id: 'hubspot', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', settings: { baseUrl: hubspot.url } }, secrets: { accessToken: hubspot.token } },
      { connection: { id: 'mailchimp', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { baseUrl: mailchimp.baseUrl, listId: mailchimp.listId } }, secrets: { apiKey: mailchimp.apiKey } }
    ],
    syncs: async (setup) => [
      await syncFromTemplate(setup, { template: 'form-to-crm', id: form, name: 'Website sign-ups → HubSpot', left: { connectionId: 'signup-form', object: 'signups' }, right: { connectionId: 'hubspot', object: 'contacts' } }),
      await syncFromTemplate(setup, { template: 'crm-email', id: twoWay, name: 'HubSpot ⇄ Mailchimp', left: { connectionId: 'hubspot', object: 'contacts' }, right: { connectionId: 'mailchimp', object: 'members' } })
    ],
    async opening(ctx) {
      await ctx.run(form)
      // The form tool sends a corrected export; trying the failure again now brings Rosa in.
      edits.replace(files.signups, brokenLine, row([...broken.slice(0, 5), BROKEN_COMPANY, broken[6]]))
      ctx.say('signups.csv was exported again with the unquoted comma fixed: try the failed sign-up again')
      if (ctx.stopped) return
      await ctx.run(twoWay)
      if (ctx.stopped) return
      // Two people changed their surname, and it was typed differently in each system.
      for (const [c, partner] of [[both[20], 'Hughes'], [both[40], 'Reid']] as const) editBoth(c, 'lastname', `${c.properties.lastname}-${partner}`, partner)
      ctx.say('Two surnames were changed differently in HubSpot and in Mailchimp')
      await ctx.run(twoWay)
    },
    async tick(ctx, n) {
      if (n % 3 === 0 && joiners.length) {
        const p = joiners.shift()!
        inMailchimp.add(p.email, { FNAME: p.first, LNAME: p.last })
        ctx.say(`${p.first} ${p.last} subscribed to the newsletter in Mailchimp`)
      } else if (n % 3 === 1 && newLeads.length) {
        const p = newLeads.shift()!
        hubspot.store.create('contacts', { email: p.email, firstname: p.first, lastname: p.last, company: p.company, phone: p.phone, lifecyclestage: 'lead' })
        ctx.say(`${p.first} ${p.last}${p.company ? ` from ${p.company}` : ''} was added to HubSpot as a lead`)
      } else {
        // Someone changed their surname in Mailchimp's preference centre.
        const c = pick(both.slice(100))
        const surname = pick(['Hughes', 'Morgan', 'Ellis', 'Reid', 'Carter', 'Bell'])
        inMailchimp.edit(c.properties.email, { merge_fields: { LNAME: surname } })
        ctx.say(`${c.properties.firstname} ${c.properties.lastname} changed their surname to ${surname} in Mailchimp`)
      }
      if (n % 5 === 3 && !ctx.isRunning(twoWay) && (await ctx.openConflicts(twoWay)) < 3) {
        const c = both[60 + ((n * 7) % 90)]
        const first = c.properties.firstname
        editBoth(c, 'firstname', `${first}-Marie`, `${first} M.`)
        ctx.say(`${first} ${c.properties.lastname}'s first name was edited in both HubSpot and Mailchimp`)
      }
    }
  }
}
