import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { csvFile, openCsv, tempFolder } from './helpers'

describe('Test connection', () => {
  it('counts the rows of each file in the folder', async () => {
    const dir = await tempFolder()
    const rows = Array.from({ length: 1204 }, (_, i) => `${i + 1},x`).join('\n')
    await writeFile(path.join(dir, 'contacts.csv'), `id,name\n${rows}\n`)
    await writeFile(path.join(dir, 'invoices.csv'), 'id,total\n1,10\n2\n')
    await writeFile(path.join(dir, 'products.csv'), 'id,name\n')
    expect(await (await openCsv({ folder: dir })).test()).toEqual({
      ok: true,
      accountName: dir,
      message:
        'Found 3 files: contacts.csv (1,204 rows; plain text, accents written as UTF-8, commas, Unix line breaks), invoices.csv (1 row, 1 line with problems; plain text, accents written as UTF-8, commas, Unix line breaks), products.csv (0 rows; plain text, accents written as UTF-8, commas, Unix line breaks).' +
        ' Patchbay worked out how each file is saved; if that is wrong, set the connection\'s "encoding" or "delimiter" setting.'
    })
  })

  it('names the file that cannot be used', async () => {
    const dir = await tempFolder()
    await writeFile(path.join(dir, 'contacts.csv'), 'id,name\n1,Ann\n')
    await writeFile(path.join(dir, 'orders.csv'), 'number,total\n1,10\n')
    const result = await (await openCsv({ folder: dir })).test()
    expect(result.ok).toBe(false)
    expect(result.message).toMatch(/^orders\.csv has no "id" column/)
  })

  it('reports a missing folder or file', async () => {
    const dir = await tempFolder()
    expect(await (await openCsv({ folder: path.join(dir, 'nope') })).test()).toMatchObject({ ok: false, message: `Cannot find the folder ${path.join(dir, 'nope')}` })
    expect(await (await openCsv({ file: path.join(dir, 'x.csv') })).test()).toMatchObject({ ok: false, message: `Cannot find ${path.join(dir, 'x.csv')}` })
    expect(await (await openCsv({ file: path.join(dir, 'x.csv'), createIfMissing: true })).test()).toMatchObject({ ok: true, message: 'Found x.csv (not created yet). Patchbay worked out how each file is saved; if that is wrong, set the connection\'s "encoding" or "delimiter" setting.' })
  })

  it('describes a single file', async () => {
    const file = await csvFile('id,name\n1,Ann\n2,Bob\n')
    expect(await (await openCsv({ file, encoding: 'utf-8', delimiter: ',' })).test()).toEqual({ ok: true, accountName: file, message: 'Found contacts.csv (2 rows; UTF-8, commas, Unix line breaks, as set).' })
  })
})
