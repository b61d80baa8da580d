/**
 * Logs at scale: 100,000 log lines in a data folder, `patchbay serve` on it, the Logs view
 * in Chromium scrolled through most of them. Reports the time to the first page of lines,
 * the frame times while scrolling (requestAnimationFrame deltas in the page) and how many
 * DOM nodes the view holds (virtualization keeps it small however many lines are loaded).
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureBuilt, openBrowser, ROOT } from '../test/e2e/helpers'

const LINES = 100_000
/** Lines per file: the logger rotates at 5 MB and keeps 5 old files, so the fixture looks like a real log. */
const PER_FILE = 20_000
/** How far the bench scrolls per frame: fast, like dragging the scrollbar. */
const STEP_PX = 2_000
const FRAMES = 1_500

const home = mkdtempSync(join(tmpdir(), 'patchbay-logs-bench-'))
const logs = join(home, 'logs')
mkdirSync(logs, { recursive: true })
const levels = [30, 30, 30, 30, 40, 50]
const t0 = Date.now() - LINES * 1000
const line = (i: number) => {
  const level = levels[i % levels.length]
  const run = `run-${Math.floor(i / 200)}`
  return JSON.stringify({ level, time: t0 + i * 1000, pid: 1, hostname: 'bench', syncId: i % 3 ? 'crm-newsletter' : 'shop-orders', runId: run, event: 'record', record: { side: 'right', op: 'update', id: String(i), key: `person${i}@example.com`, outcome: level === 50 ? 'failed' : 'ok' }, msg: `update person${i}@example.com in mailchimp${level === 50 ? ': the address was refused' : ''}` })
}
// Oldest lines in the highest-numbered file, the newest in patchbay.ndjson.
const files = Math.ceil(LINES / PER_FILE)
for (let f = 0; f < files; f++) {
  const index = files - 1 - f
  const from = f * PER_FILE
  const body = Array.from({ length: Math.min(PER_FILE, LINES - from) }, (_, k) => line(from + k)).join('\n') + '\n'
  writeFileSync(join(logs, index === 0 ? 'patchbay.ndjson' : `patchbay.${index}.ndjson`), body)
}

await ensureBuilt()
const browser = await openBrowser()
const child = spawn(process.execPath, [join(ROOT, 'bin', 'patchbay.js'), 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', PATCHBAY_HOME: home } })
let output = ''
child.stdout!.on('data', (d: Buffer) => (output += d.toString()))
child.stderr!.on('data', (d: Buffer) => (output += d.toString()))
try {
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 60_000)
    child.stdout!.on('data', () => {
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
  })
  const page = browser.page
  await page.goto(url)
  await page.getByTestId('overview').or(page.getByTestId('first-run')).first().waitFor({ timeout: 30_000 }).catch(() => {})
  const start = performance.now()
  await page.evaluate(`window.location.hash = '#/logs'`)
  await page.getByTestId('log-row').first().waitFor({ timeout: 30_000 })
  const firstPage = performance.now() - start

  // Scroll in the page, one step per frame, and keep every frame's duration.
  const result = (await page.evaluate(`new Promise((resolve) => {
    const list = document.querySelector('.log-list')
    const deltas = []
    let last = performance.now()
    let n = 0
    const began = last
    const tick = (now) => {
      deltas.push(now - last)
      last = now
      list.scrollTop += ${STEP_PX}
      if (++n < ${FRAMES}) requestAnimationFrame(tick)
      else resolve({ deltas, ms: now - began, scrollTop: list.scrollTop, rows: document.querySelectorAll('[data-testid="log-row"]').length, nodes: document.getElementsByTagName('*').length, counted: document.querySelector('[data-testid="log-count"]').textContent })
    }
    requestAnimationFrame(tick)
  })`)) as { deltas: number[]; ms: number; scrollTop: number; rows: number; nodes: number; counted: string }

  const sorted = result.deltas.slice(1).sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
  const linesPassed = Math.round(result.scrollTop / 32)
  const long = sorted.filter((d) => d > 50).length
  console.log(`Logs view with ${LINES.toLocaleString('en')} lines (goal: scrolls smoothly, frames ≤ 16.7 ms at the median and ≤ 50 ms at p95)`)
  console.log(`  first page of lines ${Math.round(firstPage)} ms · scrolled ${linesPassed.toLocaleString('en')} lines in ${FRAMES} frames (${(result.ms / 1000).toFixed(1)} s)`)
  console.log(`  frame time median ${at(0.5).toFixed(1)} ms · p95 ${at(0.95).toFixed(1)} ms · max ${sorted[sorted.length - 1].toFixed(0)} ms · ${long} frame${long === 1 ? '' : 's'} over 50 ms`)
  console.log(`  DOM: ${result.nodes} elements, ${result.rows} log rows drawn · ${result.counted}`)
} finally {
  await browser.close()
  child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 500))
  rmSync(home, { recursive: true, force: true })
}
