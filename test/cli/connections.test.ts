/**
 * What the CLI gained to match the app: pause and resume, the app's state words in
 * `status`, listing, testing, adding and reconnecting connections (a key tested before it
 * is kept, read from standard input, never from the arguments), and settling one field
 * across a sync's conflicts. Real processes, real files, real exit codes; key replacement
 * against the Mailchimp stand-in with the real keychain (scripts/with-keyring.sh).
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeEach, describe, expect, it, beforeAll } from 'vitest'
import { createKeytarStore } from '../../src/main/vault/keytar-store'
import { keychainScope } from '../../src/main/vault/folder-scope'
import { startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { ensureBuilt, ROOT as BUILT_ROOT } from '../e2e/helpers'
import { startTill } from '../connectors/described/stand-in'

const exec = promisify(execFile)
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed: a
// child starts in a fraction of the time tsx takes to compile the sources for every command.
const cli = join(BUILT_ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
let home: string
let files: string

/** Runs `patchbay …` with `input` on its standard input. */
async function patchbay(args: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const child = exec(process.execPath, [cli, ...args], { env: { ...process.env, PATCHBAY_HOME: home }, timeout: 60_000 })
    child.child.stdin!.end(input)
    const { stdout, stderr } = await child
    return { code: 0, stdout, stderr }
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string }
    return { code: err.code, stdout: err.stdout, stderr: err.stderr }
  }
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'patchbay-cli-conn-home-'))
  files = await mkdtemp(join(tmpdir(), 'patchbay-cli-conn-files-'))
  await writeFile(join(files, 'crm.csv'), 'id,email,name,phone\n1,ann@example.com,Ann,111\n2,bob@example.com,Bob,222\n')
  await writeFile(join(files, 'mail.csv'), 'id,email,name,phone\n')
  await writeFile(
    join(files, 'workspace.json'),
    JSON.stringify({
      connections: [
        { id: 'crm', system: 'csv', label: 'CRM', settings: { file: join(files, 'crm.csv'), keyColumn: 'id' } },
        { id: 'mail', system: 'csv', label: 'Mail', settings: { file: join(files, 'mail.csv'), keyColumn: 'id' } }
      ],
      syncs: [
        {
          id: 'contacts', name: 'Contacts', left: { connectionId: 'crm', object: 'crm' }, right: { connectionId: 'mail', object: 'mail' },
          mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }, { name: 'phone', left: 'phone', right: 'phone' }],
          match: { field: 'email' }
        }
      ]
    })
  )
  expect((await patchbay(['import', join(files, 'workspace.json')])).code).toBe(0)
})

describe('patchbay status, pause and resume', () => {
  it('says the state in the app’s words, and pauses and resumes a sync', async () => {
    expect((await patchbay(['run', 'contacts'])).code).toBe(0)
    expect((await patchbay(['status'])).stdout).toMatch(/contacts\s+Up to date\s/)
    const paused = await patchbay(['pause', 'contacts'])
    expect(paused).toMatchObject({ code: 0, stdout: expect.stringContaining('Paused Contacts') })
    expect((await patchbay(['status'])).stdout).toMatch(/contacts\s+Paused\s/)
    // Kept in config, so the app and `serve` on this data folder see it too.
    expect(JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).data.syncs[0]).toMatchObject({ paused: true })
    expect((await patchbay(['resume', 'contacts'])).stdout).toContain('Resumed Contacts')
    expect((await patchbay(['status'])).stdout).toMatch(/contacts\s+Up to date\s/)
    expect(await patchbay(['pause', 'nope'])).toMatchObject({ code: 1, stderr: expect.stringContaining('There is no sync called "nope"') })
  })
})

