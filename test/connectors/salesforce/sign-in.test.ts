/**
 * Connecting Salesforce through the generic connection calls against the fake org over
 * real HTTP: the owner's Consumer Key is kept in the keychain, the browser signs in with
 * PKCE and comes back to the loopback callback, the tokens go to the keychain only, the
 * instance URL from the token answer becomes the connection's setting, and the test names
 * the org. A revoked sign-in later needs reconnecting.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../../src/main/app'
import { builtInConnectors } from '../../../src/main/connectors/registry'
import { handle, makeHandlers } from '../../../src/main/handlers'
import { PatchbayService } from '../../../src/main/service'
import { createMemoryStore } from '../../../src/main/vault/memory-store'
import type { CallResults } from '../../../src/shared/contract'
import { fakeSalesforce } from './helpers'

let service: PatchbayService | undefined
afterEach(async () => {
  await service?.close()
  service = undefined
})

describe('connecting Salesforce', () => {
  it('keeps the Consumer Key, signs in through the browser with PKCE, stores tokens in the keychain and the instance URL in the settings', async () => {
    const fake = await fakeSalesforce()
    const secrets = createMemoryStore()
    const home = join(await mkdtemp(join(tmpdir(), 'patchbay-sf-sign-in-')), 'home')
    service = await PatchbayService.open({ home, secrets, connectors: builtInConnectors() })
    const app = { home, service, nextRun: () => '', queryLogs: async () => ({ entries: [] }), close: async () => undefined } as unknown as App
    const h = makeHandlers(app, { salesforcePort: 0 })
    const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>

    const started = await call('connection:sign-in-start', { system: 'salesforce', label: 'Salesforce', settings: { loginUrl: fake.url }, secrets: { clientId: fake.oauth.app.consumerKey } })
    expect(started.step).toBe('browser')
    const url = new URL(started.signInUrl!)
    expect(url.origin + url.pathname).toBe(`${fake.url}/services/oauth2/authorize`)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: fake.oauth.app.consumerKey, code_challenge_method: 'S256', scope: 'api refresh_token' })
    expect(started.redirectUri).toMatch(/^http:\/\/localhost:\d+\/OauthRedirect$/)
    expect(started.redirectUri).not.toContain(':1717/') // tests take any free port
    expect(service.connectionInfo('salesforce')).toMatchObject({ status: 'needs-reconnect', settings: { loginUrl: fake.url } })
    expect(await secrets.get('salesforce')).toEqual({ clientId: fake.oauth.app.consumerKey })

    // The owner registered this callback on the app; Salesforce sends the browser back to it.
    fake.oauth.app.callbackUrls.push(started.redirectUri!)
    const finished = call('connection:sign-in-finish', { connectionId: 'salesforce', fields: {} })
    finished.catch(() => undefined)
    const approve = await fetch(url, { redirect: 'manual' })
    expect(approve.status).toBe(302)
    const back = new URL(approve.headers.get('location')!)
    const page = await fetch(`http://127.0.0.1:${back.port}${back.pathname}${back.search}`)
    expect(page.status).toBe(200)
    const done = await finished
    expect(done.test).toMatchObject({ ok: true, accountName: 'Acme Garden Supplies' })
    expect(done.connection).toMatchObject({ status: 'ok', settings: { instanceUrl: fake.url, loginUrl: fake.url } })
    expect(Object.keys((await secrets.get('salesforce'))!).sort()).toEqual(['accessToken', 'clientId', 'refreshToken'])
    expect(JSON.stringify(service.connectionInfo('salesforce'))).not.toMatch(/accessToken|refreshToken|5Aep/)
    const token = fake.recorder.all().find((e) => e.path === '/services/oauth2/token')!
    expect(token.requestBody).toMatch(/grant_type=authorization_code/)
    expect(token.requestBody).toMatch(/code_verifier=[A-Za-z0-9_-]{43}/)

    // Disconnected in Salesforce: the next use cannot renew the session, and says to reconnect.
    fake.oauth.revokeAll()
    const test = await service.testConnection('salesforce')
    expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/Salesforce refused to renew Patchbay’s access: expired access\/refresh token\. Reconnect Salesforce/) })
  })
})
