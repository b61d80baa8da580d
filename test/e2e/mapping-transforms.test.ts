/**
 * The sync form's value changes, in Chromium against `patchbay serve --demo`: a person
 * upper-cases the last name on its way from the workshop form to HubSpot, maps the sign-up
 * time by hand as a calendar date, sees a live example of each, and the dry-run preview
 * shows the changed values the engine would write.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBrowser, openMonitor, readCsv, screenshot, SCREENSHOTS, type Served } from './helpers'

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

describe('setting up a new sync in the owner’s words', () => {
  /** The values and texts a select offers, with the heading of the group each sits under. */
  const offered = (testId: string) =>
    page.getByTestId(testId).locator('option').evaluateAll((os) => os.map((o) => ({ value: o.getAttribute('value') ?? '', text: o.textContent ?? '', group: o.parentElement?.getAttribute('label') ?? '' })))

  it('offers each side only the connections that fit it, schedules in the Settings time zone, names fields by their labels and starts payments on the records the mapping needs', async () => {
    // The owner's zone is in Settings: a new schedule starts there, not in UTC.
    await go('#/settings')
    await page.getByTestId('time-zone').selectOption('Pacific/Auckland')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await expect.poll(() => page.getByRole('button', { name: 'Save', exact: true }).isDisabled(), T).toBe(true)

    await go('#/syncs/new?template=form-to-crm')
    await page.getByTestId('sync-name').waitFor(T)
    await expect.poll(() => page.getByTestId('schedule-time-zone').inputValue(), T).toBe('Pacific/Auckland')
    await expect.poll(() => page.getByTestId('trigger-preview').textContent(), T).toMatch(/every day at 06:30/)
    // The CRM side offers HubSpot and the CSV files, never Stripe, QuickBooks or Mailchimp.
    const crm = (await offered('right-connection')).map((o) => o.value)
    expect(crm).toContain('hubspot')
    expect(crm).toContain('workshop-form')
    for (const wrong of ['stripe', 'quickbooks', 'mailchimp', 'shipstation']) expect(crm).not.toContain(wrong)
    expect((await offered('left-connection')).map((o) => o.value)).not.toContain('hubspot')

    // HubSpot's fields by their labels, the API name after them.
    await page.getByTestId('left-connection').selectOption('workshop-form')
    await page.getByTestId('right-connection').selectOption('hubspot')
    await expect.poll(() => page.getByTestId('map-first_name-right').inputValue(), T).toBe('firstname')
    const hubspotFields = await offered('map-first_name-right')
    expect(hubspotFields.find((o) => o.value === 'hs_object_id')?.text).toBe('Record ID (hs_object_id)')
    expect(hubspotFields.find((o) => o.value === 'firstname')?.text).toBe('First name (firstname)')
    expect(await page.getByTestId('map-first_name-right').locator('option:checked').textContent()).toBe('First name (firstname)')
    await page.getByTestId('add-fixed').click()
    expect((await offered('fixed-field-0')).find((o) => o.value === 'lifecyclestage')?.text).toBe('Lifecycle stage (lifecyclestage)')
    await page.getByTestId('fixed-field-0').selectOption('lifecyclestage')
    await expect.poll(() => page.getByTestId('form-problems').textContent(), T).toContain('Type the value to always set in Lifecycle stage.')
    await page.locator('.side-picker').first().scrollIntoViewIfNeeded()
    await screenshot(page, '34-new-sync-roles-and-labels')
    await page.getByTestId('remove-fixed-0').click()

    // Payments → accounting starts on Stripe's charges and QuickBooks' documents, not their customers.
    await go('#/syncs/new?template=payments-accounting')
    await page.getByTestId('left-connection').selectOption('stripe')
    await page.getByTestId('right-connection').selectOption('quickbooks')
    await expect.poll(() => page.getByTestId('left-object').inputValue(), T).toBe('charges')
    await expect.poll(() => page.getByTestId('right-object').inputValue(), T).toBe('documents')
    expect((await offered('right-object')).map((o) => o.value)).toContain('customers')
    await expect.poll(() => page.getByTestId('map-amount-right').inputValue(), T).toBe('amount')
    await screenshot(page, '35-payments-template-records')

    // No Square connection yet: the side says so in words and links to Connections.
    await go('#/syncs/new?template=square-payments-accounting')
    await expect.poll(() => page.getByTestId('left-none-fits').textContent(), T).toBe('You have no Square payments connected yet — add Square under Connections.')
    expect(await page.getByTestId('left-none-fits').getByRole('link', { name: 'Connections' }).getAttribute('href')).toBe('#/connections')
    expect((await offered('left-connection')).map((o) => o.value)).toEqual([''])
    await page.locator('.side-picker').first().screenshot({ path: join(SCREENSHOTS, '36-no-connection-fits.png') })

    // A sync of one's own offers every connection, under what each system is.
    await go('#/syncs/new?template=scratch')
    await page.getByTestId('left-connection').waitFor(T)
    await expect.poll(async () => (await offered('left-connection')).length, T).toBeGreaterThan(10)
    const all = await offered('left-connection')
    expect(all.find((o) => o.value === 'hubspot')?.group).toBe('CRM')
    expect(all.find((o) => o.value === 'stripe')?.group).toMatch(/payment/i)
    expect(new Set(all.filter((o) => o.value).map((o) => o.group)).size).toBeGreaterThan(2)
    expect(problems).toEqual([])
  })
})
