/**
 * `patchbay serve` answers only its own page: calls and the event socket without the
 * access token, with a wrong one, from another web page (Origin) or through another host
 * name (DNS rebinding) are refused, and the token never reaches the log.
 *
 * And in a browser tab, where there is no tray: alerts arrive as the browser's
 * notifications (offered once, with the reason), the tab's title counts the syncs that
 * need the owner, and a stopped server is said at once.
 */
import { request } from 'node:http'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ensureBuilt, openBrowser, screenshot, serveDemo, type Served } from './helpers'

let served: Served

beforeAll(async () => {
  await ensureBuilt()
  served = await serveDemo()
}, 240_000)

afterAll(async () => {
  await served?.stop()
})

/** A raw HTTP request, so tests can send any Host and Origin. */
function send(path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { port } = new URL(served.origin)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(o.body)
  })
}

const call = (headers: Record<string, string>, channel = 'status:get', body = '{}') =>
  send(`/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body })

function openSocket(headers: Record<string, string>, protocols: string[]): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${served.origin.replace('http', 'ws')}/events`, protocols, { headers })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.on('error', () => resolve(-1))
  })
}

describe('patchbay serve', () => {
  it('answers a call with the token from its own page', async () => {
    const res = await call({ Authorization: `Bearer ${served.token}`, Origin: served.origin })
    expect(res.status).toBe(200)
    expect((JSON.parse(res.body) as { ok: unknown[] }).ok.length).toBeGreaterThan(0)
  })

  it('refuses a call without the token, or with a wrong one (401)', async () => {
    expect((await call({ Origin: served.origin })).status).toBe(401)
    expect((await call({ Authorization: 'Bearer not-the-token', Origin: served.origin })).status).toBe(401)
    expect((await call({ Authorization: `Bearer ${served.token}x` })).status).toBe(401)
    expect(JSON.parse((await call({})).body)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/address it printed/) } })
  })

  it('refuses a call from another web page even with the token (403)', async () => {
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: 'http://evil.example' })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: 'null' })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Origin: served.origin.replace('127.0.0.1', 'localhost') })).status).toBe(403)
  })

  it('refuses a request through another host name (DNS rebinding), even for the page itself', async () => {
    const { port } = new URL(served.origin)
    expect((await send('/', { headers: { Host: `evil.example:${port}` } })).status).toBe(403)
    expect((await call({ Authorization: `Bearer ${served.token}`, Host: `rebound.example:${port}` })).status).toBe(403)
  })

  it('validates input with the contract and refuses unknown calls', async () => {
    const auth = { Authorization: `Bearer ${served.token}`, Origin: served.origin }
    const bad = await send('/api/sync:run', { method: 'POST', headers: { 'Content-Type': 'application/json', ...auth }, body: JSON.stringify({ syncId: 'hubspot-mailchimp', evil: true }) })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatch(/evil/)
    expect((await call(auth, 'shell:exec')).status).toBe(404)
    expect((await send('/api/status:get', { headers: auth })).status).toBe(405)
    expect((await send('/api/status:get', { method: 'POST', headers: { ...auth, 'Content-Type': 'text/plain' }, body: '{}' })).status).toBe(415)
  })

  it('serves the page with a strict Content-Security-Policy and no way out of its folder', async () => {
    const page = await send('/')
    expect(page.status).toBe(200)
    const csp = String(page.headers['content-security-policy'])
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("style-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(csp).toContain("frame-ancestors 'none'")
    expect(page.headers['x-content-type-options']).toBe('nosniff')
    expect((await send('/../package.json')).status).toBe(404)
    expect((await send('/%2e%2e/package.json')).status).toBe(404)
  })

  it('opens the event socket only with the token, from its own page', async () => {
    expect(await openSocket({ Origin: served.origin }, ['patchbay', `token.${served.token}`])).toBe('open')
    expect(await openSocket({ Origin: served.origin }, ['patchbay'])).toBe(401)
    expect(await openSocket({ Origin: served.origin }, ['patchbay', 'token.wrong'])).toBe(401)
    expect(await openSocket({ Origin: 'http://evil.example' }, ['patchbay', `token.${served.token}`])).toBe(403)
  })

  it('prints the token once and never writes it to the log', async () => {
    expect(served.output().split(served.token).length - 1).toBe(1)
    const logs = join(served.data, 'logs')
    const files = await readdir(logs)
    expect(files.length).toBeGreaterThan(0)
    for (const f of files) expect(await readFile(join(logs, f), 'utf8')).not.toContain(served.token)
  })
})

