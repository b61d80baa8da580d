/**
 * The real OS keychain, through keytar: under scripts/with-keyring.sh this is the
 * throwaway gnome-keyring the script starts (or the session's own keychain, if one runs).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'
import { StoreError } from '../../src/main/errors'
import { NO_KEYCHAIN_MESSAGE, createKeytarStore } from '../../src/main/vault/keytar-store'
import { describeKeychain } from './keyring-guard'

const run = promisify(execFile)
const repo = fileURLToPath(new URL('../..', import.meta.url))

// Ids unique to this run: under a desktop session these land in the user's real keychain.
const tag = `vault-test-${process.pid}`
const ids = { a: `${tag}-a`, b: `${tag}-b`, odd: `${tag}-odd` }

/** What `secret-tool` (another Secret Service client) sees under service Patchbay for one connection. */
async function itemsFor(id: string): Promise<{ count: number; blob: string | null }> {
  const attrs = ['service', 'Patchbay', 'account', `connection:${id}`]
  const search = await run('secret-tool', ['search', '--all', ...attrs])
  const count = (search.stdout + search.stderr).split('\n').filter((line) => line.startsWith('[/')).length
  const lookup = await run('secret-tool', ['lookup', ...attrs]).catch(() => ({ stdout: null }))
  return { count, blob: lookup.stdout }
}

describeKeychain('secrets in the OS keychain', () => {
  const store = createKeytarStore()

  afterAll(async () => {
    for (const id of Object.values(ids)) await store.remove(id)
  })

  it('finds a keychain to use', async () => {
    expect(await store.available()).toEqual({ ok: true })
  })

  it('saves, reads, overwrites and removes a connection’s secrets', async () => {
    expect(await store.get(ids.a)).toBeNull()

    await store.set(ids.a, { accessToken: 'at-1', refreshToken: 'rt-1' })
    expect(await store.get(ids.a)).toEqual({ accessToken: 'at-1', refreshToken: 'rt-1' })

    // Overwrite replaces the whole set: a secret left out is gone, not kept from before.
    await store.set(ids.a, { accessToken: 'at-2' })
    expect(await store.get(ids.a)).toEqual({ accessToken: 'at-2' })

    await store.remove(ids.a)
    expect(await store.get(ids.a)).toBeNull()
    await store.remove(ids.a)
  })

  it('keeps one JSON item per connection under service Patchbay, account connection:<id>', async () => {
    await store.set(ids.a, { apiKey: 'first', extra: 'x' })
    await store.set(ids.a, { apiKey: 'second' })
    const seen = await itemsFor(ids.a)
    expect(seen.count).toBe(1)
    expect(JSON.parse(seen.blob!)).toEqual({ apiKey: 'second' })
  })

  it('keeps two connections apart', async () => {
    await store.set(ids.a, { apiKey: 'for-a' })
    await store.set(ids.b, { apiKey: 'for-b' })
    expect(await store.get(ids.a)).toEqual({ apiKey: 'for-a' })
    expect(await store.get(ids.b)).toEqual({ apiKey: 'for-b' })

    await store.remove(ids.a)
    expect(await store.get(ids.a)).toBeNull()
    expect(await store.get(ids.b)).toEqual({ apiKey: 'for-b' })
  })

  it('keeps unicode and awkward characters exactly', async () => {
    const secrets = {
      password: 'pässwörd-🔑-密码-Ωmega-é-e\u0301',
      note: 'line 1\nline 2\t"quoted" \\ back\u0000slash',
      empty: '',
      'clé 🗝': 'value'
    }
    await store.set(ids.b, secrets)
    expect(await store.get(ids.b)).toEqual(secrets)
  })

  it('reports an item another program wrote in a shape it does not know as unreadable, not as empty', async () => {
    const child = execFile('secret-tool', [
      'store',
      '--label=not ours',
      // keytar only finds items filed under its libsecret schema.
      'xdg:schema',
      'org.freedesktop.Secret.Generic',
      'service',
      'Patchbay',
      'account',
      `connection:${ids.odd}`
    ])
    child.stdin!.end('plain-text-token')
    await new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(code) : reject(new Error(`secret-tool exited ${code}`)))))
    await expect(store.get(ids.odd)).rejects.toBeInstanceOf(StoreError)
  })

  it('says plainly that no keychain is running, and refuses to save, when the D-Bus session is gone', async () => {
    const home = mkdtempSync(join(tmpdir(), 'patchbay-no-keychain-'))
    try {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-such-bus')}`,
        HOME: home
      }
      delete env.DISPLAY
      delete env.WAYLAND_DISPLAY
      const child = await run(process.execPath, ['--import', 'tsx', join(repo, 'test/vault/fixtures/no-keychain-child.ts')], {
        cwd: repo,
        env,
        timeout: 30_000
      })
      const result = JSON.parse(child.stdout)

      expect(result.available).toMatchObject({ ok: false, reason: NO_KEYCHAIN_MESSAGE })
      expect(result.set).toEqual({ name: 'ConfigError', code: 'CONFIG', message: NO_KEYCHAIN_MESSAGE })
      expect(result.get).toEqual({ name: 'ConfigError', code: 'CONFIG', message: NO_KEYCHAIN_MESSAGE })
      // No quiet fallback: nothing was written to the home folder instead.
      expect(readdirSync(home)).toEqual([])
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  })
})
