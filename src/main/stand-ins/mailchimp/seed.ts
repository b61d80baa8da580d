/**
 * Realistic members for the fake, from a fixed seed so every run gets the same people:
 * names, addresses at common mail providers and small-business domains, UK phone
 * numbers, a few tags, and a mix of statuses like a real audience has.
 */
import { seeded } from './faults'
import type { Audience, FakeStore, StoredMember } from './store'

const FIRST = ['Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Noah', 'Oliver', 'George', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Priya', 'Chen', 'Fatima', 'Mateo', 'Zara', 'Kwame', 'Aoife', 'Siobhan', 'Dylan', 'Yusuf']
const LAST = ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', "O'Brien", 'Khan', 'Nguyen', 'Murphy', 'Kowalski', 'Okafor', 'García']
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'icloud.com', 'hotmail.co.uk', 'btinternet.com', 'protonmail.com', 'greenleafcafe.co.uk', 'brightsparks.io', 'harbourjoinery.com']
const TAGS = ['customer', 'newsletter', 'vip', 'wholesale', 'event-2026', 'lapsed']

/** Options of `seedMembers`. */
export interface SeedOptions {
  /** @default 25 */
  count?: number
  /** @default 7 */
  seed?: number
  /** Share of members not `subscribed` (unsubscribed, cleaned, pending, archived). @default 0 */
  otherStatusShare?: number
}

/** Adds `count` members to an audience as if people had signed up over time. */
export function seedMembers(store: FakeStore, a: Audience, o: SeedOptions = {}): StoredMember[] {
  const rand = seeded(o.seed ?? 7)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]
  const out: StoredMember[] = []
  for (let i = 0; out.length < (o.count ?? 25); i++) {
    const first = pick(FIRST)
    const last = pick(LAST)
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '') + (i > 0 && rand() < 0.3 ? String(i) : '')
    const email = `${local}@${pick(DOMAINS)}`
    if (store.byAddress(a, email)) continue
    const phone = `+44 7${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`
    const tags = TAGS.filter(() => rand() < 0.25)
    const m = store.create(a, { email_address: email, status: 'subscribed', merge_fields: { FNAME: first, LNAME: last, PHONE: phone }, tags })
    if (rand() < (o.otherStatusShare ?? 0)) {
      const status = pick(['unsubscribed', 'cleaned', 'pending', 'archived'] as const)
      if (status === 'archived') store.archive(m)
      else store.update(a, m, { status })
    }
    out.push(m)
  }
  return out
}
