/**
 * A small business's QuickBooks company as tests start from: the chart of accounts a
 * Stripe seller has (income, a "Stripe" bank account used as the clearing account,
 * fees and chargeback expenses, the real bank), a few items and tax codes, the Stripe
 * vendor, and customers, one of them deleted (inactive).
 */
import type { QboEntity } from '../../connectors/quickbooks/api'
import type { FakeCompany } from './store'

/** Ids of what `seedCompany` created, by a readable name. */
export interface SeededIds {
  accounts: Record<'income' | 'stripe' | 'fees' | 'chargebacks' | 'checking' | 'undeposited', string>
  items: Record<'onlineSales' | 'beans' | 'mugs', string>
  taxCodes: Record<'standard' | 'zero', string>
  vendorStripe: string
  customers: Record<'ann' | 'bob' | 'gone', string>
}

/** Fills a company with the usual set-up; returns the ids. */
export function seedCompany(co: FakeCompany): SeededIds {
  const put = (entity: string, body: QboEntity) => co.insert(entity, body).Id!
  const account = (Name: string, AccountType: string, AccountSubType: string, Classification: string) => put('Account', { Name, AccountType, AccountSubType, Classification, CurrencyRef: { value: co.prefs.homeCurrency } })
  const accounts = {
    income: account('Sales of Product Income', 'Income', 'SalesOfProductIncome', 'Revenue'),
    stripe: account('Stripe', 'Bank', 'Checking', 'Asset'),
    fees: account('Stripe fees', 'Expense', 'BankCharges', 'Expense'),
    chargebacks: account('Chargebacks', 'Expense', 'OtherMiscellaneousServiceCost', 'Expense'),
    checking: account('Business Checking', 'Bank', 'Checking', 'Asset'),
    undeposited: account('Undeposited Funds', 'Other Current Asset', 'UndepositedFunds', 'Asset')
  }
  const item = (Name: string) => put('Item', { Name, Type: 'Service', IncomeAccountRef: { value: accounts.income } })
  const items = { onlineSales: item('Online sales'), beans: item('Coffee beans'), mugs: item('Mugs') }
  const taxCodes = {
    standard: put('TaxCode', { Name: 'Standard', Description: 'Standard rate', Taxable: true, Active: true }),
    zero: put('TaxCode', { Name: 'Zero rated', Description: 'No tax', Taxable: false, Active: true })
  }
  const vendorStripe = put('Vendor', { DisplayName: 'Stripe' })
  const customer = (DisplayName: string, email: string) => put('Customer', { DisplayName, PrimaryEmailAddr: { Address: email }, CurrencyRef: { value: co.prefs.homeCurrency } })
  const customers = { ann: customer('Ann Archer', 'ann@example.com'), bob: customer('Bob Baker', 'bob@example.com'), gone: customer('Gina Gone', 'gone@example.com') }
  co.editAsUser('Customer', customers.gone, { Active: false })
  return { accounts, items, taxCodes, vendorStripe, customers }
}
