/**
 * The coffee shop's books for Square money: the QuickBooks world with a Square clearing
 * account and a Square fees account, and a mapping from Square's catalog ids.
 */
import { CATALOG } from '../../src/main/stand-ins/square'
import { booksWorld, type BooksWorld } from './helpers'

/** The coffee shop's mapping for Square money. */
export const SQUARE_MAPPING = {
  clearingAccount: 'Square',
  feesAccount: 'Square fees',
  disputesAccount: 'Chargebacks',
  feesVendor: undefined,
  products: { [CATALOG.beans.id]: 'Coffee beans', [CATALOG.mug.id]: { item: 'Mugs' }, [CATALOG.latte.id]: { item: 'Latte', incomeAccount: 'Sales of Product Income' } },
  taxRates: { [CATALOG.salesTax.id]: 'Standard' },
  defaultItem: 'Online sales'
}

/** A books world with Square's clearing and fee accounts. */
export async function squareBooks(): Promise<BooksWorld> {
  const books = await booksWorld({ prefs: { multiCurrency: true }, mapping: SQUARE_MAPPING })
  books.fake.company.insert('Account', { Name: 'Square', AccountType: 'Bank', AccountSubType: 'Checking', Classification: 'Asset', CurrencyRef: { value: 'USD' } })
  books.fake.company.insert('Account', { Name: 'Square fees', AccountType: 'Expense', AccountSubType: 'BankCharges', Classification: 'Expense', CurrencyRef: { value: 'USD' } })
  return books
}
