/**
 * Killing Patchbay (a real SIGKILL of a real child process) at every write and commit
 * point of the real-time sync, above all right after QuickBooks accepted a batch and
 * before Patchbay recorded it, then running again: every Stripe payment is in the books
 * exactly once, with exactly one fee expense.
 */
import { execFile } from 'node:child_process'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { runSync } from '../../src/main/engine/run'
import { readNote } from '../../src/main/connectors/quickbooks/books'
import { seedCompany, startFakeQuickBooks, type FakeQuickBooks } from '../../src/main/stand-ins/quickbooks'
import { TEST_SCALE } from '../connectors/quickbooks/helpers'
import { crashSync, openCrashWorld, type CrashTarget } from './fixtures/crash-world'
import { quickbooksXsd } from '../support/quickbooks-xsd'

const run = promisify(execFile)
const child = join(import.meta.dirname, 'fixtures', 'crash-child.ts')

async function target(fake: FakeQuickBooks): Promise<CrashTarget> {
  const pair = fake.oauth.issue()
  return {
    url: fake.url, tokenUrl: fake.tokenUrl, realmId: fake.company.realmId, clientId: fake.oauth.app.clientId, clientSecret: fake.oauth.app.clientSecret,
    ...pair, stateDir: await mkdtemp(join(tmpdir(), 'patchbay-qbo-crash-'))
  }
}

async function runChild(t: CrashTarget, crashAt: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', child, JSON.stringify(t), String(crashAt)], { timeout: 60_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

/** Postings per Stripe id and part, to see that nothing is there twice. */
function census(fake: FakeQuickBooks): Map<string, number> {
  const count = new Map<string, number>()
  for (const entity of ['SalesReceipt', 'Purchase']) {
    for (const e of fake.company.list(entity)) {
      const mark = readNote(e.PrivateNote)
      if (mark) count.set(`${mark.sourceId}|${mark.role}`, (count.get(`${mark.sourceId}|${mark.role}`) ?? 0) + 1)
    }
  }
  return count
}

describe('a real-time Stripe → QuickBooks run killed between the QuickBooks write and the commit', () => {
  it('never leaves a second document after a rerun, at any crash point', async () => {
    const start = async () => {
      const fake = await startFakeQuickBooks({ throttleScale: TEST_SCALE, prefs: { multiCurrency: true }, checkXsd: quickbooksXsd })
      seedCompany(fake.company)
      return fake
    }
    const referenceFake = await start()
    const clean = await runChild(await target(referenceFake), 0)
    expect(clean.status).toBe('ok')
    const want = census(referenceFake)
    expect(want.size).toBe(26)
    expect([...want.values()].every((n) => n === 1)).toBe(true)
    await referenceFake.close()

    for (let at = 1; at <= clean.points!; at++) {
      const fake = await start()
      const t = await target(fake)
      expect((await runChild(t, at)).killed, `crash point ${at} was reached`).toBe(true)
      const { documents, charges, state } = await openCrashWorld(t)
      const again = await runSync({ sync: crashSync, adapters: { left: charges, right: documents }, state, trigger: 'watch' })
      expect(again.run.status, `rerun after crash ${at}: ${JSON.stringify(again.run.error ?? state.data.failures)}`).toBe('ok')
      expect(census(fake), `documents after a crash at point ${at} of ${clean.points}`).toEqual(want)
      const third = await runSync({ sync: crashSync, adapters: { left: charges, right: documents }, state, trigger: 'watch' })
      expect(third.run.counts, `nothing left to do after crash ${at}`).toMatchObject({ created: 0, failed: 0 })
      await fake.close()
    }
  }, 600_000)
})
