/**
 * Reading QuickBooks: the first run reads every object through the query endpoint
 * (complete, paged by STARTPOSITION/MAXRESULTS), later runs read only what Change Data
 * Capture reports, deletes and deactivations included; every call pins `minorversion`.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ChangeFeed, SourceRecord } from '../../../src/main/connectors/types'
import { MINOR_VERSION } from '../../../src/main/connectors/quickbooks'
import { quickBooksWorld, type QuickBooksWorld } from './helpers'

let w: QuickBooksWorld
afterEach(async () => w?.close())

async function drain(feed: ChangeFeed): Promise<{ records: SourceRecord[]; cursor: string | null }> {
  const records: SourceRecord[] = []
  let cursor: string | null = null
  for await (const page of feed.pages) {
    records.push(...page.records)
    if (page.cursor !== null) cursor = page.cursor
  }
  return { records, cursor }
}

describe('reading QuickBooks objects', () => {
  it('reads every live customer on the first run, page by page, and leaves deleted (inactive) ones out', async () => {
    w = await quickBooksWorld()
    for (let i = 0; i < 2300; i++) w.fake.company.insert('Customer', { DisplayName: `Customer ${i}`, PrimaryEmailAddr: { Address: `c${i}@shop.test` } })
    const feed = await w.session.object('customers').listChanged(null)
    expect(feed.complete).toBe(true)
    const { records, cursor } = await drain(feed)
    expect(records).toHaveLength(2302)
    expect(records.find((r) => r.fields['PrimaryEmailAddr.Address'] === 'gone@example.com')).toBeUndefined()
    expect(records.find((r) => r.fields.DisplayName === 'Customer 7')?.fields['PrimaryEmailAddr.Address']).toBe('c7@shop.test')
    expect(cursor).toMatch(/since/)
    const pages = w.fake.requests.filter((r) => r.path === '/query').map((r) => r.query.get('query'))
    expect(pages).toEqual([
      'SELECT * FROM Customer STARTPOSITION 1 MAXRESULTS 1000',
      'SELECT * FROM Customer STARTPOSITION 1001 MAXRESULTS 1000',
      'SELECT * FROM Customer STARTPOSITION 2001 MAXRESULTS 1000'
    ])
  })

  it('reads later changes through Change Data Capture, with deactivated customers and deleted receipts as deletions', async () => {
    let now = Date.parse('2026-11-25T12:00:00Z')
    w = await quickBooksWorld({ now: () => now })
    // CDC reads changes at or after the cursor's second, so the seed must be older than it.
    now += 5_000
    const customers = w.session.object('customers')
    const first = await drain(await customers.listChanged(null))
    const receipt = w.fake.company.insert('SalesReceipt', { Line: [{ Amount: 5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: w.ids.items.mugs } } }] })
    const receipts = w.session.object('salesreceipts')
    const firstReceipts = await drain(await receipts.listChanged(null))
    expect(firstReceipts.records.map((r) => r.id)).toEqual([receipt.Id])
    now += 60_000
    w.fake.company.editAsUser('Customer', w.ids.customers.ann, { DisplayName: 'Ann Archer-Smith' })
    w.fake.company.editAsUser('Customer', w.ids.customers.bob, { Active: false })
    w.fake.company.remove('SalesReceipt', receipt.Id!)
    const later = await customers.listChanged(first.cursor)
    expect(later.complete).toBe(false)
    const got = await drain(later)
    expect(got.records.map((r) => [r.id, r.deleted ?? false, r.fields.DisplayName ?? null])).toEqual([
      [w.ids.customers.ann, false, 'Ann Archer-Smith'],
      [w.ids.customers.bob, true, 'Bob Baker']
    ])
    const gone = await drain(await receipts.listChanged(firstReceipts.cursor))
    expect(gone.records).toEqual([expect.objectContaining({ id: receipt.Id, deleted: true })])
    expect(w.fake.requests.some((r) => r.path === '/cdc' && r.query.get('entities') === 'Customer')).toBe(true)
  })

  it('falls back to a full read when the cursor is older than the 30 days CDC looks back', async () => {
    w = await quickBooksWorld()
    const customers = w.session.object('customers')
    const recent = await customers.listChanged(JSON.stringify({ since: new Date(Date.now() - 20 * 86_400_000).toISOString() }))
    expect(recent.complete).toBe(false)
    const old = await customers.listChanged(JSON.stringify({ since: new Date(Date.now() - 31 * 86_400_000).toISOString() }))
    expect(old.complete).toBe(true)
    expect((await drain(old)).records).toHaveLength(2)
  })

  it('sends minorversion on every call', async () => {
    w = await quickBooksWorld()
    await drain(await w.session.object('items').listChanged(null))
    await w.session.object('customers').findByKey('PrimaryEmailAddr.Address', ['ann@example.com'], (v) => String(v).toLowerCase())
    await w.session.test()
    expect(w.fake.requests.length).toBeGreaterThan(2)
    for (const r of w.fake.requests) expect(r.query.get('minorversion')).toBe(String(MINOR_VERSION))
  })

  it('finds customers by email and says who the company is on Test connection', async () => {
    w = await quickBooksWorld()
    const found = await w.session.object('customers').findByKey('PrimaryEmailAddr.Address', ['ANN@example.com'.toLowerCase()], (v) => String(v).toLowerCase())
    expect(found.map((r) => r.fields.DisplayName)).toEqual(['Ann Archer'])
    expect(await w.session.test()).toMatchObject({ ok: true, accountName: 'Acme Coffee Ltd' })
  })
})
