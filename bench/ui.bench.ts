/**
 * UI benchmark: how long from `patchbay serve --demo` starting to the overview showing the
 * demo's data in Chromium, and how big the renderer's JavaScript is (what a browser downloads).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ensureBuilt, openBrowser, ROOT, serveDemo } from '../test/e2e/helpers'

const RUNS = 3
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

await ensureBuilt()
const ready: number[] = []
const shown: number[] = []
for (let i = 0; i < RUNS; i++) {
  // The browser is up first: the figure is Patchbay's start, not Chromium's.
  const browser = await openBrowser()
  const t0 = performance.now()
  const served = await serveDemo()
  ready.push(performance.now() - t0)
  try {
    await browser.page.goto(served.url)
    await browser.page.locator('[data-testid="last-run-counts"]', { hasText: /\d+ new/ }).first().waitFor({ timeout: 60_000 })
    shown.push(performance.now() - t0)
  } finally {
    await browser.close()
    await served.stop()
  }
}

const assets = join(ROOT, 'out', 'renderer', 'assets')
const js = readdirSync(assets).filter((f) => f.endsWith('.js'))
const raw = js.reduce((n, f) => n + statSync(join(assets, f)).size, 0)
const gz = js.reduce((n, f) => n + gzipSync(readFileSync(join(assets, f))).length, 0)
const css = readdirSync(assets).filter((f) => f.endsWith('.css')).reduce((n, f) => n + statSync(join(assets, f)).size, 0)

console.log(`UI, median of ${RUNS} starts of \`patchbay serve --demo\` (goal: overview with data ≤ 5 s, renderer JS ≤ 150 kB gzipped)`)
console.log(`  serve start → address printed ${Math.round(median(ready))} ms · serve start → overview showing the demo's data ${Math.round(median(shown))} ms`)
console.log(`  renderer JS ${(raw / 1024).toFixed(1)} kB (${(gz / 1024).toFixed(1)} kB gzipped, ${js.length} file${js.length === 1 ? '' : 's'}) · CSS ${(css / 1024).toFixed(1)} kB`)
