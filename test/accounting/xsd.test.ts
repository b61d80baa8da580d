/**
 * Every field Patchbay sends to QuickBooks exists in Intuit's XSD for that entity
 * (inherited types and nested types included): the postings of every kind and style,
 * the customers and items Patchbay creates, sparse updates and deletes. The fake applies
 * the same check to every write, so the other tests would fail on an invented field too.
 */
import { describe, expect, it } from 'vitest'
import { composeParts, paymentPart, type Resolved } from '../../src/main/accounting/compose'
import { CustomerDirectory, render } from '../../src/main/connectors/quickbooks/books'
import { customerBody } from '../../src/main/connectors/quickbooks/books/customers'
import { readAccountingMapping } from '../../src/main/accounting'
import { readRecord } from '../../src/main/accounting/record'
import { toQboJson } from '../../src/main/connectors/quickbooks/amounts'
import type { QuickBooksApi } from '../../src/main/connectors/quickbooks/api'
import { unflatten } from '../../src/main/connectors/quickbooks/flatten'
import { checkAgainstXsd, entityType } from '../support/quickbooks-xsd/xsd-check'
import { MAPPING } from './helpers'

const WORDS = { label: 'QuickBooks', multiCurrencyHint: () => '' }
const ref = (value: string, name?: string) => ({ value, ...(name ? { name } : {}) })

function resolved(over: Partial<Resolved> = {}): Resolved {
  return {
    mapping: readAccountingMapping(MAPPING),
    prefs: { multiCurrency: true, homeCurrency: 'USD' },
    clearing: () => ref('2', 'Stripe'),
    fees: ref('3', 'Stripe fees'),
    disputes: ref('4', 'Chargebacks'),
    payout: ref('5', 'Business Checking'),
    vendor: ref('12', 'Stripe'),
    paymentMethod: ref('1', 'Credit Card'),
    customer: ref('13', 'Ann Archer'),
    lines: [{ item: ref('8', 'Coffee beans'), taxCode: ref('10', 'Standard') }, { item: ref('9', 'Mugs') }],
    ...over
  }
}

const lines = JSON.stringify([{ product: 'prod_beans', amount: 1200, tax_rate: 'txr_1', tax_amount: 200, description: 'Beans' }, { product: 'prod_mugs', amount: 800 }])
const base = { date: '2026-11-24', currency: 'usd', amount: 2000, fee: 88, customer_email: 'ann@example.com', description: 'Order 1', lines }

/** The JSON QuickBooks receives for a body (decimals as numbers). */
const wire = (body: unknown) => JSON.parse(toQboJson(body)) as Record<string, unknown>

function problems(entity: string, body: unknown): string[] {
  return checkAgainstXsd(wire(body), entityType(entity), entity)
}

describe('what Patchbay sends matches Intuit’s XSDs', () => {
  it('catches an invented field (the check is real)', () => {
    expect(problems('SalesReceipt', { DocNumber: '1', Line: [{ Amount: 1, SalesItemLineDetail: { ItemRef: ref('1'), Colour: 'red' } }] })).toEqual(['SalesReceipt.Line[0].SalesItemLineDetail.Colour: not a property of SalesItemLineDetail'])
  })

  it('every part of every kind of posting, in every style', () => {
    const records = {
      sale: readRecord({ ...base, stripe_id: 'ch_1' }),
      refund: readRecord({ ...base, stripe_id: 're_1', charge: 'ch_1', fee: -30 }),
      dispute: readRecord({ stripe_id: 'dp_1', date: '2026-11-24', currency: 'usd', amount: 2000, fee: 1500, charge: 'ch_1' }),
      disputeOtherCurrency: readRecord({ stripe_id: 'dp_2', date: '2026-11-24', currency: 'eur', amount: 2000, fee: 1500, fee_currency: 'usd' }),
      payout: readRecord({ stripe_id: 'po_1', date: '2026-11-24', currency: 'usd', amount: 5000 }),
      fee: readRecord({ stripe_id: 'txn_1', kind: 'stripe_fee', date: '2026-11-24', currency: 'usd', amount: 300 })
    }
    const styles = [resolved(), resolved({ mapping: readAccountingMapping({ ...MAPPING, salesAs: 'invoice', refundsAs: 'credit-memo' }) })]
    const seen = new Set<string>()
    for (const x of styles) {
      for (const [name, r] of Object.entries(records)) {
        const docs = composeParts(r, x.lines.length === r.lines.length || r.lines.length === 0 ? x : resolved({ ...x, lines: x.lines.slice(0, r.lines.length) }), WORDS)
        if (name === 'sale' && x.mapping.salesAs === 'invoice') docs.push(paymentPart(r, x, '77'))
        const parts = docs.map((d) => ({ role: d.role, ...render(d) }))
        for (const p of parts) {
          seen.add(`${p.entity}:${p.role}`)
          expect(problems(p.entity, p.body), `${name} ${p.role} ${p.entity}`).toEqual([])
          // A sparse update sends the same body with Id, SyncToken and sparse.
          expect(problems(p.entity, { ...p.body, Id: '1', SyncToken: '0', sparse: true })).toEqual([])
        }
      }
    }
    expect([...seen].sort()).toEqual(['CreditMemo:main', 'Deposit:fee', 'Deposit:main', 'Invoice:main', 'Payment:payment', 'Purchase:fee', 'Purchase:main', 'RefundReceipt:main', 'SalesReceipt:main'])
  })

  it('customers and items Patchbay creates, and raw records written through the entity objects', () => {
    const directory = new CustomerDirectory({} as QuickBooksApi)
    const choice = directory.choose('cat@example.com', 'Cat Cooper', 'EUR', { multiCurrency: true, homeCurrency: 'USD' })
    expect('create' in choice && problems('Customer', customerBody(choice.create))).toEqual([])
    expect(problems('Item', { Name: 'Teapots', Type: 'Service', IncomeAccountRef: ref('1', 'Sales') })).toEqual([])
    const raw = unflatten({ DisplayName: 'Cat', 'PrimaryEmailAddr.Address': 'cat@example.com', 'PrimaryPhone.FreeFormNumber': '1', 'BillAddr.City': 'Leeds', Notes: 'n' })
    expect(problems('Customer', { ...raw, Id: '1', SyncToken: '2', sparse: true, Active: false })).toEqual([])
  })
})
