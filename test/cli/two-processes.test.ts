/**
 * The desktop app (or `serve`) and a `patchbay run` in a terminal share one data folder:
 * a sync never runs in both at once, and each sees what the other wrote.
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, beforeAll } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { runsPath, syncDir } from '../../src/main/store/paths'
import { RunHistory } from '../../src/main/store/runs'
import { emptyCounts } from '../../src/shared/domain'
import { ensureBuilt, ROOT as BUILT_ROOT } from '../e2e/helpers'

const exec = promisify(execFile)
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed: a
// child starts in a fraction of the time tsx takes to compile the sources for every command.
const cli = join(BUILT_ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
let app: App | undefined
afterEach(async () => app?.close())

async function workspace() {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-two-'))
  await writeFile(join(dir, 'a.csv'), 'id,email,name\n1,ann@x.com,Ann\n')
  await writeFile(join(dir, 'b.csv'), 'email,name\n')
  await writeFile(join(dir, 'ws.json'), JSON.stringify({
    connections: [
      { id: 'a', system: 'csv', label: 'A', settings: { file: join(dir, 'a.csv') } },
      { id: 'b', system: 'csv', label: 'B', settings: { file: join(dir, 'b.csv'), keyColumn: 'email' } }
    ],
    syncs: [{ id: 'ab', name: 'A ⇄ B', left: { connectionId: 'a', object: 'a' }, right: { connectionId: 'b', object: 'b' }, mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }], match: { field: 'email' } }]
  }))
  app = await openApp({ home: join(dir, 'home'), secrets: 'memory' })
  await app.service.importFile(join(dir, 'ws.json'))
  return dir
}

describe('two Patchbay processes on one data folder', () => {
  it('see each other’s runs: the app picks up links and cursors a terminal run wrote', async () => {
    const dir = await workspace()
    expect((await app!.service.runSync('ab')).run.status).toBe('ok')
    await writeFile(join(dir, 'a.csv'), 'id,email,name\n1,ann@x.com,Ann\n2,bob@x.com,Bob\n')
    const { stdout } = await exec(process.execPath, [cli, 'run', 'ab'], { env: { ...process.env, PATCHBAY_HOME: join(dir, 'home') } })
    expect(stdout).toMatch(/created 1/)
    expect((await app!.service.state('ab')).links.size).toBe(2)
    const again = await app!.service.runSync('ab')
    expect(again.run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0 })
  })

  it('never run one sync at once: a run while another process holds it is refused, saying why', async () => {
    const dir = await workspace()
    const lock = join(syncDir(join(dir, 'home'), 'ab'), 'run.lock')
    // Another live process holds the sync's run lock.
    const holder = spawn(process.execPath, ['-e', `require('fs').mkdirSync(${JSON.stringify(join(lock, '..'))},{recursive:true});require('fs').writeFileSync(${JSON.stringify(lock)}, String(process.pid));setTimeout(()=>{}, 60000)`])
    try {
      // Wait until the holder has written its pid (bounded by the test's timeout).
      while ((await readFile(lock, 'utf8').catch(() => '')) !== String(holder.pid)) await new Promise((r) => setTimeout(r, 20))
      const { run } = await app!.service.runSync('ab')
      expect(run.status).toBe('failed')
      expect(run.error).toMatchObject({ code: 'CONFIG', message: expect.stringContaining('already running in another Patchbay') })
    } finally {
      holder.kill('SIGKILL')
    }
    await new Promise((r) => holder.once('exit', r))
    // A lock left by a process that is gone is taken over.
    expect((await app!.service.runSync('ab')).run.status).toBe('ok')
  })
})

describe('a run left `running` in the history when another Patchbay opens the data folder', () => {
  it('is left alone while the process that holds its sync is alive, and marked interrupted once that process is gone', async () => {
    const dir = await workspace()
    const home = join(dir, 'home')
    const lock = join(syncDir(home, 'ab'), 'run.lock')
    // Another live process runs the sync: it holds the run lock, and its run is recorded as running.
    const holder = spawn(process.execPath, ['-e', `require('fs').mkdirSync(${JSON.stringify(join(lock, '..'))},{recursive:true});require('fs').writeFileSync(${JSON.stringify(lock)}, String(process.pid));setTimeout(()=>{}, 60000)`])
    const exited = new Promise((r) => holder.once('exit', r))
    try {
      while ((await readFile(lock, 'utf8').catch(() => '')) !== String(holder.pid)) await new Promise((r) => setTimeout(r, 20))
      // Recorded by that process's own run history, on the shared data folder.
      await (await RunHistory.open(runsPath(home))).start({ id: 'run-elsewhere', syncId: 'ab', trigger: 'cli', startedAt: new Date().toISOString(), status: 'running', dryRun: false, counts: emptyCounts() })
      const second = await openApp({ home, secrets: 'memory' })
      expect(second.service.runInfo('run-elsewhere').status).toBe('running')
      await second.close()
    } finally {
      holder.kill('SIGKILL')
    }
    await exited
    const third = await openApp({ home, secrets: 'memory' })
    expect(third.service.runInfo('run-elsewhere')).toMatchObject({ status: 'failed', error: { message: 'Patchbay stopped while this run was in progress' } })
    await third.close()
  })
})

describe('settling a conflict while another Patchbay process runs the sync', () => {
  it('waits for that run and is saved over what it wrote, so neither loses the other’s work', async () => {
    const dir = await workspace()
    const home = join(dir, 'home')
    expect((await app!.service.runSync('ab')).run.status).toBe('ok')
    await writeFile(join(dir, 'a.csv'), 'id,email,name\n1,ann@x.com,Ann A\n')
    await writeFile(join(dir, 'b.csv'), 'email,name\nann@x.com,Ann B\n')
    await app!.service.runSync('ab')
    const [conflict] = await app!.service.conflicts('ab')
    expect(conflict?.status).toBe('open')
    const stateFile = join(syncDir(home, 'ab'), 'state.json')
    const lock = join(syncDir(home, 'ab'), 'run.lock')
    // Another process runs the sync: it holds the run lock, and at its end saves the whole state as it had it (the conflict open).
    const snapshot = await readFile(stateFile, 'utf8')
    const script = `const fs=require('fs');fs.writeFileSync(${JSON.stringify(lock)}, String(process.pid));process.stdout.write('ready\\n');process.stdin.once('data',()=>{fs.writeFileSync(${JSON.stringify(stateFile)}, ${JSON.stringify(snapshot)});fs.unlinkSync(${JSON.stringify(lock)});process.exit(0)})`
    const runner = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
    await new Promise((r) => runner.stdout.once('data', r))
    const exited = new Promise((r) => runner.once('exit', r))
    const settling = app!.service.resolveConflict(conflict.id, { pick: 'left' })
    // Give a save that does not wait its chance to land before the other run's end.
    await Promise.race([settling.catch(() => undefined), new Promise((r) => setTimeout(r, 300))])
    runner.stdin.write('go\n')
    await exited
    await settling
    const onDisk = JSON.parse(await readFile(stateFile, 'utf8')) as { data: { conflicts: { id: string; status: string }[] } }
    expect(onDisk.data.conflicts.find((c) => c.id === conflict.id)?.status).toBe('resolved')
  })
})

describe('a sync imported from a terminal while the app runs', () => {
  it('shows up in the app without a restart', async () => {
    const dir = await workspace()
    const ws = JSON.parse(await readFile(join(dir, 'ws.json'), 'utf8'))
    ws.syncs[0] = { ...ws.syncs[0], id: 'ab-copy', name: 'A ⇄ B (copy)' }
    await writeFile(join(dir, 'ws2.json'), JSON.stringify({ syncs: ws.syncs }))
    let changed = 0
    app!.service.on('changed', (what) => what === 'config' && changed++)
    await exec(process.execPath, [cli, 'import', join(dir, 'ws2.json')], { env: { ...process.env, PATCHBAY_HOME: join(dir, 'home') } })
    const ids = (await app!.service.status()).map((s) => s.sync.id)
    expect(ids).toEqual(['ab', 'ab-copy'])
    expect(changed).toBe(1)
    // Nothing changed since: no reload, no event.
    await app!.service.status()
    expect(changed).toBe(1)
  })
})
