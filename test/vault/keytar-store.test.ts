/**
 * How the keychain store behaves when the keychain misbehaves: missing native module, a
 * daemon that never answers, refusals. These are played by a stand-in for keytar, since a
 * real machine cannot be made to hang on cue; the real keychain is in keychain.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ConfigError } from '../../src/main/errors'
import {
  KEYCHAIN_MODULE_MISSING_MESSAGE,
  NO_KEYCHAIN_MESSAGE,
  createKeytarStore,
  type KeytarApi
} from '../../src/main/vault/keytar-store'

/** A keytar stand-in backed by a Map; each call can be overridden. */
function fakeKeytar(overrides: Partial<KeytarApi> = {}): KeytarApi & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getPassword: vi.fn(async (service: string, account: string) => items.get(`${service}/${account}`) ?? null),
    setPassword: vi.fn(async (service: string, account: string, password: string) => {
      items.set(`${service}/${account}`, password)
    }),
    deletePassword: vi.fn(async (service: string, account: string) => items.delete(`${service}/${account}`)),
    ...overrides
  }
}

const never = () => new Promise<never>(() => {})

async function refusal(work: Promise<unknown>): Promise<ConfigError> {
  const error = await work.then(
    () => undefined,
    (err: unknown) => err
  )
  // By code, not instanceof: one test reloads the modules, and with them the error classes.
  expect(error).toMatchObject({ name: 'ConfigError', code: 'CONFIG' })
  return error as ConfigError
}

afterEach(() => {
  vi.doUnmock('keytar')
  vi.resetModules()
})

describe('the keychain store when things go wrong', () => {
  it('does not load keytar until it is first used', async () => {
    const loadKeytar = vi.fn(async () => fakeKeytar())
    const store = createKeytarStore({ loadKeytar })
    expect(loadKeytar).not.toHaveBeenCalled()
    await store.available()
    await store.get('crm')
    expect(loadKeytar).toHaveBeenCalledTimes(1)
  })

  it('files each connection as one JSON blob under service Patchbay, account connection:<id>', async () => {
    const keytar = fakeKeytar()
    const store = createKeytarStore({ loadKeytar: async () => keytar })
    await store.set('crm', { accessToken: 'a', refreshToken: 'r' })
    expect([...keytar.items.keys()]).toEqual(['Patchbay/connection:crm'])
    expect(JSON.parse(keytar.items.get('Patchbay/connection:crm')!)).toEqual({ accessToken: 'a', refreshToken: 'r' })
  })

  it('says plainly that it cannot keep passwords when keytar’s native module is missing', async () => {
    vi.doMock('keytar', () => {
      throw new Error('Cannot find module ../build/Release/keytar.node')
    })
    const { createKeytarStore: createWithoutKeytar } = await import('../../src/main/vault/keytar-store')
    const store = createWithoutKeytar()

    const status = await store.available()
    expect(status).toMatchObject({ ok: false, reason: KEYCHAIN_MODULE_MISSING_MESSAGE })
    const error = await refusal(store.set('crm', { apiKey: 'k' }))
    expect(error.message).toBe(KEYCHAIN_MODULE_MISSING_MESSAGE)
  })

  it('gives up on a keychain that never answers within the probe timeout, and writes nothing', async () => {
    const keytar = fakeKeytar({ getPassword: vi.fn(never) })
    const store = createKeytarStore({ loadKeytar: async () => keytar, probeTimeoutMs: 50 })

    // A keychain that never answers must not hang us: this resolves at all only because of the probe timeout.
    expect(await store.available()).toMatchObject({ ok: false, reason: NO_KEYCHAIN_MESSAGE })

    const error = await refusal(store.set('crm', { apiKey: 'k' }))
    expect(error.message).toBe(NO_KEYCHAIN_MESSAGE)
    expect(error.meta).toMatchObject({ connectionId: 'crm', hint: expect.stringContaining('GNOME Keyring') })
    expect(keytar.setPassword).not.toHaveBeenCalled()
  })

  it('keeps at most one unanswered probe in flight, so hung calls do not pile up', async () => {
    const keytar = fakeKeytar({ getPassword: vi.fn(never) })
    const store = createKeytarStore({ loadKeytar: async () => keytar, probeTimeoutMs: 20 })
    await Promise.all([store.available(), store.available(), store.get('crm').catch(() => null)])
    await store.available()
    expect(keytar.getPassword).toHaveBeenCalledTimes(1)
  })

  it('turns keytar’s odd messages when no Secret Service runs into the plain one', async () => {
    const keytar = fakeKeytar({ getPassword: vi.fn(async () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))) })
    const store = createKeytarStore({ loadKeytar: async () => keytar })
    expect(await store.available()).toEqual({
      ok: false,
      reason: NO_KEYCHAIN_MESSAGE,
      detail: 'Cannot autolaunch D-Bus without X11 $DISPLAY'
    })
    const error = await refusal(store.get('crm'))
    expect(error.message).toBe(NO_KEYCHAIN_MESSAGE)
    expect(error.meta.vendorMessage).toBe('Cannot autolaunch D-Bus without X11 $DISPLAY')
  })

  it('says which connection could not be saved when a running keychain refuses the write', async () => {
    const keytar = fakeKeytar({
      setPassword: vi.fn(async () => Promise.reject(new Error('Object does not exist at path “/org/freedesktop/secrets/collection/login”')))
    })
    const store = createKeytarStore({ loadKeytar: async () => keytar })
    const error = await refusal(store.set('crm', { apiKey: 'k' }))
    expect(error.message).toBe('Your system keychain refused to let Patchbay save the credentials of connection "crm". Make sure the keychain is unlocked and try again.')
    expect(error.meta.vendorMessage).toContain('collection/login')
  })

  it('stops waiting on a write the keychain never finishes', async () => {
    const keytar = fakeKeytar({ setPassword: vi.fn(never) })
    const store = createKeytarStore({ loadKeytar: async () => keytar, operationTimeoutMs: 50 })
    const error = await refusal(store.set('crm', { apiKey: 'k' }))
    expect(error.message).toMatch(/did not answer when Patchbay tried to save the credentials of connection "crm"\. If it is asking for your password, unlock it/)
  })

  it('refuses an id no connection can have before touching the keychain', async () => {
    const keytar = fakeKeytar()
    const store = createKeytarStore({ loadKeytar: async () => keytar })
    await refusal(store.set('../etc', { apiKey: 'k' }))
    expect(keytar.setPassword).not.toHaveBeenCalled()
  })
})