describe('patchbay serve in a browser tab', () => {
  const T = { timeout: 20_000 }
  const signups = () => join(served.files, 'signups.csv')
  const api = async (channel: string, body: unknown) => {
    const res = await call({ Authorization: `Bearer ${served.token}`, Origin: served.origin }, channel, JSON.stringify(body))
    return JSON.parse(res.body) as { ok?: unknown; error?: { message: string } }
  }

  it('offers notifications once with the reason, shows an alert and its recovery as notifications, and counts the syncs that need you in the title', async () => {
    const browser = await openBrowser()
    try {
      const { page, context } = browser
      await context.grantPermissions(['notifications'], { origin: served.origin })
      // Watch what the page hands to the browser's notifications (the real ones still show).
      // (A script string: it runs in the page, where this file's Node types do not apply.)
      await page.addInitScript(`(() => {
        const Real = window.Notification
        const seen = (window.seenNotes = [])
        const Watched = function (title, options) {
          seen.push({ title, body: options && options.body, tag: options && options.tag })
          return new Real(title, options)
        }
        Object.defineProperty(Watched, 'permission', { get: () => Real.permission })
        Watched.requestPermission = Real.requestPermission.bind(Real)
        window.Notification = Watched
      })()`)
      type Seen = { title: string; body?: string; tag?: string }
      const seenNotes = async () => JSON.parse((await page.evaluate('JSON.stringify(window.seenNotes)')) as string) as Seen[]
      const titled = async (re: RegExp) => (await seenNotes()).filter((n) => re.test(n.title))
      // Permission already granted here, so the offer is not shown; a fresh profile without it is checked below.
      await page.goto(served.url)
      await page.getByTestId('overview').waitFor(T)
      expect(await page.getByTestId('notify-offer').count()).toBe(0)

      // The sign-up export loses its key column: the sync stops, once.
      const good = await readFile(signups(), 'utf8')
      await writeFile(signups(), good.replace(/^id,/, 'ref,'))
      await api('sync:run', { syncId: 'signups-hubspot' })
      await expect.poll(async () => (await titled(/stopped syncing/)).length, T).toBeGreaterThan(0)
      const broken = await titled(/stopped syncing/)
      expect(broken).toHaveLength(1)
      expect(broken[0].title).toContain('Website sign-ups → HubSpot')
      expect(broken[0].tag).toBe('syncs:signups-hubspot')
      const needs = Number(await page.getByTestId('attention-headline').getAttribute('data-count'))
      expect(needs).toBeGreaterThan(0)
      await expect.poll(() => page.title(), T).toBe(`(${needs}) Patchbay`)

      // The log line of that failure opens to its details: the whole message (never cut off) and what went wrong.
      await page.goto(`${served.origin}/#/logs?sync=signups-hubspot`)
      await page.getByTestId('log-level').selectOption('error')
      const row = page.getByTestId('log-entry').first()
      await row.waitFor(T)
      const short = (await row.getByTestId('log-toggle').textContent())!
      expect(await row.getByTestId('log-toggle').getAttribute('aria-expanded')).toBe('false')
      await row.getByTestId('log-toggle').click()
      expect(await row.getByTestId('log-toggle').getAttribute('aria-expanded')).toBe('true')
      expect(await row.getByTestId('log-full').textContent()).toBe(short)
      expect(await row.getByTestId('log-error').textContent()).toMatch(/\w/)
      const full = await row.getByTestId('log-full').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }))
      expect(full.scroll).toBeLessThanOrEqual(full.client)
      await screenshot(page, '16-log-line-details')
      await row.getByTestId('log-toggle').click()
      expect(await page.getByTestId('log-details').count()).toBe(0)
      await page.goto(`${served.origin}/#/overview`)
      await page.getByTestId('overview').waitFor(T)

      // Running it again while still broken tells nothing new (the tray's rule: once per problem).
      await api('sync:run', { syncId: 'signups-hubspot' })
      // The export is fixed: one "syncing again".
      await writeFile(signups(), good)
      await api('sync:run', { syncId: 'signups-hubspot' })
      await expect.poll(async () => (await titled(/syncing again/)).length, T).toBeGreaterThan(0)
      const notes = await seenNotes()
      expect(notes.filter((n) => /stopped syncing/.test(n.title))).toHaveLength(1)
      expect(notes.filter((n) => /syncing again/.test(n.title))).toHaveLength(1)
      // The title follows the Overview's own count once the sync is no longer failing.
      await expect.poll(() => page.locator('[data-testid="attention-signups-hubspot"][data-state="failing"]').count(), T).toBe(0)
      await expect
        .poll(async () => {
          const n = Number(await page.getByTestId('attention-headline').getAttribute('data-count'))
          return (await page.title()) === (n > 0 ? `(${n}) Patchbay` : 'Patchbay')
        }, T)
        .toBe(true)
    } finally {
      await browser.close()
    }
  })

  it('lists every sync’s runs, narrowed by outcome and sync, each opening to its records', async () => {
    const browser = await openBrowser()
    try {
      const { page } = browser
      await page.goto(served.url)
      await page.getByTestId('overview').waitFor(T)
      await page.goto(`${served.origin}/#/syncs`)
      const rows = page.getByTestId('history-row')
      await rows.first().waitFor(T)
      // The sign-up sync's two failed runs above are among every sync's runs, and Failed shows only failed runs.
      await page.getByTestId('history-status').selectOption('failed')
      await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).join(','), T).toMatch(/^failed(,failed)*$/)
      expect(await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('data-sync') === 'signups-hubspot').length)).toBe(2)
      await screenshot(page, '18-every-run-failed')
      // Narrowed to another sync that never failed: nothing, said plainly.
      await page.getByTestId('history-sync').selectOption('hubspot-mailchimp')
      await page.getByTestId('history-empty').waitFor(T)
      // Every run of one sync, and one opens to its details.
      await page.getByTestId('history-status').selectOption('')
      await expect.poll(async () => (await rows.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-sync')))])).join(','), T).toBe('hubspot-mailchimp')
      await rows.first().getByTestId('history-open').click()
      await page.getByTestId('run-counts').waitFor(T)
    } finally {
      await browser.close()
    }
  })

  it('shows the chart’s scale, a day’s figures with each sync’s share on hover or focus, and each sync’s records per day', async () => {
    const browser = await openBrowser()
    try {
      const { page } = browser
      await page.goto(served.url)
      await page.getByTestId('daily-chart').waitFor(T)
      // Today has records once the demo's opening runs are in.
      await expect.poll(async () => (await page.getByTestId('chart-day').last().getAttribute('aria-label')) ?? '', T).toMatch(/[1-9]\d* records? synced/)
      expect(await page.getByTestId('chart-tick').count()).toBeGreaterThanOrEqual(2)
      await page.getByTestId('chart-day').last().hover()
      const tip = page.getByTestId('chart-tip')
      await tip.waitFor(T)
      expect(await tip.textContent()).toMatch(/records? synced · \d+ errors? · \d+ runs?/)
      expect(await tip.locator('li').count()).toBeGreaterThan(0)
      await screenshot(page, '19-chart-hover')
      await page.mouse.move(0, 0)
      await expect.poll(() => tip.count(), T).toBe(0)
      // The keyboard reaches the same figures.
      await page.getByTestId('chart-day').first().focus()
      await tip.waitFor(T)
      // Every sync card has its own records per day.
      const cards = await page.locator('[data-testid^="sync-card-"]').count()
      expect(await page.getByTestId('sync-spark').count()).toBe(cards)
      expect(await page.getByTestId('sync-spark').first().getAttribute('aria-label')).toMatch(/^Records moved per day: (\w+ \d+, ){6}Today \d+$/)
    } finally {
      await browser.close()
    }
  })

  it('finds one record’s story across syncs: what was written where, newest first, from a log line or the search box', async () => {
    // A person the sign-up sync created in HubSpot, as the log says.
    const created = async () => {
      const found = (await api('logs:query', { syncId: 'signups-hubspot', text: 'create', limit: 50 })).ok as { entries: { record?: { key?: string; op?: string } }[] }
      return found.entries.find((e) => e.record?.op === 'create' && e.record.key?.includes('@'))?.record?.key
    }
    // The demo's opening run creates the sign-ups in HubSpot soon after it starts.
    await expect.poll(created, T).toBeTruthy()
    const key = await created()
    const browser = await openBrowser()
    try {
      const { page } = browser
      await page.goto(served.url)
      await page.getByTestId('overview').waitFor(T)
      await page.getByRole('link', { name: 'Find a record' }).click()
      await page.getByTestId('record-key').fill(key!.toUpperCase())
      await page.getByTestId('record-find').click()
      await page.getByTestId('record-story').waitFor(T)
      const lines = page.getByTestId('story-line')
      const texts = await lines.allTextContents()
      expect(texts.some((t) => /Created/.test(t) && t.includes('Website sign-ups → HubSpot'))).toBe(true)
      // Every line is about this person, and the newest comes first.
      const times = await lines.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''))
      expect(times).toEqual([...times].sort().reverse())
      expect(await page.getByTestId('record-count').textContent()).toMatch(new RegExp(`${texts.length} things? happened to`))
      await screenshot(page, '17-record-story')
      // Reached from a log line of the same record too.
      await page.goto(`${served.origin}/#/logs?sync=signups-hubspot`)
      await page.getByTestId('log-text').fill(key!)
      const entry = page.getByTestId('log-entry').filter({ hasText: `create ${key!}` }).first()
      await entry.getByTestId('log-toggle').click()
      await entry.getByTestId('log-same-record').click()
      await page.getByTestId('record-story').waitFor(T)
      expect(await page.getByTestId('story-line').count()).toBe(texts.length)
      // A record nobody knows says so, with what to try.
      await page.getByTestId('record-key').fill('nobody-at-all@example.invalid')
      await page.getByTestId('record-find').click()
      await page.getByTestId('record-empty').waitFor(T)
    } finally {
      await browser.close()
    }
  })

  it('connects a web API described in a file: the key the description names is asked for, kept in the keychain, and tested', async () => {
    const { startTill } = await import('../connectors/described/stand-in')
    const till = await startTill([{ email: 'ann@example.com', first: 'Ann', last: 'Lee' }])
    const dir = await mkdtemp(join(tmpdir(), 'patchbay-e2e-described-'))
    const desc = join(dir, 'till-api.yaml')
    await writeFile(
      desc,
      [
        'name: Till',
        `baseUrl: ${till.url}`,
        'auth: { kind: api-key, header: X-Api-Key, secret: tillKey }',
        'objects:',
        '  contacts:',
        '    key: id',
        '    fields: { email: email, first: name.first, last: name.last }',
        '    list: { path: /contacts, items: data, paging: { style: page-number, param: page } }',
        '    get: { path: "/contacts/{id}", answer: contact }',
        ''
      ].join('\n')
    )
    const browser = await openBrowser()
    try {
      const { page } = browser
      await page.goto(served.url)
      await page.getByTestId('overview').waitFor(T)
      await page.goto(`${served.origin}/#/connections`)
      await page.getByTestId('add-connection-button').click()
      await page.getByTestId('system-described-api').click()
      // A path that is no description says why; no key is asked for yet.
      await page.getByTestId('wizard-input-description').fill(join(dir, 'nothing-here.yaml'))
      await page.getByTestId('wizard-settings-problem').waitFor(T)
      expect(await page.getByTestId('wizard-input-tillKey').count()).toBe(0)
      // The real description names its key: the form asks for exactly that.
      await page.getByTestId('wizard-input-description').fill(desc)
      await page.getByTestId('wizard-input-tillKey').waitFor(T)
      expect(await page.getByTestId('wizard-input-tillKey').getAttribute('type')).toBe('password')
      await page.getByTestId('wizard-label').fill('Till')
      await page.getByTestId('wizard-input-tillKey').fill(till.key)
      await screenshot(page, '20-described-api-key')
      await page.getByTestId('wizard-start').click()
      await expect.poll(() => page.getByTestId('wizard-result').first().textContent(), T).toMatch(/✓/)
      // The key went to the keychain, not into the data folder.
      for (const f of await readdir(served.data)) if (f.endsWith('.json')) expect(await readFile(join(served.data, f), 'utf8')).not.toContain(till.key)
    } finally {
      await browser.close()
      await till.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('asks before notifying, with the reason, and remembers "Not now"', async () => {
    const browser = await openBrowser()
    try {
      const { page } = browser
      await page.goto(served.url)
      const offer = page.getByTestId('notify-offer')
      await offer.waitFor(T)
      expect(await offer.textContent()).toMatch(/only reach you through your browser.s notifications/)
      await screenshot(page, '15-notifications-offer')
      await page.getByTestId('notify-not-now').click()
      expect(await offer.count()).toBe(0)
      await page.reload()
      await page.getByTestId('overview').waitFor(T)
      expect(await page.getByTestId('notify-offer').count()).toBe(0)
    } finally {
      await browser.close()
    }
  })
})
