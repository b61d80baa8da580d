import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { describe, expect, it, vi } from 'vitest'
import { csvFile, drain, openFile, read } from './helpers'

/** Lets a test save the file "in Excel" at the moment between our temp file and our rename. */
const duringWrite = vi.hoisted(() => ({ edit: undefined as undefined | (() => Promise<void>) }))
vi.mock('../../../src/main/connectors/csv/atomic-write', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/main/connectors/csv/atomic-write')>()
  return {
    writeFileAtomic: async (...args: Parameters<typeof real.writeFileAtomic>) => {
      const edit = duringWrite.edit
      duringWrite.edit = undefined
      await edit?.()
      return real.writeFileAtomic(...args)
    }
  }
})

const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex')
const CONTACTS = 'id,name\n1,Ann\n2,Bob\n'

describe('our own writes and other people\'s edits', () => {
  it('gives the hash of what it wrote as the next cursor when nobody else edited the file', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    await drain(await contacts.listChanged(null))
    await contacts.write([{ op: 'create', ref: 'a', fields: { id: '3', name: 'Cat' } }])
    await contacts.write([{ op: 'update', ref: 'b', id: '1', fields: { name: 'Annie' } }])

    const cursor = await contacts.cursorAfterWrites()
    expect(cursor).toBe(await sha256(file))
    // So the next run does not read our own writes back.
    expect((await drain(await contacts.listChanged(cursor!))).records).toEqual([])
  })

  it('keeps the pull\'s cursor when it wrote nothing', async () => {
    const contacts = await openFile(await csvFile(CONTACTS))
    await drain(await contacts.listChanged(null))
    await contacts.write([{ op: 'delete', ref: 'd', id: 'gone' }])
    expect(await contacts.cursorAfterWrites()).toBeUndefined()
  })

  it('keeps an edit made between the pull and the write, and gives no cursor so the edit is read next run', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    const pulled = await drain(await contacts.listChanged(null))

    await writeFile(file, 'id,name\n1,Ann\n2,Bobby\n5,Eve\n')
    await contacts.write([{ op: 'update', ref: 'u', id: '1', fields: { name: 'Annie' } }])

    expect(await read(file)).toBe('id,name\n1,Annie\n2,Bobby\n5,Eve\n')
    expect(await contacts.cursorAfterWrites()).toBeUndefined()
    const next = await drain(await contacts.listChanged(pulled.cursor))
    expect(next.records.map((r) => `${r.id}:${r.fields.name}`)).toEqual(['1:Annie', '2:Bobby', '5:Eve'])
  })

  it('refuses to update a row someone deleted since the pull', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    await drain(await contacts.listChanged(null))
    await writeFile(file, 'id,name\n1,Ann\n')
    const [outcome] = await contacts.write([{ op: 'update', ref: 'u', id: '2', fields: { name: 'Robert' } }])
    expect(!outcome.ok && outcome.error.message).toBe('row with id 2 is no longer in contacts.csv')
  })

  it('starts the write over when the file is saved while it is being written', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    await drain(await contacts.listChanged(null))
    duringWrite.edit = () => writeFile(file, 'id,name\n1,Ann\n2,Bob\n9,Saved meanwhile\n')

    await contacts.write([{ op: 'create', ref: 'c', fields: { id: '3', name: 'Cat' } }])

    expect(await read(file)).toBe('id,name\n1,Ann\n2,Bob\n9,Saved meanwhile\n3,Cat\n')
    expect(await contacts.cursorAfterWrites()).toBeUndefined()
  })

  it('does not interleave two batches written at once', async () => {
    const file = await csvFile(CONTACTS)
    const contacts = await openFile(file)
    await Promise.all([
      contacts.write([{ op: 'create', ref: 'a', fields: { id: '3', name: 'Cat' } }]),
      contacts.write([{ op: 'create', ref: 'b', fields: { id: '4', name: 'Dan' } }])
    ])
    expect(await read(file)).toBe(`${CONTACTS}3,Cat\n4,Dan\n`)
  })
})
