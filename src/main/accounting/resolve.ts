/**
 * Turning the mapping's names into references in the books for a batch of records: the
 * accounts (a ConfigError naming the setting when one is missing: nothing can be posted
 * then), and per record its customer, items and tax codes (a RecordError naming the
 * mapping entry to add when one is missing: that record waits, the rest go on).
 * Customers and items that do not exist yet are collected to be created first.
 */
import { ConfigError, RecordError } from '../errors'
import type { Books, NewCustomer, Ref } from '../connectors/books'
import { mappingFor, type AccountingMapping } from './mapping'
import { labelOf, type AccountingRecord } from './record'

/** The accounts a posting uses. */
export interface Accounts {
  clearing: (currency: string) => Ref
  fees: Ref
  disputes: Ref
  payout?: Ref
  vendor?: Ref
  paymentMethod?: Ref
}

/** A reference that exists, or a create Patchbay must make first (by key). */
export type Pending = { ref: Ref } | { pending: string }

/** What one record needs before it can be composed. */
export interface Needs {
  customer?: Pending
  lines: { item: Pending; taxCode?: Ref }[]
}

/**
 * Resolves the accounts of the mapping; throws a ConfigError naming the setting. With
 * `source`, the accounts that payment system's money uses (accounting.sources.<source>
 * over the shared ones), named by where each came from.
 */
export async function resolveAccounts(books: Books, shared: AccountingMapping, source?: string): Promise<Accounts> {
  const m = source ? mappingFor(shared, source) : shared
  const own = (source && shared.sources[source]) || {}
  const at = (setting: keyof typeof own) => (own[setting] !== undefined ? `sources.${source}.${setting}` : setting)
  const clearing = await books.account(at('clearingAccount'), m.clearingAccount, 'money')
  const byCurrency = new Map<string, Ref>()
  for (const [cur, name] of Object.entries(m.clearingAccountsByCurrency)) byCurrency.set(cur.toUpperCase(), await books.account(`${at('clearingAccountsByCurrency')}.${cur}`, name, 'money'))
  const fees = await books.account(at('feesAccount'), m.feesAccount, 'any')
  const disputes = m.disputesAccount ? await books.account(at('disputesAccount'), m.disputesAccount, 'any') : fees
  const payout = m.payoutAccount ? await books.account(at('payoutAccount'), m.payoutAccount, 'money') : undefined
  const vendor = m.feesVendor ? await books.lookup('vendor', m.feesVendor) : undefined
  if (m.feesVendor && !vendor) throw new ConfigError(`The accounting mapping's "accounting.${at('feesVendor')}" names "${m.feesVendor}", which is not a vendor in ${books.label}`, { hint: `Create the vendor in ${books.label} or clear accounting.${at('feesVendor')}.` })
  const method = m.paymentMethod ? await books.lookup('paymentMethod', m.paymentMethod) : undefined
  return {
    clearing: (currency) => byCurrency.get(currency) ?? clearing,
    fees,
    disputes,
    payout,
    vendor: vendor?.ref,
    paymentMethod: method?.ref
  }
}

/** Items and customers to create before the postings that use them, by key. */
export interface Creates {
  items: Map<string, { name: string; incomeAccount: Ref }>
  customers: Map<string, NewCustomer>
}

/** Resolves one record's customer, items and tax codes; throws a RecordError for what is missing. */
export async function resolveNeeds(r: AccountingRecord, m: AccountingMapping, books: Books, creates: Creates): Promise<Needs> {
  const directory = books.customers
  const prefs = await books.prefs()
  const needs: Needs = { lines: [] }
  if (r.kind === 'sale' || r.kind === 'refund') {
    if (r.customerEmail) {
      const choice = directory.choose(r.customerEmail, r.customerName, r.currency, prefs)
      if ('ref' in choice) needs.customer = choice
      else if (!m.createCustomers) throw new RecordError(`No ${books.label} customer has the email ${r.customerEmail}`, { hint: `Add the customer in ${books.label}, or turn on accounting.createCustomers.` })
      else {
        if (!creates.customers.has(choice.key)) creates.customers.set(choice.key, choice.create)
        needs.customer = { pending: choice.key }
      }
    } else if (m.defaultCustomer) {
      const found = directory.byName(m.defaultCustomer)
      if (!found) throw new RecordError(`${books.label} has no customer "${m.defaultCustomer}" (accounting.defaultCustomer)`, { hint: `Create that customer in ${books.label} or change the setting.` })
      needs.customer = { ref: found }
    }
    for (const line of r.lines) needs.lines.push({ item: await itemFor(line.product, labelOf(r), m, books, creates), taxCode: await taxCodeFor(line.taxRate, labelOf(r), m, books) })
  }
  return needs
}

async function itemFor(product: string | null, source: string, m: AccountingMapping, books: Books, creates: Creates): Promise<Pending> {
  const entry = (product ? m.products[product] : undefined) ?? m.defaultItem
  const setting = product && m.products[product] ? `accounting.products.${product}.item` : 'accounting.defaultItem'
  if (!entry) {
    throw new RecordError(product ? `${source} product ${product} has no ${books.label} item in the accounting mapping` : `This payment has no ${source} product, and the accounting mapping has no default item`, {
      hint: product ? `Add ${product} under accounting.products (or set accounting.defaultItem), then retry from Failures.` : 'Set accounting.defaultItem, then retry from Failures.'
    })
  }
  const item = await books.lookup('item', entry.item)
  if (item && item.active) return { ref: item.ref }
  if (!entry.incomeAccount) throw new RecordError(`${books.label} has no active item "${entry.item}" (${setting})`, { hint: `Create the item in ${books.label}, or give ${setting.replace(/\.item$/, '')} an incomeAccount so Patchbay creates it.` })
  const income = await books.account(setting.replace(/\.item$/, '.incomeAccount'), entry.incomeAccount, 'income')
  const key = entry.item.toLowerCase()
  if (!creates.items.has(key)) creates.items.set(key, { name: entry.item, incomeAccount: income })
  return { pending: key }
}

async function taxCodeFor(rate: string | null, source: string, m: AccountingMapping, books: Books): Promise<Ref | undefined> {
  const name = rate ? m.taxRates[rate] : m.defaultTaxCode
  if (rate && !name) throw new RecordError(`${source} tax rate ${rate} has no ${books.label} tax code in the accounting mapping`, { hint: `Add ${rate} under accounting.taxRates, then retry from Failures.` })
  if (!name) return undefined
  const code = await books.lookup('taxCode', name)
  if (!code) throw new RecordError(`${books.label} has no tax code "${name}"`, { hint: rate ? `Fix accounting.taxRates.${rate}.` : 'Fix accounting.defaultTaxCode.' })
  return code.ref
}
