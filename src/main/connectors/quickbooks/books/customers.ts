/**
 * QuickBooks customers by email. The directory is read once per session (inactive ones
 * too, since QuickBooks' "delete" only deactivates) and caught up before each write with a
 * `LastUpdatedTime` query. A payer is matched by email (and, with multi-currency, by
 * currency, since a QuickBooks customer has one); a payer nobody matches becomes a new
 * customer; a payer whose only match was deleted in QuickBooks is a clear failure, because
 * QuickBooks keeps the name taken and a silent twin would split the history.
 */
import { RecordError } from '../../../errors'
import type { CompanyPrefs, CustomerBook, CustomerChoice, NewCustomer, Ref } from '../../books'
import type { QboEntity, QuickBooksApi } from '../api'
import { quote, selectPages } from '../query'

const emailOf = (c: QboEntity): string | undefined => (c.PrimaryEmailAddr as { Address?: string } | undefined)?.Address?.trim().toLowerCase()
const currencyOf = (c: QboEntity, home: string): string => String((c.CurrencyRef as { value?: string } | undefined)?.value ?? home)

/** The customer directory of one company. */
export class CustomerDirectory implements CustomerBook {
  private byEmail = new Map<string, QboEntity[]>()
  private byDisplay = new Map<string, QboEntity>()
  private since?: string

  constructor(private readonly api: QuickBooksApi) {}

  /** Reads the directory the first time, then only what changed since. */
  async refresh(): Promise<void> {
    const where = this.since ? `Active IN (true, false) AND MetaData.LastUpdatedTime >= ${quote(this.since)}` : 'Active IN (true, false)'
    let first: string | undefined
    for await (const page of selectPages(this.api, 'Customer', where)) {
      first ??= page.time
      for (const c of page.entities) this.add(c)
    }
    if (first) this.since = first
  }

  /** Adds or replaces a customer in the directory. */
  add(c: QboEntity): void {
    this.byDisplay.set(String(c.DisplayName ?? '').toLowerCase(), c)
    const email = emailOf(c)
    if (!email) return
    const list = (this.byEmail.get(email) ?? []).filter((x) => x.Id !== c.Id)
    this.byEmail.set(email, [...list, c])
  }

  /** An active customer by display name. */
  byName(name: string): Ref | undefined {
    const c = this.byDisplay.get(name.toLowerCase())
    return c && c.Active !== false ? { value: String(c.Id), name: String(c.DisplayName) } : undefined
  }

  /** The customer for a payer, or the customer to create. */
  choose(email: string, name: string | null, currency: string, prefs: CompanyPrefs): CustomerChoice {
    const matches = (this.byEmail.get(email) ?? []).filter((c) => !prefs.multiCurrency || currencyOf(c, prefs.homeCurrency) === currency)
    const live = matches.find((c) => c.Active !== false)
    if (live) return { ref: { value: String(live.Id), name: String(live.DisplayName) } }
    const deleted = matches[0]
    if (deleted) {
      throw new RecordError(`The QuickBooks customer for ${email} ("${String(deleted.DisplayName)}") is deleted (inactive) in QuickBooks`, {
        hint: 'In QuickBooks › Customers, filter on Inactive and make this customer active again (or change their email), then retry from Failures.'
      })
    }
    const foreign = prefs.multiCurrency && currency !== prefs.homeCurrency
    let display = (name ?? email).slice(0, 90) + (foreign ? ` (${currency})` : '')
    // DisplayName is unique in QuickBooks across customers, vendors and employees.
    if (this.byDisplay.has(display.toLowerCase())) display = `${display} <${email}>`.slice(0, 100)
    const create: NewCustomer = { name: display, email, ...(foreign ? { currency } : {}), ...(name ? splitName(name) : {}) }
    return { create, key: `${email}|${currency}` }
  }
}

function splitName(name: string): { givenName?: string; familyName?: string } {
  const words = name.trim().split(/\s+/)
  if (words.length < 2) return { givenName: words[0]?.slice(0, 100) }
  return { givenName: words.slice(0, -1).join(' ').slice(0, 100), familyName: words[words.length - 1].slice(0, 100) }
}

/** The QuickBooks Customer body of a customer to create. */
export function customerBody(c: NewCustomer): QboEntity {
  return {
    DisplayName: c.name,
    PrimaryEmailAddr: { Address: c.email },
    ...(c.currency ? { CurrencyRef: { value: c.currency } } : {}),
    ...(c.givenName !== undefined ? { GivenName: c.givenName } : {}),
    ...(c.familyName !== undefined ? { FamilyName: c.familyName } : {})
  }
}
