import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { csvConnector } from '../../../src/main/connectors/csv'
import { createMailchimpConnector } from '../../../src/main/connectors/mailchimp'
import { readMailchimpSettings } from '../../../src/main/connectors/mailchimp/settings'
import { connectionSchema } from '../../../src/shared/domain'
import { PatchbayService } from '../../../src/main/service'
import { createMemoryStore } from '../../../src/main/vault/memory-store'
import { startMailchimpFake, type MailchimpFake } from '../../../src/main/stand-ins/mailchimp'
import { connectionTo, FAST_RETRY, mailchimpWorld } from './helpers'

let fake: MailchimpFake | undefined
let closeWorld: (() => Promise<void>) | undefined
afterEach(async () => {
  await fake?.close()
  await closeWorld?.()
  fake = undefined
  closeWorld = undefined
})

const connector = createMailchimpConnector(FAST_RETRY)

describe('Mailchimp credentials', () => {
  it('"Test connection" pings, names the account and the audience', async () => {
    fake = await startMailchimpFake({ accountName: 'Greenleaf Café', audiences: { b7c8d9e0f1: 'Café regulars' } })
    fake.store.create(fake.store.audience('b7c8d9e0f1'), { email_address: 'ann@gmail.com', status: 'subscribed' })
    const session = await connector.open({ connection: connectionTo(fake), secrets: { apiKey: fake.apiKey } })
    expect(await session.test()).toEqual({ ok: true, accountName: 'Greenleaf Café', message: 'Connected as Greenleaf Café; audience "Café regulars" (1 member)' })
    expect(fake.requests.map((r) => `${r.method} ${r.route}`)).toEqual(['GET /ping', 'GET /', 'GET /lists/:list_id'])
  })

  it('"Test connection" with a wrong key says so and how to fix it', async () => {
    fake = await startMailchimpFake()
    const session = await connector.open({ connection: connectionTo(fake), secrets: { apiKey: 'ffffffffffffffffffffffffffffffff-us21' } })
    const result = await session.test()
    expect(result.ok).toBe(false)
    expect(result.message).toContain('Mailchimp did not accept Patchbay\'s credentials (HTTP 401): API Key Invalid: Your API key may be invalid')
    expect(result.message).toContain('Reconnect Mailchimp in Connections')
  })

  it('"Test connection" names an audience that does not exist', async () => {
    fake = await startMailchimpFake()
    const session = await connector.open({ connection: connectionTo(fake, { listId: 'zzzzz99999' }), secrets: { apiKey: fake.apiKey } })
    expect(await session.test()).toMatchObject({ ok: false, message: 'Connected as Patchbay Demo Bakery, but there is no audience "zzzzz99999"' })
  })

  it('a run with a refused key fails with AUTH and a reconnect hint, writing nothing', async () => {
    const w = await mailchimpWorld({ apiKey: 'ffffffffffffffffffffffffffffffff-us21' })
    closeWorld = w.close
    w.crm.put('C-a', { email: 'ann@gmail.com', name: 'Ann Lee', phone: '' })
    const { run } = await w.run()
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({ code: 'AUTH', status: 401, hint: 'Reconnect Mailchimp in Connections' })
    expect(w.user.all()).toHaveLength(0)
    // One refused call, not a retry loop.
    expect(w.fake.requests).toHaveLength(1)
  })

  it('takes the data centre from the key, and refuses a key without one before any call', async () => {
    const noBase = connectionSchema.parse({ id: 'mail', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { listId: 'a1b2c3d4e5' } })
    expect(readMailchimpSettings(noBase, 'abc123-us19').baseUrl).toBe('https://us19.api.mailchimp.com/3.0')
    await expect(connector.open({ connection: noBase, secrets: { apiKey: 'abc123' } })).rejects.toMatchObject({
      code: 'AUTH',
      message: 'The Mailchimp API key does not end in a data centre such as "-us21"'
    })
    await expect(connector.open({ connection: noBase, secrets: {} })).rejects.toMatchObject({ code: 'AUTH', message: 'No API key is stored for Mailchimp' })
    const session = await connector.open({ connection: noBase, secrets: { apiKey: 'abc123-us19' } })
    expect(() => session.object('contacts')).toThrow(/Mailchimp has no object "contacts"/)
    expect(() => session.object('members:b7c8d9e0f1')).not.toThrow()
  })

  it('through the service: a CSV → Mailchimp sync with a wrong key fails with AUTH, then runs once the key is fixed', async () => {
    fake = await startMailchimpFake()
    const home = await mkdtemp(join(tmpdir(), 'patchbay-mc-service-'))
    const file = join(home, 'signups.csv')
    await writeFile(file, 'id,email,name\n1,ann@gmail.com,Ann Lee\n2,bob@gmail.com,Bob Stone\n')
    const svc = await PatchbayService.open({ home, secrets: createMemoryStore(), connectors: { csv: csvConnector, mailchimp: connector } })
    await svc.saveConnection({ id: 'forms', system: 'csv', label: 'Form export', settings: { file, keyColumn: 'id' } })
    await svc.saveConnection({ id: 'mail', system: 'mailchimp', label: 'Mailchimp', authKind: 'api-key', settings: { listId: fake.listId, baseUrl: fake.baseUrl } }, { apiKey: 'ffffffffffffffffffffffffffffffff-us21' })
    await svc.saveSync({
      id: 'signups',
      name: 'Sign-ups → Mailchimp',
      left: { connectionId: 'forms', object: 'signups' },
      right: { connectionId: 'mail', object: 'members' },
      direction: 'left-to-right',
      mapping: [
        { name: 'email', left: 'email', right: 'email_address', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
        { name: 'name', left: 'name', combine: { side: 'right', parts: ['FNAME', 'LNAME'] } }
      ],
      match: { field: 'email' }
    })
    const failed = await svc.runSync('signups')
    expect(failed.run.status).toBe('failed')
    expect(failed.run.error).toMatchObject({ code: 'AUTH', hint: 'Reconnect Mailchimp in Connections' })
    await svc.saveConnection({ ...svc.connectionInfo('mail'), status: 'ok' }, { apiKey: fake.apiKey })
    const ok = await svc.runSync('signups')
    expect(ok.run).toMatchObject({ status: 'ok', counts: { created: 2 } })
    expect(fake.store.byAddress(fake.store.audience(fake.listId), 'bob@gmail.com')?.merge).toMatchObject({ FNAME: 'Bob', LNAME: 'Stone' })
    await svc.close?.()
  })
})
