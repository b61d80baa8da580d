/**
 * When a QuickBooks sign-in runs out: Intuit says so with every token response
 * (`x_refresh_token_expires_in`, about 100 days, rolling). The wizard and every token
 * refresh record it on the connection as non-secret metadata, and the Connections call
 * reports the days left and whether to warn, so the UI can say "Sign-in expires in N days".
 */
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import type { CallResults } from '../../src/shared/contract'
import { startFakeQuickBooks, type FakeQuickBooks } from '../../src/main/stand-ins/quickbooks'

const DAY = 86_400_000
/** What the fake Intuit answers as `x_refresh_token_expires_in` (seconds). */
const REFRESH_LIFETIME_MS = 8_726_400 * 1000

let app: App | undefined
let fake: FakeQuickBooks | undefined
afterEach(async () => {
  await app?.close()
  await fake?.close()
  app = fake = undefined
})

async function connected() {
  fake = await startFakeQuickBooks({ throttleScale: 0.001 })
  const home = join(await mkdtemp(join(tmpdir(), 'patchbay-sign-in-expiry-')), 'home')
  app = await openApp({ home, secrets: createMemoryStore(), logLevel: 'error' })
  // The wizard's clock starts at the real time: token refreshes inside a session read the real clock.
  const START = Date.now()
  const clock = { now: START }
  const h = makeHandlers(app, { intuitTokenUrl: fake.tokenUrl, now: () => clock.now })
  const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>
  const started = await call('connection:sign-in-start', { system: 'quickbooks', label: 'Books', secrets: { clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret }, settings: { environment: 'sandbox' } })
  const c = app.service.connectionInfo('books')
  await app.service.saveConnection({ ...c, settings: { ...c.settings, baseUrl: fake.url, tokenUrl: fake.tokenUrl, throttleScale: 0.001 } })
  const q = new URL(started.signInUrl!).searchParams
  const code = fake.oauth.authorize(fake.company.realmId, q.get('redirect_uri')!)
  const done = await call('connection:sign-in-finish', { connectionId: 'books', fields: { pastedAddress: `${q.get('redirect_uri')}?code=${code}&state=${q.get('state')}&realmId=${fake.company.realmId}` } })
  return { app, fake, home, clock, call, done, START }
}

describe('when a sign-in runs out', () => {
  it('is recorded by the wizard as connection metadata, outside the settings and the keychain', async () => {
    const { app, home, done, START } = await connected()
    const at = new Date(START + REFRESH_LIFETIME_MS).toISOString()
    expect(done.connection).toMatchObject({ status: 'ok', signInExpiresAt: at })
    expect(done.connection.settings).not.toHaveProperty('signInExpiresAt')
    expect(JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).data.connections[0].signInExpiresAt).toBe(at)
    expect(Object.keys((await app.service.updateSecrets('books', {})))).not.toContain('signInExpiresAt')
  })

  it('is recorded again when a token refresh inside a session moves it, without reopening the session', async () => {
    const { app, fake, call, START } = await connected()
    // As if the last refresh was long ago; the fake then refuses the access token, so the test call refreshes.
    await app.service.noteSignInExpiry('books', START + 10 * DAY)
    fake.oauth.expireAccessTokens()
    const changed: string[] = []
    app.service.on('changed', (what) => changed.push(what))
    const before = Date.now()
    expect(await call('connection:test', { id: 'books' })).toMatchObject({ ok: true })
    const at = Date.parse(app.service.connectionInfo('books').signInExpiresAt!)
    expect(at).toBeGreaterThanOrEqual(before + REFRESH_LIFETIME_MS)
    expect(at).toBeLessThanOrEqual(Date.now() + REFRESH_LIFETIME_MS)
    expect(changed).toContain('config')
    // A move of seconds (the rolling expiry on the next refresh) is not written again.
    changed.length = 0
    await app.service.noteSignInExpiry('books', at + 5_000)
    expect(app.service.connectionInfo('books').signInExpiresAt).toBe(new Date(at).toISOString())
    expect(changed).toEqual([])
  })

  it('reaches the Connections call as days left, a warning in the last week, and needs-reconnect once past', async () => {
    const { clock, call, START } = await connected()
    const card = async () => (await call('connections:list', {})).find((c) => c.connection.id === 'books')!
    expect(await card()).toMatchObject({ state: 'ok', signIn: { daysLeft: 101, expiring: false } })

    clock.now = START + REFRESH_LIFETIME_MS - 5 * DAY
    const soon = await card()
    expect(soon).toMatchObject({ state: 'ok', signIn: { expiresAt: new Date(START + REFRESH_LIFETIME_MS).toISOString(), daysLeft: 5, expiring: true } })
    expect(soon.summary).toMatch(/sign-in runs out in 5 days/)

    clock.now = START + REFRESH_LIFETIME_MS + 1
    const past = await card()
    expect(past).toMatchObject({ state: 'needs-reconnect', signIn: { daysLeft: 0, expiring: false } })
    expect(past.summary).toMatch(/sign-in to “Books” ran out/)
  })
})
