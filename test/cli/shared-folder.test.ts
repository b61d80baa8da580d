/**
 * Issue 9, point 3: `patchbay serve` and `patchbay` commands in a terminal on one data
 * folder, all at once, with real processes. serve runs a sync by itself every 5 seconds
 * and takes settings changes over HTTP as the UI sends them, while the terminal does 30
 * runs (3 at a time), imports new connections and syncs and pauses them. Nothing either
 * side wrote may be lost: every run is in the history serve shows and in the file a fresh
 * process reads, every imported sync and every setting is still there, and runs can be
 * undone (an undo never answers "There is no run").
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run, Sync } from '../../src/shared/domain'
import { ConfigStore } from '../../src/main/store/config'
import { configPath, runsPath } from '../../src/main/store/paths'
import { RunHistory } from '../../src/main/store/runs'
import { ensureBuilt, ROOT } from '../e2e/helpers'

const exec = promisify(execFile)
const bin = join(ROOT, 'bin', 'patchbay.js')
const CLI_RUNS = 30
const AT_ONCE = 3
const IMPORTS = 4

let dir = ''
let home = ''
let serve: ChildProcess | undefined
let serveOutput = ''
let origin = ''
let token = ''

/** A `patchbay` command on the shared data folder; resolves whatever its exit code. */
async function patchbay(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' }, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string }
    if (typeof e.code !== 'number') throw err
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' }
  }
}

/** A call to serve's API, as the UI makes it. */
async function call<T>(channel: string, payload: object = {}): Promise<T> {
  const res = await fetch(`${origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, Origin: origin }, body: JSON.stringify(payload) })
  const body = (await res.json()) as { ok?: T; error?: { message: string } }
  if (!res.ok || body.error) throw new Error(`${channel}: ${res.status} ${body.error?.message ?? ''}`)
  return body.ok as T
}

const csvSync = (id: string, left: string, right: string, extra: object = {}) => ({
  id,
  name: `Sync ${id}`,
  left: { connectionId: left, object: left },
  right: { connectionId: right, object: right },
  direction: 'both',
  mapping: [
    { name: 'email', left: 'email', right: 'email' },
    { name: 'name', left: 'name', right: 'name' }
  ],
  match: { field: 'email' },
  ...extra
})

/** Two CSV files and their connections, for one sync of its own. */
async function csvPair(id: string) {
  await writeFile(join(dir, `${id}-l.csv`), `email,name\n${id}-0@x.com,First of ${id}\n`)
  await writeFile(join(dir, `${id}-r.csv`), 'email,name\n')
  return [
    { id: `${id}-l`, system: 'csv', label: `${id} left`, settings: { file: join(dir, `${id}-l.csv`), keyColumn: 'email' } },
    { id: `${id}-r`, system: 'csv', label: `${id} right`, settings: { file: join(dir, `${id}-r.csv`), keyColumn: 'email' } }
  ]
}

function startServe(): Promise<void> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' } })
  serve = child
  child.stdout!.on('data', (d: Buffer) => (serveOutput += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (serveOutput += d.toString()))
  return new Promise((resolve, reject) => {
    const look = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)/.exec(serveOutput)
      if (!m) return
      ;[, origin, token] = m
      child.stdout!.off('data', look)
      resolve()
    }
    child.stdout!.on('data', look)
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${serveOutput}`)))
  })
}

