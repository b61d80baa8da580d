/**
 * A new system is its own folder plus one registry line: the toy Notebook connector
 * (test/platform/toy) is added with `addConnector`, shows in the catalogue from its
 * declaration, and runs a two-way sync with a CSV file through the service, over real
 * HTTP on loopback with cursor paging (two records a page).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { systemCatalog } from '../../src/main/calls/catalog'
import { addConnector } from '../../src/main/connectors/registry'
import { PatchbayService } from '../../src/main/service'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import { toyConnector } from './toy'
import { startToy, type ToyStandIn } from './toy/stand-in'

addConnector(toyConnector)

let toy: ToyStandIn | undefined
let home: string | undefined
afterEach(async () => {
  await toy?.close()
  if (home) await rm(home, { recursive: true, force: true })
  toy = home = undefined
})

describe('a toy connector added with one registry line', () => {
  it('appears in the catalogue with the words of its declaration', () => {
    const entry = systemCatalog(new Set(['notebook'])).find((s) => s.system === 'notebook')
    expect(entry).toMatchObject({ label: 'Notebook', kind: 'Address book', authKind: 'api-key', available: true, inputs: [{ name: 'apiKey', secret: true }] })
  })

  it('runs a two-way sync with a CSV file through the service, both ways, page by page', async () => {
    toy = await startToy([
      { email: 'ann@example.com', name: 'Ann Lee' },
      { email: 'bob@example.com', name: 'Bob Stone' },
      { email: 'cy@example.com', name: 'Cy Young' }
    ])
    home = await mkdtemp(join(tmpdir(), 'patchbay-toy-'))
    const file = join(home, 'people.csv')
    await writeFile(file, 'id,email,name\n1,ann@example.com,Ann Lee\n2,dee@example.com,Dee Ray\n')
    // No `connectors` option: the service uses the registry, which now holds the toy.
    const svc = await PatchbayService.open({ home, secrets: createMemoryStore() })
    await svc.saveConnection({ id: 'sheet', system: 'csv', label: 'People', settings: { file, keyColumn: 'id' } })
    await svc.saveConnection({ id: 'book', system: 'notebook', label: 'Notebook', authKind: 'api-key', settings: { baseUrl: toy.url } }, { apiKey: toy.key })
    await svc.saveSync({
      id: 'people',
      name: 'People ⇄ Notebook',
      left: { connectionId: 'sheet', object: 'people' },
      right: { connectionId: 'book', object: 'records' },
      direction: 'both',
      mapping: [
        { name: 'email', left: 'email', right: 'email' },
        { name: 'name', left: 'name', right: 'name' }
      ],
      match: { field: 'email' }
    })

    const first = await svc.runSync('people')
    expect(first.run).toMatchObject({ status: 'ok', counts: { created: 3 } })
    expect([...toy.records.values()].map((r) => r.email).sort()).toEqual(['ann@example.com', 'bob@example.com', 'cy@example.com', 'dee@example.com'])
    const csv = await readFile(file, 'utf8')
    for (const who of ['bob@example.com,Bob Stone', 'cy@example.com,Cy Young']) expect(csv).toContain(who)

    // A change made in Notebook reaches the file on the next run, read from the stored cursor.
    const bob = [...toy.records.values()].find((r) => r.email === 'bob@example.com')!
    toy.edit(bob.id, { name: 'Robert Stone' })
    const second = await svc.runSync('people')
    expect(second.run).toMatchObject({ status: 'ok', counts: { updated: 1 } })
    expect(await readFile(file, 'utf8')).toContain('bob@example.com,Robert Stone')
    await svc.close?.()
  })
})
