/**
 * No duplicate contact: a two-way HubSpot ⇄ SendGrid sync is killed (a real SIGKILL of a
 * real child process) at every write and commit point of its apply phase, including after
 * SendGrid accepted an import whose job the child never saw finish, then run again. The
 * stand-ins live in this process, so they outlive the child as the real services would.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/engine/run'
import { bundled } from '../../support/bundle'
import { armCrashPoints } from '../../support/crash-points'
import { fakeHubspot } from '../hubspot/helpers'
import { fakeSendgrid, freshState } from './helpers'
import { crashSync, openCrashWorld } from './fixtures/crash-world'

const run = promisify(execFile)
let child = ''
beforeAll(async () => {
  child = await bundled(join(import.meta.dirname, 'fixtures', 'crash-child.ts'))
})

/** A fresh pair of stand-ins: 3 people only in HubSpot, 2 only in SendGrid, 1 in both, one unsubscribed. */
async function world() {
  const hubspot = await fakeHubspot()
  const { fake: sendgrid, user } = await fakeSendgrid()
  for (const [i, name] of ['Ann', 'Bo', 'Cy'].entries()) hubspot.store.create('contacts', { email: `${name.toLowerCase()}@crm.test`, firstname: name, lastname: `Crm${i}`, hs_email_optout: 'false' })
  hubspot.store.create('contacts', { email: 'both@shop.test', firstname: 'Both', hs_email_optout: 'false' })
  user.put('both@shop.test', { first_name: 'Both' })
  user.put('dee@mail.test', { first_name: 'Dee' })
  user.put('eve@mail.test', { first_name: 'Eve' })
  user.unsubscribe('eve@mail.test')
  const targets = { hubspotUrl: hubspot.url, token: hubspot.token, sendgridUrl: sendgrid.url, apiKey: sendgrid.apiKey }
  const dir = (await freshState()).dir
  return {
    hubspot, sendgrid, user, dir,
    async child(at: number): Promise<{ killed: boolean; points?: number; status?: string }> {
      try {
        const { stdout } = await run(process.execPath, [child, dir, String(at), JSON.stringify(targets)], { timeout: 60_000 })
        return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
      } catch (e) {
        const err = e as { signal?: string; stderr?: string }
        if (err.signal === 'SIGKILL') return { killed: true }
        throw new Error(`child failed: ${err.stderr}`)
      }
    },
    /** Runs the sync here; `count` arms the crash points without killing, to count them. */
    async finish(count?: (n: number) => void) {
      const { adapters, state } = await openCrashWorld(targets, dir)
      const points = count ? armCrashPoints(0, [adapters.left, adapters.right], state) : undefined
      const { run } = await runSync({ sync: crashSync, adapters, state, trigger: 'manual' })
      if (points) count!(points.count())
      return run
    },
    /** Every email on each side, sorted (a duplicate shows twice). */
    emails() {
      sendgrid.store.settle()
      return { hubspot: hubspot.store.live('contacts').map((c) => c.properties.email.toLowerCase()).sort(), sendgrid: user.all().map((c) => c.email).sort() }
    }
  }
}

describe('HubSpot ⇄ SendGrid killed while it writes', () => {
  it('ends, after a rerun, with every person once on each side and Eve still unsubscribed, at every crash point', async () => {
    // The uninterrupted run, here (no child needed): what every crashed world must end as, and how many points it passes.
    const clean = await world()
    let points = 0
    expect((await clean.finish((n) => (points = n))).status).toBe('ok')
    // Before and after HubSpot's and SendGrid's write calls, and after each link commit.
    expect(points).toBeGreaterThanOrEqual(5)
    const want = clean.emails()
    expect(want.hubspot).toEqual(['ann@crm.test', 'bo@crm.test', 'both@shop.test', 'cy@crm.test', 'dee@mail.test', 'eve@mail.test'])
    expect(want.sendgrid).toEqual(want.hubspot)

    // Each crash point has its own stand-ins and state, so they all run side by side.
    const crashAt = async (at: number) => {
      const w = await world()
      expect((await w.child(at)).killed, `crash point ${at} was reached`).toBe(true)
      expect((await w.finish()).status, `rerun after crash ${at}`).toBe('ok')
      expect(w.emails(), `after a crash at point ${at} of ${points}`).toEqual(want)
      expect(w.hubspot.store.findUnique('contacts', 'email', 'eve@mail.test')!.properties.hs_email_optout).toBe('true')
      expect(w.user.suppressed('eve@mail.test')).toBe(true)
      expect((await w.finish()).counts, `no leftover work after crash ${at}`).toMatchObject({ created: 0, updated: 0, deleted: 0 })
    }
    await Promise.all(Array.from({ length: points }, (_, i) => crashAt(i + 1)))
  }, 120_000)
})
