/**
 * A Salesforce test world: the fake org on a local port (small query pages), a connection
 * signed in with tokens the fake issued, a connector with quick, seeded retries, and a
 * memory table on the other side of a contacts sync, with the sync's state in a temp folder.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { syncSchema, type Connection, type Sync, type SyncInput } from '../../../src/shared/domain'
import { MemoryTable } from '../../../src/main/connectors/memory'
import { createSalesforceConnector, type SalesforceSession, type SalesforceTuning } from '../../../src/main/connectors/salesforce'
import { SyncState } from '../../../src/main/engine/state'
import { runSync, type RunOptions } from '../../../src/main/engine/run'
import { startFakeSalesforce, type FakeSalesforce, type FakeSalesforceOptions } from '../../../src/main/stand-ins/salesforce'
import { seeded } from '../../../src/shared/random'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Quick, seeded retries. */
export const FAST: SalesforceTuning = { retry: { baseMs: 2, capMs: 20, maxAttempts: 6, random: seeded(5) } }

/** Starts a fake org (5 records a query page) that is stopped after the test. */
export async function fakeSalesforce(opts: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  const fake = await startFakeSalesforce({ queryBatchCap: 5, ...opts })
  cleanups.push(() => fake.close())
  return fake
}

/** A Salesforce connection to the fake, as the sign-in leaves it. */
export function salesforceConnection(fake: FakeSalesforce, settings: Record<string, unknown> = {}, over: Partial<Connection> = {}): Connection {
  return { id: 'sf', system: 'salesforce', label: 'Salesforce', authKind: 'oauth2', scopes: [], status: 'ok', settings: { loginUrl: fake.url, instanceUrl: fake.url, queryBatchSize: 200, ...settings }, ...over }
}

/** What an open session saw of its context: secrets saved back, API usage reported, notes. */
export interface Seen {
  saved: Array<Record<string, string>>
  usage: Array<{ used: number; limit: number }>
  notes: string[]
}

/** Opens a session on the fake with freshly issued tokens (or the given secrets). */
export async function openSalesforce(
  fake: FakeSalesforce,
  opts: { secrets?: Record<string, string>; settings?: Record<string, unknown>; tuning?: SalesforceTuning; connection?: Partial<Connection> } = {}
): Promise<{ session: SalesforceSession; seen: Seen; secrets: Record<string, string> }> {
  const pair = fake.oauth.issue()
  const secrets = opts.secrets ?? { clientId: fake.oauth.app.consumerKey, accessToken: pair.accessToken, refreshToken: pair.refreshToken }
  const seen: Seen = { saved: [], usage: [], notes: [] }
  const session = (await createSalesforceConnector({ ...FAST, ...opts.tuning }).open({
    connection: salesforceConnection(fake, opts.settings, opts.connection),
    secrets,
    saveSecrets: async (p) => void seen.saved.push(p),
    noteApiUsage: async (u) => void seen.usage.push(u),
    note: (_level, msg) => void seen.notes.push(msg)
  })) as SalesforceSession
  return { session, seen, secrets }
}

/** Salesforce contacts (left) ⇄ an email tool's members in memory (right), matched by email. */
export function contactsSync(over: Partial<SyncInput> = {}): Sync {
  return syncSchema.parse({
    id: 'salesforce-members',
    name: 'Salesforce ⇄ members',
    left: { connectionId: 'sf', object: 'contacts' },
    right: { connectionId: 'mail', object: 'members' },
    mapping: [
      { name: 'email', left: 'Email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
      { name: 'first', left: 'FirstName', right: 'first' },
      { name: 'last', left: 'LastName', right: 'last' }
    ],
    match: { field: 'email' },
    ...over
  })
}

/** A temp folder removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-salesforce-'))
  cleanups.push(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** A sync world: Salesforce on the left, a memory table on the right. */
export async function syncWorld(fake: FakeSalesforce, o: { sync?: Partial<SyncInput>; settings?: Record<string, unknown>; tuning?: SalesforceTuning; connection?: Partial<Connection> } = {}) {
  const opened = await openSalesforce(fake, { settings: o.settings, tuning: o.tuning, connection: o.connection })
  const members = new MemoryTable({ idPrefix: 'M' })
  const state = await SyncState.open(await tempDir())
  const sync = contactsSync(o.sync)
  return {
    ...opened,
    members,
    state,
    sync,
    run: (r: Partial<RunOptions> = {}) => runSync({ sync, adapters: { left: opened.session.object('contacts'), right: members }, state, trigger: 'manual', ...r })
  }
}
