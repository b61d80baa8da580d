/**
 * A Square test world: the fake Square (a dollar and a euro location), a connection to
 * it, and an open session with quick retries.
 */
import { connectionSchema } from '../../../src/shared/domain'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import { openSquareSession } from '../../../src/main/connectors/square'
import { startFakeSquare, type FakeSquare, type FakeSquareOptions } from '../../../src/main/stand-ins/square'

/** Locations of the test business: Square keeps one currency per location. */
export const LOCATIONS = [
  { name: 'Main Street', currency: 'USD', country: 'US', timezone: 'America/Los_Angeles' },
  { name: 'Dublin kiosk', currency: 'EUR', country: 'IE', timezone: 'Europe/Dublin' }
]

/** A fake Square and a session on it. */
export interface SquareWorld {
  fake: FakeSquare
  session: ConnectorSession
  /** Opens another session (another token, other settings). */
  open(o?: { token?: string; settings?: Record<string, unknown>; log?: (e: HttpLogEntry) => void }): Promise<ConnectorSession>
  close(): Promise<void>
}

/** Starts a fake Square and connects to it. */
export async function squareWorld(o: FakeSquareOptions & { settings?: Record<string, unknown> } = {}): Promise<SquareWorld> {
  const fake = await startFakeSquare({ locations: LOCATIONS, rateLimit: false, ...o })
  const open: SquareWorld['open'] = (x = {}) =>
    openSquareSession(
      {
        connection: connectionSchema.parse({ id: 'square', system: 'square', label: 'Square', authKind: 'api-key', settings: { baseUrl: fake.url, ...o.settings, ...x.settings } }),
        secrets: { accessToken: x.token ?? fake.token },
        log: x.log
      },
      { now: () => fake.state.now, retry: { baseMs: 1, capMs: 4, random: () => 0.5 }, limits: { general: { intervalCap: 1000, interval: 1000, pauseOn429Ms: 5 } } }
    )
  return { fake, session: await open(), open, close: () => fake.close() }
}
