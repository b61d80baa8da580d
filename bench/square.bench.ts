/**
 * Square benchmark: a busy day at a two-location coffee shop on Square (600 sales with
 * order lines, tips, a declined card, a refund, a dispute; dollars and euros) read by the
 * Square connector at its own pace (10 requests a second: Square publishes no limit) and
 * posted by the nightly syncs to QuickBooks with Intuit's throttles enforced (windows
 * shrunk 10×). Reports calls on each side, wall time against the floor those paces allow,
 * 429s, and whether the books reconcile with Square to the cent.
 */
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import { connectionSchema } from '../src/shared/domain'
import { openQuickBooksSession } from '../src/main/connectors/quickbooks'
import { postedMoneyOf, POSTING_ENTITIES } from '../src/main/connectors/quickbooks/books'
import { QBO_THROTTLES } from '../src/main/connectors/quickbooks/vendor'
import { openSquareSession, squareDeclaration } from '../src/main/connectors/square'
import { accountingSyncs, booksTotals } from '../src/main/accounting'
import { booksSessionWithDocuments } from '../src/main/accounting/with-books'
import { runSync } from '../src/main/engine/run'
import { SyncState } from '../src/main/engine/state'
import { seedCompany, startFakeQuickBooks } from '../src/main/stand-ins/quickbooks'
import { CATALOG, squareDay, squareDayTotals, startFakeSquare } from '../src/main/stand-ins/square'

const SCALE = 0.1
const SALES = 600
const TZ = 'America/Los_Angeles'

const square = await startFakeSquare({
  locations: [
    { name: 'Main Street', currency: 'USD', country: 'US', timezone: TZ },
    { name: 'Dublin kiosk', currency: 'EUR', country: 'IE', timezone: 'Europe/Dublin' }
  ]
})
squareDay(square.state, { payments: SALES, every: 60 })

const qbo = await startFakeQuickBooks({ throttleScale: SCALE, prefs: { multiCurrency: true }, checkResponses: false })
seedCompany(qbo.company)
for (const [Name, AccountType, AccountSubType, Classification] of [['Square', 'Bank', 'Checking', 'Asset'], ['Square fees', 'Expense', 'BankCharges', 'Expense']]) {
  qbo.company.insert('Account', { Name, AccountType, AccountSubType, Classification, CurrencyRef: { value: 'USD' } })
}
const pair = qbo.oauth.issue()
const accounting = {
  clearingAccount: 'Square', feesAccount: 'Square fees', disputesAccount: 'Chargebacks',
  products: { [CATALOG.beans.id]: 'Coffee beans', [CATALOG.mug.id]: 'Mugs', [CATALOG.latte.id]: { item: 'Latte', incomeAccount: 'Sales of Product Income' } },
  taxRates: { [CATALOG.salesTax.id]: 'Standard' }, defaultItem: 'Online sales'
}
const books = booksSessionWithDocuments(await openQuickBooksSession({
  connection: connectionSchema.parse({ id: 'qbo', system: 'quickbooks', label: 'QuickBooks', authKind: 'oauth2', settings: { realmId: qbo.company.realmId, baseUrl: qbo.url, tokenUrl: qbo.tokenUrl, throttleScale: SCALE, accounting } }),
  secrets: { clientId: qbo.oauth.app.clientId, clientSecret: qbo.oauth.app.clientSecret, ...pair, accessTokenExpiresAt: String(Date.now() + 3_600_000) }
}))
const sq = await openSquareSession(
  { connection: connectionSchema.parse({ id: 'square', system: 'square', label: 'Square', authKind: 'api-key', settings: { baseUrl: square.url } }), secrets: { accessToken: square.token } },
  { now: () => square.state.now }
)

const documents = books.object('documents')
const root = await mkdtemp(join(tmpdir(), 'patchbay-square-bench-'))
const started = performance.now()
const statuses: string[] = []
for (const sync of accountingSyncs('square-quickbooks-nightly', { square: 'square', quickbooks: 'qbo', timeZone: TZ })) {
  const { run } = await runSync({ sync, adapters: { left: sq.object(sync.left.object), right: documents }, state: await SyncState.open(join(root, sync.id)), trigger: 'schedule' })
  statuses.push(`${sync.left.object} ${run.status} (${run.counts.created} posted, ${run.counts.failed} failed)`)
}
const wallMs = performance.now() - started

const squareCalls = square.recorder.all()
const square429 = squareCalls.filter((e) => e.status === 429).length
const t = qbo.throttle.stats
const pace = (squareDeclaration.http!.limits as { windows: { requests: number; everyMs: number }[] }).windows[0]
const squareFloorMs = Math.floor((squareCalls.length - 1) / pace.requests) * pace.everyMs
const qboFloorMs = Math.max(
  Math.floor((t.batchCalls - 1) / QBO_THROTTLES.batchCallsPerMinute) * 60_000,
  Math.floor((t.accepted - 1) / QBO_THROTTLES.requestsPerMinute) * 60_000,
  Math.floor((t.accepted - 1) / QBO_THROTTLES.requestsPerSecond) * 1000
) * SCALE
// Reads and writes alternate chunk by chunk, so the floors add up.
const floorMs = squareFloorMs + qboFloorMs
const localDay = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' }).setZone(TZ).toISODate()!
const posted = booksTotals(postedMoneyOf(POSTING_ENTITIES.flatMap((entity) => qbo.company.list(entity).map((e) => ({ ...e, entity })))))
let off = 0
for (const [key, s] of squareDayTotals(square.state, localDay)) {
  const b = posted.get(key)
  off += Math.abs((b?.net ?? 0) - s.net) + Math.abs((b?.gross ?? 0) - s.gross) + Math.abs((b?.fees ?? 0) - s.fees)
}
const docs = POSTING_ENTITIES.reduce((n, e) => n + qbo.company.list(e).length, 0)
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`

console.log(`Square → QuickBooks nightly: ${SALES} Square sales in a day (two locations, dollars and euros, order lines, tips, a refund, a dispute), Square read at 10 requests/s, Intuit's throttles enforced with windows shrunk ${1 / SCALE}×`)
console.log(`  ${statuses.join(' · ')} · ${docs.toLocaleString('en')} documents in QuickBooks · books ${off === 0 ? 'reconcile with Square to the cent' : `differ from Square by ${off} minor units`}`)
console.log(`  wall ${s(wallMs)} vs floor ${s(floorMs)} (Square ${s(squareFloorMs)} + QuickBooks ${s(qboFloorMs)}; ${((wallMs / floorMs - 1) * 100).toFixed(1)}% over)`)
console.log(`  Square: ${squareCalls.length} calls (${(squareCalls.length / SALES).toFixed(3)} per sale), ${square429} × 429 · QuickBooks: ${t.accepted} calls = ${t.batchCalls} batch + ${t.accepted - t.batchCalls} queries, ${t.rejected429} × 429`)
await square.close()
await qbo.close()
