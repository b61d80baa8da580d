/** In Chromium: a run that would empty the mailing list holds its deletes and lists them, and "Keep them" keeps them. */
import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openMonitor, ROOT, screenshot, type Monitor } from './helpers'

const exec = promisify(execFile)
let m: Monitor

beforeAll(async () => {
  m = await openMonitor()
}, 300_000)
afterAll(async () => {
  await m?.browser.close()
  await m?.served.stop()
})

const people = Array.from({ length: 20 }, (_, i) => `guest${i + 1}@example.com,Guest ${i + 1}`)

describe('the mass-delete guard in the app', () => {
  it('lists what would go with Delete them / Keep them, and Keep them leaves the list whole', async () => {
    const shop = join(m.served.files, 'guard-shop.csv')
    const list = join(m.served.files, 'guard-list.csv')
    await writeFile(shop, ['email,name', ...people].join('\n') + '\n')
    await writeFile(list, 'id,email,name\n')
    const setup = join(m.served.files, 'guard.json')
    await writeFile(setup, JSON.stringify({
      connections: [
        { id: 'guard-shop', system: 'csv', label: 'Shop export', settings: { file: shop, keyColumn: 'email' } },
        { id: 'guard-list', system: 'csv', label: 'Guest list', settings: { file: list, keyColumn: 'id' } }
      ],
      syncs: [{
        id: 'guard', name: 'Shop → guest list', left: { connectionId: 'guard-shop', object: 'guard-shop' }, right: { connectionId: 'guard-list', object: 'guard-list' },
        direction: 'left-to-right', deletes: 'propagate',
        mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }], match: { field: 'email' }
      }]
    }))
    const patchbay = (...args: string[]) => exec(process.execPath, [join(ROOT, 'bin', 'patchbay.js'), ...args], { env: { ...process.env, PATCHBAY_HOME: m.served.data }, timeout: 60_000 }).catch((e: { code: number; stdout: string }) => e)
    await patchbay('import', setup)
    await patchbay('run', 'guard')
    expect((await readFile(list, 'utf8')).trim().split('\n')).toHaveLength(21)
    // The export comes out empty: the next run would delete all 20 guests.
    await writeFile(shop, 'email,name\n')
    const held = (await patchbay('run', 'guard')) as { code?: number; stdout: string }
    expect(held.code).toBe(2)

    const { page } = m
    await page.evaluate('window.location.hash = "#/syncs/guard"')
    const panel = page.getByTestId('waiting-deletes')
    await panel.waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('waiting-item').count()).toBe(20)
    expect(await panel.innerText()).toMatch(/Guest 7 \(guest7@example\.com\)/)
    expect(await page.getByTestId('sync-summary').innerText()).toMatch(/Shop export read as empty, so this run would delete all 20/)
    expect(await panel.innerText()).toMatch(/Keep them” leaves them where they are/)
    await screenshot(page, 'delete-guard')

    await page.getByTestId('keep-them').click()
    await panel.waitFor({ state: 'detached', timeout: 30_000 })
    const again = (await patchbay('run', 'guard')) as { code?: number; stdout: string }
    expect(again.code ?? 0).toBe(0)
    expect((await readFile(list, 'utf8')).trim().split('\n')).toHaveLength(21)
    expect(m.problems).toEqual([])
  }, 300_000)
})
