/**
 * What the end-to-end tests share: a fresh build when the sources changed, `patchbay serve
 * --demo` as a child process, and Debian's Chromium driven by playwright-core with a fresh
 * profile. Nothing here waits on the wall clock: callers wait for UI states with bounded
 * timeouts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

export const ROOT = join(import.meta.dirname, '..', '..')
export const SCREENSHOTS = join(ROOT, 'test', 'e2e', 'screenshots')
const CHROMIUM = '/usr/bin/chromium'

function newest(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

function built(): number {
  const outputs = [join(ROOT, 'out', 'main', 'cli.js'), join(ROOT, 'out', 'renderer', 'index.html')]
  if (!outputs.every(existsSync) || !existsSync(join(ROOT, 'out', 'renderer', 'assets'))) return 0
  return Math.min(...outputs.map((p) => statSync(p).mtimeMs))
}

/**
 * Builds the app when `out/` is missing or older than the sources. Test files run in
 * parallel, so a lock folder makes sure only one of them builds.
 */
export async function ensureBuilt(): Promise<void> {
  const sources = () => Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'electron.vite.config.ts')).mtimeMs)
  if (built() >= sources()) return
  const lock = join(ROOT, 'out', '.e2e-build-lock')
  mkdirSync(join(ROOT, 'out'), { recursive: true })
  for (let i = 0; i < 600; i++) {
    try {
      mkdirSync(lock)
      break
    } catch {
      // Someone else is building: wait for them, then look again.
      await new Promise((r) => setTimeout(r, 250))
      if (!existsSync(lock) && built() >= sources()) return
    }
  }
  try {
    if (built() < sources()) execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 })
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A running `patchbay serve --demo`. */
export interface Served {
  child: ChildProcess
  /** The address with the token, as printed. */
  url: string
  origin: string
  token: string
  /** Where the demo's files are (the form exports, and fake-apis.json). */
  files: string
  /** The demo's data folder (config, state, logs). */
  data: string
  output: () => string
  stop(): Promise<void>
}

/** Starts `patchbay serve --demo --port 0` and waits for the address it prints. */
export async function serveDemo(): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'patchbay.js'), 'serve', '--demo', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its address in 60 s:\n${output}`)), 60_000)
    const look = () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]+)[\s\S]*Demo files: (\S+)[\s\S]*Data folder: (\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m)
      }
    }
    child.stdout!.on('data', look)
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)))
  })
  const [, origin, token, files, data] = ready
  return {
    child,
    url: `${origin}/#token=${token}`,
    origin,
    token,
    files,
    data,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }
}

/** Chromium with a fresh profile. */
export async function openBrowser(opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'patchbay-e2e-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1360, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    acceptDownloads: true
  })
  const page = context.pages()[0] ?? (await context.newPage())
  return {
    context,
    page,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }
  }
}

/** Saves a screenshot of the page under test/e2e/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // A window as tall as the page, so fixed parts (the sidebar, messages) sit where a person sees them.
  const size = page.viewportSize() ?? { width: 1360, height: 900 }
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 4000)) })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
  await page.setViewportSize(size)
}

/** One CSV file's rows as objects (the demo's files have no quoted commas in these columns). */
export async function readCsv(file: string): Promise<Record<string, string>[]> {
  const [head, ...lines] = (await readFile(file, 'utf8')).split(/\r?\n/).filter(Boolean)
  const cols = head.split(',')
  return lines.map((l) => {
    const values = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((v) => v.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'))
    return Object.fromEntries(cols.map((c, i) => [c, values[i] ?? '']))
  })
}

/** Where the demo's fake APIs listen, with their keys, as the demo writes them to fake-apis.json. */
export interface FakeApis {
  hubspot: { url: string; token: string }
  mailchimp: { baseUrl: string; apiKey: string; listId: string }
  /** Set when Stripe and QuickBooks are CSV stand-ins (their vendor specs are not beside the checkout), saying why. */
  standIn?: string
}

/** The fake APIs of a running demo. */
export async function fakeApis(served: Served): Promise<FakeApis> {
  return JSON.parse(await readFile(join(served.files, 'fake-apis.json'), 'utf8')) as FakeApis
}

/** Contacts by email (lower case), read through HubSpot's batch read API; people HubSpot does not have are left out. */
export async function hubspotContacts(api: FakeApis, emails: string[]): Promise<Map<string, Record<string, string>>> {
  const res = await fetch(`${api.hubspot.url}/crm/objects/2026-03/contacts/batch/read`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.hubspot.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ idProperty: 'email', properties: ['email', 'firstname', 'lastname', 'company', 'phone'], inputs: emails.map((id) => ({ id })) })
  })
  if (res.status !== 200 && res.status !== 207) throw new Error(`HubSpot answered ${res.status}: ${await res.text()}`)
  const body = (await res.json()) as { results: { properties: Record<string, string> }[] }
  return new Map(body.results.map((r) => [r.properties.email.toLowerCase(), r.properties]))
}

/** A member of the demo's audience by email, read through Mailchimp's API, or undefined when Mailchimp has none. */
export async function mailchimpMember(api: FakeApis, email: string): Promise<{ status: string; merge_fields: Record<string, string> } | undefined> {
  const hash = createHash('md5').update(email.trim().toLowerCase()).digest('hex')
  const res = await fetch(`${api.mailchimp.baseUrl}/lists/${api.mailchimp.listId}/members/${hash}`, { headers: { Authorization: `Basic ${Buffer.from(`demo:${api.mailchimp.apiKey}`).toString('base64')}` } })
  if (res.status === 404) return undefined
  if (res.status !== 200) throw new Error(`Mailchimp answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as { status: string; merge_fields: Record<string, string> }
}

/** The monitor open in Chromium on a fresh `serve --demo`, collecting script errors and CSP violations. */
export interface Monitor {
  served: Served
  browser: Awaited<ReturnType<typeof openBrowser>>
  page: import('playwright-core').Page
  /** Script errors and Content-Security-Policy violations seen in the page. */
  problems: string[]
}

/** Builds if needed, starts the demo, opens the monitor; `close()` the result's browser and served after. */
export async function openMonitor(): Promise<Monitor> {
  await ensureBuilt()
  const served = await serveDemo()
  const browser = await openBrowser()
  const page = browser.page
  const problems: string[] = []
  page.setDefaultTimeout(20_000)
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|ERR_CONNECTION_REFUSED|WebSocket connection/.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto(served.url)
  return { served, browser, page, problems }
}
