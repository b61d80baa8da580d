import { describe, expect, it } from 'vitest'
import { csvFile, drain, openFile, read } from './helpers'

const ROWS = 50_000

function bigFile(): string {
  const lines = ['id,first_name,last_name,email,phone,company,city,notes']
  for (let i = 1; i <= ROWS; i++) {
    lines.push(`${i},First${i},Last${i},user${i}@example.com,+1 555 01${String(i % 100).padStart(2, '0')},"Acme, Inc. ${i % 50}",Springfield,"said ""hi"" on visit ${i}"`)
  }
  return `${lines.join('\n')}\n`
}

// Speed is measured by `npm run bench` (bench/csv.bench.ts), never asserted here.
async function timed<T>(task: () => Promise<T>): Promise<[T]> {
  return [await task()]
}

describe('a 50,000-row file', () => {
  it('lists, finds by key, rewrites and lists again without losing or doubling a row', async () => {
    const file = await csvFile(bigFile())
    const contacts = await openFile(file)

    const [listed] = await timed(async () => drain(await contacts.listChanged(null)))
    expect(listed.records).toHaveLength(ROWS)

    const lower = (v: unknown): string => String(v).toLowerCase()
    const emails = Array.from({ length: 1000 }, (_, i) => `USER${i * 50 + 1}@example.com`)
    const [found] = await timed(() => contacts.findByKey('email', emails, lower))
    expect(found).toHaveLength(1000)

    const batch = Array.from({ length: 5000 }, (_, i) => ({ op: 'update' as const, ref: `u${i}`, id: String(i * 10 + 1), fields: { city: 'Shelbyville' } }))
    const [outcomes] = await timed(() => contacts.write(batch))
    expect(outcomes.every((o) => o.ok)).toBe(true)

    await timed(() => contacts.write([{ op: 'create', ref: 'c', fields: { first_name: 'New' } }]))
    expect((await read(file)).endsWith(`${ROWS + 1},New,,,,,,\n`)).toBe(true)

    const [relisted] = await timed(async () => drain(await contacts.listChanged(listed.cursor)))
    expect(relisted.records).toHaveLength(ROWS + 1)
  })
})
