/** CSV connector speed on a 50,000-row file: list, find 1,000 keys, update 5,000 rows, relist. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openCsvSession } from '../src/main/connectors/csv'
import { connectionSchema } from '../src/shared/domain'
import type { ChangeFeed } from '../src/main/connectors/types'

const ROWS = 50_000
const dir = await mkdtemp(join(tmpdir(), 'patchbay-csv-bench-'))
const file = join(dir, 'contacts.csv')
const lines = ['id,first_name,last_name,email,phone,company,city,notes']
for (let i = 1; i <= ROWS; i++) lines.push(`${i},First${i},Last${i},user${i}@example.com,+1 555 01${String(i % 100).padStart(2, '0')},"Acme, Inc. ${i % 50}",Springfield,"said ""hi"" on visit ${i}"`)
await writeFile(file, `${lines.join('\n')}\n`)
const session = await openCsvSession({ connection: connectionSchema.parse({ id: 'bench', system: 'csv', label: 'bench', settings: { file, batchSize: 5000 } }) })
const contacts = session.object('contacts')
const drain = async (feed: ChangeFeed) => { let n = 0; let cursor: string | null = null; for await (const p of feed.pages) { n += p.records.length; cursor = p.cursor ?? cursor } return { n, cursor } }
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => { const t = performance.now(); const r = await f(); return [r, Math.round(performance.now() - t)] }
const [listed, listMs] = await time(async () => drain(await contacts.listChanged(null)))
const [, findMs] = await time(() => contacts.findByKey('email', Array.from({ length: 1000 }, (_, i) => `user${i * 50 + 1}@example.com`), (v) => String(v).toLowerCase()))
const [, writeMs] = await time(() => contacts.write(Array.from({ length: 5000 }, (_, i) => ({ op: 'update' as const, ref: `u${i}`, id: String(i * 10 + 1), fields: { city: 'Shelbyville' } }))))
const [, relistMs] = await time(async () => drain(await contacts.listChanged(listed.cursor)))
console.log(`CSV file of ${ROWS.toLocaleString('en')} rows: list ${listMs} ms · find 1,000 keys ${findMs} ms · update 5,000 rows (one atomic rewrite) ${writeMs} ms · relist ${relistMs} ms`)
