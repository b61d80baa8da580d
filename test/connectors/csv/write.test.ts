import { readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, RecordError } from '../../../src/main/errors'
import { csvFile, drain, openCsv, openFile, read, strayFiles, tempFolder } from './helpers'

const CONTACTS = 'id,name,email\n1,Ann,ann@example.com\n2,Bob,bob@example.com\n3,Cat,\n'

describe('writing rows', () => {
  it('appends a created row under its given key and returns its fields', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    const outcomes = await contacts.write([{ op: 'create', ref: 'a', fields: { id: '10', name: 'Dan', email: 'dan@example.com' } }])
    expect(outcomes).toEqual([{ ref: 'a', ok: true, id: '10', fields: { id: '10', name: 'Dan', email: 'dan@example.com' } }])
    expect(await read(file)).toBe(`${CONTACTS}10,Dan,dan@example.com\n`)
  })

  it('makes up a unique id when the key is not among the fields', async () => {
    const file = await csvFile('id,name\nC7,Ann\n9,Bob\nC12,Cat\n')
    const outcomes = await (await openFile(file, { idPrefix: 'C' })).write([
      { op: 'create', ref: 'a', fields: { name: 'Dan' } },
      { op: 'create', ref: 'b', fields: { name: 'Eve', id: null } }
    ])
    expect(outcomes.map((o) => o.ok && o.id)).toEqual(['C13', 'C14'])
    expect(await read(file)).toBe('id,name\nC7,Ann\n9,Bob\nC12,Cat\nC13,Dan\nC14,Eve\n')
  })

  it('refuses to create a row whose key is already in the file', async () => {
    const file = await csvFile(CONTACTS)
    const [dup, fresh, again] = await (await openFile(file)).write([
      { op: 'create', ref: 'a', fields: { id: '2', name: 'Bobby' } },
      { op: 'create', ref: 'b', fields: { id: '4', name: 'Dan' } },
      { op: 'create', ref: 'c', fields: { id: '4', name: 'Dan twice' } }
    ])
    expect(dup.ok).toBe(false)
    expect(!dup.ok && dup.error).toBeInstanceOf(RecordError)
    expect(!dup.ok && dup.error.message).toBe('a row with key 2 already exists in contacts.csv')
    expect(fresh.ok).toBe(true)
    expect(!again.ok && again.error.message).toBe('a row with key 4 already exists in contacts.csv')
    expect(await read(file)).toBe(`${CONTACTS}4,Dan,\n`)
  })

  it('updates only the given fields of a row and leaves the other rows byte for byte', async () => {
    const original = 'id,name,email,notes\n1, Ann ,ann@example.com,"said ""hi"""\n2,Bob,bob@example.com,plain\n'
    const file = await csvFile(original)
    const [outcome] = await (await openFile(file)).write([{ op: 'update', ref: 'u', id: '2', fields: { email: 'robert@example.com' } }])
    expect(outcome).toEqual({ ref: 'u', ok: true, id: '2', fields: { id: '2', name: 'Bob', email: 'robert@example.com', notes: 'plain' } })
    expect(await read(file)).toBe('id,name,email,notes\n1, Ann ,ann@example.com,"said ""hi"""\n2,Bob,robert@example.com,plain\n')
  })

  it('refuses to update a row that is no longer in the file', async () => {
    const [outcome] = await (await openFile(await csvFile(CONTACTS))).write([{ op: 'update', ref: 'u', id: '99', fields: { name: 'Zed' } }])
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.error.message).toBe('row with id 99 is no longer in contacts.csv')
    expect(!outcome.ok && outcome.error.recordId).toBe('99')
  })

  it('never adds a column the file lacks: the write is refused, naming the column, and the file is left as it was', async () => {
    const original = 'id,"full name",email\n1,Ann,ann@example.com\n2,Bob,\n'
    const file = await csvFile(original)
    const writing = (await openFile(file)).write([
      { op: 'create', ref: 'c', fields: { id: '3', 'full name': 'Cat' } },
      { op: 'update', ref: 'u', id: '2', fields: { phone: '+1 555 0100' } }
    ])
    await expect(writing).rejects.toThrow(ConfigError)
    await expect(writing).rejects.toThrow('has no "phone" column')
    expect(await read(file)).toBe(original)
  })

  it('deletes rows, and a row already gone is fine', async () => {
    const file = await csvFile(CONTACTS)
    const outcomes = await (await openFile(file)).write([
      { op: 'delete', ref: 'd1', id: '2' },
      { op: 'delete', ref: 'd2', id: '2' },
      { op: 'delete', ref: 'd3', id: '42' }
    ])
    expect(outcomes).toEqual([
      { ref: 'd1', ok: true, id: '2' },
      { ref: 'd2', ok: true, id: '2' },
      { ref: 'd3', ok: true, id: '42' }
    ])
    expect(await read(file)).toBe('id,name,email\n1,Ann,ann@example.com\n3,Cat,\n')
  })

  it('keeps lines it could not read exactly as they were', async () => {
    const original = 'id,name\n1,Ann\n2,"Bob\n3,Cat,extra\n4,Dan\n'
    const file = await csvFile(original)
    await (await openFile(file)).write([{ op: 'update', ref: 'u', id: '4', fields: { name: 'Daniel' } }])
    expect(await read(file)).toBe('id,name\n1,Ann\n2,"Bob\n3,Cat,extra\n4,Daniel\n')
  })

  it('deleting a key also removes its repeated copies, so the record does not come back', async () => {
    const file = await csvFile('id,name\n1,Ann\n2,Bob\n1,Ann copy\n')
    const contacts = await openFile(file)
    await contacts.write([{ op: 'delete', ref: 'd', id: '1' }])
    expect(await read(file)).toBe('id,name\n2,Bob\n')
  })

  it('rewrites the file once per batch by atomic rename, leaving no temp file', async () => {
    const dir = await tempFolder()
    const file = path.join(dir, 'contacts.csv')
    await writeFile(file, CONTACTS, { mode: 0o640 })
    const before = await stat(file)
    await (await openFile(file)).write([
      { op: 'create', ref: 'a', fields: { id: '4', name: 'Dan' } },
      { op: 'update', ref: 'b', id: '1', fields: { name: 'Annie' } },
      { op: 'delete', ref: 'c', id: '3' }
    ])
    const after = await stat(file)
    expect(after.ino).not.toBe(before.ino)
    expect(after.mode & 0o777).toBe(0o640)
    expect(await strayFiles(dir, ['contacts.csv'])).toEqual([])
    expect(await read(file)).toBe('id,name,email\n1,Annie,ann@example.com\n2,Bob,bob@example.com\n4,Dan,\n')
  })

  it('does not touch the file when nothing in the batch changes it', async () => {
    const file = await csvFile(CONTACTS)
    const before = await stat(file)
    const contacts = await openFile(file)
    await contacts.write([
      { op: 'update', ref: 'u', id: '1', fields: { name: 'Ann' } },
      { op: 'delete', ref: 'd', id: '77' }
    ])
    expect((await stat(file)).ino).toBe(before.ino)
  })

  it('keeps the byte-order mark and CRLF line breaks of an Excel file', async () => {
    const file = await csvFile(Buffer.from('\uFEFFid;name\r\n1;Ann\r\n'))
    await (await openFile(file, { delimiter: ';' })).write([{ op: 'create', ref: 'c', fields: { id: '2', name: 'Bob; Jr' } }])
    expect((await readFile(file)).toString('utf8')).toBe('\uFEFFid;name\r\n1;Ann\r\n2;"Bob; Jr"\r\n')
  })

  it('creates a missing file with a header from the first written fields when createIfMissing is on', async () => {
    const dir = await tempFolder()
    const contacts = (await openCsv({ folder: dir, createIfMissing: true, keyColumn: 'ref' })).object('contacts')
    await drain(await contacts.listChanged(null))
    await contacts.write([
      { op: 'create', ref: 'a', fields: { name: 'Ann', email: 'ann@example.com' } },
      { op: 'create', ref: 'b', fields: { email: 'bob@example.com', ref: 'B-1' } }
    ])
    expect(await read(path.join(dir, 'contacts.csv'))).toBe('ref,name,email\n1,Ann,ann@example.com\nB-1,,bob@example.com\n')
  })

  it('refuses the whole batch when the file is missing and createIfMissing is off', async () => {
    const dir = await tempFolder()
    const contacts = (await openCsv({ folder: dir })).object('contacts')
    await expect(contacts.write([{ op: 'create', ref: 'a', fields: { name: 'Ann' } }])).rejects.toThrow(/contacts\.csv is missing/)
  })

  it('reads back what it wrote: the next listing has the new rows', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    await contacts.write([{ op: 'update', ref: 'u', id: '3', fields: { email: 'cat@example.com' } }])
    const { records } = await drain(await contacts.listChanged(null))
    expect(records.find((r) => r.id === '3')?.fields.email).toBe('cat@example.com')
    expect(await contacts.get(['3'])).toEqual([{ id: '3', fields: { id: '3', name: 'Cat', email: 'cat@example.com' } }])
  })
})
