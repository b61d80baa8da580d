/**
 * Connecting with the business's own Intuit app: the sign-in address, the pasted
 * address of Intuit's redirect page, the code exchange with the client secret, token
 * refresh after an hour (Intuit rotates refresh tokens, and the new one must reach the
 * keychain), and a revoked connection telling the user to reconnect.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { connectionSchema } from '../../../src/shared/domain'
import { AuthError } from '../../../src/main/errors'
import { exchangeIntuitCode, intuitSignInUrl, openQuickBooksSession, QUICKBOOKS_WIZARD, readPastedRedirect, tokensToSecrets } from '../../../src/main/connectors/quickbooks'
import { INTUIT_OAUTH } from '../../../src/main/connectors/quickbooks/vendor'
import { quickBooksWorld, type QuickBooksWorld } from './helpers'

let w: QuickBooksWorld
afterEach(async () => w?.close())

describe('connecting QuickBooks with your own Intuit app', () => {
  it('signs in through Intuit’s redirect page and a pasted address, then calls the API', async () => {
    w = await quickBooksWorld()
    const { clientId, clientSecret } = w.fake.oauth.app
    const start = intuitSignInUrl(clientId)
    const url = new URL(start.url)
    expect(url.origin + url.pathname).toBe(INTUIT_OAUTH.authorizeUrl)
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: clientId, response_type: 'code', scope: 'com.intuit.quickbooks.accounting', redirect_uri: INTUIT_OAUTH.playgroundRedirect, state: start.state })
    // The user clicks Connect; Intuit's page shows this address, which the user pastes.
    const code = w.fake.oauth.authorize(w.fake.company.realmId, start.redirectUri)
    const pasted = `${start.redirectUri}?code=${code}&state=${start.state}&realmId=${w.fake.company.realmId}`
    const got = readPastedRedirect(`  ${pasted}\n`, start.state)
    expect(got).toEqual({ code, realmId: w.fake.company.realmId })
    const tokens = await exchangeIntuitCode({ clientId, clientSecret, code: got.code, redirectUri: start.redirectUri, tokenUrl: w.fake.tokenUrl })
    const session = await openQuickBooksSession({
      connection: w.connection({ realmId: got.realmId }),
      secrets: { clientId, clientSecret, ...tokensToSecrets(tokens) }
    })
    expect(await session.test()).toMatchObject({ ok: true, accountName: 'Acme Coffee Ltd' })
    // A code works once.
    await expect(exchangeIntuitCode({ clientId, clientSecret, code: got.code, redirectUri: start.redirectUri, tokenUrl: w.fake.tokenUrl })).rejects.toBeInstanceOf(AuthError)
  })

  it('explains each mistake in a pasted address', () => {
    expect(() => readPastedRedirect('not an address', 's1')).toThrow('That is not a web address')
    expect(() => readPastedRedirect(`${INTUIT_OAUTH.playgroundRedirect}?code=x&state=other&realmId=1`, 's1')).toThrow('another sign-in attempt')
    expect(() => readPastedRedirect(`${INTUIT_OAUTH.playgroundRedirect}?error=access_denied&state=s1`, 's1')).toThrow('Intuit did not connect: access_denied')
    expect(() => readPastedRedirect(`${INTUIT_OAUTH.playgroundRedirect}?state=s1`, 's1')).toThrow('no authorization code')
  })

  it('refreshes an expired access token once and saves the rotated refresh token to the keychain', async () => {
    w = await quickBooksWorld()
    const before = { ...w.saved }
    w.fake.oauth.expireAccessTokens()
    expect(await w.session.test()).toMatchObject({ ok: true })
    expect(w.fake.oauth.grants).toEqual(['refresh_token'])
    expect(w.saved.refreshToken).toBeDefined()
    expect(w.saved.refreshToken).not.toBe(before.refreshToken)
    expect(w.fake.requests.filter((r) => r.status === 401)).toHaveLength(1)
  })

  it('tells the user to reconnect when the app was disconnected in QuickBooks', async () => {
    w = await quickBooksWorld()
    w.fake.oauth.revokeAll()
    const feed = w.session.object('customers').listChanged(null)
    const err = await feed.then(async (f) => { for await (const _ of f.pages) void _ }).catch((e) => e)
    expect(err).toBeInstanceOf(AuthError)
    expect(err.meta.hint).toBe('Reconnect QuickBooks in Connections')
  })

  it('refuses to open without the business’s app keys, and never ships any', async () => {
    w = await quickBooksWorld()
    const connection = connectionSchema.parse({ id: 'q', system: 'quickbooks', label: 'Q', settings: { realmId: '1' } })
    await expect(openQuickBooksSession({ connection, secrets: {} })).rejects.toThrow('no Intuit app keys')
    const words = JSON.stringify(QUICKBOOKS_WIZARD)
    expect(words).toContain(INTUIT_OAUTH.playgroundRedirect)
    expect(QUICKBOOKS_WIZARD.steps.flatMap((s) => s.inputs ?? []).filter((i) => /secret|token|clientId/i.test(i.name)).every((i) => i.secret)).toBe(true)
  })
})
