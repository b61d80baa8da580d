/**
 * Every paging style and sign-in kind a description offers reads the whole list of the
 * Till stand-in (five contacts, two a page) through the described-API connector, and a
 * next-page link to another site is not followed (the key would go with it); a key path
 * no record has is named.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describedApiConnector } from '../../../src/main/connectors/described'
import type { SourceRecord } from '../../../src/main/connectors/types'
import { startTill, type TillStandIn } from './stand-in'

let till: TillStandIn
let dir: string
beforeAll(async () => {
  till = await startTill(['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => ({ email: `${n}@example.com`, first: n, last: 'Shop' })))
  dir = await mkdtemp(join(tmpdir(), 'patchbay-described-paging-'))
})
afterAll(async () => {
  await till.close()
  await rm(dir, { recursive: true, force: true })
})

/** Reads every contact through a connection whose description has `auth` and `paging`. */
async function readAll(name: string, auth: object, paging: object, secrets: Record<string, string>, key = 'id'): Promise<{ records: SourceRecord[]; pages: number }> {
  const file = join(dir, `${name}.json`)
  const contacts = { key, fields: { email: 'email', first: 'name.first' }, list: { path: '/contacts', items: 'data', paging } }
  await writeFile(file, JSON.stringify({ name: 'Till', baseUrl: till.url, auth, objects: { contacts } }))
  const asked = till.requests.length
  const session = await describedApiConnector.open({ connection: { id: name, system: 'described-api', label: 'Till', authKind: 'api-key', settings: { description: file } } as never, secrets })
  const records: SourceRecord[] = []
  for await (const page of (await session.object('contacts').listChanged(null)).pages) records.push(...page.records)
  return { records, pages: till.requests.length - asked }
}

const key = (): Record<string, string> => ({ key: till.key })

describe('a described API reads its whole list', () => {
  it.each([
    ['page numbers with an API key header', { kind: 'api-key', header: 'X-Api-Key', secret: 'key' }, { style: 'page-number', sizeParam: 'per_page', size: 2 }, 3],
    ['offsets with a bearer token', { kind: 'bearer', secret: 'key' }, { style: 'offset', sizeParam: 'limit', size: 2, total: 'meta.total' }, 3],
    ['a cursor with Basic sign-in', { kind: 'basic', username: 'user', password: 'key' }, { style: 'cursor', param: 'cursor', next: 'meta.next_cursor', sizeParam: 'per_page', size: 2 }, 3],
    ['next links in the answer', { kind: 'bearer', secret: 'key' }, { style: 'next-link', next: 'links.next', sizeParam: 'per_page', size: 2 }, 3],
    ['Link headers', { kind: 'bearer', secret: 'key' }, { style: 'link-header', sizeParam: 'per_page', size: 2 }, 3]
  ])('by %s', async (what, auth, paging, pages) => {
    const secrets = auth.kind === 'basic' ? { user: 'shop', key: till.key } : key()
    const got = await readAll(what.replace(/\W+/g, '-'), auth, paging, secrets)
    expect(got.records.map((r) => r.fields.email)).toEqual(['ann', 'bob', 'cy', 'dee', 'eve'].map((n) => `${n}@example.com`))
    expect(got.pages).toBe(pages)
  })

  it('names the key path when no record has a key there', async () => {
    await expect(readAll('no-key', { kind: 'bearer', secret: 'key' }, { style: 'none' }, key(), 'contact_id')).rejects.toThrow(
      'No contacts record from Till has a key at "contact_id" (objects.contacts.key in no-key.json)'
    )
  })

  it('does not follow a next link to another site, and says so', async () => {
    till.linkTo('https://elsewhere.example')
    try {
      await expect(readAll('elsewhere', { kind: 'bearer', secret: 'key' }, { style: 'next-link', next: 'links.next', sizeParam: 'per_page', size: 2 }, key())).rejects.toThrow(
        'Till gave a next page at https://elsewhere.example, which is not its base URL, so Patchbay did not follow it'
      )
    } finally {
      till.linkTo(undefined)
    }
  })
})
