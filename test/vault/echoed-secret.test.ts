/**
 * A vendor that repeats our key in its error body (`invalid token Bearer …`) must not
 * get it into anything Patchbay stores or returns. The HubSpot stand-in echoes the
 * Authorization header and the bare token, first as refused records (Failures), then as
 * a 401 (the run's error); the token has no recognisable shape, so only scrubbing by
 * value can catch it. Then the whole data folder (backups included), every CLI output
 * and the status / run / failures call answers are searched for it: zero hits.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it, beforeAll } from 'vitest'
import { openApp } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { startFakeHubspot, type FakeHubspot } from '../../src/main/stand-ins/hubspot'
import { seedMembers, startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'
import { describeKeychain } from './keyring-guard'
import { ensureBuilt, ROOT as BUILT_ROOT } from '../e2e/helpers'

const exec = promisify(execFile)
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed: a
// child starts in a fraction of the time tsx takes to compile the sources for every command.
const cli = join(BUILT_ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)
// No pattern knows this shape: it is scrubbed only because the keychain handed it over.
const TOKEN = 'crm7f3a9c2e51b44d0e9a772c6b8e1f0d93'
const MAILCHIMP_KEY = '0d93f86d081884c7d659a2feaa0c55ad-us21'
let hubspot: FakeHubspot | undefined
let mailchimp: MailchimpFake | undefined
let home: string | undefined
afterAll(async () => {
  await hubspot?.close()
  await mailchimp?.close()
  if (home) await rm(home, { recursive: true, force: true })
})

describeKeychain('a secret a vendor echoes back', () => {
  it('is in no file of the data folder, no CLI output and no call answer', async () => {
    hubspot = await startFakeHubspot({ token: TOKEN, limits: false })
    mailchimp = await startMailchimpFake({ apiKeys: [MAILCHIMP_KEY] })
    seedMembers(mailchimp.store, mailchimp.store.audience(mailchimp.listId), { count: 6 })
    home = await mkdtemp(join(tmpdir(), 'patchbay-echo-'))
    const dataHome = home
    const output: string[] = []
    const patchbay = async (...args: string[]) => {
      try {
        const r = await exec(process.execPath, [cli, ...args], { env: { ...process.env, PATCHBAY_HOME: dataHome, PATCHBAY_LOG_LEVEL: 'debug' }, timeout: 120_000 })
        output.push(r.stdout, r.stderr)
      } catch (e) {
        const err = e as { stdout: string; stderr: string }
        output.push(err.stdout, err.stderr)
      }
    }
    const workspace = {
      connections: [
        { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'api-key', settings: { baseUrl: hubspot.url, searchLagMs: 0 }, secrets: { accessToken: TOKEN } },
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
    const file = join(home, 'workspace.json')
    await writeFile(file, JSON.stringify(workspace))
    await patchbay('import', file)
    await rm(file)

    // Creating Mailchimp's members in HubSpot is refused with the echo: they go to Failures.
    hubspot.faults.set({ only: /\/batch\// })
    hubspot.faults.next('echo-record', 20)
    await patchbay('run', 'crm-news')
    expect(hubspot.faults.injected['echo-record']).toBeGreaterThan(0)
    await patchbay('failures')
    // Then HubSpot answers 401 with the echo: the run fails with it as its error.
    hubspot.faults.clear()
    hubspot.faults.next('echo-auth', 1)
    await patchbay('run', 'crm-news')
    expect(hubspot.faults.injected['echo-auth']).toBe(1)
    await patchbay('status')
    await patchbay('failures')
    await patchbay('logs', '--limit', '1000', '--level', 'debug')

    // The calls the UI makes, answered by a fresh process reading the data folder (and one more
    // echoing run in it, so the answer of a run call is checked too).
    const app = await openApp({ home, logLevel: 'error' })
    const answers: unknown[] = []
    try {
      const handlers = makeHandlers(app)
      const runs = (await handle(handlers, 'runs:list', { syncId: 'crm-news', limit: 50 })) as { id: string }[]
      answers.push(runs, await handle(handlers, 'status:get', {}), await handle(handlers, 'failures:list', {}))
      for (const r of runs) answers.push(await handle(handlers, 'run:get', { runId: r.id }))
      hubspot.faults.next('echo-auth', 1)
      const events: unknown[] = []
      app.service.on('run-finished', (run) => events.push(run))
      answers.push(await handle(handlers, 'sync:run', { syncId: 'crm-news' }), events)
      expect(events.length).toBe(1)
    } finally {
      await app.close()
    }

    // The echo did reach Patchbay, and was kept as a scrubbed message.
    const history = await readFile(join(home, 'runs.json'), 'utf8')
    expect(history).toMatch(/invalid token/)
    expect(history).toContain('[redacted]')
    const failures = JSON.stringify(answers)
    expect(failures).toMatch(/invalid token/)

    const root = home as string
    const forms = [TOKEN, Buffer.from(TOKEN).toString('base64'), MAILCHIMP_KEY]
    const leaks: string[] = []
    const scan = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) await scan(p)
        else {
          const text = await readFile(p, 'utf8')
          for (const s of forms) if (text.includes(s)) leaks.push(`${p.slice(root.length)}: ${s.slice(0, 6)}…`)
        }
      }
    }
    await scan(root)
    const printed = output.join('\n')
    expect(printed).toMatch(/invalid token/)
    for (const s of forms) if (printed.includes(s)) leaks.push(`CLI output: ${s.slice(0, 6)}…`)
    for (const s of forms) if (JSON.stringify(answers).includes(s)) leaks.push(`call answers: ${s.slice(0, 6)}…`)
    expect(leaks).toEqual([])
  }, 240_000)
})
