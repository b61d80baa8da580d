/**
 * QuickBooks benchmark: a nightly batch of 5,000 Stripe payments posted to QuickBooks
 * (each a sales receipt plus a fee expense) through the real engine, connector and
 * accounting code, against the fake enforcing Intuit's throttles (500 / min, 10 / s,
 * 10 at once, 40 batch calls / min). Windows are shrunk 10× so it finishes in about a
 * minute; the floor is what those throttles allow for the calls the run made.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectionSchema } from '../src/shared/domain'
import { MemoryTable } from '../src/main/connectors/memory'
import { openQuickBooksSession } from '../src/main/connectors/quickbooks'
import { QBO_THROTTLES } from '../src/main/connectors/quickbooks/vendor'
import { accountingSyncs } from '../src/main/accounting'
import { booksSessionWithDocuments } from '../src/main/accounting/with-books'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { seedCompany, startFakeQuickBooks } from '../src/main/stand-ins/quickbooks'

const SCALE = 0.1
const CHARGES = 5000
const PAYERS = 400

const fake = await startFakeQuickBooks({ throttleScale: SCALE, prefs: { multiCurrency: true }, checkResponses: false })
seedCompany(fake.company)
const pair = fake.oauth.issue()
const connection = connectionSchema.parse({
  id: 'qbo', system: 'quickbooks', label: 'QuickBooks', authKind: 'oauth2',
  settings: {
    realmId: fake.company.realmId, baseUrl: fake.url, tokenUrl: fake.tokenUrl, throttleScale: SCALE,
    accounting: { clearingAccount: 'Stripe', feesAccount: 'Stripe fees', feesVendor: 'Stripe', products: { prod_beans: 'Coffee beans', prod_mugs: 'Mugs' }, defaultItem: 'Online sales' }
  }
})
const session = booksSessionWithDocuments(await openQuickBooksSession({ connection, secrets: { clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret, ...pair, accessTokenExpiresAt: String(Date.now() + 3_600_000) } }))

/** 24 characters like the random end of a Stripe id, the same on every run. */
function stripeTail(i: number): string {
  let x = (i + 1) * 2654435761
  let out = ''
  for (let k = 0; k < 24; k++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + k) >>> 0
    out += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'[x % 62]
  }
  return out
}

const stripe = new MemoryTable({ maxBatch: 1000 })
const products = ['prod_beans', 'prod_mugs', null]
for (let i = 0; i < CHARGES; i++) {
  const currency = i % 10 === 9 ? 'eur' : 'usd'
  const amount = 500 + ((i * 7919) % 9500)
  const fee = Math.floor((amount * 290 + 5000) / 10000) + 30
  const id = `ch_${stripeTail(i)}`
  stripe.put(id, {
    id, amount, amount_captured: amount, currency, status: 'succeeded', customer_email: `payer${i % PAYERS}@example.com`, description: `Order ${i}`,
    created: new Date(Date.parse('2026-11-24T08:00:00Z') + i * 10_000).toISOString(), product_id: products[i % 3], fee, balance_currency: currency
  })
}

const [sync] = accountingSyncs('stripe-quickbooks-nightly', { stripe: 'stripe', quickbooks: 'qbo', timeZone: 'America/Los_Angeles' })
const state = await SyncState.open(await mkdtemp(join(tmpdir(), 'patchbay-qbo-bench-')))
const started = performance.now()
const { run } = await runSync({ sync, adapters: { left: stripe, right: session.object('documents') }, state, trigger: 'schedule' })
const wallMs = performance.now() - started

const t = fake.throttle.stats
const calls = t.accepted
const batches = t.batchCalls
const gets = calls - batches
const documents = fake.company.list('SalesReceipt').length + fake.company.list('Purchase').length
const customers = fake.company.list('Customer').length
// What the throttles allow for these calls: each window admits its cap, the next starts a window later.
const floorMs = Math.max(
  Math.floor((batches - 1) / QBO_THROTTLES.batchCallsPerMinute) * 60_000,
  Math.floor((calls - 1) / QBO_THROTTLES.requestsPerMinute) * 60_000,
  Math.floor((calls - 1) / QBO_THROTTLES.requestsPerSecond) * 1000
) * SCALE
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

console.log(`QuickBooks nightly batch: ${CHARGES.toLocaleString('en')} Stripe payments (${PAYERS} payers, 10% in euros) → sales receipts + fee expenses, Intuit's throttles enforced, windows shrunk ${1 / SCALE}× (goal: within 10% of the floor, zero 429s)`)
console.log(`  run ${run.status} · ${run.counts.created} payments posted as ${documents.toLocaleString('en')} documents · ${customers - 3} customers created`)
console.log(`  wall ${s(wallMs)} vs throttle floor ${s(floorMs)} (${((wallMs / floorMs - 1) * 100).toFixed(1)}% over) · at Intuit's real minute ≈ ${(wallMs / SCALE / 60_000).toFixed(1)} min vs ${(floorMs / SCALE / 60_000).toFixed(1)} min`)
console.log(`  HTTP 429s: ${t.rejected429} · most calls at once: ${t.maxConcurrent}`)
console.log(`  ${calls.toLocaleString('en')} calls = ${batches} batch (${(documents / batches).toFixed(1)} documents each, 40 / min is the bottleneck) + ${gets} queries · ${(calls / documents).toFixed(3)} calls per document, ${(calls / CHARGES).toFixed(3)} per payment`)
await fake.close()
