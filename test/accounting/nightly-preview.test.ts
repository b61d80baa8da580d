/**
 * The nightly payments sync after the real-time one (issue 9, point 14): a Stripe payment
 * the real-time sync already posted to QuickBooks is recognised by the nightly sync, not
 * changed. Its preview shows nothing to write for it (no "status (empty) → succeeded",
 * no "description (empty) → Gift card"), a real nightly run writes nothing for it, and a
 * payment still to post is named in the preview by amount, customer and date, never by
 * Stripe's `ch_…` id. Through the app's own call (`sync:run`) and the CLI (`patchbay run
 * --dry-run` in a child process), on the Stripe and QuickBooks stand-ins over loopback
 * HTTP, with the real keychain (scripts/with-keyring.sh).
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, beforeAll } from 'vitest'
import type { CallResults } from '../../src/shared/contract'
import { accountingSyncs } from '../../src/main/accounting'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import { FAKE_SECRET_KEY, startFakeStripe, type FakeStripe } from '../../src/main/stand-ins/stripe'
import { booksWorld, MAPPING, type BooksWorld } from './helpers'
import { ensureBuilt } from '../e2e/helpers'
import { runPatchbay, type CliResult } from '../support/patchbay-cli'

// The built command, rebuilt first if the sources changed (a child starts far faster than through tsx).
beforeAll(ensureBuilt, 300_000)

let w: BooksWorld | undefined
let stripe: FakeStripe | undefined
let app: App | undefined
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
  await app?.close()
  await w?.close()
  await stripe?.close()
  app = w = stripe = undefined
})

/** Runs `patchbay …` on `home`; never throws for a non-zero exit. */
async function patchbay(home: string, ...args: string[]): Promise<CliResult> {
  return runPatchbay(home, args, { timeoutMs: 90_000 })
}

/**
 * A shop's Patchbay: Stripe and QuickBooks connections (secrets in the real keychain, under
 * ids no other test uses) and the syncs of both accounting templates, as the QuickBooks
 * connection adds them.
 */
async function shop() {
  // 10:00 in London on 3 December 2026, when Ann pays.
  stripe = await startFakeStripe({ fixtures: false, start: Date.parse('2026-12-03T10:00:00Z') / 1000 })
  w = await booksWorld({ prefs: { homeCurrency: 'GBP' } })
  const home = await mkdtemp(join(tmpdir(), 'patchbay-nightly-preview-'))
  app = await openApp({ home, logLevel: 'error' })
  const s = app.service
  const tag = randomBytes(4).toString('hex')
  const ids = { stripe: `stripe-${tag}`, quickbooks: `qbo-${tag}`, timeZone: 'Europe/London' }
  await s.saveConnection({ id: ids.stripe, system: 'stripe', label: 'Stripe', authKind: 'api-key', settings: { baseUrl: stripe.url } }, { apiKey: FAKE_SECRET_KEY })
  cleanups.push(() => s.removeConnection(ids.stripe))
  const pair = w.fake.oauth.issue()
  await s.saveConnection(
    { id: ids.quickbooks, system: 'quickbooks', label: 'QuickBooks', authKind: 'oauth2', settings: { realmId: w.fake.company.realmId, baseUrl: w.fake.url, throttleScale: 0.001, accounting: MAPPING } },
    { clientId: w.fake.oauth.app.clientId, clientSecret: w.fake.oauth.app.clientSecret, accessToken: pair.accessToken, refreshToken: pair.refreshToken, accessTokenExpiresAt: String(Date.now() + 3_600_000) }
  )
  cleanups.push(() => s.removeConnection(ids.quickbooks))
  const [realtime] = accountingSyncs('stripe-quickbooks-realtime', ids)
  const [nightly] = accountingSyncs('stripe-quickbooks-nightly', ids)
  for (const sync of [realtime, nightly]) await s.saveSync(sync)
  const h = makeHandlers(app)
  const run = (syncId: string, dryRun = false) => handle(h, 'sync:run', { syncId, dryRun }) as Promise<CallResults['sync:run']>
  return { home, realtime, nightly, run }
}

describe('the nightly payments sync after the real-time one', () => {
  it('previews a payment the real-time sync posted as unchanged, writes nothing for it, and names payments by amount, customer and date', async () => {
    const { home, realtime, nightly, run } = await shop()
    const ann = stripe!.pay({ amount: 1250, currency: 'gbp', email: 'ann@x.com', description: 'Gift card' })
    expect(ann.charge.status).toBe('succeeded')

    // The real-time sync posts Ann's payment as it happens.
    const posted = await run(realtime.id)
    expect(posted.run).toMatchObject({ status: 'ok', counts: { created: 1, failed: 0 } })
    const receipts = () => w!.fake.company.list('SalesReceipt')
    expect(receipts()).toHaveLength(1)
    const before = JSON.stringify(w!.parts())

    // The nightly preview, in the app: nothing to write for it, not "status (empty) → succeeded".
    const preview = await run(nightly.id, true)
    expect(preview.run).toMatchObject({ dryRun: true, counts: { created: 0, updated: 0, failed: 0 } })
    expect(preview.preview!.writes).toEqual([])
    expect(preview.preview!.problems).toEqual([])

    // ... and on the command line.
    const dry = await patchbay(home, 'run', nightly.id, '--dry-run')
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.stdout).toMatch(/Preview of .*nothing was written[\s\S]*would create 0 · would update 0 · would delete 0/)
    expect(dry.stdout).not.toMatch(/status|description|Gift card|\(empty\)/)

    // A real nightly run writes nothing for it: no second document, no new version of the first.
    const real = await run(nightly.id)
    expect(real.run).toMatchObject({ status: 'ok', counts: { created: 0, updated: 0, failed: 0 } })
    expect(receipts()).toHaveLength(1)
    expect(receipts()[0].SyncToken).toBe('0')
    expect(JSON.stringify(w!.parts())).toBe(before)

    // A payment neither sync has posted yet is named by amount, customer and date in both previews.
    stripe!.state.advance(60)
    const bea = stripe!.pay({ amount: 4000, currency: 'gbp', email: 'bea@x.com', description: 'Wedding cake deposit' })
    const next = await run(nightly.id, true)
    expect(next.preview!.writes).toEqual([expect.objectContaining({ side: 'right', op: 'create', record: '£40.00 from bea@x.com on 3 Dec 2026', id: bea.charge.id })])
    const cliNext = await patchbay(home, 'run', nightly.id, '--dry-run')
    expect(cliNext.code, cliNext.stderr).toBe(0)
    const row = cliNext.stdout.split('\n').find((l) => l.startsWith('right'))
    expect(row).toMatch(/^right\s+create\s+£40\.00 from bea@x\.com on 3 Dec 2026\s+source_id: \(empty\) → ch_/)
    // Neither preview wrote it.
    expect(receipts()).toHaveLength(1)
  }, 180_000)
})
