/**
 * The accounting mapping: data the business edits (in the QuickBooks connection's
 * `accounting` setting), never code. It says which QuickBooks item and income account
 * each product of the payment system lands on (a Stripe product or price, a Square
 * catalog item), which tax code each of its tax rates becomes, where fees, chargebacks
 * and payouts go, and which account holds the payment system's money until it is paid
 * out. QuickBooks objects are named as the user sees them (an account's or
 * item's name) or by id. Every mistake is reported with the setting's path.
 */
import { z } from 'zod'
import { ConfigError } from '../errors'

const name = z.string().trim().min(1, 'name a QuickBooks account, item or code (its name as QuickBooks shows it, or its id)')

const productEntry = z.union([
  name.transform((item) => ({ item, incomeAccount: undefined as string | undefined })),
  z.object({
    /** The QuickBooks item (product or service) sales of this product are posted to. */
    item: name,
    /** Income account for the item; when the item does not exist yet Patchbay creates it on this account. */
    incomeAccount: name.optional()
  }).strict()
])

/** A payment system's object id: Stripe's carry a prefix (prod_…, price_…, txr_…), Square's catalog ids are long upper-case strings. */
const SOURCE_OBJECT_ID = /^(?:[a-z]+_\w+|[A-Za-z0-9][\w-]{9,})$/

/**
 * The accounts one payment system uses instead of the mapping's own (Stripe money in a
 * "Stripe" bank account, Square's in a "Square" one, each with its fees account). Anything
 * left out is the mapping's.
 */
const sourceAccounts = z
  .object({
    clearingAccount: name.optional(),
    clearingAccountsByCurrency: z.record(z.string().regex(/^[A-Za-z]{3}$/, 'use a currency code such as EUR'), name).optional(),
    feesAccount: name.optional(),
    disputesAccount: name.optional(),
    payoutAccount: name.optional(),
    feesVendor: name.optional(),
    paymentMethod: name.optional()
  })
  .strict()

/** The schema of the accounting mapping. */
export const accountingMappingSchema = z
  .object({
    /**
     * The account Stripe money sits in until a payout: a Bank account (QuickBooks pays
     * expenses only from bank or card accounts), e.g. "Stripe". Sales are deposited to it,
     * refunds, fees and chargebacks paid from it, payouts moved out of it.
     */
    clearingAccount: name,
    /**
     * With multi-currency on, QuickBooks wants a bank account in the transaction's currency:
     * a clearing account per currency, e.g. { "EUR": "Stripe EUR" }. @default clearingAccount for all
     */
    clearingAccountsByCurrency: z.record(z.string().regex(/^[A-Za-z]{3}$/, 'use a currency code such as EUR'), name).default({}),
    /** Expense account for Stripe's processing fees, e.g. "Stripe fees". */
    feesAccount: name,
    /** Expense account for lost chargebacks. @default feesAccount */
    disputesAccount: name.optional(),
    /** The bank account payouts arrive in; needed only to post payouts. */
    payoutAccount: name.optional(),
    /** Payee of fee and chargeback expenses, e.g. the vendor "Stripe". @default none */
    feesVendor: name.optional(),
    /** Payment method on sales receipts, e.g. "Credit Card". @default none */
    paymentMethod: name.optional(),
    /** Product id in the payment system (Stripe: prod_… or price_…; Square: a catalog item or variation id) → QuickBooks item. */
    products: z.record(z.string().regex(SOURCE_OBJECT_ID, 'use the payment system’s product id: a Stripe product (prod_…) or price (price_…), or a Square catalog item id'), productEntry).default({}),
    /** Item for payments whose product is not listed (or that have none). @default none: such payments fail until mapped */
    defaultItem: productEntry.optional(),
    /** Tax rate id in the payment system (Stripe: txr_…; Square: a catalog tax id) → QuickBooks tax code. */
    taxRates: z.record(z.string().regex(SOURCE_OBJECT_ID, 'use the payment system’s tax rate id: a Stripe tax rate (txr_…) or a Square catalog tax id'), name).default({}),
    /** Tax code for lines without a tax rate, e.g. "NON" (US) or "Zero rated". @default none */
    defaultTaxCode: name.optional(),
    /** What a payment becomes: a sales receipt, or an invoice with a payment applied. @default 'sales-receipt' */
    salesAs: z.enum(['sales-receipt', 'invoice']).default('sales-receipt'),
    /** What a refund becomes. @default 'refund-receipt' */
    refundsAs: z.enum(['refund-receipt', 'credit-memo']).default('refund-receipt'),
    /** Create a QuickBooks customer when no customer has the payer's email. @default true */
    createCustomers: z.boolean().default(true),
    /** Customer for payments without an email (guest checkout). @default none: posted without a customer */
    defaultCustomer: name.optional(),
    /**
     * Accounts per payment system, by its name (`stripe`, `square`), over the ones above:
     * e.g. { "square": { "clearingAccount": "Square", "feesAccount": "Square fees" } }. @default {}
     */
    sources: z.record(z.string().regex(/^[a-z][a-z0-9-]{1,30}$/, 'use a payment system’s name such as square or stripe'), sourceAccounts).default({})
  })
  .strict()

/** The mapping as it applies to one payment system's money: its own accounts over the shared ones. */
export function mappingFor(m: AccountingMapping, source: string): AccountingMapping {
  const own = m.sources[source]
  if (!own) return m
  const defined = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined))
  return { ...m, ...defined }
}

/** The accounting mapping after checking and defaults. */
export type AccountingMapping = z.infer<typeof accountingMappingSchema>
/** The mapping as the user writes it. */
export type AccountingMappingInput = z.input<typeof accountingMappingSchema>

/** Checks the mapping; a ConfigError names the setting (`accounting.products.prod_1.item`) and what is wrong. */
export function readAccountingMapping(raw: unknown, connectionId?: string): AccountingMapping {
  if (raw === undefined || raw === null) {
    throw new ConfigError('The QuickBooks connection has no accounting mapping yet', {
      connectionId,
      hint: 'Open the connection’s Accounting tab and choose at least the clearing account and the fees account.'
    })
  }
  const parsed = accountingMappingSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const where = ['accounting', ...issue.path.map(String)].join('.')
  const message =
    issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    : issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message)
    : issue.message
  throw new ConfigError(`The accounting mapping's "${where}" is wrong: ${message}`, { connectionId, hint: 'Fix it in the connection’s Accounting tab and run again.' })
}