describe('patchbay connections, test, connect and reconnect', () => {
  it('lists connections in the app’s words; a failed test shows until the connection works again', async () => {
    expect((await patchbay(['connections'])).stdout).toMatch(/crm\s+CSV file\s+Connected\s/)
    await rm(join(files, 'mail.csv'))
    const test = await patchbay(['test', 'mail'])
    expect(test).toMatchObject({ code: 1, stdout: expect.stringMatching(/✕ Mail: Cannot find .*mail\.csv/) })
    const list = (await patchbay(['connections'])).stdout
    expect(list).toMatch(/mail\s+CSV file\s+Not answering\s/)
    expect(list).toMatch(/mail: The last test of “Mail” failed/)
    await writeFile(join(files, 'mail.csv'), 'id,email,name,phone\n')
    expect((await patchbay(['reconnect', 'mail'])).stdout).toMatch(/✓ Mail is connected/)
    expect((await patchbay(['connections'])).stdout).toMatch(/mail\s+CSV file\s+Connected\s/)
  })

  it('adds a CSV connection only if its file reads', async () => {
    const missing = await patchbay(['connect', 'csv', '--name', 'Orders', '--set', `file=${join(files, 'orders.csv')}`, '--set', 'keyColumn=id'])
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/Orders did not connect: Cannot find .*orders\.csv\nWhat to do: Nothing was saved/) })
    expect((await patchbay(['connections'])).stdout).not.toContain('orders')
    await writeFile(join(files, 'orders.csv'), 'id,total\n1,9.50\n')
    const added = await patchbay(['connect', 'csv', '--name', 'Orders', '--set', `file=${join(files, 'orders.csv')}`, '--set', 'keyColumn=id'])
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('✓ Orders is connected as "orders"') })
  })
  it('says how it read an old till\'s export, and names a wrong encoding setting', async () => {
    const file = join(files, 'kunden.csv')
    await writeFile(file, iconv.encode('Kundennr;Name\r\nK1;Zoë Müller\r\nK2;Renée Œuvre\r\n', 'windows-1252'))
    const added = await patchbay(['connect', 'csv', '--name', 'Till', '--set', `file=${file}`, '--set', 'keyColumn=Kundennr'])
    expect(added, added.stderr).toMatchObject({ code: 0 })
    const test = await patchbay(['test', 'till'])
    expect(test.stdout).toBe(
      '✓ Till: Found kunden.csv (2 rows; Windows-1252 (Western European), semicolons, Windows line breaks). Patchbay worked out how each file is saved; if that is wrong, set the connection\'s "encoding" or "delimiter" setting.\n'
    )
    const wrong = await patchbay(['reconnect', 'till', '--set', 'encoding=latin-9x'])
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('Patchbay does not know the encoding "latin-9x": use "auto", "utf-8"') })
  })

  it('connects an Excel workbook, on the sheet and header row given', async () => {
    const book = new ExcelJS.Workbook()
    book.addWorksheet('Notes').getCell('A1').value = 'read me'
    const people = book.addWorksheet('People')
    people.addRow(['Staff list'])
    people.addRow(['id', 'name'])
    people.addRow([1, 'Zoë'])
    await book.xlsx.writeFile(join(files, 'staff.xlsx'))
    const added = await patchbay(['connect', 'csv', '--name', 'Staff', '--set', `file=${join(files, 'staff.xlsx')}`, '--set', 'sheet=People', '--set', 'headerRow=2'])
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining('Found staff.xlsx (sheet "People", column names on row 2, 1 row).') })
  })
})

