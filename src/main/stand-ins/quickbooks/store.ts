/**
 * The state of one fake QuickBooks company: entities by type and id, SyncTokens,
 * tombstones of deleted transactions (for Change Data Capture), preferences such as
 * multi-currency and the closing date, and a clock that stamps `MetaData` the way
 * QuickBooks does (whole seconds, with the company's UTC offset).
 */
import type { QboEntity } from '../../connectors/quickbooks/api'

/** Entities that are name lists: never deleted, only made inactive. */
export const NAME_LISTS = new Set(['Customer', 'Item', 'Account', 'TaxCode', 'Vendor', 'PaymentMethod'])

/** Company preferences the fake enforces. */
export interface CompanyPrefs {
  /** @default false */
  multiCurrency: boolean
  /** @default 'USD' */
  homeCurrency: string
  /** Transactions dated on or before this day (yyyy-MM-dd) are refused; unset = books open. */
  closingDate?: string
}

/** Options of a company. */
export interface CompanyOptions {
  realmId?: string
  name?: string
  prefs?: Partial<CompanyPrefs>
  /** @default Date.now */
  now?: () => number
  /** Offset QuickBooks writes times with. @default '-07:00' */
  utcOffset?: string
  /**
   * Checks every entity sent (and, with `checkResponses`, every answer) against Intuit's XSDs,
   * as QuickBooks' own parser does. Tests pass the checker in test/support/quickbooks-xsd,
   * which reads the XSDs from ../shared; the demo runs without, so production code never
   * needs the shared folder. @default none
   */
  checkXsd?: XsdChecker
}

/** Checks a JSON value against Intuit's XSDs (see test/support/quickbooks-xsd). */
export interface XsdChecker {
  /** Problems with `value` as an instance of the complexType `typeName`, as dotted paths. */
  check(value: unknown, typeName: string, path?: string): string[]
  /** The complexType of a top-level entity (`Invoice` → `Invoice`, as the XSD names it). */
  entityType(entity: string): string
}

/** One fake company. */
export class FakeCompany {
  readonly realmId: string
  readonly name: string
  prefs: CompanyPrefs
  private readonly byType = new Map<string, Map<string, QboEntity>>()
  private readonly tombstones = new Map<string, Map<string, QboEntity>>()
  private seq = 1
  readonly now: () => number
  /** See `CompanyOptions.checkXsd`. */
  readonly checkXsd: XsdChecker | undefined
  private readonly offsetMin: number
  private readonly offset: string

  constructor(o: CompanyOptions = {}) {
    this.realmId = o.realmId ?? '9130357766412345'
    this.name = o.name ?? 'Acme Coffee Ltd'
    this.prefs = { multiCurrency: false, homeCurrency: 'USD', ...o.prefs }
    this.now = o.now ?? Date.now
    this.checkXsd = o.checkXsd
    this.offset = o.utcOffset ?? '-07:00'
    const m = /^([+-])(\d\d):(\d\d)$/.exec(this.offset)!
    this.offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]))
  }

  /** A time as QuickBooks writes it: whole seconds, local offset. */
  stamp(at: number = this.now()): string {
    const local = new Date(Math.floor(at / 1000) * 1000 + this.offsetMin * 60_000)
    return local.toISOString().replace(/\.\d{3}Z$/, this.offset)
  }

  /** Today in the company's time zone, yyyy-MM-dd. */
  today(): string {
    return this.stamp().slice(0, 10)
  }

  /** Live (and inactive) entities of a type. */
  list(entity: string): QboEntity[] {
    return [...(this.byType.get(entity)?.values() ?? [])]
  }

  /** One entity by id, or undefined. */
  find(entity: string, id: string): QboEntity | undefined {
    return this.byType.get(entity)?.get(id)
  }

  /** Deleted transactions of a type, as CDC reports them. */
  deleted(entity: string): QboEntity[] {
    return [...(this.tombstones.get(entity)?.values() ?? [])]
  }

  /** Stores a new entity with a fresh id, SyncToken 0 and MetaData; returns the stored copy. */
  insert(entity: string, body: QboEntity): QboEntity {
    const id = String(this.seq++)
    const at = this.stamp()
    const stored: QboEntity = { ...structuredClone(body), Id: id, SyncToken: '0', domain: 'QBO', sparse: false, MetaData: { CreateTime: at, LastUpdatedTime: at } }
    if (NAME_LISTS.has(entity) && stored.Active === undefined) stored.Active = true
    this.table(entity).set(id, stored)
    return structuredClone(stored)
  }

  /** Replaces an entity's content (full or sparse), bumping SyncToken and LastUpdatedTime. */
  replace(entity: string, id: string, next: QboEntity): QboEntity {
    const old = this.find(entity, id)!
    const meta = old.MetaData as { CreateTime: string }
    const stored: QboEntity = { ...structuredClone(next), Id: id, SyncToken: String(Number(old.SyncToken) + 1), domain: 'QBO', sparse: false, MetaData: { CreateTime: meta.CreateTime, LastUpdatedTime: this.stamp() } }
    this.table(entity).set(id, stored)
    return structuredClone(stored)
  }

  /** Deletes a transaction, leaving the tombstone CDC reports. */
  remove(entity: string, id: string): QboEntity {
    this.table(entity).delete(id)
    const tomb: QboEntity = { Id: id, status: 'Deleted', domain: 'QBO', MetaData: { LastUpdatedTime: this.stamp() } }
    if (!this.tombstones.has(entity)) this.tombstones.set(entity, new Map())
    this.tombstones.get(entity)!.set(id, tomb)
    return structuredClone(tomb)
  }

  /** A user's edit in the QuickBooks web app (bumps the SyncToken like any change). */
  editAsUser(entity: string, id: string, patch: QboEntity): QboEntity {
    return this.replace(entity, id, { ...this.find(entity, id)!, ...patch })
  }

  private table(entity: string): Map<string, QboEntity> {
    let t = this.byType.get(entity)
    if (!t) this.byType.set(entity, (t = new Map()))
    return t
  }
}
