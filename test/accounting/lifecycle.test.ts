/**
 * Postings that follow Stripe over time and the other posting styles: invoices settled
 * by a payment, refunds as credit memos, a dispute that starts as an inquiry (nothing to
 * post), becomes a chargeback (posted) and is won (taken back out of the books).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryTable } from '../../src/main/connectors/memory'
import { DocumentsAdapter } from '../../src/main/accounting'
import type { RecoveryNotice } from '../../src/main/store/document'
import { QuickBooksBooks } from '../../src/main/connectors/quickbooks/books'
import { booksWorld, MAPPING, type BooksWorld } from './helpers'
import { cardFee } from './stripe-day'

let w: BooksWorld
afterEach(async () => w?.close())

describe('posting over time and in other styles', () => {
  it('posts invoices with a payment applied, and refunds as credit memos', async () => {
    w = await booksWorld({ mapping: { salesAs: 'invoice', refundsAs: 'credit-memo' } })
    const charges = new MemoryTable()
    const refunds = new MemoryTable()
    charges.put('c', { id: 'ch_invoiced00000000000000000', amount: 4200, amount_captured: 4200, currency: 'usd', status: 'succeeded', customer_email: 'bob@example.com', created: '2026-11-24T20:00:00Z', product_id: 'prod_mugs', fee: cardFee('usd', 4200), balance_currency: 'usd' })
    refunds.put('r', { id: 're_credited00000000000000000', amount: 1000, currency: 'usd', status: 'succeeded', charge: 'ch_invoiced00000000000000000', created: '2026-11-24T21:00:00Z', fee: 0, balance_currency: 'usd' })
    expect((await w.run(w.syncs.charges, charges)).run.status).toBe('ok')
    expect((await w.run(w.syncs.refunds, refunds)).run.status).toBe('ok')
    const [invoice] = w.fake.company.list('Invoice')
    expect(invoice).toMatchObject({ TotalAmt: 42, Balance: 0, CustomerRef: { value: w.ids.customers.bob } })
    const [payment] = w.fake.company.list('Payment')
    expect(payment).toMatchObject({ TotalAmt: 42, DepositToAccountRef: { value: w.ids.accounts.stripe }, Line: [{ LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] })
    expect(w.fake.company.list('CreditMemo')).toMatchObject([{ TotalAmt: 10 }])
    // A rerun finds the invoice and its payment and adds neither again.
    await w.run(w.syncs.charges, charges)
    expect(w.fake.company.list('Payment')).toHaveLength(1)
  })

  it('holds an inquiry, posts it when it becomes a chargeback, and takes it out when the dispute is won', async () => {
    w = await booksWorld()
    const disputes = new MemoryTable()
    const dispute = { id: 'dp_lifecycle0000000000000000', amount: 3000, currency: 'usd', status: 'warning_needs_response', charge: 'ch_x', created: '2026-11-24T20:00:00Z', fee: 0, balance_currency: 'usd' }
    disputes.put('d', dispute)
    const first = await w.run(w.syncs.disputes, disputes)
    expect(first.run.status).toBe('ok')
    expect(w.fake.company.list('Purchase')).toHaveLength(0)
    // The inquiry becomes a chargeback: Stripe withdraws the amount and charges its fee.
    disputes.put('d', { status: 'needs_response', fee: 1500 })
    const second = await w.run(w.syncs.disputes, disputes)
    expect(second.run.status, JSON.stringify((await w.state(w.syncs.disputes)).data.failures)).toBe('ok')
    expect(w.fake.company.list('Purchase')).toMatchObject([{ TotalAmt: 45, TxnDate: '2026-11-24' }])
    // Won: the money comes back, so the chargeback leaves the books.
    disputes.put('d', { status: 'won', fee: 0, amount: 3000 })
    const third = await w.run(w.syncs.disputes, disputes)
    expect(third.run.status).toBe('ok')
    expect(w.fake.company.list('Purchase')).toHaveLength(0)
    expect(w.fake.company.deleted('Purchase')).toHaveLength(1)
  })

  it('remembers a held inquiry across app restarts in the connection’s data folder', async () => {
    w = await booksWorld()
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-held-'))
    const open = () => new DocumentsAdapter({ books: new QuickBooksBooks({ api: w.session.api, tokens: new Map() }), mapping: MAPPING, dataDir })
    const inquiry = { stripe_id: 'dp_restart000000000000000000', status: 'warning_needs_response', date: '2026-11-24', currency: 'USD', amount: 0, fee: 0, charge: 'ch_x' }
    expect(await open().write([{ op: 'create', ref: 'a', fields: inquiry }])).toMatchObject([{ ok: true, id: 'dp_restart000000000000000000' }])
    // After a restart the engine sends only what changed; the rest comes from the data folder.
    const out = await open().write([{ op: 'update', ref: 'b', id: 'dp_restart000000000000000000', fields: { status: 'needs_response', amount: 3000, fee: 1500 } }])
    expect(out).toMatchObject([{ ok: true }])
    expect(w.fake.company.list('Purchase')).toMatchObject([{ TotalAmt: 45, TxnDate: '2026-11-24' }])
  })

  it('moves a damaged held-documents file aside, says so, and goes on from its last good copy', async () => {
    w = await booksWorld()
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-held-'))
    const notices: RecoveryNotice[] = []
    const open = () => new DocumentsAdapter({ books: new QuickBooksBooks({ api: w.session.api, tokens: new Map() }), mapping: MAPPING, dataDir, noteRecovery: (n) => notices.push(n) })
    const inquiry = (id: string) => ({ stripe_id: id, status: 'warning_needs_response', date: '2026-11-24', currency: 'USD', amount: 0, fee: 0, charge: 'ch_x' })
    expect(await open().write([{ op: 'create', ref: 'a', fields: inquiry('dp_kept00000000000000000000') }])).toMatchObject([{ ok: true }])
    // The second save keeps the first as a backup.
    expect(await open().write([{ op: 'create', ref: 'b', fields: inquiry('dp_later0000000000000000000') }])).toMatchObject([{ ok: true }])
    // Saves leave no temp file behind.
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
    const file = join(dataDir, 'held-documents.json')
    const damaged = '{"schemaVersion":1,"data":{"dp_kept0'
    await writeFile(file, damaged)
    const out = await open().write([{ op: 'update', ref: 'c', id: 'dp_kept00000000000000000000', fields: { status: 'needs_response', amount: 3000, fee: 1500 } }])
    expect(out).toMatchObject([{ ok: true }])
    // The held inquiry came back from the backup, whole: its chargeback is posted with its date.
    expect(w.fake.company.list('Purchase')).toMatchObject([{ TotalAmt: 45, TxnDate: '2026-11-24' }])
    expect(notices).toHaveLength(1)
    const [notice] = notices
    expect(notice.restoredFrom).toBe(`${file}.bak1`)
    expect(await readFile(notice.movedTo!, 'utf8')).toBe(damaged)
    expect(notice.message).toContain('was damaged')
    expect(notice.message).toContain('held documents')
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([])
  })

  it('reads a held-documents file written before it had a format marker', async () => {
    w = await booksWorld()
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-held-'))
    const notices: RecoveryNotice[] = []
    const id = 'dp_oldformat0000000000000000'
    await writeFile(join(dataDir, 'held-documents.json'), JSON.stringify({ [id]: { stripe_id: id, status: 'warning_needs_response', date: '2026-11-24', currency: 'USD', amount: 0, fee: 0, charge: 'ch_x' } }))
    const adapter = new DocumentsAdapter({ books: new QuickBooksBooks({ api: w.session.api, tokens: new Map() }), mapping: MAPPING, dataDir, noteRecovery: (n) => notices.push(n) })
    expect(await adapter.write([{ op: 'update', ref: 'a', id, fields: { status: 'needs_response', amount: 3000, fee: 1500 } }])).toMatchObject([{ ok: true }])
    expect(w.fake.company.list('Purchase')).toMatchObject([{ TotalAmt: 45, TxnDate: '2026-11-24' }])
    expect(notices).toEqual([])
  })
})