describe('patchbay settle', () => {
  it("keeps one side's value of a field across every waiting conflict of a sync", async () => {
    await patchbay(['run', 'contacts'])
    const rows = (await readFile(join(files, 'mail.csv'), 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','))
    const rid = (email: string) => rows.find((r) => r.includes(email))![0]
    await writeFile(join(files, 'crm.csv'), 'id,email,name,phone\n1,ann@example.com,Ann,112\n2,bob@example.com,Bob,223\n')
    await writeFile(join(files, 'mail.csv'), `id,email,name,phone\n${rid('ann@example.com')},ann@example.com,Ann,113\n${rid('bob@example.com')},bob@example.com,Bob,224\n`)
    await patchbay(['run', 'contacts'])
    expect((await patchbay(['status'])).stdout).toMatch(/contacts\s+Conflicts waiting\s/)
    expect(await patchbay(['settle', 'contacts', 'phone'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--left or --right') })
    const settled = await patchbay(['settle', 'contacts', 'phone', '--right'])
    expect(settled).toMatchObject({ code: 0, stdout: expect.stringContaining('Settled phone in 2 conflict(s) of Contacts, keeping the right value') })
    await patchbay(['run', 'contacts'])
    expect(await readFile(join(files, 'crm.csv'), 'utf8')).toContain('bob@example.com,Bob,224')
    expect((await patchbay(['status'])).stdout).toMatch(/contacts\s+Up to date\s/)
  })
})

describe.runIf(process.env.PATCHBAY_KEYRING === '1')('patchbay connect and reconnect with a key, in the real keychain', () => {
  let fake: MailchimpFake | undefined
  afterAll(async () => fake?.close())

  it('reads the key from standard input, tests it first, and replaces it only with one that works', async () => {
    const second = 'fedcba9876543210fedcba9876543210-us21'
    fake = await startMailchimpFake({ apiKeys: ['0123456789abcdef0123456789abcdef-us21', second] })
    const label = `News ${process.pid}`
    const id = `news-${process.pid}`
    const set = ['--set', `listId=${fake.listId}`, '--set', `baseUrl=${fake.baseUrl}`]
    const noDc = await patchbay(['connect', 'mailchimp', '--name', label, ...set.slice(0, 2)], '0123456789abcdef0123456789abcdef\n')
    expect(noDc).toMatchObject({ code: 1, stderr: expect.stringMatching(/did not connect: .*data centre/) })
    const added = await patchbay(['connect', 'mailchimp', '--name', label, ...set], `${fake.apiKey}\n`)
    expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`is connected as "${id}"`) })
    expect(added.stdout + added.stderr).not.toContain(fake.apiKey)

    const wrong = await patchbay(['reconnect', id], 'ffffffffffffffffffffffffffffffff-us21\n')
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('The old key is still in use') })
    expect((await patchbay(['test', id])).stdout).toMatch(/^✓ /)

    expect((await patchbay(['reconnect', id], `${second}\n`)).code).toBe(0)
    // The keychain holds the new key now, and nothing else on disk does.
    const vault = createKeytarStore({ scope: await keychainScope(home) })
    expect((await vault.get(id))?.apiKey).toBe(second)
    expect((await patchbay(['test', id])).stdout).toMatch(/^✓ /)
    expect(await readFile(join(home, 'config.json'), 'utf8')).not.toContain(second)
    await vault.remove(id)
  })

  it('asks a described web API for the key its description names, and keeps it in the keychain only', async () => {
    const till = await startTill([{ email: 'ann@example.com', first: 'Ann', last: 'Lee' }])
    const id = `till-${process.pid}`
    try {
      const description = join(files, 'till-api.json')
      const contacts = { key: 'id', fields: { email: 'email' }, list: { path: '/contacts', items: 'data' } }
      await writeFile(description, JSON.stringify({ name: 'Till', baseUrl: till.url, auth: { kind: 'api-key', header: 'X-Api-Key', secret: 'tillKey' }, objects: { contacts } }))
      const added = await patchbay(['connect', 'described-api', '--name', id, '--set', `description=${description}`], `${till.key}\n`)
      expect(added, added.stderr).toMatchObject({ code: 0, stdout: expect.stringContaining(`is connected as "${id}". Connected to Till; 1 contacts on the first page`) })
      const vault = createKeytarStore({ scope: await keychainScope(home) })
      expect(await vault.get(id)).toEqual({ tillKey: till.key })
      expect(await readFile(join(home, 'config.json'), 'utf8')).not.toContain(till.key)
      await vault.remove(id)
    } finally {
      await till.close()
    }
  })
})
