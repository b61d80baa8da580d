/** Engine benchmark: two-way sync of 50,000 records a side through CSV files and through memory. */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

const run = (mode: string, heap?: number) =>
  JSON.parse(execFileSync(process.execPath, [...(heap ? [`--max-old-space-size=${heap}`] : []), '--import', 'tsx', join(import.meta.dirname, 'engine.run.ts'), mode], { encoding: 'utf8', maxBuffer: 1 << 24 }).trim().split('\n').pop()!)

console.log('Two-way sync, 50,000 records a side, 10% differing (goal: initial ≤ 15 s, no-change rerun ≤ 1 s, peak RSS ≤ 400 MB)')
for (const [mode, heap] of [['csv'], ['csv', 256], ['memory']] as const) {
  const r = run(mode, heap)
  const label = heap ? `${mode}, heap capped at ${heap} MB` : mode
  console.log(`  ${label.padEnd(26)} initial ${(r.initialMs / 1000).toFixed(2)} s (${r.initialWritten} writes, ${r.writtenPerSec}/s) · first rerun (reads our own writes back) ${r.firstRerunMs} ms · no-change rerun ${r.noChangeRerunMs} ms · 100-change rerun ${r.hundredChangeMs} ms (${r.hundredWritten} writes) · peak RSS ${r.peakRssMb} MB`)
}
