/**
 * Issue 9, point 11: a data folder Patchbay cannot write to, or PATCHBAY_HOME naming a
 * file (or a path inside one), is the owner's setting to fix. `status`, `run` and `serve`,
 * as real processes, say what is wrong and what to do, exit non-zero, and never call it
 * "a bug in Patchbay" or print a stack trace.
 *
 * Read-only: tests run as root, for whom chmod 555 changes nothing, so the child runs as
 * `nobody` (uid/gid 65534) on a chmod 555 folder; the checkout and node_modules are
 * world-readable, so it can still load the code. Not root: the chmod alone is enough.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../e2e/helpers'

// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed.
const cli = join(ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
const asRoot = process.getuid?.() === 0
let dir = ''

beforeAll(async () => {
  // serve looks for the built page before anything else.
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) await ensureBuilt()
  dir = await mkdtemp(join(tmpdir(), 'patchbay-data-folder-'))
  // mkdtemp makes a 0700 folder; nobody must be able to reach the read-only folder inside.
  await chmod(dir, 0o755)
  await writeFile(join(dir, 'a-file'), 'not a folder\n')
  await mkdir(join(dir, 'read-only'))
  await chmod(join(dir, 'read-only'), 0o555)
  await mkdir(join(dir, 'logs-is-a-file'))
  await writeFile(join(dir, 'logs-is-a-file', 'logs'), 'not a folder\n')
})

/** Runs `patchbay ...args` with PATCHBAY_HOME=home until it exits (serve exits at once on a bad folder). */
function patchbay(home: string, args: string[], asNobody = false): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATCHBAY_HOME: home, NO_COLOR: '1' },
      ...(asNobody && asRoot ? { uid: 65534, gid: 65534 } : {})
    })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code, output }))
  })
}

function expectPlain(r: { code: number | null; output: string }, said: RegExp): void {
  expect(r.output).toMatch(said)
  expect(r.output).toMatch(/What to do: .*PATCHBAY_HOME/)
  expect(r.output).not.toMatch(/bug in Patchbay/i)
  expect(r.output).not.toMatch(/^\s+at /m)
  expect(r.code).not.toBe(0)
}

describe('a data folder Patchbay cannot use is told plainly', () => {
  for (const command of [['status'], ['run', 'orders'], ['serve', '--port', '0']]) {
    it(`${command[0]}: PATCHBAY_HOME is a file`, async () => {
      const home = join(dir, 'a-file')
      expectPlain(await patchbay(home, command), new RegExp(`data folder ${home} is a file, or inside a file, not a folder`))
    })

    it(`${command[0]}: PATCHBAY_HOME is inside a file`, async () => {
      const home = join(dir, 'a-file', 'patchbay')
      expectPlain(await patchbay(home, command), new RegExp(`data folder ${home} is a file, or inside a file, not a folder`))
    })

    it(`${command[0]}: a file where a folder inside the data folder goes`, async () => {
      const home = join(dir, 'logs-is-a-file')
      expectPlain(await patchbay(home, command), new RegExp(`needs a folder at ${join(home, 'logs')}, but a file is in the way`))
    })

    it(`${command[0]}: the data folder is read-only`, async () => {
      const home = join(dir, 'read-only')
      expectPlain(await patchbay(home, command, true), new RegExp(`cannot write to its data folder ${home}`))
    })
  }
})
