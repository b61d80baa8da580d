/**
 * Secrets live only in the keychain. Known tokens are given to Patchbay, syncs run against
 * the HubSpot and Mailchimp fakes (with debug logging, and a token that expires mid-way),
 * and then every file in the data folder and everything the CLI printed is searched for
 * them: zero hits.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it, beforeAll } from 'vitest'
import { seedContacts, startFakeHubspot, type FakeHubspot } from '../../src/main/stand-ins/hubspot'
import { seedMembers, startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { ensureBuilt, ROOT as BUILT_ROOT } from '../e2e/helpers'

const exec = promisify(execFile)
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed: a
// child starts in a fraction of the time tsx takes to compile the sources for every command.
const cli = join(BUILT_ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
const HUBSPOT_TOKEN = 'pat-eu1-7f3a9c2e-51b4-4d0e-9a77-2c6b8e1f0d93'
const MAILCHIMP_KEY = '9f86d081884c7d659a2feaa0c55ad015-us21'
let hubspot: FakeHubspot | undefined
let mailchimp: MailchimpFake | undefined
afterAll(async () => {
  await hubspot?.close()
  await mailchimp?.close()
})

describe.runIf(process.env.PATCHBAY_KEYRING === '1')('secrets given to Patchbay', () => {
  it('never appear in the data folder, the logs or the CLI output', async () => {
    hubspot = await startFakeHubspot({ token: HUBSPOT_TOKEN, limits: false })
    seedContacts(hubspot.store, 40)
    mailchimp = await startMailchimpFake({ apiKeys: [MAILCHIMP_KEY] })
    seedMembers(mailchimp.store, mailchimp.store.audience(mailchimp.listId), { count: 20 })
    const home = await mkdtemp(join(tmpdir(), 'patchbay-noleak-'))
    const output: string[] = []
    const patchbay = async (...args: string[]) => {
      try {
        const r = await exec(process.execPath, [cli, ...args], { env: { ...process.env, PATCHBAY_HOME: home, PATCHBAY_LOG_LEVEL: 'debug' }, timeout: 120_000 })
        output.push(r.stdout, r.stderr)
      } catch (e) {
        const err = e as { stdout: string; stderr: string }
        output.push(err.stdout, err.stderr)
      }
    }
    const workspace = {
      connections: [
        { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', settings: { baseUrl: hubspot.url, searchLagMs: 0 }, secrets: { accessToken: HUBSPOT_TOKEN } },
        { id: 'news', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { baseUrl: mailchimp.baseUrl, listId: mailchimp.listId }, secrets: { apiKey: MAILCHIMP_KEY } }
      ],
      syncs: [{
        id: 'crm-news', name: 'HubSpot ⇄ Mailchimp', left: { connectionId: 'crm', object: 'contacts' }, right: { connectionId: 'news', object: 'members' },
        mapping: [
          { name: 'email', left: 'email', right: 'email_address', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
          { name: 'first', left: 'firstname', right: 'FNAME' },
          { name: 'last', left: 'lastname', right: 'LNAME' }
        ],
        match: { field: 'email' }, conflictPolicy: 'prefer-left'
      }]
    }
    const file = join(home, '..', `noleak-${Date.now()}.json`)
    await writeFile(file, JSON.stringify(workspace))
    await patchbay('import', file)
    await patchbay('run', 'crm-news')
    await patchbay('run', 'crm-news', '--dry-run')
    // The token is revoked: the run fails with AuthError, and says so without quoting it.
    hubspot.rotateToken()
    await patchbay('run', 'crm-news')
    await patchbay('status')
    await patchbay('logs', '--limit', '1000', '--level', 'debug')
    await patchbay('failures')

    const runs = JSON.parse(await readFile(join(home, 'runs.json'), 'utf8')).data.runs as { status: string; dryRun: boolean; error?: { code: string } }[]
    expect(runs.filter((r) => !r.dryRun).map((r) => r.status)).toEqual(['ok', 'failed'])
    expect(runs.at(-1)!.error!.code).toBe('AUTH')
    const config = JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).data
    expect(config.connections.find((c: { id: string }) => c.id === 'crm').status).toBe('needs-reconnect')
    const all = output.join('\n')
    expect(all).toContain('HubSpot ⇄ Mailchimp')
    const logs = (await readdir(join(home, 'logs'))).length
    expect(logs).toBeGreaterThan(0)
    const leaks: string[] = []
    const scan = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) await scan(p)
        else {
          const text = await readFile(p, 'utf8')
          for (const s of [HUBSPOT_TOKEN, MAILCHIMP_KEY, MAILCHIMP_KEY.split('-')[0], Buffer.from(`anystring:${MAILCHIMP_KEY}`).toString('base64')]) if (text.includes(s)) leaks.push(`${p}: ${s.slice(0, 8)}…`)
        }
      }
    }
    await scan(home)
    for (const s of [HUBSPOT_TOKEN, MAILCHIMP_KEY, MAILCHIMP_KEY.split('-')[0]]) if (all.includes(s)) leaks.push(`CLI output: ${s.slice(0, 8)}…`)
    expect(leaks).toEqual([])
    // And the debug log did record the traffic, so the scan looked at something real.
    const log = await readFile(join(home, 'logs', 'patchbay.ndjson'), 'utf8')
    expect(log).toMatch(/"event":"http"/)
    expect(log).toMatch(/Authorization|authorization|401|reconnect/i)
  })
})
