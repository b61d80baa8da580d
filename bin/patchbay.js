#!/usr/bin/env node
// The `patchbay` command: runs the built CLI (npm run build), or the TypeScript source through tsx in a checkout.
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'out', 'main', 'cli.js')
if (existsSync(built)) await import(pathToFileURL(built).href)
else {
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(join(root, 'src', 'main', 'cli.ts')).href)
}
