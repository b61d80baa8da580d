/**
 * Fetches the objects a record needs besides itself (a charge's balance transaction for
 * fee and net, its invoice for price and product, its customer for an email), once per id
 * per read. Event snapshots carry these as bare ids, so an incremental read resolves them
 * here; a full scan expands them in the list call and only primes the caches.
 *
 * Balance transactions come in bulk: a busy day's charges would cost one GET each, so ids
 * whose objects were created close together are read with one `created` range listing
 * (100 a call) and only stragglers are fetched one by one.
 */
import { RecordError } from '../../errors'
import type { HttpClient } from '../http'
import { pages as paginated } from '../platform'
import { STRIPE_PAGING } from './http'
import { balanceTransactionSchema, customerOrDeletedSchema, invoiceSchema, listOf, type BalanceTransaction, type Customer, type Invoice } from './schemas'

/** A balance transaction wanted, with the `created` time of the object it belongs to. */
export interface BalanceRef {
  id: string
  created: number
}

/** Tuning of bulk reads. */
export interface LookupOptions {
  /** Ids below which single GETs are cheaper than a range listing. @default 8 */
  bulkFrom?: number
  /** Seconds between neighbours that still belong to one range. @default 3600 */
  clusterGap?: number
  /** Slack around a range, for balance transactions stamped a moment after their charge. @default 2 */
  slack?: number
}

const balanceList = listOf(balanceTransactionSchema)

/** The caches and fetches of one read. */
export class Lookups {
  private readonly balances = new Map<string, BalanceTransaction>()
  private readonly customers = new Map<string, Customer | null>()
  private readonly invoices = new Map<string, Invoice | null>()
  /** Calls made, for tests and benchmarks. */
  readonly calls = { balanceGets: 0, balanceLists: 0, customerGets: 0, invoiceGets: 0 }

  constructor(
    private readonly client: HttpClient,
    private readonly opts: LookupOptions = {}
  ) {}

  /** Remembers objects that came expanded, so they are not fetched again. */
  prime(o: { balance?: BalanceTransaction; customer?: Customer; invoice?: Invoice }): void {
    if (o.balance) this.balances.set(o.balance.id, o.balance)
    if (o.customer) this.customers.set(o.customer.id, o.customer)
    if (o.invoice) this.invoices.set(o.invoice.id, o.invoice)
  }

  /** The balance transactions asked for, by id; any Stripe no longer has are absent. */
  async balanceTransactions(refs: BalanceRef[]): Promise<Map<string, BalanceTransaction>> {
    const wanted = dedupe(refs.filter((r) => !this.balances.has(r.id)))
    const bulkFrom = this.opts.bulkFrom ?? 8
    if (wanted.length >= bulkFrom) {
      for (const cluster of clusters(wanted, this.opts.clusterGap ?? 3600)) {
        if (cluster.length < bulkFrom) continue
        await this.listRange(cluster[0].created - (this.opts.slack ?? 2), cluster[cluster.length - 1].created + (this.opts.slack ?? 2))
      }
    }
    for (const r of wanted) {
      if (this.balances.has(r.id)) continue
      this.calls.balanceGets++
      const bt = await orMissing(this.client.request({ url: `/v1/balance_transactions/${encodeURIComponent(r.id)}`, schema: balanceTransactionSchema }))
      if (bt) this.balances.set(bt.id, bt)
    }
    return new Map(refs.flatMap((r) => (this.balances.has(r.id) ? [[r.id, this.balances.get(r.id)!] as const] : [])))
  }

  private async listRange(gte: number, lte: number): Promise<void> {
    const pages = paginated(STRIPE_PAGING, async (req) => {
      this.calls.balanceLists++
      return { data: await this.client.request({ url: '/v1/balance_transactions', params: { 'created[gte]': gte, 'created[lte]': lte, ...req.params }, schema: balanceList }) }
    })
    for await (const page of pages) for (const bt of page.data.data) this.balances.set(bt.id, bt)
  }

  /** A customer by id; null when Stripe says it was deleted or never existed. */
  async customer(id: string): Promise<Customer | null> {
    if (!this.customers.has(id)) {
      this.calls.customerGets++
      const c = await orMissing(this.client.request({ url: `/v1/customers/${encodeURIComponent(id)}`, schema: customerOrDeletedSchema }))
      this.customers.set(id, c && !('deleted' in c) ? c : null)
    }
    return this.customers.get(id) ?? null
  }

  /** An invoice by id, with its first lines; null when it is gone. */
  async invoice(id: string): Promise<Invoice | null> {
    if (!this.invoices.has(id)) {
      this.calls.invoiceGets++
      this.invoices.set(id, await orMissing(this.client.request({ url: `/v1/invoices/${encodeURIComponent(id)}`, schema: invoiceSchema })))
    }
    return this.invoices.get(id) ?? null
  }
}

/** The value, or null when Stripe says the object does not exist (404). */
export async function orMissing<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p
  } catch (err) {
    if (err instanceof RecordError && err.meta.status === 404) return null
    throw err
  }
}

function dedupe(refs: BalanceRef[]): BalanceRef[] {
  const byId = new Map<string, BalanceRef>()
  for (const r of refs) if (!byId.has(r.id)) byId.set(r.id, r)
  return [...byId.values()].sort((a, b) => a.created - b.created)
}

/** Runs of refs (sorted by time) whose neighbours are at most `gap` seconds apart. */
function clusters(sorted: BalanceRef[], gap: number): BalanceRef[][] {
  const out: BalanceRef[][] = []
  for (const r of sorted) {
    const last = out[out.length - 1]
    if (last && r.created - last[last.length - 1].created <= gap) last.push(r)
    else out.push([r])
  }
  return out
}
