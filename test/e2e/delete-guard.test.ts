/**
 * In Chromium: a run that would empty the mailing list holds its deletes and lists them, and "Keep them" keeps them.
 * Held deletes are their own "needs you" state ("Deletes need your OK"), never "Some records failed": on the card, in
 * the Overview's list with a button straight to them, and beside failures when a sync has both.
 */
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
/** The same guests keyed by an id column, so two rows can share an email (a failure that names its row). */
const withIds = (rows: string[]) => rows.map((r, i) => `g${i + 1},${r}`)
const T = { timeout: 30_000 }

describe('the mass-delete guard in the app', () => {
  it('lists what would go with Delete them / Keep them, and Keep them leaves the list whole', async () => {
    const shop = join(m.served.files, 'guard-shop.csv')
    const list = join(m.served.files, 'guard-list.csv')
    const shop2 = join(m.served.files, 'guard2-shop.csv')
    const list2 = join(m.served.files, 'guard2-list.csv')
    await writeFile(shop, ['email,name', ...people].join('\n') + '\n')
    await writeFile(list, 'id,email,name\n')
    await writeFile(shop2, ['id,email,name', ...withIds(people)].join('\n') + '\n')
    await writeFile(list2, 'id,email,name\n')
    const setup = join(m.served.files, 'guard.json')
    await writeFile(setup, JSON.stringify({
      connections: [
        { id: 'guard-shop', system: 'csv', label: 'Shop export', settings: { file: shop, keyColumn: 'email' } },
        { id: 'guard-list', system: 'csv', label: 'Guest list', settings: { file: list, keyColumn: 'id' } },
        { id: 'guard2-shop', system: 'csv', label: 'Till export', settings: { file: shop2, keyColumn: 'id' } },
        { id: 'guard2-list', system: 'csv', label: 'Party list', settings: { file: list2, keyColumn: 'id' } }
      ],
      syncs: [{
        id: 'guard', name: 'Shop → guest list', left: { connectionId: 'guard-shop', object: 'guard-shop' }, right: { connectionId: 'guard-list', object: 'guard-list' },
        direction: 'left-to-right', deletes: 'propagate',
        mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }], match: { field: 'email' }
      }, {
        id: 'guard2', name: 'Till → party list', left: { connectionId: 'guard2-shop', object: 'guard2-shop' }, right: { connectionId: 'guard2-list', object: 'guard2-list' },
        direction: 'left-to-right', deletes: 'propagate',
        mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }], match: { field: 'email' }
      }]
    }))
    const patchbay = (...args: string[]) => exec(process.execPath, [join(ROOT, 'bin', 'patchbay.js'), ...args], { env: { ...process.env, PATCHBAY_HOME: m.served.data }, timeout: 60_000 }).catch((e: { code: number; stdout: string }) => e)
    await patchbay('import', setup)
    await patchbay('run', 'guard')
    await patchbay('run', 'guard2')
    expect((await readFile(list, 'utf8')).trim().split('\n')).toHaveLength(21)
    expect((await readFile(list2, 'utf8')).trim().split('\n')).toHaveLength(21)
    // The export comes out empty: the next run would delete all 20 guests.
    await writeFile(shop, 'email,name\n')
    const held = (await patchbay('run', 'guard')) as { code?: number; stdout: string }
    expect(held.code).toBe(2)
    // The other sync: 15 of 20 guests gone from the till export (held), and two rows sharing an email (a failure).
    await writeFile(shop2, ['id,email,name', ...withIds(people.slice(0, 5)), 'd1,twin@example.com,Twin One', 'd2,twin@example.com,Twin Two'].join('\n') + '\n')
    expect(((await patchbay('run', 'guard2')) as { code?: number }).code).toBe(2)

    const { page } = m
    await page.evaluate('window.location.hash = "#/overview"')
    // The card: the owner must choose; nothing failed.
    const card = page.getByTestId('sync-card-guard')
    await expect.poll(() => card.getAttribute('data-state'), T).toBe('deletes')
    expect(await card.locator('.card-head .badge').innerText()).toMatch(/Deletes need your OK/)
    expect(await card.innerText()).not.toMatch(/failed/i)
    expect(await card.getByTestId('chip-deletes').innerText()).toBe('20 deletes held')
    // Held deletes beside failures: the badge says the choice, the summary and the chips say both.
    const card2 = page.getByTestId('sync-card-guard2')
    await expect.poll(() => card2.getAttribute('data-state'), T).toBe('deletes')
    expect(await card2.innerText()).toMatch(/would delete 15 of 20 records[\s\S]*Also: 1 record could not be written/)
    expect(await card2.getByTestId('chip-deletes').innerText()).toBe('15 deletes held')
    expect(await card2.innerText()).toMatch(/\b1 failure\b/)
    // The Overview's "needs you" list: one entry for each sync, with a button straight to the held deletes.
    const entry = page.getByTestId('attention-guard')
    await entry.waitFor(T)
    expect(await entry.getAttribute('data-state')).toBe('deletes')
    expect(await entry.innerText()).toMatch(/Shop → guest list — Shop export read as empty, so this run would delete all 20/)
    expect(await entry.getByTestId('see-failures').count()).toBe(0)
    const entry2 = page.getByTestId('attention-guard2')
    expect(await entry2.getByTestId('review-deletes').count()).toBe(1)
    expect(await entry2.getByTestId('see-failures').getAttribute('href')).toBe('#/syncs/guard2/failures')
    // The headline counts each sync that needs the owner once: exactly the rows of its list (paused ones with nothing waiting are listed apart).
    const needing = page.getByTestId('needs-you-list').locator('li')
    expect(await needing.count()).toBeGreaterThanOrEqual(2)
    expect(await page.getByTestId('attention-headline').textContent()).toBe(`${await needing.count()} syncs need you`)
    expect(await page.getByTestId('needs-you-list').locator('[data-testid="attention-guard"], [data-testid="attention-guard2"]').count()).toBe(2)
    expect(await page.getByTestId('paused-list').locator('li:not([data-state="paused"])').count()).toBe(0)
    // Said once, as the sync's state: not repeated in the notices above the list.
    expect(await page.locator('[data-testid="sync-notices"]').filter({ hasText: 'read as empty' }).count()).toBe(0)
    await screenshot(page, 'delete-guard-overview')
    await page.emulateMedia({ colorScheme: 'dark' })
    await screenshot(page, 'delete-guard-overview-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    await entry.getByTestId('review-deletes').click()
    const panel = page.getByTestId('waiting-deletes')
    await panel.waitFor(T)
    expect(await page.evaluate('window.location.hash')).toBe('#/syncs/guard?focus=deletes')
    // Straight to the list: its heading has the focus, so a keyboard or screen reader lands there.
    await expect.poll(() => page.evaluate('document.activeElement?.dataset.testid'), T).toBe('waiting-deletes-title')
    expect(await page.locator('.view-head .badge').innerText()).toMatch(/Deletes need your OK/)
    await expect.poll(() => page.getByTestId('run-row').first().innerText(), T).toMatch(/Deletes held for you/)
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
    // Answered: the run that held them failed nothing, so the sync is not "Some records failed" now either.
    await page.evaluate('window.location.hash = "#/overview"')
    await expect.poll(() => card.getAttribute('data-state'), T).toMatch(/^(ok|running)$/)
    expect(m.problems).toEqual([])
  }, 300_000)
})
