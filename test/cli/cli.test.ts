/** The `patchbay` command as a person uses it: real processes, real files, real exit codes. */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { keychainAccount } from '../support/keychain'
import { ensureBuilt } from '../e2e/helpers'
import { runPatchbay, type CliResult } from '../support/patchbay-cli'

const exec = promisify(execFile)
// The built command, rebuilt first if the sources changed (a child starts far faster than through tsx).
beforeAll(ensureBuilt, 300_000)
let home: string
let files: string

async function patchbay(...args: string[]): Promise<CliResult> {
  return runPatchbay(home, args)
}

const workspace = (over: object = {}) => ({
  connections: [
    { id: 'form', system: 'csv', label: 'Web form export', settings: { file: join(files, 'form.csv'), keyColumn: 'email' } },
    { id: 'crm', system: 'csv', label: 'CRM', settings: { file: join(files, 'crm.csv'), keyColumn: 'id' } }
  ],
  syncs: [
    {
      id: 'form-to-crm', name: 'Web form → CRM', left: { connectionId: 'form', object: 'form' }, right: { connectionId: 'crm', object: 'crm' },
      direction: 'left-to-right',
      mapping: [
        { name: 'email', left: 'email', right: 'email', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
        { name: 'name', left: 'name', right: 'name' }
      ],
      match: { field: 'email' }
    }
  ],
  ...over
})

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'patchbay-cli-home-'))
  files = await mkdtemp(join(tmpdir(), 'patchbay-cli-files-'))
  await writeFile(join(files, 'form.csv'), 'email,name\nann@x.com,Ann\nbob@x.com,Bob\n,No Email\n"broken,quote\n')
  await writeFile(join(files, 'crm.csv'), 'id,email,name\n1,ANN@x.com,Ann Old\n')
})

describe('patchbay import', () => {
  it('refuses a settings file with every bad field named, and changes nothing', async () => {
    const bad = workspace({ syncs: [{ ...workspace().syncs[0], conflictPolicy: 'coin-toss', mapping: [], trigger: { kind: 'schedule' } }] })
    await writeFile(join(files, 'bad.json'), JSON.stringify(bad))
    const r = await patchbay('import', join(files, 'bad.json'))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/syncs\[0\]\.conflictPolicy/)
    expect(r.stderr).toMatch(/syncs\[0\]\.mapping/)
    expect(r.stderr).toMatch(/syncs\[0\]\.trigger\.cron/)
    expect((await patchbay('status')).stdout).toMatch(/No syncs yet/)
  })

  it('refuses a file that is not JSON or YAML, naming the file', async () => {
    await writeFile(join(files, 'garbage.yaml'), 'syncs: [unclosed\n  - : :')
    const r = await patchbay('import', join(files, 'garbage.yaml'))
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('garbage.yaml is not valid YAML')
  })

  it('imports a valid workspace', async () => {
    await writeFile(join(files, 'ok.json'), JSON.stringify(workspace()))
    const r = await patchbay('import', join(files, 'ok.json'))
    expect(r.stdout).toContain('Imported 2 connection(s) and 1 sync(s)')
    expect(r.code).toBe(0)
  })
})

describe('patchbay run, status, failures, logs, undo', () => {
  it('a dry run lists the plan and writes nothing', async () => {
    const before = await readFile(join(files, 'crm.csv'), 'utf8')
    const r = await patchbay('run', 'form-to-crm', '--dry-run')
    expect(r.stdout).toContain('nothing was written')
    // Its counts say what it would do, not "created 0" beside a list of creates.
    expect(r.stdout).toMatch(/would create 1 · would update 1 · would delete 0/)
    expect(r.stdout).not.toMatch(/created 0/)
    expect(r.stdout).toMatch(/right\s+create\s+bob@x.com/)
    expect(r.stdout).toMatch(/right\s+update\s+ann@x.com\s+name: Ann Old → Ann/)
    expect(await readFile(join(files, 'crm.csv'), 'utf8')).toBe(before)
  })

  it('a run with bad rows writes the good ones, reports the bad ones and exits 2', async () => {
    const r = await patchbay('run', 'form-to-crm')
    expect(r.code).toBe(2)
    expect(r.stdout).toMatch(/partial/)
    expect(r.stderr).toMatch(/reading left/)
    const crm = await readFile(join(files, 'crm.csv'), 'utf8')
    expect(crm).toContain('bob@x.com,Bob')
    expect(crm).toContain('ANN@x.com,Ann\n')
    const f = await patchbay('failures')
    expect(f.stdout).toMatch(/line 5/)
    const s = await patchbay('status')
    expect(s.stdout).toMatch(/form-to-crm\s+Some records failed/)
  })

  it('logs can be filtered by level and text', async () => {
    const warn = await patchbay('logs', '--level', 'warn')
    expect(warn.stdout).toMatch(/WARN/)
    expect(warn.stdout).not.toMatch(/INFO/)
    const bob = await patchbay('logs', '--text', 'bob@x.com')
    expect(bob.stdout).toMatch(/create bob@x.com/)
  })

  it('undo puts the CRM back as it was before the run', async () => {
    const runs = JSON.parse(await readFile(join(home, 'runs.json'), 'utf8')).data.runs as { id: string; dryRun: boolean }[]
    const last = runs.filter((r) => !r.dryRun).at(-1)!
    const r = await patchbay('undo', last.id)
    expect(r.stdout).toMatch(/2 records put back/)
    const crm = await readFile(join(files, 'crm.csv'), 'utf8')
    expect(crm).not.toContain('bob@x.com')
    expect(crm).toContain('ANN@x.com,Ann Old')
  })

  it('an unknown sync is a clear error with what to do', async () => {
    const r = await patchbay('run', 'nope')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('There is no sync called "nope"')
    expect(r.stderr).toContain('patchbay status')
  })
})

describe('secrets', () => {
  it.runIf(process.env.PATCHBAY_KEYRING === '1')('go to the keychain only: never into the data folder or the logs', async () => {
    const secret = 'pat-na1-5ecret-0000-1111-2222-333344445555'
    const ws = workspace()
    const withSecret = { ...ws, connections: [...ws.connections.map((c) => (c.id === 'crm' ? { ...c, authKind: 'api-key', secrets: { token: secret } } : c))] }
    await writeFile(join(files, 'secret.json'), JSON.stringify(withSecret))
    expect((await patchbay('import', join(files, 'secret.json'))).code).toBe(0)
    await writeFile(join(files, 'form.csv'), 'email,name\ncat@x.com,Cat\n')
    await patchbay('run', 'form-to-crm')
    await patchbay('logs', '--limit', '500')
    const hits: string[] = []
    const scan = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) await scan(p)
        else if ((await readFile(p)).includes(secret)) hits.push(p)
      }
    }
    await scan(home)
    expect(hits).toEqual([])
    const { stdout } = await exec('secret-tool', ['lookup', 'service', 'Patchbay', 'account', keychainAccount(home, 'crm')])
    expect(stdout).toContain(secret)
  })
})