async function stopServe(): Promise<void> {
  const child = serve
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

beforeAll(async () => {
  await ensureBuilt()
  dir = await mkdtemp(join(tmpdir(), 'patchbay-shared-'))
  home = join(dir, 'home')
  // serve's own sync runs by itself every 5 seconds; the terminal runs three others, one per worker.
  const connections = (await Promise.all(['w', 't0', 't1', 't2'].map(csvPair))).flat()
  const syncs = [csvSync('w', 'w-l', 'w-r', { trigger: { kind: 'watch', everySeconds: 5 }, enabled: true }), ...['t0', 't1', 't2'].map((t) => csvSync(t, `${t}-l`, `${t}-r`))]
  await writeFile(join(dir, 'workspace.json'), JSON.stringify({ connections, syncs }))
  const imported = await patchbay('import', join(dir, 'workspace.json'))
  expect(imported.stderr + imported.stdout).toMatch(/Imported 8 connection\(s\) and 4 sync\(s\)/)
  await startServe()
}, 240_000)

afterAll(async () => {
  await stopServe()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('serve and terminal commands on one data folder at the same time', () => {
  it('lose no run, no sync and no setting, and every run can be undone', { timeout: 180_000 }, async () => {
    const cliRuns: string[] = []
    const problems: string[] = []

    // 30 runs, 3 at a time: each worker adds a row to its sync's file, then runs it.
    let next = 0
    const worker = async (w: number) => {
      for (let n = next++; n < CLI_RUNS; n = next++) {
        const sync = `t${w}`
        await appendFile(join(dir, `${sync}-l.csv`), `${sync}-${n + 1}@x.com,Person ${n + 1}\n`)
        const r = await patchbay('run', sync)
        const id = /run id: (\S+)/.exec(r.stdout)?.[1]
        if (r.code !== 0 || !id) problems.push(`run ${sync} (exit ${r.code}): ${r.stdout}${r.stderr}`)
        if (id) cliRuns.push(id)
      }
    }

    // New connections and syncs imported from the terminal, each then paused from the terminal.
    const importer = async () => {
      for (let i = 0; i < IMPORTS; i++) {
        const id = `imp${i}`
        await writeFile(join(dir, `${id}.json`), JSON.stringify({ connections: await csvPair(id), syncs: [csvSync(id, `${id}-l`, `${id}-r`)] }))
        const r = await patchbay('import', join(dir, `${id}.json`))
        if (r.code !== 0) problems.push(`import ${id} (exit ${r.code}): ${r.stdout}${r.stderr}`)
        const p = await patchbay('pause', id)
        if (p.code !== 0) problems.push(`pause ${id} (exit ${p.code}): ${p.stdout}${p.stderr}`)
      }
    }

    // Settings changed in serve, as the settings page does: one field per call, each field several times.
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin']
    const settler = async () => {
      for (let i = 0; i < zones.length; i++) {
        await call('settings:update', { patch: { timeZone: zones[i] } })
        await call('settings:update', { patch: { notifications: i % 2 === 0 } })
        await call('settings:update', { patch: { startAtLogin: i % 2 === 1 } })
        await call('settings:update', { patch: { maxConcurrentRuns: i + 1 } })
        // serve also reads what the terminal is doing, as an open window would.
        await call('status:get')
        await call('runs:list', { limit: 50 })
      }
    }

    await Promise.all([...Array.from({ length: AT_ONCE }, (_, w) => worker(w)), importer(), settler()])
    expect(problems).toEqual([])
    expect(cliRuns).toHaveLength(CLI_RUNS)

    // serve's own runs happened meanwhile (every 5 seconds); wait for one more, so it also saved after the last terminal run.
    const before = (await call<Run[]>('runs:list', { syncId: 'w', limit: 500 })).length
    while ((await call<Run[]>('runs:list', { syncId: 'w', limit: 500 })).length <= before) await new Promise((r) => setTimeout(r, 250))

    // 0 lost runs: in the history serve shows, and in the file as a fresh process reads it.
    const seenByServe = new Set((await call<Run[]>('runs:list', { limit: 500 })).map((r) => r.id))
    const fresh = await RunHistory.open(runsPath(home))
    const onDisk = new Set(fresh.list().map((r) => r.id))
    expect(cliRuns.filter((id) => !seenByServe.has(id))).toEqual([])
    expect(cliRuns.filter((id) => !onDisk.has(id))).toEqual([])
    const serveRuns = fresh.list({ syncId: 'w' }).filter((r) => r.trigger !== 'cli' && !r.undoOf && r.status === 'ok')
    expect(serveRuns.length).toBeGreaterThan(1)
    expect(fresh.list().filter((r) => r.status === 'running')).toEqual([])

    // 0 lost syncs, 0 lost pauses, 0 lost settings: in serve and on disk.
    const expectedSyncs = ['w', 't0', 't1', 't2', ...Array.from({ length: IMPORTS }, (_, i) => `imp${i}`)].sort()
    const cards = await call<{ sync: Sync }[]>('status:get')
    expect(cards.map((c) => c.sync.id).sort()).toEqual(expectedSyncs)
    expect(cards.filter((c) => c.sync.id.startsWith('imp') && !c.sync.paused)).toEqual([])
    const lastSettings = { timeZone: zones.at(-1), notifications: false, startAtLogin: true, maxConcurrentRuns: zones.length }
    expect(await call('settings:get')).toMatchObject(lastSettings)
    const config = await ConfigStore.open(configPath(home))
    expect(config.listSyncs().map((s) => s.id).sort()).toEqual(expectedSyncs)
    expect(config.listConnections()).toHaveLength(expectedSyncs.length * 2)
    expect(config.getSettings()).toMatchObject(lastSettings)
    const status = await patchbay('status')
    expect(status.stdout.split('\n').slice(1).map((line) => line.split(' ')[0]).filter(Boolean).sort()).toEqual(expectedSyncs)

    // Every run can be undone: the first and the last terminal run, and one of serve's (its sync paused first, from the terminal).
    expect((await patchbay('pause', 'w')).code).toBe(0)
    for (const runId of [cliRuns[0], cliRuns.at(-1)!, serveRuns[0].id]) {
      let undo = await patchbay('undo', runId)
      // serve may be finishing a run of its sync that started before the pause: wait for it.
      while (/already running/.test(undo.stdout + undo.stderr)) undo = await patchbay('undo', runId)
      expect(undo.stdout + undo.stderr).not.toMatch(/There is no run/)
      expect([0, 2]).toContain(undo.code)
    }
    expect(serveOutput).not.toMatch(/This is a bug/)
  })
})
