/**
 * Realistic sample records for the fake: people with plausible names, unique emails at
 * their company's domain, phone numbers, job titles and lifecycle stages, created and
 * last modified at spread-out times in the past (as in an account that has been in use),
 * the same for the same seed.
 */
import { seeded } from './faults'
import type { FakeRecord, FakeStore } from './store'

const FIRST = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Ivy', 'Leo', 'Freya', 'Oscar', 'Grace', 'Harry', 'Lily', 'Jack', 'Sofia', 'Theo', 'Chloe', 'Finley', 'Priya', 'Mohammed', 'Zara', 'Tomás', 'Aoife', 'Kwame', 'Yuki', 'Lena', 'Mateo', 'Nia']
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Khan', 'O\'Brien', 'Nowak', 'García', 'Müller', 'Okafor', 'Chen']
const COMPANIES = ['Harbour Bakery', 'Northwind Joinery', 'Brightside Dental', 'Fernleaf Florists', 'Oak & Iron Gym', 'Blue Fin Café', 'Corner Books', 'Kiln Street Pottery', 'Tidewater Bikes', 'Maple Accountancy', 'Summit Plumbing', 'Lantern Studio']
const TITLES = ['Owner', 'Office Manager', 'Director', 'Bookkeeper', 'Head Chef', 'Practice Manager', 'Marketing Lead', 'Operations Manager', '']
const CITIES = ['Bristol', 'Leeds', 'Manchester', 'Glasgow', 'Cardiff', 'Norwich', 'Brighton', 'York', 'Belfast', 'Exeter']
const STAGES = ['subscriber', 'lead', 'lead', 'marketingqualifiedlead', 'customer', 'customer', 'opportunity']

/** Options of `seedContacts`. */
export interface SeedOptions {
  /** @default 7 */
  seed?: number
  /** Newest creation time. @default the store's clock minus a day */
  until?: number
  /** Spread of creation times before `until`. @default 365 days */
  spanMs?: number
}

const ascii = (s: string): string => s.normalize('NFD').replace(/[^a-zA-Z]/g, '').toLowerCase()

/** Adds `count` contacts and returns them, oldest first. */
export function seedContacts(store: FakeStore, count: number, opts: SeedOptions = {}): FakeRecord[] {
  const random = seeded(opts.seed ?? 7)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]
  const until = opts.until ?? store.now() - 86_400_000
  const span = opts.spanMs ?? 365 * 86_400_000
  const times = Array.from({ length: count }, () => until - Math.floor(random() * span)).sort((a, b) => a - b)
  const out: FakeRecord[] = []
  for (let i = 0; i < count; i++) {
    const first = pick(FIRST)
    const last = pick(LAST)
    const company = pick(COMPANIES)
    const domain = `${ascii(company)}.example`
    const props: Record<string, string> = {
      email: `${ascii(first)}.${ascii(last)}.${i + 1}@${domain}`,
      firstname: first,
      lastname: last,
      phone: `+44 7${String(700 + Math.floor(random() * 299))} ${String(100000 + Math.floor(random() * 899999))}`,
      company,
      website: `https://${domain}`,
      city: pick(CITIES),
      country: 'United Kingdom',
      lifecyclestage: pick(STAGES)
    }
    const title = pick(TITLES)
    if (title) props.jobtitle = title
    out.push(store.create('contacts', props, times[i]))
  }
  return out
}
