/**
 * The one sign-in flow for keys and files: a connection is tested before it is kept, a
 * replaced key is kept only once it works, and a connection whose last test failed never
 * shows as connected.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import type { CallResults } from '../../src/shared/contract'
import { startMailchimpFake, type MailchimpFake } from '../../src/main/stand-ins/mailchimp'

let app: App | undefined
let fake: MailchimpFake | undefined
afterEach(async () => {
  await app?.close()
  await fake?.close()
  app = fake = undefined
})

async function setup() {
  const secrets = createMemoryStore()
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-sign-in-'))
  app = await openApp({ home: join(dir, 'home'), secrets, logLevel: 'error' })
  const h = makeHandlers(app)
  const call = <C extends keyof CallResults>(channel: C, payload: unknown) => handle(h, channel, payload) as Promise<CallResults[C]>
  return { app, dir, secrets, call }
}

describe('signing in with a key or a file', () => {
  it('refuses a missing CSV file and a Mailchimp key without a data centre, and keeps nothing', async () => {
    const { app, dir, secrets, call } = await setup()
    await expect(call('connection:sign-in-start', { system: 'csv', label: 'Customers', settings: { file: join(dir, 'missing.csv'), keyColumn: 'id' } })).rejects.toMatchObject({
      message: expect.stringMatching(/Customers did not connect: Cannot find .*missing\.csv/),
      meta: { hint: expect.stringMatching(/Nothing was saved/) }
    })
    await expect(call('connection:sign-in-start', { system: 'mailchimp', label: 'Newsletter', secrets: { apiKey: '0123456789abcdef0123456789abcdef' }, settings: { listId: 'a1b2c3d4e5' } })).rejects.toThrow(
      /Newsletter did not connect: .*data centre/
    )
    // The older call refuses the same way: there is no way to keep an untested connection.
    await expect(call('connection:add', { system: 'mailchimp', label: 'Newsletter', secrets: { apiKey: 'nodc' } })).rejects.toThrow(/did not connect/)
    expect(app.service.connectionList()).toEqual([])
    expect(await secrets.get('newsletter')).toBeNull()
  })

  it('keeps a CSV file that reads, with its test result, and shows it connected', async () => {
    const { dir, call } = await setup()
    const file = join(dir, 'customers.csv')
    await writeFile(file, 'id,email\n1,a@example.com\n')
    const r = await call('connection:sign-in-start', { system: 'csv', label: 'Customers', settings: { file, keyColumn: 'id' } })
    expect(r).toMatchObject({ step: 'done', connectionId: 'customers', test: { ok: true }, connection: { lastTest: { ok: true } } })
    const [card] = await call('connections:list', {})
    expect(card).toMatchObject({ state: 'ok' })
  })

  it('a connection whose last test failed is not shown as connected until a test passes again', async () => {
    const { dir, call } = await setup()
    const file = join(dir, 'customers.csv')
    await writeFile(file, 'id,email\n1,a@example.com\n')
    await call('connection:sign-in-start', { system: 'csv', label: 'Customers', settings: { file, keyColumn: 'id' } })
    await rm(file) // the export was moved away
    expect(await call('connection:test', { id: 'customers' })).toMatchObject({ ok: false })
    const [failing] = await call('connections:list', {})
    expect(failing.state).toBe('failing')
    expect(failing.summary).toMatch(/The last test of “Customers” failed: .*customers\.csv.*test it again/)
    expect(failing.connection.lastTest).toMatchObject({ ok: false })
    await writeFile(file, 'id,email\n1,a@example.com\n')
    expect(await call('connection:test', { id: 'customers' })).toMatchObject({ ok: true })
    expect((await call('connections:list', {}))[0].state).toBe('ok')
  })

  it('replaces a Mailchimp key only once the new one works; the old one stays otherwise', async () => {
    const { app, secrets, call } = await setup()
    fake = await startMailchimpFake()
    const settings = { listId: fake.listId, baseUrl: fake.baseUrl }
    const added = await call('connection:sign-in-start', { system: 'mailchimp', label: 'Newsletter', secrets: { apiKey: fake.apiKey }, settings })
    expect(added).toMatchObject({ step: 'done', test: { ok: true } })
    await expect(call('connection:sign-in-start', { connectionId: 'newsletter', secrets: { apiKey: 'ffffffffffffffffffffffffffffffff-us21' } })).rejects.toMatchObject({
      message: expect.stringMatching(/Newsletter did not connect: Mailchimp did not accept/),
      meta: { hint: expect.stringMatching(/old key is still in use/) }
    })
    expect((await secrets.get('newsletter'))?.apiKey).toBe(fake.apiKey)
    expect(app.service.connectionInfo('newsletter').settings).toMatchObject(settings)
  })
})
