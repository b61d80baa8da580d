/**
 * A Stripe connection to a fresh fake, with fast retries, the fake's clock and a log of
 * every HTTP exchange, for the Stripe connector tests.
 */
import type { Connection } from '../../../src/shared/domain'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import { openStripeSession, type StripeConnectorOptions, type StripeSession } from '../../../src/main/connectors/stripe'
import type { ChangeFeed, SourceRecord } from '../../../src/main/connectors/types'
import { FAKE_SECRET_KEY, startFakeStripe, type FakeStripe, type FakeStripeOptions } from '../../../src/main/stand-ins/stripe'

/** A fake and a session connected to it. */
export interface StripeWorld {
  fake: FakeStripe
  session: StripeSession
  logs: HttpLogEntry[]
  close(): Promise<void>
}

/** A connection record pointing at `url`. */
export function connectionTo(url: string, id = 'stripe-test'): Connection {
  return { id, system: 'stripe', label: 'Stripe (fake)', authKind: 'api-key', scopes: [], status: 'ok', settings: { baseUrl: url } }
}

/** Starts a fake and opens a session on it. */
export async function stripeWorld(o: { fake?: FakeStripeOptions; connector?: StripeConnectorOptions; key?: string } = {}): Promise<StripeWorld> {
  const fake = await startFakeStripe(o.fake)
  const logs: HttpLogEntry[] = []
  const session = await openStripeSession(
    { connection: connectionTo(fake.url), secrets: { apiKey: o.key ?? FAKE_SECRET_KEY } },
    {
      retry: { baseMs: 1, capMs: 4, random: () => 0.5 },
      limits: { pauseOn429Ms: 5 },
      now: () => fake.state.now() * 1000,
      log: (e) => logs.push(e),
      ...o.connector
    }
  )
  return { fake, session, logs, close: () => fake.close() }
}

/** Reads a whole feed: its records in order and the last cursor it gave. */
export async function drain(feed: ChangeFeed): Promise<{ records: SourceRecord[]; cursor: string | null; pages: number; complete: boolean }> {
  const records: SourceRecord[] = []
  let cursor: string | null = null
  let pages = 0
  for await (const page of feed.pages) {
    pages++
    records.push(...page.records)
    if (page.cursor !== null) cursor = page.cursor
  }
  return { records, cursor, pages, complete: feed.complete }
}

/** Requests the fake saw to `path` (and method), for counting calls. */
export function callsTo(fake: FakeStripe, path: string | RegExp, method = 'GET'): number {
  return fake.exchanges.filter((e) => e.method === method && (typeof path === 'string' ? e.path === path : path.test(e.path))).length
}
