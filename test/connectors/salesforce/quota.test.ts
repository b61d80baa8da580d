/**
 * The org's daily API allowance, read from Sforce-Limit-Info: at 80% the connection's health
 * turns degraded, says how much is used, and one alert goes out (not one per refresh); near
 * the end of the allowance the sync is held with a plain message before Salesforce would
 * refuse (REQUEST_LIMIT_EXCEEDED), leaving the rest to the org's other apps.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../../src/main/app'
import { Automation } from '../../../src/main/automation'
import { connectionCards } from '../../../src/main/calls/cards'
import { FakeClock } from '../../../src/main/scheduler'
import type { Alert } from '../../../src/main/health'
import { seedSalesforce } from '../../../src/main/stand-ins/salesforce'
import { fakeSalesforce, salesforceConnection, syncWorld } from './helpers'

let app: App | undefined
let auto: Automation | undefined
afterEach(async () => {
  auto?.stop()
  await app?.close()
  app = auto = undefined
})

describe("Salesforce's daily API allowance", () => {
  it('turns the connection degraded at 80% with one alert, and shows the use in its health', async () => {
    const fake = await fakeSalesforce({ dailyLimit: 1000, used: 700 })
    app = await openApp({ home: join(await mkdtemp(join(tmpdir(), 'patchbay-sf-quota-')), 'home'), secrets: 'memory' })
    const pair = fake.oauth.issue()
    await app.service.saveConnection(salesforceConnection(fake), { clientId: fake.oauth.app.consumerKey, ...pair })
    auto = await Automation.start(app, { clock: new FakeClock(new Date().toISOString()) })
    const alerts: Alert[] = []
    auto.on('alert', (a) => alerts.push(a))

    expect((await app.service.testConnection('sf')).ok).toBe(true)
    await auto.refresh()
    let card = connectionCards(app, Date.now()).find((c) => c.connection.id === 'sf')!
    expect(card.state).toBe('ok')
    expect(card.summary).toContain('“Salesforce” is connected. 701 of 1,000 calls (70%) of its daily API allowance used.')

    fake.quota.used = 799
    await app.service.testConnection('sf') // answered with api-usage=800/1000
    expect(app.service.connectionInfo('sf').apiUsage).toMatchObject({ used: 800, limit: 1000 })
    await auto.refresh()
    card = connectionCards(app, Date.now()).find((c) => c.connection.id === 'sf')!
    expect(card.state).toBe('degraded')
    expect(card.summary).toContain(
      '“Salesforce” has used 800 of 1,000 calls (80%) of its daily API allowance. Patchbay holds its syncs before the allowance runs out, so your other apps keep working; it frees up over the next 24 hours.'
    )
    const told = () => alerts.filter((a) => a.kind === 'allowance-low')
    expect(told()).toEqual([
      expect.objectContaining({ severity: 'warning', title: 'Salesforce has used 80% of its daily API allowance', target: { view: 'connections', id: 'sf' } })
    ])
    // More use, more refreshes, a restart: still the one alert.
    fake.quota.used = 850
    await app.service.testConnection('sf')
    await auto.refresh()
    await auto.refresh()
    auto.stop()
    auto = await Automation.start(app, { clock: new FakeClock(new Date().toISOString()) })
    auto.on('alert', (a) => alerts.push(a))
    await auto.refresh()
    expect(told()).toHaveLength(1)
    expect(alerts.filter((a) => a.kind !== 'allowance-low')).toEqual([])
  })

  it('holds the sync with a plain message before the allowance runs out, and sends nothing more', async () => {
    const fake = await fakeSalesforce({ dailyLimit: 100, used: 94 })
    seedSalesforce(fake.org, 12)
    const w = await syncWorld(fake)
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({
      code: 'RATE_LIMIT',
      message: "Salesforce's daily API allowance is nearly used up (95 of 100 calls, 95%), so Patchbay is holding this sync to leave the rest for your other Salesforce apps"
    })
    expect(run.error?.hint).toMatch(/rolling 24 hours; Patchbay tries again in an hour/)
    // The first page told the use; no call left after it, and Salesforce never had to refuse one.
    expect(fake.quota.used).toBe(95)
    expect(fake.refused).toBe(0)
    expect(w.seen.usage.at(-1)).toEqual({ used: 95, limit: 100 })
    expect(w.members.all()).toEqual([])
  })

  it('stays held on a recent reading without calling Salesforce, and looks again once the reading is an hour old', async () => {
    const fake = await fakeSalesforce({ dailyLimit: 100, used: 40 })
    seedSalesforce(fake.org, 3)
    const reading = (minutesAgo: number) => ({ apiUsage: { used: 97, limit: 100, at: new Date(Date.now() - minutesAgo * 60_000).toISOString() } })
    const held = await syncWorld(fake, { connection: reading(10) })
    expect((await held.run()).run.error?.code).toBe('RATE_LIMIT')
    expect(fake.quota.used).toBe(40)
    // Two hours on, the rolling allowance has freed up: one call reads it afresh and the run goes through.
    const later = await syncWorld(fake, { connection: reading(120) })
    expect((await later.run()).run).toMatchObject({ status: 'ok', counts: { created: 3 } })
    expect(later.seen.usage.at(-1)).toEqual({ used: 41, limit: 100 })
  })
})
