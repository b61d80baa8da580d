/** The mass-delete guard: an empty export never empties the other side without the owner saying so. */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it, beforeAll } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import type { Run } from '../../src/shared/domain'
import type { SyncCard } from '../../src/shared/contract'
import { ensureBuilt, ROOT as BUILT_ROOT } from '../e2e/helpers'

const exec = promisify(execFile)
// The built command (bin/patchbay.js runs out/main/cli.js), built first if the sources changed: a
// child starts in a fraction of the time tsx takes to compile the sources for every command.
const cli = join(BUILT_ROOT, 'bin', 'patchbay.js')
beforeAll(ensureBuilt, 300_000)

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const people = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}@x.com,Person ${i + 1}`)
const withIds = (rows: string[]) => rows.map((r, i) => `s${i + 1},${r}`)
const rowsOf = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').slice(1).filter(Boolean)

/** A one-way web-shop export → mailing list with deletes propagated, 20 people synced once. */
async function setup(n = 20, o: { shopIds?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-guard-'))
  const shop = join(dir, 'shop.csv')
  const list = join(dir, 'list.csv')
  const home = join(dir, 'home')
  // With `shopIds`, the export keys its rows by an id column, so two rows can share an email (a failure that names its row).
  await writeFile(shop, o.shopIds ? ['id,email,name', ...withIds(people(n))].join('\n') + '\n' : ['email,name', ...people(n)].join('\n') + '\n')
  await writeFile(list, 'id,email,name\n')
  app = await openApp({ home, secrets: 'memory', logLevel: 'error' })
  const s = app.service
  await s.saveConnection({ id: 'shop', system: 'csv', label: 'Web shop export', settings: { file: shop, keyColumn: o.shopIds ? 'id' : 'email' } })
  await s.saveConnection({ id: 'list', system: 'csv', label: 'Mailing list', settings: { file: list, keyColumn: 'id' } })
  await s.saveSync({
    id: 'shop-list', name: 'Shop → list', left: { connectionId: 'shop', object: 'shop' }, right: { connectionId: 'list', object: 'list' },
    direction: 'left-to-right', deletes: 'propagate',
    mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }],
    match: { field: 'email' }
  })
  expect((await s.runSync('shop-list')).run.counts.created).toBe(n)
  const h = makeHandlers(app)
  const call = <T>(channel: string, payload: unknown) => handle(h, channel, payload) as Promise<T>
  return { s, shop, list, home, call }
}

describe('a run that would delete many records at once', () => {
  it('deletes nothing from a header-only export, finishes the rest, and waits for the owner', async () => {
    const { s, shop, list, call } = await setup()
    await writeFile(shop, 'email,name\n')
    const { run, held } = await s.runSync('shop-list')
    expect(await rowsOf(list)).toHaveLength(20)
    expect(run.counts.deleted).toBe(0)
    expect(run.status).toBe('partial')
    expect(held?.reason).toBe('empty')
    expect(held?.items).toHaveLength(20)
    const card = (await call<SyncCard[]>('status:get', {})).find((c) => c.sync.id === 'shop-list')!
    expect(card.waitingDeletes?.items.map((i) => i.label)).toContain('Person 3 (p3@x.com)')
    expect(card.summary).toMatch(/read as empty/)
    // Asking again holds them again.
    await s.runSync('shop-list')
    expect(await rowsOf(list)).toHaveLength(20)
  })

  it('"Delete them" carries the deletes out', async () => {
    const { s, shop, list, call } = await setup()
    await writeFile(shop, 'email,name\n')
    await s.runSync('shop-list')
    const run = await call<Run>('deletes:allow', { syncId: 'shop-list' })
    expect(run.counts.deleted).toBe(20)
    expect(await rowsOf(list)).toHaveLength(0)
    expect(await s.waitingDeletes('shop-list')).toBeNull()
  })

  it('"Keep them" leaves the records on the other side, and later runs never delete them', async () => {
    const { s, shop, list, call } = await setup()
    // 15 of 20 gone from the export: over 10 records and over 20%.
    await writeFile(shop, ['email,name', ...people(5)].join('\n') + '\n')
    const first = await s.runSync('shop-list')
    expect(first.held?.reason).toBe('many')
    expect(first.held?.items).toHaveLength(15)
    expect(await call<{ kept: number }>('deletes:keep', { syncId: 'shop-list' })).toEqual({ kept: 15 })
    expect(await s.waitingDeletes('shop-list')).toBeNull()
    const again = await s.runSync('shop-list')
    expect(again.held).toBeUndefined()
    expect(again.run.counts.deleted).toBe(0)
    expect(again.run.status).toBe('ok')
    expect(await rowsOf(list)).toHaveLength(20)
  })

  it('says held deletes as their own state, not a failure, and still counts failures beside them', async () => {
    const { s, shop, call } = await setup(20, { shopIds: true })
    const cardOf = async () => (await call<SyncCard[]>('status:get', {})).find((c) => c.sync.id === 'shop-list')!
    await writeFile(shop, ['id,email,name', ...withIds(people(5))].join('\n') + '\n')
    await s.runSync('shop-list')
    const held = await cardOf()
    expect(held.state).toBe('deletes')
    expect(held.openFailures).toBe(0)
    expect(held.summary).toMatch(/would delete 15 of 20 records/)
    // The held message is the sync's state, not also a notice (the Overview would say it twice).
    expect(held.notice).toBeUndefined()
    // Two rows with one email cannot be paired: a failure beside the held deletes.
    await writeFile(shop, ['id,email,name', ...withIds(people(5)), 'd1,dup@x.com,Dup One', 'd2,dup@x.com,Dup Two'].join('\n') + '\n')
    await s.runSync('shop-list')
    const both = await cardOf()
    expect(both.state).toBe('deletes')
    expect(both.openFailures).toBeGreaterThan(0)
    expect(both.waitingDeletes?.items).toHaveLength(15)
    expect(both.summary).toMatch(/would delete 15 of 20 records.*Also: \d+ records? could not be written/)
    // "Keep them": the run that held them failed nothing, so only the failures remain.
    await call('deletes:keep', { syncId: 'shop-list' })
    const kept = await cardOf()
    expect(kept.state).toBe('partial')
    expect(kept.summary).not.toMatch(/delete/)
  })

  it('lets deletes under the threshold through as before', async () => {
    const { s, shop, list } = await setup()
    await writeFile(shop, ['email,name', ...people(20).slice(0, 17)].join('\n') + '\n')
    const { run, held } = await s.runSync('shop-list')
    expect(held).toBeUndefined()
    expect(run.counts.deleted).toBe(3)
    expect(await rowsOf(list)).toHaveLength(17)
  })

  it('follows the sync’s own threshold', async () => {
    const { s, shop, list } = await setup()
    await s.saveSync({ ...s.sync('shop-list'), deleteGuard: { maxCount: 1, maxPercent: 5 } })
    await writeFile(shop, ['email,name', ...people(20).slice(0, 17)].join('\n') + '\n')
    const { held } = await s.runSync('shop-list')
    expect(held?.items).toHaveLength(3)
    expect(await rowsOf(list)).toHaveLength(20)
  })

  it('makes `patchbay run` exit non-zero naming --allow-deletes, `status` say so, and --allow-deletes delete', async () => {
    const { shop, list, home } = await setup()
    await app!.close()
    app = undefined
    await writeFile(shop, 'email,name\n')
    const patchbay = async (...args: string[]) => {
      try {
        const { stdout } = await exec(process.execPath, [cli, ...args], { env: { ...process.env, PATCHBAY_HOME: home }, timeout: 60_000 })
        return { code: 0, stdout }
      } catch (e) {
        const err = e as { code: number; stdout: string }
        return { code: err.code, stdout: err.stdout }
      }
    }
    const r = await patchbay('run', 'shop-list')
    expect(r.code).not.toBe(0)
    expect(r.stdout).toMatch(/patchbay run shop-list --allow-deletes/)
    expect(r.stdout).toMatch(/would delete \(right\): Person 1 \(p1@x\.com\)/)
    expect(await rowsOf(list)).toHaveLength(20)
    const status = (await patchbay('status')).stdout
    // The STATE column says the owner must choose, in the app's words; nothing failed.
    expect(status).toMatch(/^shop-list\s+Deletes need your OK\s/m)
    expect(status).not.toMatch(/Some records failed/)
    expect(status).toMatch(/shop-list: Web shop export read as empty/)
    expect(status).toMatch(/To keep them \(the sync stops trying to delete them\): patchbay keep-deletes shop-list/)
    const allowed = await patchbay('run', 'shop-list', '--allow-deletes')
    expect(allowed.code).toBe(0)
    expect(await rowsOf(list)).toHaveLength(0)
  }, 120_000)

  it('a damaged list of waiting deletes is told, deletes nothing, and the next run lists them again', async () => {
    const { s, shop, list, home } = await setup()
    await writeFile(shop, 'email,name\n')
    await s.runSync('shop-list')
    await writeFile(join(home, 'syncs', 'shop-list', 'waiting-deletes.json'), '{"held": {"items": [tru')
    await app!.close()
    app = await openApp({ home, secrets: 'memory', logLevel: 'error' })
    const again = app.service
    expect(again.recoveryNotices()).toEqual([])
    await again.status()
    const notes = again.recoveryNotices().map((n) => n.message)
    expect(notes).toEqual([expect.stringMatching(/^Shop → list: .*the deletes waiting for you.*The next run of this sync lists again any deletes that wait for you\.$/)])
    expect(await rowsOf(list)).toHaveLength(20)
    const { run, held } = await again.runSync('shop-list')
    expect(run.counts.deleted).toBe(0)
    expect(held?.items).toHaveLength(20)
    expect((await again.waitingDeletes('shop-list'))?.items).toHaveLength(20)
    expect(await rowsOf(list)).toHaveLength(20)
  })
})
