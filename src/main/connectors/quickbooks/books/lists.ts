/**
 * What Patchbay knows of the company's books while it posts: accounts, items, tax codes,
 * vendors, payment methods and preferences (multi-currency, closing date), read once per
 * session and read again when a name is not found. Names in the mapping are matched
 * against these, case-insensitively, or taken as ids.
 */
import { ConfigError } from '../../../errors'
import type { AccountUse, CompanyPrefs, Ref } from '../../books'
import type { QboEntity, QuickBooksApi } from '../api'
import { selectAll } from '../query'

/** The QuickBooks account types each use allows. */
const TYPES: Record<AccountUse, string[]> = { money: ['Bank', 'Credit Card'], income: ['Income', 'Other Income'], any: [] }

const LISTS = ['Account', 'Item', 'TaxCode', 'Vendor', 'PaymentMethod'] as const
export type ListName = (typeof LISTS)[number]

/** The lists of one company, cached. */
export class QboLists {
  private lists = new Map<ListName, QboEntity[]>()
  private prefsCache?: CompanyPrefs
  private reloaded = false

  constructor(
    private readonly api: QuickBooksApi,
    private readonly connectionId?: string
  ) {}

  /** Reads every list (again). */
  async load(): Promise<void> {
    for (const list of LISTS) this.lists.set(list, await selectAll(this.api, list))
    const p = await this.api.read('preferences')
    const currency = p.CurrencyPrefs as { MultiCurrencyEnabled?: boolean; HomeCurrency?: { value?: string } } | undefined
    const accounting = p.AccountingInfoPrefs as { BookCloseDate?: string } | undefined
    this.prefsCache = { multiCurrency: currency?.MultiCurrencyEnabled === true, homeCurrency: currency?.HomeCurrency?.value ?? 'USD', closingDate: accounting?.BookCloseDate }
    this.reloaded = true
  }

  /** Allows one more read of the lists when a name is missing (called once per write). */
  fresh(): void {
    this.reloaded = false
  }

  private async ensure(): Promise<void> {
    if (!this.prefsCache) await this.load()
  }

  /** The company's preferences. */
  async prefs(): Promise<CompanyPrefs> {
    await this.ensure()
    return this.prefsCache!
  }

  /** Finds a list entry by id or name; reads the lists again once if it is missing. */
  async find(list: ListName, nameOrId: string): Promise<QboEntity | undefined> {
    await this.ensure()
    const look = () => {
      const all = this.lists.get(list) ?? []
      const wanted = nameOrId.toLowerCase()
      return all.find((e) => e.Id === nameOrId) ?? all.find((e) => [e.Name, e.DisplayName, e.FullyQualifiedName].some((n) => typeof n === 'string' && n.toLowerCase() === wanted))
    }
    let hit = look()
    // Someone may have added it in QuickBooks since we read; read again, but not in a loop.
    if (!hit && !this.reloaded) {
      await this.load()
      hit = look()
    }
    return hit
  }

  /** Adds an entry Patchbay just created, so the next look-up finds it. */
  remember(list: ListName, entity: QboEntity): void {
    this.lists.set(list, [...(this.lists.get(list) ?? []), entity])
  }

  /** An account named in the mapping; a ConfigError names the setting when it is missing or of the wrong type. */
  async account(setting: string, nameOrId: string, use: AccountUse): Promise<Ref> {
    const types = TYPES[use]
    const a = await this.find('Account', nameOrId)
    const where = `accounting.${setting}`
    if (!a || a.Active === false) {
      throw new ConfigError(`The accounting mapping's "${where}" names "${nameOrId}", which is not an active account in QuickBooks`, {
        connectionId: this.connectionId,
        hint: `Create the account in QuickBooks, or pick an existing one for ${where}.`
      })
    }
    if (types.length && !types.includes(String(a.AccountType))) {
      throw new ConfigError(`The accounting mapping's "${where}" names "${String(a.Name)}", ${/^[AEIOU]/.test(String(a.AccountType)) ? 'an' : 'a'} ${String(a.AccountType)} account; it must be ${types.join(' or ')}`, {
        connectionId: this.connectionId,
        hint: setting === 'clearingAccount' ? 'QuickBooks pays fees and refunds only from bank or card accounts: create a Bank account called "Stripe" and use it.' : `Pick a ${types.join(' or ')} account.`
      })
    }
    return { value: String(a.Id), name: String(a.Name) }
  }
}
