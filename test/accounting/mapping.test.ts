/**
 * The accounting mapping is data the business edits: each mistake is reported with the
 * setting's path before anything is posted, and the templates are valid syncs.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError } from '../../src/main/errors'
import { ACCOUNTING_TEMPLATES, accountingSyncs, readAccountingMapping } from '../../src/main/accounting'
import { MemoryTable } from '../../src/main/connectors/memory'
import { booksWorld, MAPPING, type BooksWorld } from './helpers'
import { stripeDay } from './stripe-day'

let w: BooksWorld | undefined
afterEach(async () => {
  await w?.close()
  w = undefined
})

const problem = (raw: unknown) => {
  try {
    readAccountingMapping(raw, 'qbo')
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return (e as Error).message
  }
  throw new Error('accepted')
}

describe('the accounting mapping', () => {
  it('names the setting that is wrong', () => {
    expect(problem(undefined)).toBe('The QuickBooks connection has no accounting mapping yet')
    expect(problem({ feesAccount: 'Stripe fees' })).toMatch(/^The accounting mapping's "accounting.clearingAccount" is wrong/)
    expect(problem({ ...MAPPING, products: { prod_beans: { item: '' } } })).toMatch(/"accounting.products.prod_beans.item" is wrong/)
    expect(problem({ ...MAPPING, products: { beans: 'Coffee beans' } })).toBe(`The accounting mapping's "accounting.products.beans" is wrong: use the payment system’s product id: a Stripe product (prod_…) or price (price_…), or a Square catalog item id`)
    expect(problem({ ...MAPPING, taxRates: { txr_1: 7 } })).toMatch(/"accounting.taxRates.txr_1" is wrong/)
    expect(problem({ ...MAPPING, sources: { Square: { clearingAccount: 'Square' } } })).toMatch(/"accounting.sources.Square" is wrong: use a payment system’s name such as square or stripe/)
    expect(problem({ ...MAPPING, sources: { square: { clearing: 'Square' } } })).toMatch(/"accounting.sources.square" is wrong: unknown setting "clearing"/)
    expect(problem({ ...MAPPING, salesAs: 'receipts' })).toMatch(/"accounting.salesAs" is wrong/)
    expect(problem({ ...MAPPING, feeAccount: 'typo' })).toBe(`The accounting mapping's "accounting" is wrong: unknown setting "feeAccount"`)
    expect(readAccountingMapping(MAPPING)).toMatchObject({ salesAs: 'sales-receipt', refundsAs: 'refund-receipt', createCustomers: true, products: { prod_beans: { item: 'Coffee beans' } } })
  })

  it('stops the run before anything is posted when an account is missing or of the wrong type', async () => {
    w = await booksWorld({ mapping: { clearingAccount: 'Stripe fees' } })
    const day = stripeDay({ payments: 8 })
    const { run } = await w.run(w.syncs.charges, day.charges)
    expect(run.status).toBe('failed')
    expect(run.error).toMatchObject({
      code: 'CONFIG',
      message: `The accounting mapping's "accounting.clearingAccount" names "Stripe fees", an Expense account; it must be Bank or Credit Card`,
      hint: expect.stringContaining('create a Bank account called "Stripe"')
    })
    expect(w.fake.requests.filter((r) => r.path === '/batch')).toHaveLength(0)
    await w.close()
    w = await booksWorld({ mapping: { payoutAccount: 'Savings' } })
    const again = await w.run(w.syncs.payouts, new MemoryTable())
    expect(again.run.error?.message).toBe(`The accounting mapping's "accounting.payoutAccount" names "Savings", which is not an active account in QuickBooks`)
  })

  it('ships two templates whose syncs are valid, one-way and keyed by the case-sensitive payment id', () => {
    expect(ACCOUNTING_TEMPLATES.map((t) => t.id)).toEqual(['stripe-quickbooks-realtime', 'stripe-quickbooks-nightly', 'square-quickbooks-realtime', 'square-quickbooks-nightly'])
    const realtime = accountingSyncs('stripe-quickbooks-realtime', { stripe: 's1', quickbooks: 'q1', timeZone: 'Europe/London' })
    const nightly = accountingSyncs('stripe-quickbooks-nightly', { stripe: 's1', quickbooks: 'q1', timeZone: 'Europe/London' })
    expect(realtime[0].trigger).toEqual({ kind: 'watch', everySeconds: 30 })
    expect(nightly.map((s) => s.left.object)).toEqual(['charges', 'refunds', 'disputes', 'payouts'])
    for (const s of [...realtime, ...nightly]) {
      expect(s).toMatchObject({ direction: 'left-to-right', deletes: 'ignore', match: { field: 'source_id', normalise: ['trim'] }, left: { connectionId: 's1' }, right: { connectionId: 'q1', object: 'documents' } })
      if (s.trigger.kind === 'schedule') expect(s.trigger).toEqual({ kind: 'schedule', cron: '0 0 * * *', timeZone: 'Europe/London' })
      expect(s.mapping.find((m) => m.name === 'date')?.fromLeft).toEqual([{ kind: 'date', from: 'UTC', to: 'Europe/London', format: 'date' }])
      // Amounts are minor units on both sides: no transform may touch them.
      for (const f of s.mapping.filter((m) => ['amount', 'fee'].includes(m.name))) expect([...f.fromLeft, ...f.toRight]).toEqual([])
    }
    // Templates are plain JSON.
    expect(JSON.parse(JSON.stringify(ACCOUNTING_TEMPLATES))).toEqual(ACCOUNTING_TEMPLATES)
  })
})
