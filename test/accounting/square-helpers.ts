/**
 * The coffee shop's books for Square money beside Stripe's: the QuickBooks world with a
 * Square clearing account, fees account and vendor, and the shop's mapping with Square's
 * catalog ids and Square's own accounts (accounting.sources.square).
 */
import type { FakeCompany } from '../../src/main/stand-ins/quickbooks'
import { booksWorld, MAPPING, type BooksWorld } from './helpers'
import { SQUARE_MAPPING } from './fixtures/square-mapping'

export { SQUARE_MAPPING }

/** A books world with Square's clearing and fee accounts. */
export async function squareBooks(): Promise<BooksWorld> {
  // The shop's Stripe mapping, with Square's catalog and Square's own accounts over it.
  const books = await booksWorld({
    prefs: { multiCurrency: true },
    mapping: {
      products: { ...MAPPING.products, ...SQUARE_MAPPING.products },
      taxRates: SQUARE_MAPPING.taxRates,
      sources: { square: { clearingAccount: 'Square', feesAccount: 'Square fees', feesVendor: 'Square' } }
    }
  })
  addSquareAccounts(books.fake.company)
  books.fake.company.insert('Vendor', { DisplayName: 'Square' })
  return books
}

/** Square's clearing account and fees account in a seeded company. */
export function addSquareAccounts(company: FakeCompany): void {
  company.insert('Account', { Name: 'Square', AccountType: 'Bank', AccountSubType: 'Checking', Classification: 'Asset', CurrencyRef: { value: 'USD' } })
  company.insert('Account', { Name: 'Square fees', AccountType: 'Expense', AccountSubType: 'BankCharges', Classification: 'Expense', CurrencyRef: { value: 'USD' } })
}
