import { writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../../src/main/errors'
import { csvConnector } from '../../../src/main/connectors/csv'
import { connection, csvFile, openCsv, openFile } from './helpers'

/** The ConfigError listing the file throws. */
async function refusal(content: string | Buffer, settings: Record<string, unknown> = {}, name = 'contacts.csv'): Promise<ConfigError> {
  const object = await openFile(await csvFile(content, name), settings)
  const err = await object.listChanged(null).then(
    () => undefined,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(ConfigError)
  return err as ConfigError
}

describe('files that are not CSV', () => {
  it.each([
    ['an Excel workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), /contacts\.csv is not a CSV file: it is an Excel workbook/],
    ['binary data', Buffer.from([0x69, 0x64, 0x0a, 0x00, 0x01, 0x02, 0xff]), /contacts\.csv is not a CSV file: it contains binary data/],
    ['a PDF', Buffer.from('%PDF-1.7\n', 'latin1'), /contacts\.csv is not a CSV file: it is a PDF/]
  ])('refuses %s, naming the file and saying how to save it', async (_what, bytes, message) => {
    const err = await refusal(bytes)
    expect(err.message).toMatch(message)
    expect(err.meta.hint).toMatch(/save it/i)
    expect(err.meta.connectionId).toBe('files')
  })

  it('refuses an empty file: there is no header row', async () => {
    expect((await refusal('')).message).toBe('contacts.csv has no header row')
    expect((await refusal('\n\n')).message).toBe('contacts.csv has no header row')
  })

  it('refuses a header with an empty or repeated column name', async () => {
    expect((await refusal('id,name,,email\n1,Ann,,a@x.com\n')).message).toBe('contacts.csv has a column with no name in its header row (column 3)')
    expect((await refusal('id,email,Email,email\n')).message).toBe('contacts.csv uses the column name "email" more than once in its header row')
  })

  it('refuses a header that is not valid CSV', async () => {
    expect((await refusal('id,"name\n1,Ann\n')).message).toMatch(/contacts\.csv is not a CSV file Patchbay can read: its first line/)
  })
})

describe('a file that lost its key column', () => {
  it('names the file, the key column and the columns it has', async () => {
    const err = await refusal('ID,name\n1,Ann\n')
    expect(err.message).toBe('contacts.csv has no "id" column, which Patchbay uses to tell rows apart. Its columns are: "ID", "name"')
    expect(err.meta.hint).toBe('Column names must match exactly: set keyColumn to "ID", or rename that column to "id".')
  })

  it('notices when a file was edited later and lost the column', async () => {
    const file = await csvFile('id,name\n1,Ann\n')
    const contacts = await openFile(file)
    await contacts.listChanged(null)
    await writeFile(file, 'name\nAnn\n')
    await expect(contacts.listChanged(null)).rejects.toThrow(/contacts\.csv has no "id" column/)
    await expect(contacts.write([{ op: 'create', ref: 'r', fields: { name: 'Bob' } }])).rejects.toThrow(/contacts\.csv has no "id" column/)
  })

  it('suggests the delimiter when the header looks separated by something other than the one set', async () => {
    const err = await refusal('id;name\n1;Ann\n', { delimiter: ',' })
    expect(err.meta.hint).toBe('The file looks separated by semicolons: set the delimiter setting to ";".')
  })
})

describe('settings', () => {
  const open = (settings: Record<string, unknown>) => csvConnector.open({ connection: connection(settings), secrets: {} })

  it('needs exactly one of file and folder, as a full path', async () => {
    await expect(open({})).rejects.toThrow(/needs either a "file" or a "folder"/)
    await expect(open({ file: '/a.csv', folder: '/b' })).rejects.toThrow(/needs either a "file" or a "folder"/)
    await expect(open({ file: 'contacts.csv' })).rejects.toThrow(/"file" setting must be a full path/)
  })

  it('names a wrong option', async () => {
    await expect(open({ folder: '/tmp', delimiter: ';;' })).rejects.toThrow(/setting "delimiter" is wrong/)
    await expect(open({ folder: '/tmp', objects: { contacts: { batchSize: 0 } } })).rejects.toThrow(/setting "objects.contacts.batchSize" is wrong/)
  })

  it('accepts "tab" as the delimiter', async () => {
    const contacts = await openFile(await csvFile('id\tname\n1\tAnn, Lee\n'), { delimiter: 'tab' })
    expect(await contacts.get(['1'])).toEqual([{ id: '1', fields: { id: '1', name: 'Ann, Lee' } }])
  })

  it('has only the one object of its file', async () => {
    const session = await openCsv({ file: await csvFile('id\n1\n') })
    expect(() => session.object('invoices')).toThrow(/its only object is "contacts", not "invoices"/)
  })
})
