/**
 * Two data folders on one machine share one keychain. Each folder's secrets are filed
 * under its own label, so a connection of the same name in another folder (a second
 * workspace, a copy being tried out, the test suite's many homes) never reads or
 * overwrites its key. Folders from before labels still find their old entries.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { StoreError } from '../../src/main/errors'
import { keychainScope } from '../../src/main/vault/folder-scope'
import { createKeytarStore } from '../../src/main/vault/keytar-store'
import { describeKeychain } from './keyring-guard'

const run = promisify(execFile)
const id = `scope-test-${process.pid}`
const dirs: string[] = []

async function folder(withConfig = false): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'pb-scope-'))
  dirs.push(home)
  if (withConfig) await writeFile(join(home, 'config.json'), '{}')
  return home
}

/** What another Secret Service client sees under service Patchbay for one account. */
async function lookup(account: string): Promise<string> {
  return run('secret-tool', ['lookup', 'service', 'Patchbay', 'account', account]).then(
    (r) => r.stdout,
    () => ''
  )
}

describeKeychain('each data folder keeps its own keychain entries', () => {
  const unlabelled = createKeytarStore()

  afterAll(async () => {
    await unlabelled.remove(id)
    for (const home of dirs) {
      const scope = await keychainScope(home).catch(() => undefined)
      if (scope) await createKeytarStore({ scope }).remove(id)
      await rm(home, { recursive: true, force: true })
    }
  })

  it('two folders with a connection of the same name never see each other’s key', async () => {
    const [a, b] = [await folder(), await folder()]
    const [sa, sb] = [await keychainScope(a), await keychainScope(b)]
    expect(sa.label).not.toBe(sb.label)
    const [storeA, storeB] = [createKeytarStore({ scope: sa }), createKeytarStore({ scope: sb })]
    await storeA.set(id, { token: 'key-of-folder-a' })
    await storeB.set(id, { token: 'key-of-folder-b' })
    expect(await storeA.get(id)).toEqual({ token: 'key-of-folder-a' })
    expect(await storeB.get(id)).toEqual({ token: 'key-of-folder-b' })
    expect(await lookup(`connection:${id}:${sa.label}`)).toContain('key-of-folder-a')
    // Removing one folder's connection leaves the other's.
    await storeA.remove(id)
    expect(await storeA.get(id)).toBeNull()
    expect(await storeB.get(id)).toEqual({ token: 'key-of-folder-b' })
    // A new folder never adopts an entry filed under the id alone.
    await unlabelled.set(id, { token: 'someone-elses-old-key' })
    expect(await createKeytarStore({ scope: await keychainScope(await folder()) }).get(id)).toBeNull()
    await unlabelled.remove(id)
  })

  it('a folder from before labels still finds its old entry, takes a copy, and a removal clears both', async () => {
    const home = await folder(true)
    await unlabelled.set(id, { token: 'key-from-last-year' })
    const scope = await keychainScope(home)
    expect(scope.legacy).toBe(true)
    const store = createKeytarStore({ scope })
    expect(await store.get(id)).toEqual({ token: 'key-from-last-year' })
    expect(await lookup(`connection:${id}:${scope.label}`)).toContain('key-from-last-year')
    await store.set(id, { token: 'key-replaced-today' })
    expect(await store.get(id)).toEqual({ token: 'key-replaced-today' })
    await store.remove(id)
    expect(await store.get(id)).toBeNull()
    expect(await lookup(`connection:${id}`)).toBe('')
  })

  it('Patchbays opening a new folder at the same moment agree on one label', async () => {
    const home = await folder()
    const labels = await Promise.all(Array.from({ length: 12 }, () => keychainScope(home)))
    expect(new Set(labels.map((s) => s.label)).size).toBe(1)
    expect(JSON.parse(await readFile(join(home, 'keychain.json'), 'utf8'))).toEqual(labels[0])
  })

  it('a damaged label file is told plainly, never replaced by a new label that would orphan the keys', async () => {
    const home = await folder()
    await writeFile(join(home, 'keychain.json'), '{"label": "not hex"')
    const error = await keychainScope(home).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).message).toMatch(/keychain\.json in the data folder is damaged/)
    expect((error as StoreError).meta.hint).toMatch(/Restore keychain\.json from a backup/)
    expect(await readFile(join(home, 'keychain.json'), 'utf8')).toBe('{"label": "not hex"')
  })
})
