/**
 * A web API described in a file (issue 17), end to end through `patchbay import`'s path
 * and the service: a YAML description of the Till stand-in (./stand-in.ts) is imported
 * with a CSV file and a two-way sync, and runs on the connector platform over real HTTP on
 * loopback — a 429 waited out, changed-since reads, a damaged page failing the run with
 * nothing lost and the next run converging. Bad descriptions are refused naming the field,
 * with nothing written; the key stays out of the data folder and its logs.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { openApp, type App } from '../../../src/main/app'
import { startTill, type TillStandIn } from './stand-in'

let till: TillStandIn | undefined
let app: App | undefined
let dir: string | undefined
afterEach(async () => {
  await app?.close()
  await till?.close()
  if (dir) await rm(dir, { recursive: true, force: true })
  till = app = dir = undefined
})

// A description is free-form YAML here: tests change any part of it, as an owner's typo would.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>

/** The description an owner would write for the Till, with `change` applied to it. */
function description(url: string, change: (d: Doc) => void = () => undefined): string {
  const d: Doc = {
    name: 'Till',
    baseUrl: url,
    auth: { kind: 'api-key', header: 'X-Api-Key', secret: 'tillKey' },
    rateLimit: { requests: 50, perSeconds: 1 },
    objects: {
      contacts: {
        key: 'id',
        updatedAt: 'updated_at',
        fields: { email: { path: 'email', type: 'email' }, first: 'name.first', last: 'name.last' },
        list: { path: '/contacts', items: 'data', paging: { style: 'page-number', param: 'page', sizeParam: 'per_page', size: 2 }, changedSince: { param: 'updated_since' } },
        get: { path: '/contacts/{id}', answer: 'contact' },
        create: { path: '/contacts', wrap: 'contact', answer: 'contact' },
        update: { path: '/contacts/{id}', wrap: 'contact', answer: 'contact' }
      }
    }
  }
  change(d)
  return stringify(d)
}

/** The import file: the CSV, the described Till with its key, and a two-way contacts sync. */
function importFile(csv: string, desc: string, key: string): string {
  return stringify({
    connections: [
      { id: 'sheet', system: 'csv', label: 'People', settings: { file: csv, keyColumn: 'id' } },
      { id: 'till', system: 'described-api', label: 'Till', settings: { description: desc }, secrets: { tillKey: key } }
    ],
    syncs: [
      {
        id: 'people',
        name: 'People ⇄ Till',
        left: { connectionId: 'sheet', object: 'people' },
        right: { connectionId: 'till', object: 'contacts' },
        direction: 'both',
        mapping: ['email', 'first', 'last'].map((name) => ({ name, left: name, right: name })),
        match: { field: 'email' }
      }
    ]
  })
}

/** A data folder, the Till with three contacts, a CSV with one of them and one more, and the files. */
async function world(change?: (d: Doc) => void) {
  till = await startTill([
    { email: 'ann@example.com', first: 'Ann', last: 'Lee' },
    { email: 'bob@example.com', first: 'Bob', last: 'Stone' },
    { email: 'cy@example.com', first: 'Cy', last: 'Young' }
  ])
  dir = await mkdtemp(join(tmpdir(), 'patchbay-described-'))
  const csv = join(dir, 'people.csv')
  const desc = join(dir, 'till-api.yaml')
  const imp = join(dir, 'import.yaml')
  await writeFile(csv, 'id,email,first,last\n1,ann@example.com,Ann,Lee\n2,dee@example.com,Dee,Ray\n')
  await writeFile(desc, description(till.url, change))
  await writeFile(imp, importFile(csv, desc, till.key))
  app = await openApp({ home: join(dir, 'home'), secrets: 'memory', logLevel: 'info' })
  return { svc: app.service, csv, desc, imp, home: join(dir, 'home') }
}

const tillNames = (): string[] => [...till!.contacts.values()].map((c) => `${c.email} ${c.name.first} ${c.name.last}`).sort()
const writesTo = (t: TillStandIn): number => t.requests.filter((r) => r.method !== 'GET').length

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

