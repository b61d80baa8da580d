/**
 * A HubSpot test world: the fake on a local port, a connector with short rate-limit
 * windows and quick, seeded retries, a memory table on the other side of a contacts
 * sync, and the sync's state in a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { syncSchema, type Connection, type Sync, type SyncInput } from '../../../src/shared/domain'
import { MemoryTable } from '../../../src/main/connectors/memory'
import { createHubspotConnector, type HubspotSession, type HubspotTuning } from '../../../src/main/connectors/hubspot'
import { SyncState } from '../../../src/main/engine/state'
import { runSync, type RunOptions } from '../../../src/main/engine/run'
import type { HttpLogEntry } from '../../../src/main/connectors/http'
import { seeded, startFakeHubspot, type FakeHubspot, type FakeHubspotOptions } from '../../../src/main/stand-ins/hubspot'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** The fake's budgets in tests: HubSpot's shape, windows short enough for a test. */
export const TEST_LIMITS = { perInterval: 30, intervalMs: 300, searchPerWindow: 4, searchWindowMs: 100 }

/** The connector's tuning to match `TEST_LIMITS`, with quick, seeded retries. */
export function testTuning(log?: (e: HttpLogEntry) => void): HubspotTuning {
  return {
    limits: { intervalCap: TEST_LIMITS.perInterval, interval: TEST_LIMITS.intervalMs, marginMs: 20 },
    searchLimits: { intervalCap: TEST_LIMITS.searchPerWindow, interval: TEST_LIMITS.searchWindowMs, marginMs: 10 },
    retry: { baseMs: 2, capMs: 40, maxAttempts: 6, random: seeded(11) },
    log
  }
}

/** Starts a fake HubSpot that is stopped after the test. */
export async function fakeHubspot(opts: FakeHubspotOptions = {}): Promise<FakeHubspot> {
  const fake = await startFakeHubspot({ limits: TEST_LIMITS, ...opts })
  cleanups.push(() => fake.close())
  return fake
}

/** A HubSpot connection pointed at the fake. */
export function hubspotConnection(fake: FakeHubspot, settings: Record<string, unknown> = {}): Connection {
  return { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', scopes: [], status: 'ok', settings: { baseUrl: fake.url, searchLagMs: 0, ...settings } }
}

/** Opens a session on the fake with the given token (default: the fake's current one). */
export async function openSession(fake: FakeHubspot, opts: { token?: string; settings?: Record<string, unknown>; tuning?: HubspotTuning } = {}): Promise<HubspotSession> {
  const connector = createHubspotConnector(opts.tuning ?? testTuning())
  return (await connector.open({ connection: hubspotConnection(fake, opts.settings), secrets: { accessToken: opts.token ?? fake.token } })) as HubspotSession
}

/** HubSpot contacts (left) ⇄ an email tool's members in memory (right), matched by email. */
export function contactsSync(over: Partial<SyncInput> = {}): Sync {
  return syncSchema.parse({
    id: 'hubspot-members',
    name: 'HubSpot ⇄ members',
    left: { connectionId: 'crm', object: 'contacts' },
    right: { connectionId: 'mail', object: 'members' },
    mapping: [
      { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
      { name: 'first', left: 'firstname', right: 'first' },
      { name: 'last', left: 'lastname', right: 'last' },
      { name: 'phone', left: 'phone', right: 'phone' }
    ],
    match: { field: 'email' },
    ...over
  })
}

/** A temp folder for a sync's state, removed after the test. */
export async function stateDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-hubspot-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A sync world: HubSpot on the left, a memory table on the right. */
export async function syncWorld(fake: FakeHubspot, over: Partial<SyncInput> = {}, session?: HubspotSession) {
  const dir = await stateDir()
  let hubspot = session ?? (await openSession(fake))
  const members = new MemoryTable({ idPrefix: 'M' })
  const state = await SyncState.open(dir)
  const sync = contactsSync(over)
  return {
    members,
    state,
    sync,
    get hubspot() {
      return hubspot
    },
    /** Reconnects with a new session, as after the user pastes a new token. */
    async reconnect(token?: string) {
      hubspot = await openSession(fake, { token })
    },
    /** Records read from HubSpot by the last run. */
    hubspotRead: 0,
    async run(o: Partial<RunOptions> = {}) {
      this.hubspotRead = 0
      return runSync({
        sync,
        adapters: { left: hubspot.object('contacts'), right: members },
        state,
        trigger: 'manual',
        onProgress: (p) => {
          if (p.kind === 'pull' && p.side === 'left') this.hubspotRead = p.done
        },
        ...o
      })
    }
  }
}
