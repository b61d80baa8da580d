/**
 * The money half of the demo when the Stripe and QuickBooks fakes cannot start (their
 * vendor files are not beside the checkout): card payments and the shop till as CSV
 * exports, and the books as a folder of CSV ledgers, synced with the New sync page's
 * spreadsheet templates ("Payments export → bookkeeping spreadsheet", "Till sales → …, nightly").
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DemoPart } from './contacts'
import { csv, CsvEdits } from './csv-files'
import { syncFromTemplate } from './from-template'
import { payment, seeded, weekOfPayments, type Person } from './sample-data'

/** Sync ids of this part. */
export const CSV_MONEY_SYNCS = { payments: 'payments-books', till: 'till-books' } as const

/** Writes the payments, till and books files into `folder`; `buyers` are the people who pay. */
export async function csvMoneyPart(folder: string, buyers: readonly Person[], now = new Date()): Promise<DemoPart> {
  const files = { payments: join(folder, 'payments.csv'), till: join(folder, 'till-sales.csv'), books: join(folder, 'books') }
  await mkdir(files.books, { recursive: true })
  const week = weekOfPayments(now, buyers)
  await writeFile(files.payments, csv(['id', 'created', 'customer_email', 'amount', 'currency', 'description', 'status'], week.map((p) => [p.id, p.created, p.email, p.amount, p.currency, p.description, 'succeeded'])))
  await writeFile(files.till, csv(['id', 'date', 'total', 'description'], Array.from({ length: 6 }, (_, d) => [`till-${d + 1}`, new Date(now.getTime() - (6 - d) * 86_400_000).toISOString().slice(0, 10), (180 + d * 37.5).toFixed(2), 'Shop takings'])))
  await writeFile(join(files.books, 'ledger.csv'), csv(['payment_ref', 'date', 'customer', 'amount', 'currency', 'memo'], []))
  await writeFile(join(files.books, 'daily-sales.csv'), csv(['sale_ref', 'date', 'amount', 'memo'], []))
  const rand = seeded(23)
  let paymentNo = week.length
  const edits = new CsvEdits()
  return {
    connections: [
      { connection: { id: 'payments', system: 'csv', label: 'Card payments (CSV export)', settings: { file: files.payments, keyColumn: 'id' } } },
      { connection: { id: 'till', system: 'csv', label: 'Shop till (CSV export)', settings: { file: files.till, keyColumn: 'id' } } },
      { connection: { id: 'books', system: 'csv', label: 'Bookkeeping (CSV ledgers)', settings: { folder: files.books, objects: { ledger: { keyColumn: 'payment_ref' }, 'daily-sales': { keyColumn: 'sale_ref' } } } } }
    ],
    syncs: async (setup) => [
      await syncFromTemplate(setup, { template: 'payments-ledger-csv', id: CSV_MONEY_SYNCS.payments, name: 'Card payments → bookkeeping', left: { connectionId: 'payments', object: 'payments' }, right: { connectionId: 'books', object: 'ledger' } }),
      await syncFromTemplate(setup, { template: 'sales-ledger-csv', id: CSV_MONEY_SYNCS.till, name: 'Shop till → bookkeeping, nightly', left: { connectionId: 'till', object: 'till-sales' }, right: { connectionId: 'books', object: 'daily-sales' } })
    ],
    async opening(ctx) {
      await ctx.pause(CSV_MONEY_SYNCS.till)
      await ctx.run(CSV_MONEY_SYNCS.payments)
    },
    async tick(ctx) {
      if (ctx.isRunning(CSV_MONEY_SYNCS.payments)) return
      const p = payment(paymentNo++, new Date(), buyers, rand)
      edits.append(files.payments, [p.id, p.created, p.email, p.amount, p.currency, p.description, 'succeeded'])
      ctx.say(`New card payment ${p.id}: £${p.amount} for ${p.description.toLowerCase()}`)
    }
  }
}
