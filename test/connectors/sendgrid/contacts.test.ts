/**
 * The SendGrid connector against its stand-in: reads with custom fields, lists and consent;
 * upserts through the import job; a job that fails halfway; suppressions never undone.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectionSchema, syncSchema } from '../../../src/shared/domain'
import { openCsvSession } from '../../../src/main/connectors/csv'
import { runSync } from '../../../src/main/engine/run'
import { callsOf, fakeSendgrid, freshState, openSendgrid } from './helpers'

describe('SendGrid contacts', () => {
  it('reads every contact with its custom fields, lists and consent from the suppressions', async () => {
    const { fake, user } = await fakeSendgrid()
    user.put('ada@lovelace.org', { first_name: 'Ada' }, { plan: 'pro', orders: 3 }, ['Newsletter'])
    user.put('bob@kim.org', { first_name: 'Bob' })
    user.put('cy@x.org', { first_name: 'Cy' })
    user.unsubscribe('bob@kim.org')
    user.leaveGroup(7, 'cy@x.org')
    user.put('dee@x.org', { first_name: 'Dee' })
    user.bounce('dee@x.org')
    // More than a page of each: 520 other unsubscribes before Zed's (500 a page), 1,001 lists (1,000 a page).
    fake.store.unsubscribeGlobally(Array.from({ length: 520 }, (_, i) => `gone${i}@x.org`))
    for (let i = 0; i < 1000; i++) fake.store.addList(`List ${i}`)
    user.put('zz@x.org', { first_name: 'Zed' }, {}, ['List 999'])
    user.unsubscribe('zz@x.org')
    const contacts = (await openSendgrid(fake)).object('contacts')
    const feed = await contacts.listChanged(null)
    expect(feed.complete).toBe(true)
    const records = []
    for await (const page of feed.pages) records.push(...page.records)
    const byEmail = Object.fromEntries(records.map((r) => [r.fields.email, r.fields]))
    expect(byEmail['ada@lovelace.org']).toMatchObject({ first_name: 'Ada', last_name: null, plan: 'pro', orders: 3, lists: 'Newsletter', marketing_consent: 'subscribed', marketing_consent_at: null })
    expect(byEmail['bob@kim.org']).toMatchObject({ marketing_consent: 'unsubscribed' })
    expect(byEmail['bob@kim.org'].marketing_consent_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(byEmail['cy@x.org'].marketing_consent).toBe('unsubscribed')
    expect(byEmail['dee@x.org'].marketing_consent).toBe('cleaned')
    expect(byEmail['zz@x.org']).toMatchObject({ lists: 'List 999', marketing_consent: 'unsubscribed' })
    expect(callsOf(fake).filter((c) => c === 'GET /v3/suppression/unsubscribes' || c === 'GET /v3/marketing/lists').sort()).toEqual(['GET /v3/marketing/lists', 'GET /v3/marketing/lists', 'GET /v3/suppression/unsubscribes', 'GET /v3/suppression/unsubscribes'])
    expect((await contacts.findByKey('email', ['ADA@lovelace.org', 'nobody@x.org'], (v) => String(v).toLowerCase())).map((r) => r.fields.email)).toEqual(['ada@lovelace.org'])
    expect(await contacts.findByKey('email', ['nobody@x.org'], (v) => String(v).toLowerCase())).toEqual([])
  })

  it('upserts through an import job, waits for it, and returns the new contacts’ ids', async () => {
    const { fake, user } = await fakeSendgrid()
    user.put('ada@lovelace.org', { first_name: 'Ada' })
    const contacts = (await openSendgrid(fake)).object('contacts')
    const [ada] = await contacts.findByKey('email', ['ada@lovelace.org'], String)
    const from = fake.requests.length
    const out = await contacts.write([
      { op: 'create', ref: 'a', fields: { email: 'Grace@Hopper.org', first_name: 'Grace', plan: 'pro', orders: '12', lists: 'Newsletter' } },
      { op: 'update', ref: 'b', id: ada.id, fields: { last_name: 'Lovelace', first_name: null } }
    ])
    expect(out.map((o) => o.ok)).toEqual([true, true])
    const grace = user.find('grace@hopper.org')!
    expect(out[0]).toMatchObject({ ok: true, id: grace.id })
    expect(grace.reserved.first_name).toBe('Grace')
    expect(Object.values(grace.custom).sort()).toEqual([12, 'pro'])
    expect([...grace.listIds]).toHaveLength(1)
    expect(user.find('ada@lovelace.org')!.reserved).toEqual({ first_name: '', last_name: 'Lovelace' })
    // A new address for a known contact is refused in words, not sent as a second contact.
    const [moved] = await contacts.write([{ op: 'update', ref: 'c', id: ada.id, fields: { email: 'ada@analytical.engine' } }])
    expect(moved.ok === false && [moved.error.message, moved.error.meta.hint]).toEqual(['SendGrid cannot change the email address of ada@lovelace.org to ada@analytical.engine', expect.stringContaining('change it in SendGrid')])
    expect(user.find('ada@analytical.engine')).toBeUndefined()
    const calls = callsOf(fake, from)
    expect(calls.filter((c) => c === 'PUT /v3/marketing/contacts')).toHaveLength(2)
    expect(calls).toContain('GET /v3/marketing/contacts/imports/:id')
  })

  it('a job that fails halfway: the records it lists as failed are RecordErrors, the rest are written', async () => {
    const { fake, user } = await fakeSendgrid()
    const contacts = (await openSendgrid(fake)).object('contacts')
    fake.faults.jobFailsHalfway()
    const items = Array.from({ length: 6 }, (_, i) => ({ op: 'create' as const, ref: `r${i}`, fields: { email: `p${i}@shop.test`, first_name: `P${i}` } }))
    items[1].fields.email = 'not-an-address'
    const out = await contacts.write(items)
    expect(out.map((o) => o.ok)).toEqual([true, false, true, false, false, false])
    expect(out[1].ok === false && out[1].error.message).toBe('SendGrid did not import not-an-address: email is invalid')
    expect(out[4].ok === false && out[4].error.message).toMatch(/^SendGrid did not import p4@shop.test: processing stopped/)
    expect(out[4].ok === false && out[4].error.code).toBe('RECORD')
    expect(user.all().map((c) => c.email).sort()).toEqual(['p0@shop.test', 'p2@shop.test'])
  })

  it('an unsubscribe written goes to the suppressions; "subscribed" written never takes one back', async () => {
    const { fake, user } = await fakeSendgrid()
    user.put('ada@lovelace.org')
    user.put('bob@kim.org')
    user.unsubscribe('bob@kim.org')
    const grouped = (await openSendgrid(fake, { settings: { unsubscribeGroupId: 7 } })).object('contacts')
    const ids = Object.fromEntries((await grouped.findByKey('email', ['ada@lovelace.org', 'bob@kim.org'], String)).map((r) => [r.fields.email, r.id]))
    const out = await grouped.write([
      { op: 'update', ref: 'a', id: ids['ada@lovelace.org'], fields: { marketing_consent: 'unsubscribed' } },
      { op: 'update', ref: 'b', id: ids['bob@kim.org'], fields: { marketing_consent: 'subscribed', first_name: 'Bob' } }
    ])
    expect(out.every((o) => o.ok)).toBe(true)
    expect(fake.store.groupUnsubscribes.get(7)!.has('ada@lovelace.org')).toBe(true)
    expect(user.suppressed('bob@kim.org')).toBe(true)
    expect(user.find('bob@kim.org')!.reserved.first_name).toBe('Bob')
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.route.includes('/asm/'))).toBe(false)
    // Deleting a contact leaves its address suppressed: added again, it still reads unsubscribed.
    await grouped.write([{ op: 'delete', ref: 'd', id: ids['bob@kim.org'] }])
    expect(user.find('bob@kim.org')).toBeUndefined()
    const again = (await openSendgrid(fake)).object('contacts')
    const [created] = await again.write([{ op: 'create', ref: 'c', fields: { email: 'bob@kim.org', marketing_consent: 'subscribed' } }])
    expect(created.ok).toBe(true)
    expect((await again.get([(created as { id: string }).id]))[0].fields.marketing_consent).toBe('unsubscribed')
  })
})

describe('SendGrid under faults', () => {
  it('retries 5xx, waits out a 429 until X-RateLimit-Reset, and paces by the headers without a 429 of its own (a 429 whose window has reset is retried at once: see the contract test)', async () => {
    const { fake, user } = await fakeSendgrid()
    const ada = user.put('ada@lovelace.org', { first_name: 'Ada' })
    const arrivals: number[] = []
    const begin = fake.recorder.begin.bind(fake.recorder)
    fake.recorder.begin = (e) => (arrivals.push(Date.now()), begin(e))
    const contacts = (await openSendgrid(fake)).object('contacts')
    fake.faults.serverErrors(2, 502)
    expect((await contacts.get([ada.id]))[0].fields.first_name).toBe('Ada')
    fake.faults.rateLimits(1, 0)
    await contacts.get([ada.id])
    const refused = fake.recorder.all().find((e) => e.status === 429)!
    const retried = fake.recorder.all().filter((e) => e.seq > refused.seq)
    // The retry left no earlier than the second X-RateLimit-Reset named.
    expect(retried).toHaveLength(1)
    expect(Number(refused.responseHeaders['x-ratelimit-reset']) * 1000).toBeLessThanOrEqual(arrivals.at(-1)!)
    // Ten requests a second per endpoint: more reads than that finish without SendGrid having to refuse one.
    Object.assign(fake.limit, { requests: 10, windowMs: 1000 })
    const paced = (await openSendgrid(fake)).object('contacts')
    for (let i = 0; i < 12; i++) await paced.get([ada.id])
    expect(fake.throttled()).toBe(0)
  })

  it('a malformed answer is an ApiChangedError, and a revoked key needs a reconnect', async () => {
    const { fake, user } = await fakeSendgrid()
    const ada = user.put('ada@lovelace.org')
    const session = await openSendgrid(fake)
    fake.faults.malformed(1)
    await expect(session.object('contacts').get([ada.id])).rejects.toMatchObject({ code: 'API_CHANGED' })
    fake.faults.revoked.add(fake.apiKey)
    await expect(session.object('contacts').listChanged(null)).rejects.toMatchObject({ code: 'AUTH', message: expect.stringContaining('SendGrid did not accept the API key'), meta: { hint: expect.stringContaining('reconnect SendGrid') } })
    const test = await session.test()
    expect(test.ok).toBe(false)
    expect(test.message).toMatch(/did not accept the API key.*reconnect SendGrid/)
    await expect(openSendgrid(fake, { apiKey: 'not-a-sendgrid-key' })).rejects.toMatchObject({ code: 'AUTH', message: expect.stringContaining('starts with "SG."') })
  })
})

describe('SendGrid consent and a CSV column', () => {
  it('an unsubscribe and a bounce in SendGrid reach the CSV column with their time, and the CSV saying "subscribed" changes nothing in SendGrid', async () => {
    const { fake, user } = await fakeSendgrid()
    user.put('ada@lovelace.org', { first_name: 'Ada' })
    user.unsubscribe('ada@lovelace.org')
    user.put('cy@x.org', { first_name: 'Cy' })
    user.bounce('cy@x.org')
    const state = await freshState()
    const file = join(state.dir, 'customers.csv')
    await writeFile(file, 'email,name,newsletter,newsletter_changed\nada@lovelace.org,Ada,subscribed,\ncy@x.org,Cy,subscribed,\n')
    const csv = await openCsvSession({ connection: connectionSchema.parse({ id: 'shop', system: 'csv', label: 'Shop', authKind: 'none', settings: { file, keyColumn: 'email' } }) })
    const sync = syncSchema.parse({
      id: 'shop-news', name: 'Shop ⇄ SendGrid', left: { connectionId: 'shop', object: 'customers' }, right: { connectionId: 'mail', object: 'contacts' },
      mapping: [
        { name: 'email', left: 'email', right: 'email' },
        { name: 'first', left: 'name', right: 'first_name' },
        { name: 'marketingConsent', left: 'newsletter', right: 'marketing_consent' },
        { name: 'marketingConsentAt', left: 'newsletter_changed', right: 'marketing_consent_at' }
      ],
      match: { field: 'email' }, conflictPolicy: 'prefer-left'
    })
    const r = await runSync({ sync, state, trigger: 'manual', adapters: { left: csv.object('customers'), right: (await openSendgrid(fake)).object('contacts') } })
    expect(r.run.status).toBe('ok')
    const rows = (await readFile(file, 'utf8')).trim().split('\n')
    expect(rows[1]).toMatch(/^ada@lovelace\.org,Ada,unsubscribed,\d{4}-\d\d-\d\dT/)
    expect(rows[2]).toMatch(/^cy@x\.org,Cy,cleaned,\d{4}-/)
    expect(user.suppressed('ada@lovelace.org')).toBe(true)
  })
})
