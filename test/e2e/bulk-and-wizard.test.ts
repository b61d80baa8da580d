/**
 * Two things a person does in the monitor, in Chromium against `patchbay serve --demo`:
 * keeps one side's surname for every conflict of the HubSpot ⇄ Mailchimp sync in one
 * click (and both fakes agree after the next run), and walks the QuickBooks connection
 * wizard up to the paste-back step, where an address from elsewhere is refused in words.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conflictLands, core, openConflicts, quietContact } from './conflicts'
import { fakeApis, hubspotContacts, mailchimpMember, openBrowser, openMonitor, screenshot, type FakeApis, type Served } from './helpers'

let served: Served
let api: FakeApis
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page
const T = { timeout: 20_000 }
const API = { timeout: 45_000, interval: 500 }
let problems: string[]

beforeAll(async () => {
  ;({ served, browser, page, problems } = await openMonitor())
  api = await fakeApis(served)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await served?.stop()
})

const go = (hash: string) => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`)

describe('bulk settling by field, and the QuickBooks wizard', () => {
  it('keeps HubSpot’s last name for all of the sync’s conflicts, and both systems agree after the next run', async () => {
    await page.getByTestId('overview').waitFor(T)
    await go('#/conflicts?sync=hubspot-mailchimp')
    const row = page.getByTestId('bulk-field-last_name')
    await row.waitFor({ timeout: 60_000 })
    await screenshot(page, '20-conflicts-bulk-field')
    // The records waiting on the surname, and HubSpot's value for each.
    const ids = await page.locator('[data-testid="conflict-item"]').count()
    expect(ids).toBeGreaterThanOrEqual(2)
    const wanted = new Map<string, string>()
    for (let i = 0; i < ids; i++) {
      await page.getByTestId('conflict-item').nth(i).click()
      const field = page.getByTestId('conflict-detail').getByTestId('conflict-field-last_name')
      if (!(await field.count())) continue
      const email = (await page.getByTestId('conflict-record').textContent())!.trim().toLowerCase()
      wanted.set(email, (await field.getByTestId('left-value').textContent())!.trim())
    }
    expect(wanted.size).toBeGreaterThanOrEqual(2)
    const button = row.getByTestId('bulk-field-left')
    expect(await button.textContent()).toMatch(new RegExp(`Keep HubSpot’s last name for all ${wanted.size}`))
    // Settling the whole queue asks first too, with its count; Esc says no and nothing is settled.
    const queued = await page.getByTestId('conflict-item').count()
    await page.getByTestId('bulk-left').click()
    await expect.poll(() => page.getByTestId('bulk-confirm').textContent(), T).toMatch(new RegExp(`^Keep HubSpot’s values for ${queued} conflicts\\?`))
    await page.keyboard.press('Escape')
    expect(await page.getByTestId('bulk-confirm').count()).toBe(0)
    expect(await page.getByTestId('conflict-item').count()).toBe(queued)
    // A bulk settlement asks first, with its count; No changes nothing.
    await button.click()
    await expect.poll(() => page.getByTestId('bulk-confirm').textContent(), T).toMatch(new RegExp(`Keep HubSpot’s last name for ${wanted.size} conflicts\\?`))
    await page.getByTestId('bulk-confirm-no').click()
    expect(await page.getByTestId('bulk-confirm').count()).toBe(0)
    // The sync's timer is paused while the Undo is tried: a run writing the choice first would rightly refuse it.
    await core(served, 'sync:pause', { id: 'hubspot-mailchimp' })
    const before = await openConflicts(served)
    await button.click()
    await page.getByTestId('bulk-confirm-yes').click()
    await expect.poll(() => page.getByTestId('bulk-field-last_name').count(), T).toBe(0)
    // Its notice's Undo puts every one of them back exactly as it was.
    await page.getByTestId('toast-success').filter({ hasText: 'Keeping HubSpot’s last name' }).getByTestId('undo-settle').click()
    await page.getByTestId('bulk-field-last_name').waitFor(T)
    const after = await openConflicts(served)
    for (const c of before) expect(after.find((a) => a.id === c.id)).toEqual(c)
    await row.getByTestId('bulk-field-left').click()
    await page.getByTestId('bulk-confirm-yes').click()
    await expect.poll(() => page.getByTestId('bulk-field-last_name').count(), T).toBe(0)
    await core(served, 'sync:resume', { id: 'hubspot-mailchimp' })
    await go('#/syncs/hubspot-mailchimp')
    await page.getByTestId('run-now').click()
    await expect
      .poll(async () => {
        const hs = await hubspotContacts(api, [...wanted.keys()])
        const out: string[] = []
        for (const [email, name] of wanted) out.push(`${hs.get(email)?.lastname === name}/${(await mailchimpMember(api, email))?.merge_fields.LNAME === name}`)
        return out.every((x) => x === 'true/true')
      }, API)
      .toBe(true)
  })

  it('starts the conflict form with nothing chosen, saves once every field is decided, and keeps “from now on” for mixed picks', async () => {
    const person = await quietContact(api, served, 1)
    const { conflict } = await conflictLands(api, served, person.email, { firstname: `${person.firstname}-Lou`, lastname: `${person.lastname}-Hart` }, { FNAME: `${person.firstname} L.`, LNAME: `Hart` })
    expect(conflict.fields.map((f) => f.name).sort()).toEqual(['first_name', 'last_name'])
    await go('#/conflicts?sync=hubspot-mailchimp')
    await page.locator(`[data-conflict-item="${conflict.id}"]`).click()
    const detail = page.locator(`[data-testid="conflict-detail"][data-conflict="${conflict.id}"]`)
    await detail.waitFor(T)
    // Nothing is chosen for the owner, and Save says what it waits for.
    expect(await detail.locator('input[type="radio"]:checked').count()).toBe(0)
    expect(await detail.locator('td.picked').count()).toBe(0)
    expect(await detail.getByTestId('save-choices').isDisabled()).toBe(true)
    expect(await detail.getByTestId('save-needs').textContent()).toBe('Choose a value for each field first')
    // Disabled looks disabled in dark too: no accent fill (a faded accent read as pressable), a dashed edge.
    await page.emulateMedia({ colorScheme: 'dark' })
    const look = () =>
      page.evaluate(`(() => {
        const s = getComputedStyle(document.querySelector('[data-testid="conflict-detail"] [data-testid="save-choices"]'))
        return { bg: s.backgroundColor, border: s.borderTopStyle, opacity: s.opacity }
      })()`)
    await expect.poll(() => page.evaluate(`getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()`), T).toBe('#6f9bff')
    expect(await look()).toEqual({ bg: 'rgb(20, 23, 28)', border: 'dashed', opacity: '1' })
    await screenshot(page, '25a-conflict-form-disabled-dark')
    const pick = (field: string, side: 'Mailchimp' | 'HubSpot') => detail.getByTestId(`conflict-field-${field}`).getByRole('radio', { name: side }).check()
    // The right side alone, for every field, can be saved.
    await pick('first_name', 'Mailchimp')
    expect(await detail.getByTestId('save-choices').isDisabled()).toBe(true)
    expect(await detail.getByTestId('save-needs').textContent()).toBe('Choose a value for last name first')
    await pick('last_name', 'Mailchimp')
    expect(await detail.getByTestId('save-choices').isEnabled()).toBe(true)
    expect(await look()).toEqual({ bg: 'rgb(111, 155, 255)', border: 'solid', opacity: '1' })
    await page.emulateMedia({ colorScheme: 'light' })
    await screenshot(page, '25-conflict-form-right-side')
    // A typed value cannot become a rule, and the form says so.
    await detail.getByTestId('as-rule').check()
    await detail.getByTestId('edit-value').fill('Lou')
    await detail.getByTestId('rule-note').waitFor(T)
    expect(await detail.getByTestId('rule-note').textContent()).toMatch(/cannot apply/)
    // Mixed sides with “from now on”: each field becomes its own rule.
    await pick('first_name', 'Mailchimp')
    await pick('last_name', 'HubSpot')
    expect(await detail.getByTestId('rule-note').count()).toBe(0)
    await screenshot(page, '26-conflict-form-mixed-rule')
    await core(served, 'sync:pause', { id: 'hubspot-mailchimp' })
    const rulesBefore = (await core(served, 'status:get', {})).find((c) => c.sync.id === 'hubspot-mailchimp')!.sync.mapping
    await detail.getByTestId('save-choices').click()
    await expect.poll(() => page.locator(`[data-conflict-item="${conflict.id}"]`).count(), T).toBe(0)
    const policy = async (field: string) => (await core(served, 'status:get', {})).find((c) => c.sync.id === 'hubspot-mailchimp')!.sync.mapping.find((m) => m.name === field)?.conflictPolicy
    expect(await policy('first_name')).toBe('prefer-right')
    expect(await policy('last_name')).toBe('prefer-left')
    const settled = (await core(served, 'conflicts:list', { syncId: 'hubspot-mailchimp' })).find((c) => c.id === conflict.id)!
    expect(settled.status).toBe('resolved')
    expect(settled.fieldPicks).toMatchObject({ first_name: { pick: 'right' }, last_name: { pick: 'left' } })
    // Undo: the conflict waits again as it was, and the rules are back as they were.
    await page.getByTestId('toast-success').filter({ hasText: 'Settled' }).getByTestId('undo-settle').click()
    await page.locator(`[data-conflict-item="${conflict.id}"]`).waitFor(T)
    expect((await openConflicts(served)).find((c) => c.id === conflict.id)).toEqual(conflict)
    await expect.poll(async () => (await core(served, 'status:get', {})).find((c) => c.sync.id === 'hubspot-mailchimp')!.sync.mapping, T).toEqual(rulesBefore)
    // Once a run has written a choice, its Undo says so in words and changes nothing. (The
    // notice stays while the pointer is on it.)
    await detail.getByTestId('keep-right').click()
    const notice = page.getByTestId('toast-success').filter({ hasText: 'Settled' }).last()
    await notice.hover()
    await core(served, 'sync:resume', { id: 'hubspot-mailchimp' })
    await core(served, 'sync:run', { syncId: 'hubspot-mailchimp' })
    expect((await openConflicts(served)).map((c) => c.id)).not.toContain(conflict.id)
    await notice.getByTestId('undo-settle').click()
    await expect.poll(() => page.getByTestId('toast-error').last().textContent(), T).toMatch(/Could not undo.*A run already wrote your choice to both sides, so it cannot be put back to waiting.*undo that run in HubSpot ⇄ Mailchimp’s history/)
    expect((await openConflicts(served)).map((c) => c.id)).not.toContain(conflict.id)
    await screenshot(page, '27-conflict-undo-refused')
  })

  it('walks the QuickBooks wizard: why, keys to the keychain, the sign-in link, and a refused paste', async () => {
    await go('#/connections')
    await page.getByTestId('add-connection-button').click()
    await page.getByTestId('system-quickbooks').click()
    const wizard = page.getByTestId('connection-wizard')
    await wizard.waitFor(T)
    expect(await wizard.getByTestId('wizard-why').textContent()).toMatch(/keys of their own.*no server/)
    await page.getByTestId('wizard-input-clientId').fill('ABfakeClientId')
    await page.getByTestId('wizard-input-clientSecret').fill('not-a-real-secret')
    await page.getByTestId('wizard-label').fill('Our books')
    await screenshot(page, '21-quickbooks-wizard-keys')
    await page.getByTestId('wizard-start').click()
    // Headless: the sign-in address is a link and plain text to copy; the keys are gone from the page.
    const link = page.getByTestId('wizard-signin-link')
    await link.waitFor(T)
    const href = (await link.getAttribute('href'))!
    expect(href).toMatch(/^https:\/\/appcenter\.intuit\.com\/connect\/oauth2\?.*client_id=ABfakeClientId/)
    expect(await page.getByTestId('wizard-signin-url').textContent()).toBe(href)
    expect(await page.getByTestId('wizard-input-clientSecret').count()).toBe(0)
    expect(await page.content()).not.toContain('not-a-real-secret')
    await page.getByTestId('wizard-step-sign-in').scrollIntoViewIfNeeded()
    await screenshot(page, '22-quickbooks-wizard-sign-in')
    // An address from another attempt (wrong state) is refused in words, and nothing is exchanged.
    const redirect = new URL(href).searchParams.get('redirect_uri')!
    await page.getByTestId('wizard-input-pastedAddress').fill(`${redirect}?code=AB123&state=someone-else&realmId=9130357766412345`)
    await page.getByTestId('wizard-finish').click()
    await expect.poll(() => page.locator('.toast').allTextContents(), T).toEqual(expect.arrayContaining([expect.stringMatching(/another sign-in attempt/)]))
    await screenshot(page, '23-quickbooks-wizard-refused')
    // The unfinished connection is listed as needing a reconnect, with a Reconnect button.
    await page.getByRole('button', { name: 'Later' }).click()
    const card = page.getByTestId('connection-our-books')
    await card.waitFor(T)
    await expect.poll(() => card.textContent(), T).toMatch(/Reconnect/)
    await expect.poll(() => card.textContent(), T).toMatch(/sign-in was not finished/)
    // Close the messages (some leave by themselves meanwhile) so the screenshot shows the card.
    while (await page.locator('.toast button').count()) await page.locator('.toast button').first().click({ timeout: 2000 }).catch(() => {})
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, '24-connections-needs-reconnect')
    expect(problems).toEqual([])
  })

  it('connects an old till’s Windows-1252 export and says how it read it, with how to correct that', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'patchbay-e2e-till-')), 'kunden.csv')
    await writeFile(file, iconv.encode('Kundennr;Name\r\nK1;Zoë Müller\r\nK2;Renée Œuvre\r\n', 'windows-1252'))
    await go('#/connections')
    await page.getByTestId('add-connection-button').click()
    await page.getByTestId('system-csv').click()
    const wizard = page.getByTestId('connection-wizard')
    await wizard.waitFor(T)
    await page.getByTestId('wizard-label').fill('Till customers')
    // A path with nothing there is said as it is typed; the real file's header fills the key column's choices.
    await page.getByTestId('wizard-input-file').fill(file.replace('kunden.csv', 'kunden-old.csv'))
    await expect.poll(() => wizard.getByTestId('wizard-file-peek').textContent().catch(() => ''), T).toMatch(/^There is no file at .*kunden-old\.csv/)
    await page.getByTestId('wizard-input-file').fill(file)
    await expect.poll(() => wizard.getByTestId('wizard-file-peek').textContent().catch(() => ''), T).toMatch(/^kunden\.csv: 2 columns, Windows-1252/)
    await expect.poll(() => page.getByTestId('wizard-input-keyColumn').evaluate((el) => el.tagName), T).toBe('SELECT')
    expect(await page.getByTestId('wizard-input-keyColumn').locator('option').allTextContents()).toEqual(['Kundennr', 'Name'])
    await page.getByTestId('wizard-input-keyColumn').selectOption('Kundennr')
    await screenshot(page, '28a-csv-wizard-columns')
    await page.getByTestId('wizard-start').click()
    await expect.poll(() => wizard.getByTestId('wizard-result').textContent().catch(() => ''), T).toMatch(/Found kunden\.csv \(2 rows; Windows-1252 \(Western European\), semicolons, Windows line breaks\)/)
    expect(await wizard.getByTestId('wizard-file-detected').textContent()).toMatch(/press Change on its card below and type its encoding or separator/)
    await screenshot(page, '28-csv-wizard-detected')
    await wizard.getByRole('button', { name: 'Done' }).click()
    await page.getByTestId('connection-till-customers').waitFor(T)
    expect(problems).toEqual([])
  })
})
