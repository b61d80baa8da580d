/**
 * The browser sign-in (OAuth 2 authorization code + PKCE, loopback redirect, RFC 8252)
 * through the generic connection calls, against a stand-in authorization server over real
 * HTTP on 127.0.0.1: the happy path, a redirect with the wrong state, a code whose PKCE
 * verifier does not match, the person choosing Deny, giving up, and a port in use.
 */
import { mkdtemp } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/main/app'
import type { LoopbackSignIn } from '../../src/main/calls/sign-in'
import { builtInConnectors } from '../../src/main/connectors/registry'
import type { Connector } from '../../src/main/connectors/types'
import { handle, makeHandlers } from '../../src/main/handlers'
import { PatchbayService } from '../../src/main/service'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import type { CallResults } from '../../src/shared/contract'
import { startStandInAuthServer, type StandInAuthServer } from './stand-in-server'

/** A system signed in to through the browser; its test asks the stand-in who the token belongs to. */
function toyConnector(server: () => StandInAuthServer): Connector {
  return {
    system: 'toy',
    label: 'Toy Books',
    objects: [],
    async open({ secrets }) {
      return {
        object: () => {
          throw new Error('no objects')
        },
        async test() {
          const r = await fetch(`${server().url}/me`, { headers: { authorization: `Bearer ${secrets.accessToken ?? ''}` } })
          if (!r.ok) return { ok: false, message: `Toy Books refused the sign-in (HTTP ${r.status})` }
          const me = (await r.json()) as { name: string }
          return { ok: true, accountName: me.name, message: `Signed in as ${me.name}` }
        }
      }
    }
  }
}

let service: PatchbayService | undefined
let server: StandInAuthServer | undefined
let blocker: Server | undefined
afterEach(async () => {
  await service?.close()
  await server?.close()
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()))
  service = server = blocker = undefined
})

async function setup(extra: Partial<LoopbackSignIn> = {}) {
  server = await startStandInAuthServer()
  const secrets = createMemoryStore()
  const home = join(await mkdtemp(join(tmpdir(), 'patchbay-loopback-')), 'home')
  service = await PatchbayService.open({ home, secrets, connectors: { ...builtInConnectors(), toy: toyConnector(() => server!) } })
  const app = { home, service, nextRun: () => '', queryLogs: async () => ({ entries: [] }), close: async () => undefined } as unknown as App
  const loopback = { toy: { authorizeUrl: server.authorizeUrl, tokenUrl: server.tokenUrl, clientId: server.clientId, scopes: ['accounting.read', 'offline_access'], ...extra } }
  const h = makeHandlers(app, { loopback })
  const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>
  return { server, service, secrets, call }
}

describe('signing in through the browser (OAuth 2 + PKCE, loopback redirect)', () => {
  it('opens the vendor page with S256 PKCE and state, hears back on 127.0.0.1, keeps the tokens and tests the connection', async () => {
    const { server, service, secrets, call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })
    expect(started.step).toBe('browser')
    const q = new URL(started.signInUrl!).searchParams
    expect(q.get('code_challenge_method')).toBe('S256')
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(q.get('state')).toBeTruthy()
    expect(q.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/)
    // Until the browser comes back the connection is listed, waiting to be signed in.
    expect(service.connectionInfo('toy-books')).toMatchObject({ status: 'needs-reconnect', authKind: 'oauth2' })

    const finished = call('connection:sign-in-finish', { connectionId: 'toy-books' })
    finished.catch(() => undefined) // awaited below, after the browser's turn
    const page = await server.signIn(started.signInUrl!)
    expect(page).toMatchObject({ status: 200, body: expect.stringContaining('Patchbay is connected to Toy Books') })
    const done = await finished
    expect(done.test).toMatchObject({ ok: true, accountName: 'Harbour Bakery Ltd' })
    expect(done.connection).toMatchObject({ status: 'ok', accountName: 'Harbour Bakery Ltd', lastTest: { ok: true } })
    expect(Object.keys((await secrets.get('toy-books'))!).sort()).toEqual(['accessToken', 'accessTokenExpiresAt', 'refreshToken'])
  })

  it('ignores a redirect with another state, and the sign-in still finishes with the right one', async () => {
    const { server, call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })
    const finished = call('connection:sign-in-finish', { connectionId: 'toy-books' })
    finished.catch(() => undefined) // awaited below, after the browser's turn
    const forged = await server.signIn(started.signInUrl!, 'allow', (u) => u.searchParams.set('state', 'someone-else'))
    expect(forged).toMatchObject({ status: 400, body: expect.stringContaining('not the current one') })
    // The forged code was never traded for tokens.
    expect(server.refused).toEqual([])
    await server.signIn(started.signInUrl!)
    expect((await finished).test.ok).toBe(true)
  })

  it("refuses a code issued for another PKCE challenge: the server checks Patchbay's verifier", async () => {
    const { server, service, call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })
    const finished = call('connection:sign-in-finish', { connectionId: 'toy-books' })
    finished.catch(() => undefined) // awaited below, after the browser's turn
    // Someone obtains a code for our redirect address with a challenge of their own, and slips it in with our state.
    const theirs = new URL(started.signInUrl!)
    theirs.searchParams.set('code_challenge', 'A'.repeat(43))
    const code = new URL((await fetch(theirs, { redirect: 'manual' })).headers.get('location')!).searchParams.get('code')!
    const page = await server.signIn(started.signInUrl!, 'allow', (u) => u.searchParams.set('code', code))
    expect(page.status).toBe(502)
    await expect(finished).rejects.toThrow(/Toy Books/)
    expect(server.refused).toEqual(['invalid_grant: PKCE verifier does not match'])
    expect(service.connectionInfo('toy-books').status).toBe('needs-reconnect')
  })

  it('says plainly that access was not allowed when the person chooses Deny', async () => {
    const { server, secrets, call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })
    const finished = call('connection:sign-in-finish', { connectionId: 'toy-books' })
    finished.catch(() => undefined) // awaited below, after the browser's turn
    const page = await server.signIn(started.signInUrl!, 'deny')
    expect(page).toMatchObject({ status: 400, body: expect.stringContaining('Access was not allowed, so nothing was changed') })
    await expect(finished).rejects.toMatchObject({ message: 'Toy Books was not connected: access was not allowed', meta: { hint: expect.stringMatching(/^Nothing was changed/) } })
    expect(await secrets.get('toy-books')).toBeNull()
  })

  it('gives up when cancelled: finish says so and the listener is gone', async () => {
    const { call } = await setup()
    const started = await call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })
    const finished = call('connection:sign-in-finish', { connectionId: 'toy-books' })
    finished.catch(() => undefined) // awaited below, after the browser's turn
    await call('connection:sign-in-cancel', { connectionId: 'toy-books' })
    await expect(finished).rejects.toThrow('Connecting Toy Books was cancelled')
    await expect(fetch(new URL(started.signInUrl!).searchParams.get('redirect_uri')!)).rejects.toThrow()
    await expect(call('connection:sign-in-finish', { connectionId: 'toy-books' })).rejects.toThrow(/No sign-in to Toy Books is in progress/)
  })

  it('says which port is in use when a vendor needs a fixed one, and saves nothing', async () => {
    blocker = createServer()
    await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    const { service, call } = await setup({ port })
    await expect(call('connection:sign-in-start', { system: 'toy', label: 'Toy Books' })).rejects.toMatchObject({
      message: `Patchbay cannot wait for the Toy Books sign-in: another program on this computer is using port ${port}`,
      meta: { hint: expect.stringMatching(/Close that program/) }
    })
    expect(service.connectionList()).toEqual([])
  })
})
