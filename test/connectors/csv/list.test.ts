import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../src/main/errors'
import { csvFile, drain, openCsv, openFile, tempFolder } from './helpers'

const CONTACTS = 'id,name,email,phone,balance\n1,Ann Lee,ann@example.com,+1 555 0100,12.50\n2,Bob,,555-0101,007\n3,Cat,cat@example.com,,\n'

describe('reading a CSV file', () => {
  it('lists every row with its key as id and every value as the text in the file', async () => {
    const contacts = await openFile(await csvFile(CONTACTS))
    const feed = await contacts.listChanged(null)
    const { records, problems } = await drain(feed)

    expect(feed.complete).toBe(true)
    expect(feed.total).toBe(3)
    expect(problems).toEqual([])
    expect(records.map((r) => r.id)).toEqual(['1', '2', '3'])
    // Numbers are not coerced ("007" stays "007") and empty cells stay ''.
    expect(records[1].fields).toEqual({ id: '2', name: 'Bob', email: '', phone: '555-0101', balance: '007' })
  })

  it('returns the sha256 of the file as the cursor on the last page only', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${i + 1},Name ${i + 1}`)
    const contacts = await openFile(await csvFile(`id,name\n${rows.join('\n')}\n`))
    const { pages, records, cursor } = await drain(await contacts.listChanged(null))

    expect(records).toHaveLength(2500)
    expect(pages.map((p) => p.records.length)).toEqual([1000, 1000, 500])
    expect(pages.slice(0, -1).every((p) => p.cursor === null)).toBe(true)
    expect(cursor).toMatch(/^[0-9a-f]{64}$/)
  })

  it('costs one read and yields nothing when the file has not changed since the cursor', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    const first = await drain(await contacts.listChanged(null))

    const again = await contacts.listChanged(first.cursor)
    const second = await drain(again)
    expect(again.complete).toBe(false)
    expect(second.records).toEqual([])
    expect(second.cursor).toBe(first.cursor)

    await writeFile(file, CONTACTS.replace('Bob', 'Robert'))
    const changed = await contacts.listChanged(first.cursor)
    const third = await drain(changed)
    expect(changed.complete).toBe(true)
    expect(third.records.find((r) => r.id === '2')?.fields.name).toBe('Robert')
    expect(third.cursor).not.toBe(first.cursor)
  })

  it('guesses each column type from its first values', async () => {
    const contacts = await openFile(await csvFile('id,name,email,phone,balance,since\n1,Ann,ann@example.com,+1 555 0100,12.50,2024-01-31\n2,Bob,bob@example.com,(555) 010-1234,-3,2023-12-01\n'))
    expect(await contacts.fields()).toEqual([
      { name: 'id', type: 'number' },
      { name: 'name', type: 'string' },
      { name: 'email', type: 'email' },
      { name: 'phone', type: 'phone' },
      { name: 'balance', type: 'number' },
      { name: 'since', type: 'date' }
    ])
  })

  it('gets rows by id and finds them by a normalised column value', async () => {
    const contacts = await openFile(await csvFile(CONTACTS))
    expect((await contacts.get(['3', 'nope', '1'])).map((r) => r.id)).toEqual(['3', '1'])

    const lower = (v: unknown): string => String(v).trim().toLowerCase()
    const found = await contacts.findByKey('email', ['  ANN@example.com', 'nobody@example.com'], lower)
    expect(found.map((r) => r.id)).toEqual(['1'])
    // An empty value never matches the rows whose cell is empty.
    expect(await contacts.findByKey('email', [''], lower)).toEqual([])
    await expect(contacts.findByKey('fax', ['1'], lower)).rejects.toThrow(/contacts\.csv has no "fax" column/)
  })

  it('reads Excel exports: byte-order mark, CRLF line breaks, semicolons, a custom key column', async () => {
    const file = await csvFile(Buffer.from('\uFEFFCustomer No;Name\r\nC-1;"Müller; Jörg"\r\nC-2;Zoë\r\n'))
    const customers = await openFile(file, { keyColumn: 'Customer No', delimiter: ';' })
    const { records, problems } = await drain(await customers.listChanged(null))
    expect(problems).toEqual([])
    expect(records).toEqual([
      { id: 'C-1', fields: { 'Customer No': 'C-1', Name: 'Müller; Jörg' } },
      { id: 'C-2', fields: { 'Customer No': 'C-2', Name: 'Zoë' } }
    ])
  })

  it('makes each .csv file in a folder an object, with per-object options over the defaults', async () => {
    const dir = await tempFolder()
    await writeFile(path.join(dir, 'contacts.csv'), 'id,name\n1,Ann\n')
    await writeFile(path.join(dir, 'invoices.csv'), 'number;total\nINV-1;10\n')
    await writeFile(path.join(dir, 'notes.txt'), 'not a csv')
    const session = await openCsv({ folder: dir, objects: { invoices: { keyColumn: 'number', delimiter: ';' } } })

    expect(await session.objectNames()).toEqual(['contacts', 'invoices'])
    expect((await drain(await session.object('contacts').listChanged(null))).records.map((r) => r.id)).toEqual(['1'])
    expect((await drain(await session.object('invoices').listChanged(null))).records.map((r) => r.id)).toEqual(['INV-1'])
    expect(session.object('invoices')).toBe(session.object('invoices'))
  })

  it('refuses a file that is missing, naming it', async () => {
    const dir = await tempFolder()
    const session = await openCsv({ folder: dir })
    const err = await session.object('contacts').listChanged(null).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toContain('contacts.csv is missing')
    await expect(session.object('contacts').get(['1'])).rejects.toBeInstanceOf(ConfigError)
  })

  it('treats a missing file as empty on the first run only when createIfMissing is on', async () => {
    const dir = await tempFolder()
    const contacts = (await openCsv({ folder: dir, createIfMissing: true })).object('contacts')
    const first = await contacts.listChanged(null)
    const { records, cursor } = await drain(first)
    expect(first.complete).toBe(true)
    expect(records).toEqual([])
    expect(await contacts.fields()).toEqual([])

    // Still missing on the next run: nothing changed.
    const second = await contacts.listChanged(cursor)
    expect(second.complete).toBe(false)

    // But a file that was there and went away is a setting to fix, not an empty file.
    const file = path.join(dir, 'contacts.csv')
    await writeFile(file, 'id,name\n1,Ann\n')
    const seen = await drain(await contacts.listChanged(cursor))
    await rm(file)
    await expect(contacts.listChanged(seen.cursor)).rejects.toThrow(/contacts\.csv was in .* on the last run but is missing now/)
  })
})
