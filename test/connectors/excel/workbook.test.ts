/**
 * An .xlsx workbook as a system: the chosen sheet and header row, cells read as what they
 * are, writes that keep the other sheets, formulas and formatting, failures with row
 * numbers, and a password-protected workbook refused with nothing written.
 */
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ConfigError, RecordError } from '../../../src/main/errors'
import { drain, encryptedWorkbook, openCsv, openWorkbook, shopWorkbook } from './helpers'

async function customers(file: string, settings: Record<string, unknown> = {}) {
  const session = await openCsv({ file, sheet: 'Customers', headerRow: 2, ...settings })
  return session.object('shop')
}

describe('reading a sheet', () => {
  it('reads the chosen sheet under its header row, numbers as numbers, dates as dates, formulas as their results', async () => {
    const file = await shopWorkbook()
    const { records, problems, cursor } = await drain(await (await customers(file)).listChanged(null))
    expect(problems).toEqual([])
    expect(cursor).toMatch(/^[0-9a-f]{64}$/)
    expect(records[0]).toEqual({
      id: '101',
      fields: { id: '101', email: 'ann@shop.test', firstname: 'Ann', lastname: 'Lee', joined: '2024-03-05', spend: 120.5, spend_with_vat: 144.6 }
    })
    expect(records.map((r) => r.id)).toEqual(['101', '102', '103'])
    expect(await (await customers(file)).fields()).toEqual([
      { name: 'id', type: 'string' }, // a key is an id, whatever the cell holds
      { name: 'email', type: 'string' },
      { name: 'firstname', type: 'string' },
      { name: 'lastname', type: 'string' },
      { name: 'joined', type: 'date' },
      { name: 'spend', type: 'number' },
      { name: 'spend_with_vat', type: 'number' }
    ])
  })

  it('says in Test connection which sheet and row it read', async () => {
    const file = await shopWorkbook()
    expect(await (await openCsv({ file, sheet: 'customers', headerRow: '2' })).test()).toMatchObject({ ok: true, message: 'Found shop.xlsx (sheet "Customers", column names on row 2, 3 rows).' })
  })

  it('names a missing sheet and an empty header row, listing what there is', async () => {
    const file = await shopWorkbook()
    await expect((await customers(file, { sheet: 'Kunden' })).listChanged(null)).rejects.toThrow('shop.xlsx has no sheet "Kunden"; its sheets are "Summary", "Customers"')
    await expect((await customers(file, { headerRow: 9 })).listChanged(null)).rejects.toThrow('Row 9 of shop.xlsx, sheet "Customers" is empty, so Patchbay finds no column names there')
    await expect(openCsv({ file, headerRow: 0 })).rejects.toThrow('setting "headerRow" is wrong: rows count from 1')
  })

  it('reports rows it cannot use with their row numbers and reads the rest', async () => {
    const file = await shopWorkbook()
    const book = await openWorkbook(file)
    const sheet = book.getWorksheet('Customers')!
    sheet.getRow(6).values = [102, 'again@shop.test', 'Twice']
    sheet.getRow(7).values = [null, 'nokey@shop.test', 'Nokey']
    sheet.getRow(8).values = [108, 'ref@shop.test', 'Ref', 'Err', null, { formula: 'Gone!A1', result: { error: '#REF!' } }]
    await book.xlsx.writeFile(file)
    const { records, problems } = await drain(await (await customers(file)).listChanged(null))
    expect(records.map((r) => r.id)).toEqual(['101', '102', '103'])
    expect(problems.map((p) => p.message)).toEqual([
      'row 6: id "102" is already used on row 4; this row is left out until one of them is changed',
      'row 7: the id cell is empty',
      'row 8: the spend cell shows the error #REF!; fix the formula or the cells it uses'
    ])
    expect(problems[2]).toMatchObject({ line: 8, recordId: '108' })
  })
})

