/**
 * Faults against the fake org, each worded for the owner: a 429 and 5xx are retried and the
 * run goes through; a body that is not Salesforce's shape is an ApiChangedError that stops
 * the run; a timed-out session (401 INVALID_SESSION_ID) is refreshed once and the new token
 * saved to the keychain; a revoked sign-in needs reconnecting; REQUEST_LIMIT_EXCEEDED waits
 * for the allowance instead of hammering it.
 */
import { describe, expect, it } from 'vitest'
import { seedSalesforce } from '../../../src/main/stand-ins/salesforce'
import { fakeSalesforce, syncWorld } from './helpers'

describe('Salesforce faults', () => {
  it('retries a 429 and 5xx answers, and the run goes through', async () => {
    const fake = await fakeSalesforce({ faults: { retryAfterSec: 0.01 } })
    seedSalesforce(fake.org, 7)
    const w = await syncWorld(fake)
    fake.faults.next('429')
    fake.faults.next('5xx', 2)
    const { run } = await w.run()
    expect(run).toMatchObject({ status: 'ok', counts: { created: 7, failed: 0 } })
    expect(fake.faults.injected).toMatchObject({ '429': 1, '5xx': 2 })
  })

  it('stops with ApiChangedError on a body that is not the documented shape', async () => {
    const fake = await fakeSalesforce()
    seedSalesforce(fake.org, 3)
    const w = await syncWorld(fake)
    fake.faults.next('malformed')
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error?.code).toBe('API_CHANGED')
    expect(w.members.all()).toEqual([])
  })

  it('renews a timed-out session once, keeps the new token, and carries on', async () => {
    const fake = await fakeSalesforce()
    seedSalesforce(fake.org, 4)
    const w = await syncWorld(fake)
    fake.faults.next('session-expired')
    const { run } = await w.run()
    expect(run).toMatchObject({ status: 'ok', counts: { created: 4 } })
    expect(fake.oauth.grants).toEqual(['refresh_token'])
    // Salesforce keeps the refresh token: only the new session is saved, to the keychain.
    expect(w.seen.saved).toEqual([{ accessToken: expect.stringMatching(/^00D\w+!AQ/), refreshToken: w.secrets.refreshToken }])
  })

  it('says to reconnect when the sign-in was revoked', async () => {
    const fake = await fakeSalesforce()
    seedSalesforce(fake.org, 2)
    const w = await syncWorld(fake)
    fake.oauth.revokeAll()
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'AUTH', message: 'Salesforce refused to renew Patchbay’s access: expired access/refresh token', hint: 'Reconnect Salesforce in Connections' })
  })

  it('waits for the allowance when Salesforce answers REQUEST_LIMIT_EXCEEDED, in plain words', async () => {
    const fake = await fakeSalesforce()
    seedSalesforce(fake.org, 2)
    const w = await syncWorld(fake)
    fake.faults.next('limit-exceeded')
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'RATE_LIMIT', message: "Salesforce's daily API allowance for this org is used up (HTTP 403): TotalRequests Limit exceeded." })
    expect(run.error?.hint).toMatch(/rolling 24 hours; Patchbay tries again in an hour/)
    expect(fake.faults.injected['limit-exceeded']).toBe(1)
    // The next run, with allowance again, converges.
    expect((await w.run()).run).toMatchObject({ status: 'ok', counts: { created: 2 } })
  })
})
