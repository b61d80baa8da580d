/**
 * No contact twice: the web-form CSV → Salesforce sync is SIGKILLed (a real child process)
 * before and after its sObject Collections write and after its link commit, then run
 * again to the end. The fake org (in this process) must hold exactly one contact per form
 * row, the sync a link for each and no Failure, and a further run nothing to do. A kill
 * after Salesforce created contacts whose links were never saved is caught by the next
 * run finding them by email before it creates anything.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { runSync } from '../../../src/main/engine/run'
import { startFakeSalesforce, type FakeSalesforce } from '../../../src/main/stand-ins/salesforce'
import { bundled } from '../../support/bundle'
import { armCrashPoints } from '../../support/crash-points'
import { FORM_SYNC, openCrashWorld } from './fixtures/crash-world'

const exec = promisify(execFile)
let child = ''
beforeAll(async () => {
  child = await bundled(join(import.meta.dirname, 'fixtures', 'crash-child.ts'))
})

const PEOPLE = ['ada@lovelace.org', 'bob@kim.org', 'cy@young.org', 'dee@okafor.org']

async function world(): Promise<{ dir: string; org: FakeSalesforce; secrets: Record<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-sf-crash-'))
  await writeFile(join(dir, 'signups.csv'), ['email,first_name,last_name', ...PEOPLE.map((e) => `${e},${e.split('@')[0]},Form`)].join('\n') + '\n')
  const org = await startFakeSalesforce()
  const pair = org.oauth.issue()
  return { dir, org, secrets: { clientId: org.oauth.app.consumerKey, accessToken: pair.accessToken, refreshToken: pair.refreshToken } }
}

async function runChild(w: { dir: string; org: FakeSalesforce; secrets: Record<string, string> }, at: number): Promise<{ killed: boolean; points?: number; status?: string }> {
  try {
    const { stdout } = await exec(process.execPath, [child, w.dir, w.org.url, JSON.stringify(w.secrets), String(at)], { timeout: 60_000 })
    return { killed: false, ...JSON.parse(stdout.trim().split('\n').pop()!) }
  } catch (e) {
    const err = e as { signal?: string; stderr?: string }
    if (err.signal === 'SIGKILL') return { killed: true }
    throw new Error(`child failed: ${err.stderr}`)
  }
}

describe('web form → Salesforce killed while it writes', () => {
  it('ends with one contact per signup at every crash point, and nothing left to do', async () => {
    // The points of an uninterrupted run, counted in this process: before and after the one
    // collection write (the four signups, one chunk), after its link commit.
    const clean = await world()
    const opened = await openCrashWorld(clean.dir, clean.org.url, clean.secrets)
    const counted = armCrashPoints(0, [opened.adapters.right], opened.state)
    expect((await runSync({ sync: FORM_SYNC, ...opened, trigger: 'manual', chunkSize: 4 })).run.status).toBe('ok')
    await clean.org.close()
    const points = counted.count()
    expect(points).toBe(3)
    for (let at = 1; at <= points; at++) {
      const w = await world()
      try {
        expect((await runChild(w, at)).killed, `crash point ${at} was reached`).toBe(true)
        const { adapters, state } = await openCrashWorld(w.dir, w.org.url, w.secrets)
        const { run } = await runSync({ sync: FORM_SYNC, adapters, state, trigger: 'manual' })
        expect(run.status, `after crash ${at}: ${JSON.stringify(run.error)}`).toBe('ok')
        expect(w.org.org.all('Contact').map((c) => c.Email).sort(), `contacts after crash ${at}`).toEqual([...PEOPLE].sort())
        expect(state.data.failures, `failures after crash ${at}`).toEqual([])
        const again = await runSync({ sync: FORM_SYNC, adapters, state, trigger: 'manual' })
        expect(again.run.counts, `nothing left after crash ${at}`).toMatchObject({ created: 0, updated: 0, failed: 0 })
      } finally {
        await w.org.close()
      }
    }
  }, 120_000)
})
