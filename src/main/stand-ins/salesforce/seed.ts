/** Sample records for the fake org: people with plausible names and addresses, deterministic for a seed. */
import { seeded } from '../../../shared/random'
import type { FakeOrg } from './store'

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kaito', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya']
const LAST = ['Okafor', 'Lindqvist', 'Moreau', 'Patel', 'Yilmaz', 'Haddad', 'Hopper', 'Brun', 'Costa', 'Weber', 'Sato', 'Novak', 'García', 'Berg', 'Aziz', 'Rao']
const CITY = ['Lyon', 'Leeds', 'Porto', 'Graz', 'Ghent', 'Turku']

/** Adds `count` contacts (and a few accounts and leads) to the org; returns the contacts' ids. */
export function seedSalesforce(org: FakeOrg, count: number, seed = 7, opts: { leads?: number; accounts?: number } = {}): string[] {
  const r = seeded(seed)
  const pick = <T>(list: T[]): T => list[Math.floor(r() * list.length)]
  const accounts = Array.from({ length: opts.accounts ?? Math.min(5, count) }, (_, i) => org.create('Account', { Name: `${pick(LAST)} & Co ${i + 1}`, BillingCity: pick(CITY) }).Id)
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST)
    const last = pick(LAST)
    const email = `${first}.${last}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    ids.push(org.create('Contact', { FirstName: first, LastName: last, Email: email, MailingCity: pick(CITY), AccountId: accounts.length ? pick(accounts) : null }).Id)
  }
  for (let i = 0; i < (opts.leads ?? 0); i++) org.create('Lead', { FirstName: pick(FIRST), LastName: pick(LAST), Company: `${pick(LAST)} Ltd`, Email: `lead${i}@example.org` })
  return ids
}
