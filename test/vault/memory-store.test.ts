import { describe, expect, it } from 'vitest'
import { ConfigError, StoreError } from '../../src/main/errors'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import { decodeSecrets, encodeSecrets, secretAccount } from '../../src/main/vault/secret-store'

describe('the in-memory secret store (demo workspace and tests)', () => {
  it('keeps, replaces and forgets a connection’s secrets', async () => {
    const store = createMemoryStore()
    expect(await store.available()).toEqual({ ok: true })
    expect(await store.get('demo-crm')).toBeNull()

    await store.set('demo-crm', { apiKey: 'fake-1', region: 'eu' })
    expect(await store.get('demo-crm')).toEqual({ apiKey: 'fake-1', region: 'eu' })

    await store.set('demo-crm', { apiKey: 'fake-2' })
    expect(await store.get('demo-crm')).toEqual({ apiKey: 'fake-2' })

    await store.remove('demo-crm')
    await store.remove('demo-crm')
    expect(await store.get('demo-crm')).toBeNull()
  })

  it('hands out copies, so a caller cannot change what is stored', async () => {
    const store = createMemoryStore({ 'demo-books': { apiKey: 'fake' } })
    const first = await store.get('demo-books')
    first!.apiKey = 'changed'
    expect(await store.get('demo-books')).toEqual({ apiKey: 'fake' })
  })

  it('refuses what a real keychain would refuse: bad ids and values that are not text', async () => {
    const store = createMemoryStore()
    await expect(store.set('Not An Id', { apiKey: 'x' })).rejects.toBeInstanceOf(ConfigError)
    await expect(store.set('demo-crm', { apiKey: 42 } as unknown as Record<string, string>)).rejects.toBeInstanceOf(ConfigError)
  })
})

describe('how secrets are filed', () => {
  it('puts one connection under account connection:<id>', () => {
    expect(secretAccount('hubspot-main')).toBe('connection:hubspot-main')
  })

  it('stores all of a connection’s secrets as one JSON blob and reads it back', () => {
    const blob = encodeSecrets('stripe', { accessToken: 'a', refreshToken: 'r' })
    expect(JSON.parse(blob)).toEqual({ accessToken: 'a', refreshToken: 'r' })
    expect(decodeSecrets('stripe', blob)).toEqual({ accessToken: 'a', refreshToken: 'r' })
  })

  it('says a blob is unreadable without quoting it (it is a secret)', () => {
    for (const blob of ['sk_live_not-json', '["sk_live_array"]', '{"apiKey": 7}']) {
      let error: unknown
      try {
        decodeSecrets('stripe', blob)
      } catch (err) {
        error = err
      }
      expect(error).toBeInstanceOf(StoreError)
      expect((error as StoreError).meta).toMatchObject({ connectionId: 'stripe', hint: expect.stringMatching(/Reconnect/) })
      expect(JSON.stringify({ message: (error as Error).message, meta: (error as StoreError).meta })).not.toContain('sk_live')
    }
  })
})
