/**
 * A QuickBooks test world: the fake company seeded like a Stripe seller's books, a
 * connection pointing at it (throttle windows shrunk), and an open session.
 */
import { connectionSchema } from '../../../src/shared/domain'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import { openQuickBooksSession, type QuickBooksSession } from '../../../src/main/connectors/quickbooks'
import { seedCompany, startFakeQuickBooks, type FakeQuickBooks, type FakeQuickBooksOptions, type SeededIds } from '../../../src/main/stand-ins/quickbooks'
import { quickbooksXsd } from '../../support/quickbooks-xsd'

/** Shrinks Intuit's minute to 60 ms of test time. */
export const TEST_SCALE = 0.001

/** Options of `quickBooksWorld`. */
export interface WorldOptions extends FakeQuickBooksOptions {
  /** Extra connection settings (e.g. `accounting`). */
  settings?: Record<string, unknown>
  /** @default true */
  seed?: boolean
  /** Receives the connector's HTTP log entries. */
  log?: (entry: HttpLogEntry) => void
}

/** A fake company, its seed ids and a connected session. */
export interface QuickBooksWorld {
  fake: FakeQuickBooks
  ids: SeededIds
  session: QuickBooksSession
  /** Secrets the session saved back (rotated tokens). */
  saved: Record<string, string>
  /** Opens another session on the same connection (a new process after a crash). */
  reopen(settings?: Record<string, unknown>): Promise<QuickBooksSession>
  connection(settings?: Record<string, unknown>): ReturnType<typeof connectionSchema.parse>
  close(): Promise<void>
}

/** Starts a fake and connects to it. */
export async function quickBooksWorld(o: WorldOptions = {}): Promise<QuickBooksWorld> {
  const fake = await startFakeQuickBooks({ throttleScale: TEST_SCALE, checkXsd: quickbooksXsd, ...o })
  const ids = o.seed === false ? ({} as SeededIds) : seedCompany(fake.company)
  const pair = fake.oauth.issue()
  const saved: Record<string, string> = {}
  const connection = (settings: Record<string, unknown> = {}) =>
    connectionSchema.parse({
      id: 'qbo',
      system: 'quickbooks',
      label: 'QuickBooks',
      authKind: 'oauth2',
      settings: { realmId: fake.company.realmId, baseUrl: fake.url, tokenUrl: fake.tokenUrl, throttleScale: o.throttleScale ?? TEST_SCALE, ...o.settings, ...settings }
    })
  const open = (settings?: Record<string, unknown>) =>
    openQuickBooksSession({
      connection: connection(settings),
      secrets: { clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret, accessToken: pair.accessToken, refreshToken: saved.refreshToken ?? pair.refreshToken, accessTokenExpiresAt: String(Date.now() + 3_600_000), ...saved },
      saveSecrets: async (patch) => void Object.assign(saved, patch),
      log: o.log
    })
  const session = await open()
  return { fake, ids, session, saved, reopen: open, connection, close: () => fake.close() }
}
