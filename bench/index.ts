/**
 * `npm run bench`: every benchmark in its own process (so peak memory is its own),
 * figures printed as a table against the goals. Benchmarks never fail the build; they report.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const here = import.meta.dirname
const node = (script: string, args: string[] = []) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(here, script), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!)

console.log('Two-way sync, 50,000 records a side, 10% differing (goal: initial ≤ 15 s, no-change rerun ≤ 1 s, peak RSS ≤ 400 MB)')
for (const mode of ['csv', 'memory']) {
  const r = node('engine-bench.ts', [mode])
  console.log(`  ${mode.padEnd(6)} initial ${(r.initialMs / 1000).toFixed(2)} s (${r.initialWritten} writes, ${r.writtenPerSec}/s) · first rerun (reads our own writes back) ${r.firstRerunMs} ms · no-change rerun ${r.noChangeRerunMs} ms · 100-change rerun ${r.hundredChangeMs} ms (${r.hundredWritten} writes) · peak RSS ${r.peakRssMb} MB`)
}
