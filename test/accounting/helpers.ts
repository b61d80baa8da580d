/**
 * An accounting test world: a fake QuickBooks company with the accounting mapping of a
 * coffee shop that sells on Stripe, Stripe objects in memory tables, and the template
 * syncs with their own state folders.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Side, Sync } from '../../src/shared/domain'
import type { ObjectAdapter } from '../../src/main/connectors/types'
import type { AccountingMappingInput } from '../../src/main/accounting'
import { accountingSyncs } from '../../src/main/accounting'
import { booksSessionWithDocuments } from '../../src/main/accounting/with-books'
import { POSTING_ENTITIES, type PostedPart } from '../../src/main/connectors/quickbooks/books'
import { runSync, type RunOptions, type RunResult } from '../../src/main/engine/run'
import { SyncState } from '../../src/main/engine/state'
import { quickBooksWorld, type QuickBooksWorld, type WorldOptions } from '../connectors/quickbooks/helpers'

/** The coffee shop's mapping. */
export const MAPPING: AccountingMappingInput = {
  clearingAccount: 'Stripe',
  feesAccount: 'Stripe fees',
  disputesAccount: 'Chargebacks',
  payoutAccount: 'Business Checking',
  feesVendor: 'Stripe',
  products: { prod_beans: 'Coffee beans', prod_mugs: { item: 'Mugs' } },
  defaultItem: 'Online sales'
}

/** The business's time zone in the tests. */
export const TZ = 'America/Los_Angeles'

/** A QuickBooks world with the mapping, plus sync runners. */
export interface BooksWorld extends QuickBooksWorld {
  documents: ObjectAdapter
  /** The nightly syncs by Stripe object, and the real-time one. */
  syncs: Record<'charges' | 'refunds' | 'disputes' | 'payouts' | 'realtime', Sync>
  /** Runs a sync against a Stripe table, with that sync's own state. */
  run(sync: Sync, left: ObjectAdapter, o?: Partial<RunOptions>): Promise<RunResult>
  state(sync: Sync): Promise<SyncState>
  /** Every transaction in the fake company that Patchbay could have posted. */
  parts(): PostedPart[]
}

/** Starts a fake company with the mapping (override parts with `mapping`). */
export async function booksWorld(o: WorldOptions & { mapping?: Partial<AccountingMappingInput> } = {}): Promise<BooksWorld> {
  const w = await quickBooksWorld({ ...o, settings: { accounting: { ...MAPPING, ...o.mapping }, ...o.settings } })
  // As the registry does: the accounting engine serves the session's `documents` over its books.
  booksSessionWithDocuments(w.session)
  const ids = { stripe: 'stripe', quickbooks: 'qbo', timeZone: TZ }
  const [charges, refunds, disputes, payouts] = accountingSyncs('stripe-quickbooks-nightly', ids)
  const [realtime] = accountingSyncs('stripe-quickbooks-realtime', ids)
  const states = new Map<string, SyncState>()
  const root = await mkdtemp(join(tmpdir(), 'patchbay-books-'))
  const state = async (sync: Sync) => {
    if (!states.has(sync.id)) states.set(sync.id, await SyncState.open(join(root, sync.id)))
    return states.get(sync.id)!
  }
  return {
    ...w,
    documents: w.session.object('documents'),
    syncs: { charges, refunds, disputes, payouts, realtime },
    state,
    async run(sync, left, over = {}) {
      const adapters: Record<Side, ObjectAdapter> = { left, right: w.session.object('documents') }
      return runSync({ sync, adapters, state: await state(sync), trigger: 'manual', ...over })
    },
    parts: () => POSTING_ENTITIES.flatMap((entity) => w.fake.company.list(entity).map((e) => ({ ...e, entity })))
  }
}
