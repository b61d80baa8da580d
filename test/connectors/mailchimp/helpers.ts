/**
 * A test world: the fake Mailchimp with a hand-moved clock, the real connector pointed
 * at it, an in-memory CRM on the other side, and the engine between them.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectionSchema, type Connection, type SyncInput } from '../../../src/shared/domain'
import { MemoryTable } from '../../../src/main/connectors/memory'
import { createMailchimpConnector, type MailchimpClientOptions } from '../../../src/main/connectors/mailchimp'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import { SyncState } from '../../../src/main/engine/state'
import { runSync, type RunOptions } from '../../../src/main/engine/run'
import { contactsSync } from '../../engine/helpers'
import { ManualClock, mailchimpUser, seeded, startMailchimpFake, type MailchimpFake, type MailchimpFakeOptions } from '../../../src/main/stand-ins/mailchimp'

/** Fast, seeded retries so fault tests take seconds and replay exactly; the policy is the same. */
export const FAST_RETRY: MailchimpClientOptions = { retry: { baseMs: 5, capMs: 40, maxAttempts: 6, random: seeded(13) } }

/** A Mailchimp connection pointed at `fake`. */
export function connectionTo(fake: MailchimpFake, settings: Record<string, unknown> = {}): Connection {
  return connectionSchema.parse({
    id: 'mail',
    system: 'mailchimp',
    label: 'Mailchimp',
    authKind: 'api-key',
    settings: { listId: fake.listId, baseUrl: fake.baseUrl, ...settings }
  })
}

/** Options of `mailchimpWorld`. */
export interface WorldOptions {
  sync?: Partial<SyncInput>
  fake?: MailchimpFakeOptions
  settings?: Record<string, unknown>
  client?: MailchimpClientOptions
  apiKey?: string
}

/** Starts a fake, opens the connector on it and returns a `run` helper; call `close()` after. */
export async function mailchimpWorld(o: WorldOptions = {}) {
  const clock = new ManualClock()
  const fake = await startMailchimpFake({ now: clock.now, ...o.fake })
  const connector = createMailchimpConnector({ ...FAST_RETRY, ...o.client })
  const session: ConnectorSession = await connector.open({ connection: connectionTo(fake, o.settings), secrets: { apiKey: o.apiKey ?? fake.apiKey } })
  const crm = new MemoryTable({ idPrefix: 'C', now: clock.now, maxBatch: 100 })
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-mailchimp-'))
  const state = await SyncState.open(dir)
  const sync = contactsSync(o.sync)
  return {
    clock,
    fake,
    session,
    crm,
    state,
    sync,
    user: mailchimpUser(fake),
    /** One run; each gets a fresh members adapter, as the service does. `mailchimpRead` counts members the run read from Mailchimp. */
    async run(opts: Partial<RunOptions> = {}) {
      let mailchimpRead = 0
      const result = await runSync({
        sync, adapters: { left: crm, right: session.object('members') }, state, trigger: 'manual', now: () => new Date(clock.now()),
        onProgress: (p) => {
          if (p.kind === 'pull' && p.side === 'right') mailchimpRead = p.done
        },
        ...opts
      })
      return { ...result, mailchimpRead }
    },
    /** Requests the fake saw since `from`, as "METHOD route" strings. */
    calls: (from = 0) => fake.requests.slice(from).map((r) => `${r.method} ${r.route}`),
    close: () => fake.close()
  }
}

/** Live CRM records keyed by lower-cased email. */
export function crmByEmail(crm: MemoryTable): Record<string, Record<string, unknown>> {
  return Object.fromEntries(crm.all().map((r) => [String(r.fields.email).toLowerCase(), r.fields]))
}
