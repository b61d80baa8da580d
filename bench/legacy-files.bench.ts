/**
 * Legacy files (issue 17): what an encoding, a workbook and a drop folder cost next to a
 * plain UTF-8 CSV. 50,000 rows as UTF-8, Windows-1252 (semicolons, CRLF) and UTF-16 LE:
 * list and update 5,000 rows (one atomic rewrite in the file's own encoding); an .xlsx
 * sheet of 5,000 rows: list and update 500 (one save of the workbook); a drop folder of 30
 * exports of 1,000 rows: one read of all of them.
 */
import { mkdir, mkdtemp, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { openCsvSession } from '../src/main/connectors/csv'
import type { ChangeFeed, ObjectAdapter } from '../src/main/connectors/types'
import { connectionSchema } from '../src/shared/domain'

const dir = await mkdtemp(join(tmpdir(), 'patchbay-legacy-bench-'))
const drain = async (feed: ChangeFeed) => {
  let n = 0
  for await (const p of feed.pages) n += p.records.length
  return n
}
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t = performance.now()
  const r = await f()
  return [r, Math.round(performance.now() - t)]
}
const open = async (settings: Record<string, unknown>, object: string): Promise<ObjectAdapter> =>
  (await openCsvSession({ connection: connectionSchema.parse({ id: 'bench', system: 'csv', label: 'bench', settings: { batchSize: 5000, ...settings } }) })).object(object)

const ROWS = 50_000
const row = (i: number, d: string) => [String(i), `Zoë${i}`, `Müller-Ærø${i}`, `user${i}@example.com`, 'Köln', `said “hi” on visit ${i}`].join(d)
for (const [name, encoding, d, eol] of [
  ['UTF-8', 'utf-8', ',', '\n'],
  ['Windows-1252', 'windows-1252', ';', '\r\n'],
  ['UTF-16 LE', 'utf-16le', '\t', '\r\n']
] as const) {
  const file = join(dir, `${encoding}.csv`)
  const text = [['id', 'first', 'last', 'email', 'city', 'notes'].join(d), ...Array.from({ length: ROWS }, (_, i) => row(i + 1, d))].join(eol) + eol
  await writeFile(file, encoding === 'utf-16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, encoding)]) : iconv.encode(text, encoding))
  const contacts = await open({ file }, encoding)
  const [listed, listMs] = await time(async () => drain(await contacts.listChanged(null)))
  const [, writeMs] = await time(() => contacts.write(Array.from({ length: 5000 }, (_, i) => ({ op: 'update' as const, ref: `u${i}`, id: String(i * 10 + 1), fields: { city: 'Besançon' } }))))
  console.log(`CSV ${name} of ${listed.toLocaleString('en')} rows: list ${listMs} ms · update 5,000 rows (one rewrite in ${name}) ${writeMs} ms`)
}

const SHEET_ROWS = 5000
const book = new ExcelJS.Workbook()
book.addWorksheet('Summary').getCell('A1').value = { formula: 'COUNTA(Customers!A:A)-1', result: SHEET_ROWS }
const sheet = book.addWorksheet('Customers')
sheet.addRow(['id', 'first', 'last', 'email', 'joined', 'spend', 'with_vat'])
for (let i = 1; i <= SHEET_ROWS; i++) sheet.addRow([i, `Zoë${i}`, `Müller${i}`, `user${i}@example.com`, new Date(Date.UTC(2025, i % 12, 1 + (i % 28))), i * 1.5, { formula: `F${i + 1}*1.2`, result: i * 1.8 }])
const xlsx = join(dir, 'customers.xlsx')
await book.xlsx.writeFile(xlsx)
const customers = await open({ file: xlsx, sheet: 'Customers' }, 'customers')
const [sheetRows, sheetListMs] = await time(async () => drain(await customers.listChanged(null)))
const [, sheetWriteMs] = await time(() => customers.write(Array.from({ length: 500 }, (_, i) => ({ op: 'update' as const, ref: `u${i}`, id: String(i * 10 + 1), fields: { first: 'Renée' } }))))
console.log(`Excel sheet of ${sheetRows.toLocaleString('en')} rows (7 columns, a formula each, a second sheet): list ${sheetListMs} ms · update 500 rows (one save of the workbook) ${sheetWriteMs} ms`)

const drop = join(dir, 'drop')
await mkdir(drop)
const old = new Date(Date.now() - 3_600_000)
for (let f = 1; f <= 30; f++) {
  const file = join(drop, `sales-2026-11-${String(f).padStart(2, '0')}.csv`)
  await writeFile(file, ['sale;customer;amount', ...Array.from({ length: 1000 }, (_, i) => `S${f}-${i};Zoë ${i};${i},50`)].join('\r\n') + '\r\n')
  await utimes(file, old, old)
}
const sales = await open({ dropFolder: drop, pattern: 'sales-*.csv', keyColumn: 'sale' }, 'sales')
const [dropRows, dropMs] = await time(async () => drain(await sales.listChanged(null)))
console.log(`Drop folder of 30 exports × 1,000 rows: one read of ${dropRows.toLocaleString('en')} sales ${dropMs} ms`)
