import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import type { CallResults } from '../../src/shared/contract'
import { startFakeQuickBooks, type FakeQuickBooks } from '../../src/main/stand-ins/quickbooks'

let app: App | undefined
let fake: FakeQuickBooks | undefined
afterEach(async () => {
  await app?.close()
  await fake?.close()
  app = fake = undefined
})

async function setup() {
  fake = await startFakeQuickBooks({ throttleScale: 0.001, name: 'Harbour Bakery' })
  const secrets = createMemoryStore()
  const home = join(await mkdtemp(join(tmpdir(), 'patchbay-qbo-wizard-')), 'home')
  app = await openApp({ home, secrets, logLevel: 'error' })
  const h = makeHandlers(app, { intuitTokenUrl: fake.tokenUrl })
  const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>
  return { app, fake, secrets, home, call }
}

/** What Intuit's page does when the person clicks Connect: the browser lands on the redirect with a code. */
function landedOn(f: FakeQuickBooks, signInUrl: string): string {
  const q = new URL(signInUrl).searchParams
  const code = f.oauth.authorize(f.company.realmId, q.get('redirect_uri')!)
  return `${q.get('redirect_uri')}?code=${code}&state=${q.get('state')}&realmId=${f.company.realmId}`
}

describe('the QuickBooks wizard calls', () => {
  it('keeps the app keys in the keychain, signs in with the pasted address and tests the connection', async () => {
    const { app, fake, secrets, home, call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'quickbooks', label: 'Books', secrets: { clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret }, settings: { environment: 'sandbox' } })
    expect(started.connectionId).toBe('books')
    expect(started.signInUrl!).toMatch(/^https:\/\/appcenter\.intuit\.com\/.*client_id=ABfakeClientId.*scope=com\.intuit\.quickbooks\.accounting/)
    // Until the sign-in finishes the connection says it needs one.
    expect(app.service.findConnection('books')).toMatchObject({ status: 'needs-reconnect', authKind: 'oauth2' })
    const c = app.service.connectionInfo('books')
    await app.service.saveConnection({ ...c, settings: { ...c.settings, baseUrl: fake.url, throttleScale: 0.001 } })

    const done = await call('connection:sign-in-finish', { connectionId: 'books', fields: { pastedAddress: landedOn(fake, started.signInUrl!) } })
    expect(done.test).toMatchObject({ ok: true })
    expect(done.connection).toMatchObject({ status: 'ok', settings: { realmId: fake.company.realmId } })
    const kept = (await secrets.get('books'))!
    expect(Object.keys(kept).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'clientId', 'clientSecret', 'refreshToken'])
    // Nothing secret reaches Patchbay's own files.
    const config = await readFile(join(home, 'config.json'), 'utf8')
    for (const v of [kept.clientSecret, kept.refreshToken, kept.accessToken]) expect(config).not.toContain(v)
  })

  it('refuses an address from another sign-in attempt, and one pasted without starting', async () => {
    const { fake, call } = await setup()
    const first = await call('connection:sign-in-start', { system: 'quickbooks', label: 'Books', secrets: { clientId: 'ABfakeClientId', clientSecret: 'fake-secret' } })
    const old = landedOn(fake, first.signInUrl!)
    await call('connection:sign-in-start', { connectionId: first.connectionId })
    await expect(call('connection:sign-in-finish', { connectionId: first.connectionId, fields: { pastedAddress: old } })).rejects.toThrow(/another sign-in attempt/)
    await expect(call('connection:sign-in-finish', { connectionId: first.connectionId, fields: { pastedAddress: 'not an address' } })).rejects.toThrow(/not a web address/)
    await expect(call('connection:sign-in-finish', { connectionId: first.connectionId })).rejects.toThrow(/Paste the address/)
  })

  it('asks for both app keys before anything is saved', async () => {
    const { app, call } = await setup()
    await expect(call('connection:sign-in-start', { system: 'quickbooks', label: 'Books', secrets: { clientId: 'ABfakeClientId' } })).rejects.toThrow(/Client ID and the Client Secret/)
    expect(app.service.connectionList()).toHaveLength(0)
  })

  it('lists QuickBooks as available with its wizard words', async () => {
    const { call } = await setup()
    const qbo = (await call('systems:list', {})).find((s) => s.system === 'quickbooks')!
    expect(qbo.available).toBe(true)
    expect(qbo.wizard?.intro).toMatch(/keys of their own/)
    expect(qbo.wizard?.steps.map((s) => s.id)).toEqual(['create-app', 'redirect', 'keys', 'sign-in', 'done'])
  })
})
