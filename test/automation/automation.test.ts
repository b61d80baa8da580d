/** The scheduler, health and alerts wired to a real service over real CSV files, on a controllable clock. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { Automation } from '../../src/main/automation'
import { FakeClock } from '../../src/main/scheduler'
import type { Alert } from '../../src/main/health'

let app: App | undefined
let auto: Automation | undefined
afterEach(async () => {
  auto?.stop()
  await app?.close()
})

async function setup(cron: string) {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-auto-'))
  await writeFile(join(dir, 'a.csv'), 'id,email\n1,ann@x.com\n')
  await writeFile(join(dir, 'b.csv'), 'email,name\n')
  app = await openApp({ home: join(dir, 'home'), secrets: 'memory' })
  await writeFile(join(dir, 'ws.json'), JSON.stringify({
    connections: [
      { id: 'a', system: 'csv', label: 'A', settings: { file: join(dir, 'a.csv') } },
      { id: 'b', system: 'csv', label: 'B', settings: { file: join(dir, 'b.csv'), keyColumn: 'email' } }
    ],
    syncs: [{ id: 'nightly', name: 'Nightly', left: { connectionId: 'a', object: 'a' }, right: { connectionId: 'b', object: 'b' }, trigger: { kind: 'schedule', cron, timeZone: 'Europe/London' }, mapping: [{ name: 'email', left: 'email', right: 'email' }], match: { field: 'email' } }]
  }))
  await app.service.importFile(join(dir, 'ws.json'))
  return dir
}

describe('automation', () => {
  it('runs a scheduled sync by itself at its time, in its time zone, and describes the next run', async () => {
    await setup('0 0 * * *')
    const clock = new FakeClock('2026-11-25T23:58:00Z')
    auto = await Automation.start(app!, { clock })
    expect(auto.nextRun('nightly')).toMatch(/every day at 00:00/)
    expect(app!.service.runList()).toHaveLength(0)
    await clock.advance(3 * 60_000)
    await auto.settled()
    const runs = app!.service.runList()
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ syncId: 'nightly', trigger: 'schedule', status: 'ok' })
  })

  it('records a scheduled run that could not start, with the reason, and alerts when a sync starts failing', async () => {
    const dir = await setup('*/5 * * * *')
    const clock = new FakeClock('2026-11-25T10:01:00Z')
    auto = await Automation.start(app!, { clock })
    const alerts: Alert[] = []
    auto.on('alert', (a) => alerts.push(a))
    await auto.setPaused('nightly', true)
    await clock.advance(5 * 60_000)
    await auto.settled()
    const skipped = app!.service.runList().find((r) => r.status === 'cancelled')
    expect(skipped).toMatchObject({ status: 'cancelled', error: { code: 'SKIPPED', message: expect.stringContaining('paused') } })
    await auto.setPaused('nightly', false)
    // The file the sync reads stops being a CSV: the run fails and the owner is told once.
    await writeFile(join(dir, 'a.csv'), Buffer.from([0, 1, 2, 3, 255, 254]))
    await clock.advance(5 * 60_000)
    await auto.settled()
    await auto.refresh()
    expect(app!.service.runList().filter((r) => r.status === 'failed')).toEqual([expect.objectContaining({ trigger: 'schedule', error: expect.objectContaining({ code: 'CONFIG' }) })])
    expect(alerts.filter((a) => a.kind === 'sync-failing')).toHaveLength(1)
    await clock.advance(5 * 60_000)
    await auto.settled()
    await auto.refresh()
    expect(alerts.filter((a) => a.kind === 'sync-failing')).toHaveLength(1)
    await writeFile(join(dir, 'a.csv'), 'id,email\n1,ann@x.com\n')
    await clock.advance(5 * 60_000)
    await auto.settled()
    await auto.refresh()
    expect(alerts.map((a) => a.kind)).toContain('recovered')
  })
})
