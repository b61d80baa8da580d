/**
 * Killing Patchbay (a real SIGKILL of a real child process) at every write and commit
 * point of the real-time Square → QuickBooks sync, above all right after QuickBooks
 * accepted a batch and before Patchbay recorded it, then running again: every Square
 * payment is in the books exactly once, with exactly one fee expense.
 */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../src/main/engine/run'
import { readNote } from '../../src/main/connectors/quickbooks/books'
import { seedCompany, startFakeQuickBooks, type FakeQuickBooks } from '../../src/main/stand-ins/quickbooks'
import { squareDay, startFakeSquare, type FakeSquare } from '../../src/main/stand-ins/square'
import { TEST_SCALE } from '../connectors/quickbooks/helpers'
import { bundled } from '../support/bundle'
import { openSquareCrashWorld, squareCrashSync, type SquareCrashTarget } from './fixtures/square-crash-world'
import { addSquareAccounts } from './square-helpers'

const run = promisify(execFile)
let square: FakeSquare
let child: string
beforeAll(async () => {
  square = await startFakeSquare({ rateLimit: false })
  squareDay(square.state, { payments: 6 })
  child = await bundled(join(import.meta.dirname, 'fixtures', 'square-crash-child.ts'))
})
afterAll(async () => square?.close())

async function books(): Promise<{ fake: FakeQuickBooks; target: SquareCrashTarget }> {
  // No XSD check here: it is the same posting as square-day.test.ts, and each crash point starts a company.
  const fake = await startFakeQuickBooks({ throttleScale: TEST_SCALE, prefs: { multiCurrency: true } })
  seedCompany(fake.company)
  addSquareAccounts(fake.company)
  const pair = fake.oauth.issue()
  return {
    fake,
    target: {
      qbo: { url: fake.url, tokenUrl: fake.tokenUrl, realmId: fake.company.realmId, clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret, ...pair },
      square: { url: square.url, token: square.token, now: square.state.now },
      stateDir: await mkdtemp(join(tmpdir(), 'patchbay-square-crash-'))
    }
  }
}

async function runChild(t: SquareCrashTarget, crashAt: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await run(process.execPath, [child, JSON.stringify(t), String(crashAt)], { timeout: 60_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

/** Postings per Square id and part, to see that nothing is there twice. */
function census(fake: FakeQuickBooks): Map<string, number> {
  const count = new Map<string, number>()
  for (const entity of ['SalesReceipt', 'Purchase', 'Customer', 'Item']) {
    for (const e of fake.company.list(entity)) {
      const mark = readNote(e.PrivateNote)
      const key = mark ? `${mark.source}:${mark.sourceId}|${mark.role}` : entity === 'Customer' || entity === 'Item' ? `${entity}|${String(e.DisplayName ?? e.Name)}` : undefined
      if (key) count.set(key, (count.get(key) ?? 0) + 1)
    }
  }
  return count
}

describe('a real-time Square → QuickBooks run killed between the QuickBooks write and the commit', () => {
  it('never leaves a second document, customer or item after a rerun, at any crash point', async () => {
    const reference = await books()
    const clean = await runChild(reference.target, 0)
    expect(clean.status).toBe('ok')
    const want = census(reference.fake)
    // Five completed sales, each a receipt and a fee expense; the declined card (the sixth sale) is not there.
    expect([...want.keys()].filter((k) => k.startsWith('square:'))).toHaveLength(10)
    expect([...want.values()].every((n) => n === 1)).toBe(true)
    await reference.fake.close()

    for (let at = 1; at <= clean.points!; at++) {
      const { fake, target } = await books()
      expect((await runChild(target, at)).killed, `crash point ${at} was reached`).toBe(true)
      const { documents, payments, state } = await openSquareCrashWorld(target)
      const again = await runSync({ sync: squareCrashSync, adapters: { left: payments, right: documents }, state, trigger: 'watch' })
      expect(again.run.status, `rerun after crash ${at}: ${JSON.stringify(again.run.error ?? state.data.failures)}`).toBe('ok')
      expect(census(fake), `documents after a crash at point ${at} of ${clean.points}`).toEqual(want)
      await fake.close()
    }
  }, 120_000)
})
