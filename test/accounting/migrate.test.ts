/**
 * A data folder written when Stripe was the only payment source (config.json format 1
 * with syncs naming `stripe_id`, links made by those syncs, a held-documents file with
 * `stripe_id`) opens upgraded: the nightly sync runs again and finds nothing to post or
 * change, and the held inquiry still becomes one chargeback.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Sync } from '../../src/shared/domain'
import { DocumentsAdapter } from '../../src/main/accounting/documents'
import { QuickBooksBooks } from '../../src/main/connectors/quickbooks/books'
import { ConfigStore } from '../../src/main/store/config'
import { booksWorld, MAPPING, type BooksWorld } from './helpers'
import { stripeDay } from './stripe-day'

let w: BooksWorld
afterEach(async () => w?.close())

const connections = [
  { id: 'stripe', system: 'stripe', label: 'Stripe', authKind: 'api-key', settings: {} },
  { id: 'qbo', system: 'quickbooks', label: 'QuickBooks', authKind: 'oauth2', settings: { realmId: '9130', accounting: MAPPING } }
]

/** A sync as the templates wrote it before the id was neutral. */
const oldStyle = (s: Sync): Sync => JSON.parse(JSON.stringify(s).replaceAll('"source_id"', '"stripe_id"')) as Sync

describe('a data folder from before Square', () => {
  it('is upgraded on opening, and nothing posted before is posted or changed again', async () => {
    w = await booksWorld({ prefs: { multiCurrency: true } })
    const home = await mkdtemp(join(tmpdir(), 'patchbay-migrate-'))
    const day = stripeDay({ payments: 6 })
    const old = oldStyle(w.syncs.charges)
    expect(old.mapping.some((m) => m.right === 'stripe_id')).toBe(true)
    // The old sync posts the day and leaves its links behind, as before.
    const first = await w.run(old, day.charges)
    expect(first.run.status, JSON.stringify(first.run.error ?? (await w.state(old)).data.failures)).toBe('ok')
    const posted = w.parts().length
    // Stripe's markers read exactly as they always did.
    expect(w.fake.company.list('SalesReceipt').every((r) => /^Stripe ch_\S+ · main · posted by Patchbay/.test(String(r.PrivateNote)))).toBe(true)

    await writeFile(join(home, 'config.json'), JSON.stringify({ schemaVersion: 1, data: { connections, syncs: [old], settings: {} } }))
    const store = await ConfigStore.open(join(home, 'config.json'))
    const upgraded = store.getSync(old.id)!
    expect(upgraded.mapping.find((m) => m.name === 'stripe_id')).toMatchObject({ left: 'id', right: 'source_id' })
    expect(upgraded.match.field).toBe('stripe_id')
    await store.upsertSync(upgraded)
    expect(JSON.parse(await readFile(join(home, 'config.json'), 'utf8')).schemaVersion).toBe(2)

    // Same state folder (links), upgraded sync: nothing to create, nothing to change.
    const again = await w.run(upgraded, day.charges)
    expect(again.run.status).toBe('ok')
    expect(again.run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
    expect(w.parts().length).toBe(posted)
  })

  it('reads a held inquiry saved under stripe_id, and saves it as source_id', async () => {
    w = await booksWorld()
    const dataDir = await mkdtemp(join(tmpdir(), 'patchbay-held-'))
    const id = 'dp_migrated000000000000000'
    const file = join(dataDir, 'held-documents.json')
    await writeFile(file, JSON.stringify({ schemaVersion: 1, data: { [id]: { stripe_id: id, status: 'warning_needs_response', date: '2026-11-24', currency: 'USD', amount: 0, fee: 0, charge: 'ch_x' } } }))
    const open = () => new DocumentsAdapter({ books: new QuickBooksBooks({ api: w.session.api, tokens: new Map() }), mapping: MAPPING, dataDir })
    // Still an inquiry: held again, saved in the new format.
    expect(await open().write([{ op: 'update', ref: 'a', id, fields: { status: 'warning_under_review' } }])).toMatchObject([{ ok: true }])
    const saved = JSON.parse(await readFile(file, 'utf8')) as { schemaVersion: number; data: Record<string, Record<string, unknown>> }
    expect(saved.schemaVersion).toBe(2)
    expect(saved.data[id]).toMatchObject({ source_id: id, charge: 'ch_x' })
    expect(saved.data[id]).not.toHaveProperty('stripe_id')
    // It becomes a chargeback: posted once, with the date kept from before.
    expect(await open().write([{ op: 'update', ref: 'b', id, fields: { status: 'needs_response', amount: 3000, fee: 1500 } }])).toMatchObject([{ ok: true }])
    expect(w.fake.company.list('Purchase')).toMatchObject([{ TotalAmt: 45, TxnDate: '2026-11-24', PrivateNote: expect.stringMatching(/^Stripe dp_migrated0+ · main · posted by Patchbay/) }])
  })
})