describe('a web API described in a file', () => {
  it('syncs two-way with a CSV: waits out a 429, reads changes since, fails a damaged page with nothing lost, then converges', async () => {
    const { svc, csv, imp, home } = await world()
    expect(await svc.importFile(imp)).toEqual({ connections: 2, syncs: 1 })
    expect(await svc.testConnection('till')).toMatchObject({ ok: true, message: 'Connected to Till; 2 contacts on the first page' })

    // First run: the Till says "slow down" once; the platform waits (Retry-After: 1) and goes on.
    till!.throttle(1)
    const first = await svc.runSync('people')
    expect(first.run).toMatchObject({ status: 'ok', counts: { created: 3 } })
    const waited = await app!.queryLogs({ text: '→ 429' })
    expect(waited.entries.map((e) => e.msg)).toEqual([expect.stringMatching(/^Till: GET http:\/\/127\.0\.0\.1:\d+\/v1\/contacts\?.*→ 429/)])
    expect(till!.requests.some((r) => r.path === '/v1/contacts' && r.query.page === '2')).toBe(true)
    expect(tillNames()).toEqual(['ann@example.com Ann Lee', 'bob@example.com Bob Stone', 'cy@example.com Cy Young', 'dee@example.com Dee Ray'])
    expect(await readFile(csv, 'utf8')).toMatch(/bob@example\.com,Bob,Stone[\s\S]*cy@example\.com,Cy,Young|cy@example\.com,Cy,Young[\s\S]*bob@example\.com,Bob,Stone/)

    // Second run: an edit on each side; the Till is asked only for what changed since the first.
    const bob = [...till!.contacts.values()].find((c) => c.email === 'bob@example.com')!
    till!.edit(bob.id, { first: 'Robert' })
    await writeFile(csv, (await readFile(csv, 'utf8')).replace('dee@example.com,Dee,Ray', 'dee@example.com,Dee,Raymond'))
    const asked = till!.requests.length
    const second = await svc.runSync('people')
    expect(second.run).toMatchObject({ status: 'ok', counts: { updated: 2 } })
    expect(till!.requests.slice(asked).find((r) => r.method === 'GET' && r.path === '/v1/contacts')?.query.updated_since).toMatch(/^2026-03-01T/)
    expect(await readFile(csv, 'utf8')).toContain('bob@example.com,Robert,Stone')
    expect(tillNames()).toContain('dee@example.com Dee Raymond')

    // Third run: page 2 of the Till's answer comes back cut off. The run fails saying so, and writes nothing.
    const cy = [...till!.contacts.values()].find((c) => c.email === 'cy@example.com')!
    till!.edit(cy.id, { first: 'Cyrus' })
    await writeFile(csv, (await readFile(csv, 'utf8')).replace('ann@example.com,Ann,Lee', 'ann@example.com,Ann,Lee-Smith'))
    const csvBefore = await readFile(csv, 'utf8')
    const writesBefore = writesTo(till!)
    till!.damagePage(2)
    const third = await svc.runSync('people')
    expect(third.run.status).toBe('failed')
    expect(third.run.error?.message).toBe('Till answered GET /contacts with something that is not JSON')
    expect(third.run.error?.hint).toContain('Nothing was written')
    expect(await readFile(csv, 'utf8')).toBe(csvBefore)
    expect(writesTo(till!)).toBe(writesBefore)

    // Fourth run: both edits go through; a fifth finds nothing left to do.
    const fourth = await svc.runSync('people')
    expect(fourth.run).toMatchObject({ status: 'ok', counts: { updated: 2 } })
    expect(await readFile(csv, 'utf8')).toContain('cy@example.com,Cyrus,Young')
    expect(tillNames()).toContain('ann@example.com Ann Lee-Smith')
    const fifth = await svc.runSync('people')
    expect(fifth.run).toMatchObject({ status: 'ok', counts: { created: 0, updated: 0 } })

    // The key went to the Till in its header, and nowhere into the data folder or its logs.
    expect(till!.requests.every((r) => r.headers['x-api-key'] === till!.key || r.headers['x-api-key'] === undefined)).toBe(true)
    await app!.close()
    app = undefined
    const files = await filesUnder(home)
    expect(files.some((f) => /\.(log|jsonl)$/.test(f) || f.includes('log'))).toBe(true)
    for (const f of files) expect((await readFile(f)).includes(till!.key), f).toBe(false)
  }, 20_000)

  it('refuses a description whose items path is not in the answer at Test connection and at the run, naming the field, writing nothing', async () => {
    const { svc, csv, imp } = await world((d) => (d.objects.contacts.list.items = 'results'))
    await svc.importFile(imp)
    const test = await svc.testConnection('till')
    expect(test.ok).toBe(false)
    expect(test.message).toContain('Till answered GET /contacts without a list at "results" (objects.contacts.list.items in till-api.yaml)')
    expect(test.message).toContain('its top-level fields are data, meta, links')
    const csvBefore = await readFile(csv, 'utf8')
    const run = await svc.runSync('people')
    expect(run.run.status).toBe('failed')
    expect(run.run.error?.message).toContain('objects.contacts.list.items')
    expect(await readFile(csv, 'utf8')).toBe(csvBefore)
    expect(writesTo(till!)).toBe(0)
  })

  it.each([
    ['an unknown auth kind', (d: Doc) => (d.auth = { kind: 'oauth', secret: 'tillKey' }), 'till-api.yaml: auth.kind: say how the system signs in: kind is one of api-key, bearer, basic or none'],
    ['no base URL', (d: Doc) => delete d.baseUrl, 'till-api.yaml: baseUrl: give the address every path is under'],
    ['a list with no path', (d: Doc) => delete d.objects.contacts.list.path, 'till-api.yaml: objects.contacts.list.path: write the path under the base URL'],
    ['the key itself in the file', (d: Doc) => (d.auth.header = `X-Api-Key: ${till!.key}`), 'till-api.yaml: auth: the file holds the secret "tillKey" itself']
  ])('refuses to import %s, naming the field, and keeps nothing', async (_what, change, said) => {
    const { svc, imp } = await world(change)
    const refused = await svc.importFile(imp).then(
      () => undefined,
      (err: Error) => err
    )
    expect(refused?.message).toContain(`connections[1].settings.description: ${said}`)
    expect(refused?.message).toContain('nothing was imported')
    expect(svc.connectionList()).toEqual([])
  })
})
