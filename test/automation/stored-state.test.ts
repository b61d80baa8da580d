/**
 * What the scheduler keeps (automation.json: when each sync last ran by itself, and which
 * alerts were given) is checked when read. A damaged alert memory is caught on opening:
 * the file is moved aside, a backup is put back, and the owner is told in plain words,
 * instead of every later health check failing quietly.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { Automation } from '../../src/main/automation'
import { FakeClock } from '../../src/main/scheduler'
import { serve, type Serving } from '../../src/main/server/serve'
import type { Alert } from '../../src/main/health'

let app: App | undefined
let auto: Automation | undefined
let serving: Serving | undefined
afterEach(async () => {
  auto?.stop()
  await app?.close()
  await serving?.close()
  auto = app = serving = undefined
  delete process.env.PATCHBAY_HOME
})

async function workspace(dir: string): Promise<void> {
  await writeFile(join(dir, 'a.csv'), 'id,email\n1,ann@x.com\n')
  await writeFile(join(dir, 'b.csv'), 'email,name\n')
  await writeFile(join(dir, 'ws.json'), JSON.stringify({
    connections: [
      { id: 'a', system: 'csv', label: 'A', settings: { file: join(dir, 'a.csv') } },
      { id: 'b', system: 'csv', label: 'B', settings: { file: join(dir, 'b.csv'), keyColumn: 'email' } }
    ],
    syncs: [{ id: 'nightly', name: 'Nightly', left: { connectionId: 'a', object: 'a' }, right: { connectionId: 'b', object: 'b' }, trigger: { kind: 'schedule', cron: '*/5 * * * *', timeZone: 'Europe/London' }, mapping: [{ name: 'email', left: 'email', right: 'email' }], match: { field: 'email' } }]
  }))
}

describe('the scheduler’s stored state is validated when read', () => {
  it('catches a damaged alert memory on opening, tells the owner plainly, and health and alerts carry on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-auto-state-'))
    const home = join(dir, 'home')
    await workspace(dir)
    app = await openApp({ home, secrets: 'memory' })
    await app.service.importFile(join(dir, 'ws.json'))
    const clock = new FakeClock('2026-11-25T10:01:00Z')
    auto = await Automation.start(app, { clock })
    // The sync fails by itself, so the file remembers a problem already told (and is saved more than once).
    await writeFile(join(dir, 'a.csv'), Buffer.from([0, 1, 2, 3, 255, 254]))
    await clock.advance(5 * 60_000)
    await auto.settled()
    await auto.refresh()
    auto.stop()
    await app.close()

    // The remembered problems are damaged: a text where a list of problems belongs.
    const file = join(home, 'automation.json')
    const envelope = JSON.parse(await readFile(file, 'utf8')) as { data: { alertMemory: { open: unknown } } }
    expect(Object.keys(envelope.data.alertMemory.open as object)).toEqual(['sync:nightly'])
    envelope.data.alertMemory.open = 'sync:nightly'
    await writeFile(file, JSON.stringify(envelope))

    app = await openApp({ home, secrets: 'memory' })
    auto = await Automation.start(app, { clock })
    const notices = app.service.recoveryNotices()
    expect(notices).toHaveLength(1)
    expect(notices[0].message).toMatch(/^Patchbay could not read the schedule \(when each sync last ran by itself, and which alerts were given\) because the file .*automation\.json was damaged: its contents are not what Patchbay expects \(.*alertMemory\.open/)
    expect(notices[0].message).toMatch(/The damaged file was moved to .*automation\.json\.corrupt-/)
    expect((await readdir(home)).some((f) => f.startsWith('automation.json.corrupt-'))).toBe(true)

    // Health is worked out again, and the sync's recovery is alerted.
    const alerts: Alert[] = []
    auto.on('alert', (a) => alerts.push(a))
    await expect(auto.refresh()).resolves.toBeUndefined()
    await writeFile(join(dir, 'a.csv'), 'id,email\n1,ann@x.com\n')
    await clock.advance(5 * 60_000)
    await auto.settled()
    await auto.refresh()
    expect(alerts.map((a) => a.kind)).toContain('recovered')
  })

  it('is told by `patchbay serve` as a note when it starts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-auto-state-'))
    const home = join(dir, 'home')
    await mkdir(home, { recursive: true })
    // A schedule file whose alert memory is damaged, and no backup of it.
    await writeFile(join(home, 'automation.json'), JSON.stringify({ schemaVersion: 1, data: { lastFiredAt: {}, paused: [], alertMemory: { open: {}, tokenWarned: { books: 'soon' }, conflicts: { lastAt: null, pending: {} } } } }))
    const rendererDir = join(dir, 'renderer')
    await mkdir(join(rendererDir, 'assets'), { recursive: true })
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Patchbay</title>')
    process.env.PATCHBAY_HOME = home
    const lines: string[] = []
    serving = await serve({ rendererDir }, (line) => lines.push(line))
    const notes = lines.filter((l) => l.startsWith('Note: '))
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatch(/^Note: Patchbay could not read the schedule .* was damaged: its contents are not what Patchbay expects \(.*alertMemory\.tokenWarned\.books.*\)\. The damaged file was moved to .*\. No usable backup was found, so Patchbay started again with the schedule .* empty\.$/)
  })
})
