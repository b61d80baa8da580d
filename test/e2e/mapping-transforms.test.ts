/**
 * The sync form's value changes, in Chromium against `patchbay serve --demo`: a person
 * upper-cases the last name on its way from the workshop form to HubSpot, maps the sign-up
 * time by hand as a calendar date, sees a live example of each, and the dry-run preview
 * shows the changed values the engine would write.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, openMonitor, readCsv, screenshot, type Served } from './helpers'

let served: Served
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page
const T = { timeout: 20_000 }
let problems: string[]

beforeAll(async () => {
  ;({ served, browser, page, problems } = await openMonitor())
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await served?.stop()
})

const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`)

describe('changing values in a new sync’s mapping', () => {
  it('upper-cases a field and maps one by hand, with live examples, and the dry-run preview writes the changed values', async () => {
    const workshop = await readCsv(join(served.files, 'workshop-signups.csv'))
    const first = workshop[0]
    await page.getByTestId('overview').waitFor(T)
    await go('#/syncs/new?template=form-to-crm')
    await page.getByTestId('sync-name').fill('Workshop sign-ups → HubSpot')
    await page.getByTestId('left-connection').selectOption('workshop-form')
    await page.getByTestId('right-connection').selectOption('hubspot')
    await expect.poll(() => page.getByTestId('map-last_name-left').inputValue(), T).toBe('last_name')

    // Last name: upper-case it as it is read from the form, after the template's tidy-up.
    await page.getByTestId('change-values-last_name').click()
    const read = 'changes-last_name-left-read'
    await expect.poll(() => page.getByTestId(`${read}-0`).textContent(), T).toMatch(/Tidy spaces/)
    await page.getByTestId(`${read}-add`).selectOption('upper')
    await page.getByTestId('changes-last_name-left-sample').fill('  van der  Berg ')
    await expect.poll(() => page.getByTestId(`${read}-0-example`).textContent(), T).toBe('→ “van der Berg”')
    await expect.poll(() => page.getByTestId(`${read}-1-example`).textContent(), T).toBe('→ “VAN DER BERG”')
    await expect.poll(() => page.getByTestId('changes-last_name-left-result').textContent(), T).toMatch(/gets “VAN DER BERG”/)
    await expect.poll(() => page.getByTestId('change-values-last_name').textContent(), T).toBe('Change values… (2)')
    await screenshot(page, '30-mapping-change-values')
    await page.getByTestId('change-values-last_name').click()

    // Phone: a US number with GB chosen is flagged, not shown as fine; a London number is not.
    await page.getByTestId('change-values-phone').click()
    await page.getByTestId('changes-phone-left-sample').fill('(415) 555-0132')
    await expect.poll(() => page.getByTestId('changes-phone-left-read-0-warning').textContent(), T).toMatch(/not a GB number.*looks like a US number \(\+14155550132\)/)
    expect(await page.getByTestId('changes-phone-left-read-0-example').getAttribute('class')).toContain('vc-warn')
    await screenshot(page, '33-mapping-phone-country')
    await page.getByTestId('changes-phone-left-sample').fill('020 7946 0123')
    await expect.poll(() => page.getByTestId('changes-phone-left-read-0-example').textContent(), T).toBe('→ “+442079460123”')
    expect(await page.getByTestId('changes-phone-left-read-0-warning').count()).toBe(0)
    await page.getByTestId('change-values-phone').click()

    // A field the template does not know: when they signed up, as a calendar date in London.
    await page.getByTestId('add-field-label').fill('Signed up')
    await page.getByTestId('add-field-left').selectOption('submitted_at')
    await page.getByTestId('add-field-right').selectOption('createdate')
    await page.getByTestId('add-field-button').click()
    await expect.poll(() => page.getByTestId('map-signed_up-left').inputValue(), T).toBe('submitted_at')
    await page.getByTestId('change-values-signed_up').click()
    const date = 'changes-signed_up-left-read'
    await page.getByTestId(`${date}-add`).selectOption('date')
    await page.getByTestId(`${date}-0-from`).fill('Mars/Olympus')
    await expect.poll(() => page.getByTestId('form-problems').textContent(), T).toMatch(/"Mars\/Olympus" is not a time zone/)
    expect(await page.getByTestId('preview-new').isDisabled()).toBe(true)
    await page.getByTestId(`${date}-0-from`).fill('UTC')
    await page.getByTestId(`${date}-0-to`).fill('Europe/London')
    await page.getByTestId(`${date}-0`).locator('select').selectOption('date')
    await page.getByTestId('changes-signed_up-left-sample').fill('2026-07-01 23:30')
    await expect.poll(() => page.getByTestId(`${date}-0-example`).textContent(), T).toBe('→ “2026-07-02”')
    await screenshot(page, '31-mapping-added-field')

    await page.getByTestId('preview-new').click()
    await page.getByTestId('preview').waitFor(T)
    await expect.poll(() => page.getByTestId('preview-right-create').textContent(), T).toMatch(/^24 new/)
    const row = page.locator('[data-testid="preview"] tbody tr', { hasText: first.email.toLowerCase() })
    await expect.poll(() => row.textContent(), T).toContain(first.last_name.trim().replace(/\s+/g, ' ').toUpperCase())
    // A calendar date, not the form's "yyyy-MM-dd HH:mm".
    await expect.poll(() => row.textContent(), T).toMatch(/signed up\d{4}-\d{2}-\d{2}(?![\d :T])/)
    await screenshot(page, '32-mapping-preview')
    expect(problems).toEqual([])
  })
})
