/**
 * What the fake Square business holds: locations, customers, orders with line items,
 * payments with Square's processing fees, refunds and disputes, in Square's own shapes
 * (Connect v2, the `Square-Version` of vendor-specs/square/api.json). Money is
 * `{ amount, currency }` in the currency's smallest unit, as Square sends it. Ids are
 * random-looking base62 strings from a seeded generator, so two fakes started alike
 * agree. The clock is the fake's own: activity happens at `now`, which tests move on.
 */

/** Square's money object. */
export interface Money {
  amount: number
  currency: string
}

/** A Square object as JSON. */
export type Obj = Record<string, unknown>

/** A location: Square keeps one currency per location. */
export interface Location {
  id: string
  name: string
  currency: string
  country: string
  timezone: string
  status: 'ACTIVE'
  business_name: string
  created_at: string
}

/** Options of the state. */
export interface StateOptions {
  /** The fake's clock at start, epoch ms. @default 2026-11-24T08:00:00Z */
  start?: number
  /** Seed of the id generator. @default 1 */
  seed?: number
  /** Locations (id is made): the first is the main one. @default one in USD */
  locations?: Array<Pick<Location, 'name' | 'currency' | 'country' | 'timezone'>>
}

/** The default start of the fake's clock. */
export const DEFAULT_START = Date.parse('2026-11-24T08:00:00Z')

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** The business's data and clock. */
export class SquareState {
  now: number
  readonly locations: Location[] = []
  readonly customers = new Map<string, Obj>()
  readonly orders = new Map<string, Obj>()
  readonly payments = new Map<string, Obj>()
  readonly refunds = new Map<string, Obj>()
  readonly disputes = new Map<string, Obj>()
  private rnd: number

  constructor(o: StateOptions = {}) {
    this.now = o.start ?? DEFAULT_START
    this.rnd = (o.seed ?? 1) >>> 0
    for (const l of o.locations ?? [{ name: 'Main Street', currency: 'USD', country: 'US', timezone: 'America/Los_Angeles' }]) {
      this.locations.push({ id: `L${this.id(12).toUpperCase()}`, ...l, status: 'ACTIVE', business_name: 'Corner Coffee', created_at: this.iso() })
    }
  }

  /** A random-looking id of `length` base62 characters (Square's payment ids are 29). */
  id(length = 29): string {
    let out = ''
    for (let i = 0; i < length; i++) {
      this.rnd = (this.rnd + 0x6d2b79f5) >>> 0
      let t = Math.imul(this.rnd ^ (this.rnd >>> 15), this.rnd | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      out += ALPHABET[((t ^ (t >>> 14)) >>> 0) % 62]
    }
    return out
  }

  /** The clock as Square writes times: RFC 3339 with milliseconds, UTC. */
  iso(at = this.now): string {
    return new Date(at).toISOString()
  }

  /** Moves the clock on by `seconds`. */
  advance(seconds: number): void {
    this.now += Math.round(seconds * 1000)
  }

  /** A location by id, or the main one. */
  location(id?: string): Location {
    const found = id ? this.locations.find((l) => l.id === id) : this.locations[0]
    if (!found) throw new Error(`The fake Square has no location ${id}`)
    return found
  }

  /** Marks an object changed now (Square bumps `updated_at` on every change). */
  touch(o: Obj): void {
    o.updated_at = this.iso()
    if (typeof o.version === 'number') o.version += 1
  }
}
