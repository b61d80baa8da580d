/** Workbooks for the Excel tests, built with exceljs in the test itself (no binary fixtures). */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { tempFolder } from '../csv/helpers'

export { drain, openCsv, openFile, tempFolder } from '../csv/helpers'

/**
 * A shop's workbook: a "Summary" sheet first (a formula counting the customers, bold),
 * then "Customers" with a title in row 1, column names in row 2, and rows of text,
 * numbers, dates and a formula column.
 */
export async function shopWorkbook(dir?: string): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  const summary = workbook.addWorksheet('Summary')
  summary.getCell('A1').value = 'Customers'
  summary.getCell('B1').value = { formula: 'COUNTA(Customers!A3:A100)', result: 3 }
  summary.getCell('A1').font = { bold: true }
  const customers = workbook.addWorksheet('Customers')
  customers.getCell('A1').value = 'Customer list (export of 6 Dec)'
  customers.getRow(2).values = ['id', 'email', 'firstname', 'lastname', 'joined', 'spend', 'spend_with_vat']
  customers.getRow(2).font = { bold: true }
  const people: [number, string, string, string, Date, number][] = [
    [101, 'ann@shop.test', 'Ann', 'Lee', new Date(Date.UTC(2024, 2, 5)), 120.5],
    [102, 'bo@shop.test', 'Bo', 'Ek', new Date(Date.UTC(2025, 0, 31)), 80],
    [103, 'cy@shop.test', 'Cy', 'Ng', new Date(Date.UTC(2026, 10, 1)), 0]
  ]
  people.forEach((p, i) => {
    const r = i + 3
    customers.getRow(r).values = [...p, { formula: `F${r}*1.2`, result: p[5] * 1.2 }]
    customers.getCell(`E${r}`).numFmt = 'dd/mm/yyyy'
    customers.getCell(`F${r}`).numFmt = '#,##0.00'
  })
  const file = path.join(dir ?? (await tempFolder()), 'shop.xlsx')
  await workbook.xlsx.writeFile(file)
  return file
}

/** Opens a workbook from disk with exceljs, as Excel would see it. */
export async function openWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(file)
  return workbook
}

/**
 * The start of a password-protected workbook as Excel saves it: an OLE compound file
 * (signature D0 CF 11 E0 A1 B1 1A E1) whose directory names the "EncryptionInfo" and
 * "EncryptedPackage" streams (UTF-16 names, as in MS-OFFCRYPTO). Only the parts a reader
 * looks at before decrypting; enough to be refused, which is all Patchbay does with it.
 */
export async function encryptedWorkbook(): Promise<string> {
  const header = Buffer.alloc(512)
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header)
  const entry = (name: string) => {
    const e = Buffer.alloc(128)
    e.write(name, 0, 'utf16le')
    e.writeUInt16LE((name.length + 1) * 2, 64)
    e[66] = 2 // a stream
    return e
  }
  const file = path.join(await tempFolder(), 'locked.xlsx')
  await writeFile(file, Buffer.concat([header, entry('Root Entry'), entry('EncryptionInfo'), entry('EncryptedPackage'), Buffer.alloc(128)]))
  return file
}
