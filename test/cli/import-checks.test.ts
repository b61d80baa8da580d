/**
 * `patchbay import` refuses, with the field named, what would only fail at the first run,
 * and a refused file saves nothing: real processes, real files, the real keychain.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
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
let files: string

async function patchbay(home: string, ...args: string[]): Promise<CliResult> {
  return runPatchbay(home, args)
}

type Workspace = { connections: Record<string, unknown>[]; syncs: Record<string, unknown>[] }

function workspace(): Workspace {
  return {
    connections: [
      { id: 'form', system: 'csv', label: 'Web form export', settings: { file: join(files, 'form.csv'), keyColumn: 'email' } },
      { id: 'crm', system: 'csv', label: 'CRM', settings: { file: join(files, 'crm.csv'), keyColumn: 'id' } }
    ],
    syncs: [
      {
        id: 'form-to-crm',
        name: 'Web form → CRM',
        left: { connectionId: 'form', object: 'form' },
        right: { connectionId: 'crm', object: 'crm' },
        direction: 'left-to-right',
        trigger: { kind: 'schedule', cron: '0 12 * * *', timeZone: 'Europe/London' },
        mapping: [
          { name: 'email', left: 'email', right: 'email' },
          { name: 'name', left: 'name', right: 'name' }
        ],
        match: { field: 'email' }
      }
    ]
  }
}

/** Imports `ws` into a fresh data folder; returns what the command said and the folder. */
async function importInto(ws: Workspace, home?: string): Promise<{ code: number; stdout: string; stderr: string; home: string }> {
  const folder = home ?? (await mkdtemp(join(tmpdir(), 'patchbay-import-home-')))
  const file = join(files, `import-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, JSON.stringify(ws))
  return { ...(await patchbay(folder, 'import', file)), home: folder }
}

function editSync(edit: (s: Record<string, unknown>) => void): Workspace {
  const ws = workspace()
  edit(ws.syncs[0])
  return ws
}

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), 'patchbay-import-files-'))
  await writeFile(join(files, 'form.csv'), 'email,name\nann@x.com,Ann\n')
  await writeFile(join(files, 'crm.csv'), 'id,email,name\n1,ann@x.com,Ann\n')
})

describe('patchbay import refuses what would fail later, naming the field', () => {
  const cases: [string, () => Workspace, string[]][] = [
    [
      'a minute that does not exist',
      () => editSync((s) => (s.trigger = { kind: 'schedule', cron: '61 * * * *' })),
      ['syncs[0].trigger.cron: "61 * * * *" is not a valid schedule', 'minute 61 is out of range 0–59']
    ],
    [
      'a schedule in words',
      () => editSync((s) => (s.trigger = { kind: 'schedule', cron: 'every day at noon' })),
      ['syncs[0].trigger.cron: "every day at noon" is not a valid schedule']
    ],
    [
      'a time zone that does not exist',
      () => editSync((s) => (s.trigger = { kind: 'schedule', cron: '0 12 * * *', timeZone: 'Mars/Olympus_Mons' })),
      ['syncs[0].trigger.timeZone: "Mars/Olympus_Mons" is not a time zone']
    ],
    [
      'a system Patchbay has no connector for',
      () => {
        const ws = workspace()
        ws.connections[1] = { id: 'crm', system: 'netsuite', label: 'CRM' }
        return ws
      },
      ['connections[1].system: "netsuite" is not a system Patchbay can connect to']
    ],
    [
      'a CSV file given by a relative path',
      () => {
        const ws = workspace()
        ws.connections[0] = { ...ws.connections[0], settings: { file: 'form.csv', keyColumn: 'email' } }
        return ws
      },
      ['connections[0].settings.file: must be a full path', '"form.csv"']
    ],
    [
      'a match field that is not mapped',
      () => editSync((s) => (s.match = { field: 'phone' })),
      ['syncs[0].match.field: "phone" is not one of the sync\'s mapped fields']
    ],
    [
      'two syncs with the same id',
      () => {
        const ws = workspace()
        ws.syncs.push({ ...ws.syncs[0], name: 'Another' })
        return ws
      },
      ['syncs[1].id: "form-to-crm" is used by syncs[0] too']
    ],
    [
      'a mapped column the file lacks',
      () => editSync((s) => (s.mapping = [...(s.mapping as object[]), { name: 'nickname', left: 'name', right: 'nickname' }])),
      ['syncs[0].mapping[2].right: crm.csv has no "nickname" column']
    ]
  ]

  it.each(cases)('%s', async (_what, make, expected) => {
    const r = await importInto(make())
    expect(r.code).toBe(1)
    for (const text of expected) expect(r.stderr).toContain(text)
    expect(r.stderr).toContain('nothing was imported')
    expect(r.stdout).not.toContain('Imported')
    expect((await patchbay(r.home, 'status')).stdout).toMatch(/No syncs yet/)
  })

  it('imports the same file when nothing is wrong with it', async () => {
    const r = await importInto(workspace())
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('Imported 2 connection(s) and 1 sync(s)')
    expect(r.code).toBe(0)
  })
})

describe('an import is all or nothing', () => {
  it('a refused file saves no connection, not even the ones before the problem', async () => {
    const first = await importInto(workspace())
    expect(first.code).toBe(0)
    const before = await readFile(join(first.home, 'config.json'), 'utf8')
    const ws = workspace()
    ws.connections = [
      { id: 'shop', system: 'csv', label: 'Web shop', settings: { file: join(files, 'form.csv'), keyColumn: 'email' } },
      { ...ws.connections[1], label: 'CRM renamed' },
      { id: 'later', system: 'csv', label: 'Later', settings: { file: join(files, 'crm.csv'), apiKey: 'not-a-secret-place' } }
    ]
    const r = await importInto(ws, first.home)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('connections[2].settings.apiKey: looks like a secret')
    expect(await readFile(join(first.home, 'config.json'), 'utf8')).toBe(before)
  })

  it.runIf(process.env.PATCHBAY_KEYRING === '1')('a refused file puts no secret in the keychain', async () => {
    const account = `connection:imp-${Date.now().toString(36)}`
    const ws = workspace()
    ws.connections.unshift({ id: account.slice('connection:'.length), system: 'csv', label: 'With a key', authKind: 'api-key', settings: { file: join(files, 'form.csv') }, secrets: { token: 'pat-na1-refused-import' } })
    ws.syncs[0].trigger = { kind: 'schedule', cron: '61 * * * *' }
    const r = await importInto(ws)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('syncs[0].trigger.cron')
    // Neither under this data folder's label nor under the id alone.
    for (const where of [keychainAccount(r.home, account.slice('connection:'.length)), account]) {
      const lookup = await exec('secret-tool', ['lookup', 'service', 'Patchbay', 'account', where]).then(
        (x) => x.stdout,
        () => ''
      )
      expect(lookup).toBe('')
    }
    expect(await readFile(join(r.home, 'config.json'), 'utf8').catch(() => '')).not.toContain('With a key')
  })
})
