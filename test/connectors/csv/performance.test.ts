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

async function timed<T>(task: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const result = await task()
  return [result, performance.now() - start]
}

describe('a 50,000-row file', () => {
  it('lists in well under two seconds and rewrites in about one', async () => {
    const file = await csvFile(bigFile())
    const contacts = await openFile(file)

    const [listed, listMs] = await timed(async () => drain(await contacts.listChanged(null)))
    expect(listed.records).toHaveLength(ROWS)
    expect(listMs).toBeLessThan(2000)

    const lower = (v: unknown): string => String(v).toLowerCase()
    const emails = Array.from({ length: 1000 }, (_, i) => `USER${i * 50 + 1}@example.com`)
    const [found, findMs] = await timed(() => contacts.findByKey('email', emails, lower))
    expect(found).toHaveLength(1000)
    expect(findMs).toBeLessThan(1000)

    const batch = Array.from({ length: 5000 }, (_, i) => ({ op: 'update' as const, ref: `u${i}`, id: String(i * 10 + 1), fields: { city: 'Shelbyville' } }))
    const [outcomes, writeMs] = await timed(() => contacts.write(batch))
    expect(outcomes.every((o) => o.ok)).toBe(true)
    expect(writeMs).toBeLessThan(1500)

    const [, createMs] = await timed(() => contacts.write([{ op: 'create', ref: 'c', fields: { first_name: 'New' } }]))
    expect(createMs).toBeLessThan(1500)
    expect((await read(file)).endsWith(`${ROWS + 1},New,,,,,,\n`)).toBe(true)

    const [relisted, relistMs] = await timed(async () => drain(await contacts.listChanged(listed.cursor)))
    expect(relisted.records).toHaveLength(ROWS + 1)
    expect(relistMs).toBeLessThan(2000)
  })
})
