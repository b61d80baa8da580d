/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process (so peak memory is
 * its own) and prints what each reports. Benchmarks never fail the build; they report.
 * A bench file prints human-readable lines on stdout.
 */
import { execFileSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const here = import.meta.dirname
const only = process.argv[2]
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort()) {
  try {
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', join(here, file)], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] }))
  } catch (err) {
    console.log(`${file}: could not run (${(err as Error).message.split('\n')[0]})`)
  }
}
