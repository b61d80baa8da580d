/**
 * A token HubSpot refuses ends the run as failed with AUTH and a hint to reconnect,
 * after one request: no retry loop. "Test connection" names the portal or says why not.
 */
import { describe, expect, it } from 'vitest'
import { seedContacts } from '../../../src/main/stand-ins/hubspot'
import { fakeHubspot, openSession, syncWorld } from './helpers'

describe('HubSpot credentials', () => {
  it('names the portal when the token works', async () => {
    const fake = await fakeHubspot()
    const test = await (await openSession(fake)).test()
    expect(test).toEqual({ ok: true, accountName: 'HubSpot portal 4471234 (standard, app-eu1.hubspot.com)', message: 'Connected to HubSpot portal 4471234 (standard, app-eu1.hubspot.com)' })
    expect(fake.recorder.all().map((e) => `${e.method} ${e.path}`)).toEqual(['GET /account-info/2026-03/details'])
  })

  it('says what to do when the token is refused', async () => {
    const fake = await fakeHubspot()
    const test = await (await openSession(fake, { token: 'pat-eu1-revoked' })).test()
    expect(test.ok).toBe(false)
    expect(test.message).toMatch(/did not accept the access token \(HTTP 401\).*Authentication credentials not found/)
    expect(test.message).toContain('Private Apps')
  })

  it('fails the run with AUTH and a reconnect hint after one request, not a crash loop', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 5)
    const w = await syncWorld(fake, {}, await openSession(fake, { token: 'pat-eu1-wrong' }))
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'AUTH', status: 401 })
    expect(run.error?.hint).toMatch(/reconnect HubSpot in Patchbay/)
    expect(fake.recorder.all()).toHaveLength(1)
    // Running again does the same single request: nothing piles up, nothing is written.
    await w.run()
    expect(fake.recorder.all()).toHaveLength(2)
    expect(w.members.all()).toEqual([])
  })

  it('fails before any request when no token is stored', async () => {
    const fake = await fakeHubspot()
    const w = await syncWorld(fake, {}, await openSession(fake, { token: '' }))
    const { run } = await w.run()
    expect(run.error).toMatchObject({ code: 'AUTH', message: 'No access token is stored for HubSpot' })
    expect(fake.recorder.all()).toHaveLength(0)
  })

  it('says the token expired when HubSpot rotates it mid-run, and goes on once reconnected', async () => {
    const fake = await fakeHubspot()
    seedContacts(fake.store, 250)
    const w = await syncWorld(fake)
    fake.expireTokenAfter(1)
    const first = await w.run()
    expect(first.run.error).toMatchObject({ code: 'AUTH' })
    expect(first.run.error?.message).toContain('has expired')
    await w.reconnect(fake.token)
    const second = await w.run()
    expect(second.run.status).toBe('ok')
    expect(w.members.all()).toHaveLength(250)
  })
})
