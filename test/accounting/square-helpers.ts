/**
 * The coffee shop's books for Square money: the QuickBooks world with a Square clearing
 * account and a Square fees account, and a mapping from Square's catalog ids.
 */
import type { FakeCompany } from '../../src/main/stand-ins/quickbooks'
import { booksWorld, type BooksWorld } from './helpers'
import { SQUARE_MAPPING } from './fixtures/square-mapping'

export { SQUARE_MAPPING }

/** A books world with Square's clearing and fee accounts. */
export async function squareBooks(): Promise<BooksWorld> {
  // The mapping leaves Stripe's fee vendor out: Square's fees are paid to no vendor here.
  const books = await booksWorld({ prefs: { multiCurrency: true }, mapping: { ...SQUARE_MAPPING, feesVendor: undefined } })
  addSquareAccounts(books.fake.company)
  return books
}

/** Square's clearing account and fees account in a seeded company. */
export function addSquareAccounts(company: FakeCompany): void {
  company.insert('Account', { Name: 'Square', AccountType: 'Bank', AccountSubType: 'Checking', Classification: 'Asset', CurrencyRef: { value: 'USD' } })
  company.insert('Account', { Name: 'Square fees', AccountType: 'Expense', AccountSubType: 'BankCharges', Classification: 'Expense', CurrencyRef: { value: 'USD' } })
}
