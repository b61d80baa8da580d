/**
 * Writing QuickBooks through the batch endpoint: creates, sparse updates that carry the
 * SyncToken Patchbay read, deletes (name lists only become inactive), a stale SyncToken
 * as a conflict on that one record, and a batch cut off after QuickBooks applied it,
 * which the retry with the same `requestid` cannot apply twice.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { quickBooksWorld, type QuickBooksWorld } from './helpers'

let w: QuickBooksWorld
afterEach(async () => w?.close())

describe('writing QuickBooks objects', () => {
  it('creates, updates sparsely with the SyncToken and makes deleted customers inactive, in one batch call', async () => {
    w = await quickBooksWorld()
    const customers = w.session.object('customers')
    await customers.get([w.ids.customers.ann, w.ids.customers.bob])
    const out = await customers.write([
      { op: 'create', ref: 'a', fields: { DisplayName: 'Cat Cooper', 'PrimaryEmailAddr.Address': 'cat@example.com' } },
      { op: 'update', ref: 'b', id: w.ids.customers.ann, fields: { 'PrimaryPhone.FreeFormNumber': '+1 415 555 0100' } },
      { op: 'delete', ref: 'c', id: w.ids.customers.bob }
    ])
    expect(out.map((o) => o.ok)).toEqual([true, true, true])
    const created = w.fake.company.find('Customer', (out[0] as { id: string }).id)!
    expect(created.PrimaryEmailAddr).toEqual({ Address: 'cat@example.com' })
    const ann = w.fake.company.find('Customer', w.ids.customers.ann)!
    expect(ann).toMatchObject({ DisplayName: 'Ann Archer', PrimaryPhone: { FreeFormNumber: '+1 415 555 0100' }, SyncToken: '1' })
    expect(w.fake.company.find('Customer', w.ids.customers.bob)!.Active).toBe(false)
    expect(w.fake.requests.filter((r) => r.path === '/batch').map((r) => r.batchItems)).toEqual([3])
  })

  it('turns a stale SyncToken into a conflict on that record while the rest of the batch goes through', async () => {
    w = await quickBooksWorld()
    const customers = w.session.object('customers')
    await customers.get([w.ids.customers.ann, w.ids.customers.bob])
    w.fake.company.editAsUser('Customer', w.ids.customers.ann, { Notes: 'edited in QuickBooks meanwhile' })
    const out = await customers.write([
      { op: 'update', ref: 'a', id: w.ids.customers.ann, fields: { Notes: 'from Patchbay' } },
      { op: 'update', ref: 'b', id: w.ids.customers.bob, fields: { Notes: 'from Patchbay' } }
    ])
    expect(out[1]).toMatchObject({ ok: true })
    expect(out[0].ok).toBe(false)
    const error = (out[0] as { error: Error & { code: string; meta: { hint?: string; vendorMessage?: string } } }).error
    expect(error.code).toBe('RECORD')
    expect(error.message).toBe(`Customer ${w.ids.customers.ann} was changed in QuickBooks since Patchbay read it, so Patchbay did not overwrite it`)
    expect(error.meta.vendorMessage).toContain('5010')
    expect(w.fake.company.find('Customer', w.ids.customers.ann)!.Notes).toBe('edited in QuickBooks meanwhile')
    // The next run reads the new version (and its SyncToken), so the same write then goes through.
    await customers.get([w.ids.customers.ann])
    const again = await customers.write([{ op: 'update', ref: 'a', id: w.ids.customers.ann, fields: { Notes: 'from Patchbay' } }])
    expect(again[0].ok).toBe(true)
  })

  it('deletes transactions for real, so Change Data Capture reports them', async () => {
    w = await quickBooksWorld()
    const receipts = w.session.object('salesreceipts')
    const line = JSON.stringify([{ Amount: 12.5, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: w.ids.items.mugs } } }])
    const [made] = await receipts.write([{ op: 'create', ref: 'r', fields: { 'CustomerRef.value': w.ids.customers.ann, Line: line, TxnDate: '2026-11-20' } }])
    expect(made).toMatchObject({ ok: true, fields: expect.objectContaining({ TotalAmt: 12.5 }) })
    const id = (made as { id: string }).id
    const [gone] = await receipts.write([{ op: 'delete', ref: 'd', id }])
    expect(gone.ok).toBe(true)
    expect(w.fake.company.find('SalesReceipt', id)).toBeUndefined()
    expect(w.fake.company.deleted('SalesReceipt').map((e) => e.Id)).toEqual([id])
  })

  it('never applies a batch twice when the connection drops after QuickBooks applied it', async () => {
    w = await quickBooksWorld()
    w.fake.inject({ when: (r) => r.path === '/batch', applyThenDrop: true })
    const out = await w.session.object('customers').write([{ op: 'create', ref: 'a', fields: { DisplayName: 'Dan Drop', 'PrimaryEmailAddr.Address': 'dan@example.com' } }])
    expect(out[0].ok).toBe(true)
    const batches = w.fake.requests.filter((r) => r.path === '/batch')
    expect(batches).toHaveLength(2)
    expect(batches[0].query.get('requestid')).toBe(batches[1].query.get('requestid'))
    expect(batches[0].query.get('requestid')!.length).toBeLessThanOrEqual(36)
    expect(w.fake.company.list('Customer').filter((c) => c.DisplayName === 'Dan Drop')).toHaveLength(1)
  })

  it('refuses a property QuickBooks does not have, naming it, as QuickBooks does (error 2010)', async () => {
    w = await quickBooksWorld()
    const [out] = await w.session.object('customers').write([{ op: 'create', ref: 'a', fields: { DisplayName: 'Eve', FavouriteColour: 'green' } }])
    expect(out.ok).toBe(false)
    expect((out as { error: Error }).error.message).toMatch(/FavouriteColour.*2010/)
  })

  it('says plainly that tax codes are read-only through the API', async () => {
    w = await quickBooksWorld()
    const [out] = await w.session.object('taxcodes').write([{ op: 'create', ref: 'a', fields: { Name: 'New' } }])
    expect((out as { error: Error }).error.message).toBe('QuickBooks does not let apps change TaxCode records')
  })
})
