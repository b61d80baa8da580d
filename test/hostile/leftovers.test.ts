/**
 * Issue 9, point 11: a killed run leaves a whole copy of the owner's data beside their CSV
 * (`.<name>.csv.<pid>.<hex>.tmp`). The next run removes it and says so in the log, but
 * never a copy whose writer is still alive (another Patchbay may be writing right now).
 */
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, it, beforeAll } from 'vitest'
import { ensureBuilt } from '../e2e/helpers'

const exec = promisify(execFile)
const ROOT = join(import.meta.dirname, '..', '..')
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed.
const cli = join(ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
const killedWriter = join(import.meta.dirname, 'fixtures', 'killed-writer.ts')

it('a run removes the temp copies a killed run left beside the CSV, keeps a live writer’s, and logs what it removed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-leftovers-'))
  const home = join(dir, 'home')
  const env = { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' }
  await writeFile(join(dir, 'a.csv'), 'id,email,name\n1,ann@x.com,Ann\n')
  await writeFile(join(dir, 'b.csv'), 'email,name\n')
  await writeFile(join(dir, 'ws.json'), JSON.stringify({
    connections: [
      { id: 'a', system: 'csv', label: 'A', settings: { file: join(dir, 'a.csv') } },
      { id: 'b', system: 'csv', label: 'B', settings: { file: join(dir, 'b.csv'), keyColumn: 'email' } }
    ],
    syncs: [{ id: 'ab', name: 'A to B', left: { connectionId: 'a', object: 'a' }, right: { connectionId: 'b', object: 'b' }, mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }], match: { field: 'email' } }]
  }))
  await exec(process.execPath, [cli, 'import', join(dir, 'ws.json')], { cwd: ROOT, env })

  // A real writer, killed between its temp file and the rename.
  const killed = await new Promise<NodeJS.Signals | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', killedWriter, join(dir, 'b.csv'), 'email,name\nsecret@x.com,Customer data\n'], { cwd: ROOT, stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', (_code, signal) => resolve(signal))
  })
  expect(killed).toBe('SIGKILL')
  const left = (await readdir(dir)).filter((n) => n.startsWith('.b.csv.') && n.endsWith('.tmp'))
  expect(left).toHaveLength(1)
  expect(await readFile(join(dir, left[0]!), 'utf8')).toContain('secret@x.com')

  // A writer that is alive right now: its temp file must stay.
  const alive = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' })
  try {
    const live = `.b.csv.${alive.pid}.0123abcd.tmp`
    await writeFile(join(dir, live), 'email,name\n')

    const { stdout } = await exec(process.execPath, [cli, 'run', 'ab'], { cwd: ROOT, env })
    expect(stdout).toMatch(/created 1/)
    const after = (await readdir(dir)).filter((n) => n.endsWith('.tmp'))
    expect(after).toEqual([live])

    const logs = await readdir(join(home, 'logs'))
    const text = (await Promise.all(logs.map((f) => readFile(join(home, 'logs', f), 'utf8')))).join('')
    const line = text.split('\n').find((l) => l.includes(left[0]!))
    expect(line).toBeDefined()
    expect(JSON.parse(line!)).toMatchObject({ level: 30, msg: expect.stringContaining('Removed 1 unfinished copy of b.csv') })
  } finally {
    alive.kill('SIGKILL')
  }
})

it('opening the data folder removes the half-saved documents of a dead Patchbay, keeps a live one’s, and logs what it removed', async () => {
  const home = await mkdtemp(join(tmpdir(), 'patchbay-leftovers-home-'))
  const env = { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' }
  await exec(process.execPath, [cli, 'status'], { cwd: ROOT, env })
  // A process that has exited: its id is what a killed writer's temp file carries.
  const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => dead.once('exit', resolve))
  const alive = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' })
  try {
    // Named exactly as store/atomic-file.ts names its temp files.
    const stale = [`.config.json.${dead.pid}.0badc0de.tmp`, `.runs.json.${dead.pid}.00c0ffee.tmp`]
    const live = `.config.json.${alive.pid}.0123abcd.tmp`
    for (const name of [...stale, live]) await writeFile(join(home, name), '{"half":')
    await exec(process.execPath, [cli, 'status'], { cwd: ROOT, env })
    expect((await readdir(home)).filter((n) => n.endsWith('.tmp'))).toEqual([live])
    const logs = await readdir(join(home, 'logs'))
    const lines = (await Promise.all(logs.map((f) => readFile(join(home, 'logs', f), 'utf8')))).join('').split('\n').filter((l) => l.includes('unfinished save'))
    expect(lines.map((l) => JSON.parse(l) as { level: number; msg: string })).toEqual(
      expect.arrayContaining(stale.map((name) => expect.objectContaining({ level: 30, msg: expect.stringContaining(join(home, name)) })))
    )
  } finally {
    alive.kill('SIGKILL')
  }
})
