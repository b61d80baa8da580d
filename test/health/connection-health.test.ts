import { describe, expect, it } from 'vitest'
import { connectionHealth, type ConnectionHealthInput, type ConnectionState } from '../../src/main/health/connection-health'

const now = Date.parse('2025-06-02T12:00:00Z')
const MIN = 60_000
const DAY = 86_400_000
const base: ConnectionHealthInput = { connection: { id: 'xero', label: 'Xero' }, recentErrors: [], rateLimit: null, needsReconnect: false, now }
const errors = (code: 'TRANSIENT' | 'RATE_LIMIT' | 'API_CHANGED' | 'RECORD', ...minutesAgo: number[]) => minutesAgo.map((m) => ({ code, at: now - m * MIN }))

describe('connectionHealth', () => {
  it.each<[string, Partial<ConnectionHealthInput>, ConnectionState, string]>([
    ['all quiet', {}, 'ok', '“Xero” is connected.'],
    ['one timeout', { recentErrors: errors('TRANSIENT', 2) }, 'degraded', '“Xero” had 1 hiccup lately; Patchbay tried again.'],
    ['three timeouts', { recentErrors: errors('TRANSIENT', 1, 2, 3) }, 'failing', '“Xero” is not answering (3 errors in the last few minutes). Patchbay keeps trying.'],
    ['old timeouts have aged out', { recentErrors: errors('TRANSIENT', 20, 30, 40) }, 'ok', 'is connected'],
    ['record refusals are not the connection’s fault', { recentErrors: errors('RECORD', 1, 2, 3, 4) }, 'ok', 'is connected'],
    ['near its rate limit', { rateLimit: { remaining: 5, limit: 100 } }, 'degraded', '“Xero” is close to its usage limit (5% left), so syncs may slow down.'],
    ['was rate limited', { recentErrors: errors('RATE_LIMIT', 1) }, 'degraded', 'close to its usage limit, so'],
    ['the API changed', { recentErrors: errors('API_CHANGED', 1) }, 'failing', 'answered in a way Patchbay does not recognise'],
    ['needs reconnect beats everything', { needsReconnect: true, recentErrors: errors('TRANSIENT', 1, 2, 3) }, 'needs-reconnect', 'Patchbay lost access to “Xero”. Reconnect it'],
    ['refresh token ran out', { refreshTokenExpiresAt: now - MIN }, 'needs-reconnect', 'The sign-in to “Xero” ran out.'],
    ['refresh token runs out soon', { refreshTokenExpiresAt: now + 3 * DAY }, 'ok', 'is connected. Its sign-in runs out in 3 days: reconnect before then'],
    ['refresh token far off', { refreshTokenExpiresAt: now + 30 * DAY }, 'ok', '“Xero” is connected.']
  ])('%s → %s', (_, input, state, summary) => {
    const health = connectionHealth({ ...base, ...input })
    expect(health.state).toBe(state)
    expect(health.summary).toContain(summary)
  })

  it('reports headroom as a share of the limit, or null when the vendor does not say', () => {
    expect(connectionHealth({ ...base, rateLimit: { remaining: 40, limit: 200 } }).headroom).toBe(0.2)
    expect(connectionHealth({ ...base, rateLimit: { remaining: 0, limit: 0 } }).headroom).toBeNull()
    expect(connectionHealth(base)).toMatchObject({ connectionId: 'xero', label: 'Xero', headroom: null, refreshTokenExpiresAt: null })
  })
})
