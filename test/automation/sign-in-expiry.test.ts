/**
 * A sign-in that runs out is warned about once, a week ahead, with a Reconnect action,
 * by the running automation (on a controllable clock) reading the expiry recorded on the
 * connection; once past, the connection needs reconnecting.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { Automation } from '../../src/main/automation'
import { FakeClock } from '../../src/main/scheduler'
import type { Alert } from '../../src/main/health'

const DAY = 86_400_000

let app: App | undefined
let auto: Automation | undefined
afterEach(async () => {
  auto?.stop()
  await app?.close()
  app = auto = undefined
})

describe('a sign-in running out', () => {
  it('is warned about once, seven days ahead, with a Reconnect action; past it, the connection needs reconnecting', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-expiry-'))
    await writeFile(join(dir, 'a.csv'), 'id,email\n1,ann@x.com\n')
    app = await openApp({ home: join(dir, 'home'), secrets: 'memory' })
    await app.service.saveConnection({ id: 'books', system: 'csv', label: 'Books', settings: { file: join(dir, 'a.csv') } })
    const clock = new FakeClock('2026-11-25T09:00:00Z')
    const expiresAt = clock.now() + 10 * DAY
    // What a token save inside a session does (see test/calls/sign-in-expiry.test.ts).
    await app.service.noteSignInExpiry('books', expiresAt)

    auto = await Automation.start(app, { clock })
    const alerts: Alert[] = []
    auto.on('alert', (a) => alerts.push(a))
    const expiring = () => alerts.filter((a) => a.kind === 'token-expiring')
    await auto.refresh()
    expect(expiring()).toEqual([])

    // Four days later (the laptop slept): six days left, inside the week.
    clock.sleep(4 * DAY)
    await auto.refresh()
    expect(expiring()).toEqual([
      expect.objectContaining({ severity: 'warning', body: expect.stringContaining('in 6 days'), target: { view: 'connections', id: 'books' }, action: { label: 'Reconnect', command: 'connection:reconnect' } })
    ])
    // Never again for the same expiry: not on the next refresh, not on the minute timer, not after a restart.
    await auto.refresh()
    await clock.advance(3 * 60_000)
    await auto.settled()
    auto.stop()
    auto = await Automation.start(app, { clock })
    auto.on('alert', (a) => alerts.push(a))
    await auto.refresh()
    expect(expiring()).toHaveLength(1)

    // The rolling expiry moving by seconds on the next token refresh is not a new expiry either.
    await app.service.noteSignInExpiry('books', expiresAt + 30_000)
    await auto.refresh()
    expect(expiring()).toHaveLength(1)

    // Past it: a needs-reconnect alert, not another warning.
    clock.sleep(7 * DAY)
    await auto.refresh()
    expect(expiring()).toHaveLength(1)
    expect(alerts.filter((a) => a.kind === 'needs-reconnect')).toEqual([expect.objectContaining({ target: expect.objectContaining({ id: 'books' }) })])
  })
})
