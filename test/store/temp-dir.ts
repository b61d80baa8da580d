/** A fresh folder under the OS temp dir for each test, removed afterwards: the store is tested on real files. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'

/** Registers the hooks; call the returned function inside a test to get that test's folder. */
export function useTempDir(): () => string {
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'patchbay-store-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  return () => dir
}
