/**
 * SendGrid test worlds: the stand-in on a local port (jobs run within a few ms), the real
 * connector pointed at it with quick, seeded retries and 1 ms job polls, and the engine.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { connectionSchema, type Connection } from '../../../src/shared/domain'
import { createSendgridConnector } from '../../../src/main/connectors/sendgrid'
import type { HttpTuning } from '../../../src/main/connectors/platform'
import type { ConnectorSession } from '../../../src/main/connectors/types'
import { seeded } from '../../../src/shared/random'
import { SyncState } from '../../../src/main/engine/state'
import { sendgridUser, startSendgridFake, type SendgridFake, type SendgridFakeOptions } from '../../../src/main/stand-ins/sendgrid'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

/** Quick, seeded retries and a 20 ms margin after a 429 (3 s for users): fault tests take milliseconds and replay exactly. */
export const FAST: HttpTuning = { retry: { baseMs: 2, capMs: 20, maxAttempts: 6, random: seeded(17) }, limits: { general: { marginMs: 20 } } }

/** A SendGrid connection pointed at `fake`. */
export function sendgridConnection(fake: SendgridFake, settings: Record<string, unknown> = {}): Connection {
  return connectionSchema.parse({ id: 'mail', system: 'sendgrid', label: 'SendGrid', authKind: 'api-key', settings: { baseUrl: fake.url, pollMs: 1, ...settings } })
}

/** Starts a fake (stopped after the test) with a "Newsletter" list, a "plan" field and unsubscribe group 7. */
export async function fakeSendgrid(o: SendgridFakeOptions = {}) {
  const fake = await startSendgridFake({ jobDelayMs: 5, ...o })
  cleanups.push(() => fake.close())
  fake.store.addList('Newsletter')
  fake.store.addField('plan', 'Text')
  fake.store.addField('orders', 'Number')
  fake.store.addGroup(7, 'Weekly news')
  return { fake, user: sendgridUser(fake) }
}

/** Opens the connector on `fake`. */
export async function openSendgrid(fake: SendgridFake, o: { settings?: Record<string, unknown>; tuning?: HttpTuning; apiKey?: string } = {}): Promise<ConnectorSession> {
  return createSendgridConnector({ ...FAST, ...o.tuning }).open({ connection: sendgridConnection(fake, o.settings), secrets: { apiKey: o.apiKey ?? fake.apiKey } })
}

/** A fresh sync state in a temp folder. */
export async function freshState(): Promise<SyncState> {
  return SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-sendgrid-')))
}

/** Requests the fake saw since `from`, as "METHOD route". */
export function callsOf(fake: SendgridFake, from = 0): string[] {
  return fake.requests.slice(from).map((r) => `${r.method} ${r.route}`)
}
