/**
 * Sample people and payments for the demo workspace: the same every time (a seeded
 * random generator), dated relative to now so "a week of payments" is always last week.
 */

import { seeded } from '../../shared/random'

/** A small deterministic random generator (mulberry32), so the demo is the same every time. */
export { seeded }

const FIRST = ['Amara', 'Ben', 'Chloe', 'Dev', 'Ella', 'Femi', 'Grace', 'Harry', 'Isla', 'Jack', 'Kiran', 'Lucy', 'Mohammed', 'Nora', 'Oscar', 'Priya', 'Quinn', 'Rosa', 'Sam', 'Tara', 'Umar', 'Vera', 'Will', 'Yasmin', 'Zoe', 'Aisha', 'Callum', 'Daisy', 'Ethan', 'Freya']
const LAST = ['Adeyemi', 'Brown', 'Campbell', 'Davies', 'Evans', 'Fraser', 'Green', 'Hughes', 'Iqbal', 'Jones', 'Khan', 'Lewis', 'Murphy', 'Nowak', 'Okafor', 'Patel', 'Quinn', 'Roberts', 'Singh', 'Taylor', 'Usman', 'Walsh', 'Wright', 'Young']
const COMPANIES = ['', '', '', 'Bloom & Wild Florists', 'Corner Bakery', 'Hartley Joinery', 'Lantern Yoga', 'Northside Bikes', 'Pebble Design', 'Riverside Dental', 'Saltmarsh Café', 'The Print Room', 'Willow Accountants', 'Kiln Pottery Studio']
const DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.co.uk']
/** What the shop sells, with prices in pounds. */
export const ITEMS: [string, number][] = [
  ['Sourdough workshop', 65],
  ['Gift card', 25],
  ['Pottery taster session', 45],
  ['Online order', 32.5],
  ['Bread subscription (monthly)', 18],
  ['Private class deposit', 120],
  ['Cake order', 38.75],
  ['Workshop voucher', 50]
]

/** One person in the sample. */
export interface Person {
  first: string
  last: string
  email: string
  company: string
  /** A UK number from Ofcom's range reserved for drama, so it rings nobody. */
  phone: string
}

/** `n` different people. */
export function people(n: number, rand = seeded(7)): Person[] {
  const out: Person[] = []
  const used = new Set<string>()
  for (let i = 0; out.length < n; i++) {
    const first = FIRST[Math.floor(rand() * FIRST.length)]
    const last = LAST[Math.floor(rand() * LAST.length)]
    const domain = DOMAINS[Math.floor(rand() * DOMAINS.length)]
    const email = `${first}.${last}${used.has(`${first}.${last}`) ? i : ''}@${domain}`.toLowerCase()
    used.add(`${first}.${last}`)
    const company = COMPANIES[Math.floor(rand() * COMPANIES.length)]
    out.push({ first, last, email, company, phone: `07700 900${String(100 + out.length).padStart(3, '0')}` })
  }
  return out
}

/** One card payment in the sample. */
export interface Payment {
  id: string
  /** yyyy-MM-dd HH:mm in UTC. */
  created: string
  email: string
  amount: string
  currency: string
  description: string
}

/** A payment at `at`, by someone in `who`. */
export function payment(n: number, at: Date, who: readonly Person[], rand: () => number): Payment {
  const [description, price] = ITEMS[Math.floor(rand() * ITEMS.length)]
  const qty = description === 'Gift card' ? 1 + Math.floor(rand() * 3) : 1
  return {
    id: `py_${(3100 + n).toString(36)}${Math.floor(rand() * 1e6).toString(36)}`,
    created: at.toISOString().slice(0, 16).replace('T', ' '),
    email: who[Math.floor(rand() * who.length)].email,
    amount: (price * qty).toFixed(2),
    currency: 'GBP',
    description
  }
}

/** About twenty payments a day for the `days` days before `now`, oldest first, in shop hours. */
export function weekOfPayments(now: Date, who: readonly Person[], days = 7, rand = seeded(11)): Payment[] {
  const out: Payment[] = []
  for (let d = days; d >= 1; d--) {
    const day = new Date(now.getTime() - d * 86_400_000)
    const count = 14 + Math.floor(rand() * 12)
    const times = Array.from({ length: count }, () => 9 * 60 + Math.floor(rand() * 9 * 60)).sort((a, b) => a - b)
    for (const minutes of times) {
      const at = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, minutes))
      out.push(payment(out.length, at, who, rand))
    }
  }
  return out
}
