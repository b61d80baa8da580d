/**
 * A TypeScript child script bundled into one plain ES module, for tests that start the same
 * child many times (the crash tests kill one at every write point): node then loads one file
 * instead of tsx compiling and resolving every source file on each start, about a second
 * less per child. Packages stay external, so the bundle lives under node_modules/.cache
 * where node finds them; one file per script, replaced on each bundling. Only for scripts that
 * do not locate files by `import.meta`, and bundled by one test file at a time.
 */
import { createHash } from 'node:crypto'
import { basename, join } from 'node:path'
import { build } from 'esbuild'
import { REPO_ROOT } from './shared'

/** Bundles `entry` and returns the path of the bundle to run with `node`. */
export async function bundled(entry: string): Promise<string> {
  const tag = createHash('sha256').update(entry).digest('hex').slice(0, 8)
  const outfile = join(REPO_ROOT, 'node_modules', '.cache', 'patchbay-tests', `${basename(entry, '.ts')}-${tag}.mjs`)
  await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' })
  return outfile
}