describe('writing a sheet', () => {
  it('changes only the cells it writes: other sheets, formulas and formatting stay', async () => {
    const file = await shopWorkbook()
    // Cells formatted far below the list, as owners do: a new row still goes right under the list.
    const formatted = await openWorkbook(file)
    formatted.getWorksheet('Customers')!.getCell('B40').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } }
    await formatted.xlsx.writeFile(file)
    const sheet = await customers(file)
    await drain(await sheet.listChanged(null))
    const outcomes = await sheet.write([
      { op: 'update', ref: 'u', id: '102', fields: { firstname: 'Bodil', spend: '95.25', joined: '2025-02-01' } },
      { op: 'create', ref: 'c', fields: { id: '104', email: 'di@shop.test', firstname: 'Di', lastname: 'Øst', joined: '2026-12-06', spend: 10 } }
    ])
    expect(outcomes.map((o) => o.ok)).toEqual([true, true])
    expect(outcomes[1]).toMatchObject({ id: '104', fields: { firstname: 'Di', joined: '2026-12-06', spend: 10 } })
    const book = await openWorkbook(file)
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'Customers'])
    expect(book.getWorksheet('Summary')!.getCell('B1').value).toMatchObject({ formula: 'COUNTA(Customers!A3:A100)' })
    expect(book.getWorksheet('Summary')!.getCell('A1').font).toMatchObject({ bold: true })
    const customersSheet = book.getWorksheet('Customers')!
    expect(customersSheet.getCell('A1').value).toBe('Customer list (export of 6 Dec)')
    expect(customersSheet.getCell('C2').font).toMatchObject({ bold: true })
    expect(customersSheet.getCell('G4').value).toMatchObject({ formula: 'F4*1.2' })
    expect(customersSheet.getCell('C4').value).toBe('Bodil')
    expect(customersSheet.getCell('F4').value).toBe(95.25) // a number column stays numbers
    expect(customersSheet.getCell('E4').value).toEqual(new Date(Date.UTC(2025, 1, 1)))
    expect(customersSheet.getCell('E6').value).toEqual(new Date(Date.UTC(2026, 11, 6)))
    expect(customersSheet.getCell('E6').numFmt).toBe('dd/mm/yyyy') // the new row looks like the one above
    expect(customersSheet.getCell('D6').value).toBe('Øst')
    expect(customersSheet.getCell('B40').fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } })
    // Read back, the write is no change to send anywhere.
    const again = await drain(await (await customers(file)).listChanged(null))
    expect(again.records.find((r) => r.id === '102')?.fields).toMatchObject({ firstname: 'Bodil', spend: 95.25, joined: '2025-02-01' })
  })

  it('does not overwrite a formula: the record fails with its row number, the others are written', async () => {
    const file = await shopWorkbook()
    const sheet = await customers(file)
    const [formula, same, plain] = await sheet.write([
      { op: 'update', ref: 'f', id: '101', fields: { spend_with_vat: 999 } },
      { op: 'update', ref: 's', id: '103', fields: { spend_with_vat: 0 } },
      { op: 'update', ref: 'p', id: '103', fields: { lastname: 'Nguyen' } }
    ])
    expect(formula.ok).toBe(false)
    const error = (formula as { error: RecordError }).error
    expect(error.message).toBe('the spend_with_vat cell on row 3 is a formula, and Patchbay does not overwrite formulas')
    expect(error).toMatchObject({ line: 3, recordId: '101' })
    expect([same.ok, plain.ok]).toEqual([true, true])
    const book = await openWorkbook(file)
    expect(book.getWorksheet('Customers')!.getCell('G3').value).toMatchObject({ formula: 'F3*1.2' })
    expect(book.getWorksheet('Customers')!.getCell('D5').value).toBe('Nguyen')
  })

  it('refuses a column the sheet does not have, writing nothing', async () => {
    const file = await shopWorkbook()
    const before = await readFile(file)
    await expect((await customers(file)).write([{ op: 'update', ref: 'u', id: '101', fields: { phone: '+44' } }])).rejects.toThrow('shop.xlsx (sheet "Customers") has no "phone" column, and Patchbay does not add columns to your workbook')
    expect(await readFile(file)).toEqual(before)
  })
})

describe('a password-protected workbook', () => {
  it('is refused in plain words, by reads, writes and Test connection, and nothing is written', async () => {
    const file = await encryptedWorkbook()
    const before = await readFile(file)
    const locked = (await openCsv({ file })).object('locked')
    const err = await locked.listChanged(null).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).message).toBe('locked.xlsx is protected with a password, so Patchbay cannot open it and has changed nothing')
    expect((err as ConfigError).meta.hint).toMatch(/Save a copy without the password/)
    await expect(locked.write([{ op: 'create', ref: 'c', fields: { id: '1' } }])).rejects.toThrow(/protected with a password/)
    expect(await (await openCsv({ file })).test()).toMatchObject({ ok: false, message: 'locked.xlsx is protected with a password, so Patchbay cannot open it and has changed nothing' })
    expect(await readFile(file)).toEqual(before)
  })
})
