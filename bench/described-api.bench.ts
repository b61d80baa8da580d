/**
 * Described web API benchmark: 1,000 contacts copied into the Till stand-in (one POST each,
 * as a simple REST system takes them) through the real engine and the described-API
 * connector, paced by the description's own rate limit (200 / s, 4 at once); then a run
 * after 10 edits there, read with changed-since, and a full read of the list. The floor is
 * what the rate limit allows for the requests made.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describedApiConnector } from '../src/main/connectors/described'
import { MemoryTable } from '../src/main/connectors/memory'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { connectionSchema, syncSchema } from '../src/shared/domain'
import { startTill } from '../test/connectors/described/stand-in'

const PEOPLE = 1000
const PER_SECOND = 200
const till = await startTill()
const dir = await mkdtemp(join(tmpdir(), 'patchbay-described-bench-'))
const description = join(dir, 'till.json')
await writeFile(
  description,
  JSON.stringify({
    name: 'Till',
    baseUrl: till.url,
    auth: { kind: 'api-key', header: 'X-Api-Key', secret: 'tillKey' },
    rateLimit: { requests: PER_SECOND, perSeconds: 1, atOnce: 4 },
    objects: {
      contacts: {
        key: 'id',
        updatedAt: 'updated_at',
        fields: { email: 'email', first: 'name.first', last: 'name.last' },
        list: { path: '/contacts', items: 'data', paging: { style: 'page-number', sizeParam: 'per_page', size: 100 }, changedSince: { param: 'updated_since' } },
        create: { path: '/contacts', wrap: 'contact', answer: 'contact' },
        update: { path: '/contacts/{id}', wrap: 'contact', answer: 'contact' }
      }
    }
  })
)
const session = await describedApiConnector.open({ connection: connectionSchema.parse({ id: 'till', system: 'described-api', label: 'Till', authKind: 'api-key', settings: { description } }), secrets: { tillKey: till.key } })
const shop = new MemoryTable({ maxBatch: 1000 })
for (let i = 0; i < PEOPLE; i++) shop.put(`p${i}`, { email: `person${i}@example.com`, first: `First${i}`, last: `Last${i}` })
const sync = syncSchema.parse({
  id: 'bench', name: 'shop ⇄ Till', left: { connectionId: 'shop', object: 'people' }, right: { connectionId: 'till', object: 'contacts' },
  direction: 'both', mapping: ['email', 'first', 'last'].map((name) => ({ name, left: name, right: name })), match: { field: 'email' }
})
const state = await SyncState.open(join(dir, 'state'))
const adapters = { left: shop, right: session.object('contacts') }
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

let asked = till.requests.length
let t = performance.now()
const first = await runSync({ sync, adapters, state, trigger: 'manual' })
const firstMs = performance.now() - t
const firstCalls = till.requests.length - asked
console.log(`described API: ${PEOPLE} contacts into the Till: ${first.run.status}, ${first.run.counts.created} created, ${firstCalls} requests in ${s(firstMs)} (rate-limit floor ${s(((firstCalls - 1) / PER_SECOND) * 1000)})`)

for (const c of [...till.contacts.values()].slice(0, 10)) till.edit(c.id, { last: `${c.name.last}-changed` })
asked = till.requests.length
t = performance.now()
const second = await runSync({ sync, adapters, state, trigger: 'manual' })
console.log(`described API: 10 edits read back with changed-since: ${second.run.status}, ${second.run.counts.updated} updated, ${till.requests.length - asked} requests in ${s(performance.now() - t)}`)

asked = till.requests.length
t = performance.now()
let read = 0
for await (const page of (await adapters.right.listChanged(null)).pages) read += page.records.length
console.log(`described API: full read of ${read} contacts, ${till.requests.length - asked} pages in ${s(performance.now() - t)}; peak RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`)
await till.close()
process.exit(0)
