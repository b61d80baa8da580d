import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SyncInput } from '../../src/shared/domain'
import { ConfigError } from '../../src/main/errors'
import { ConfigStore } from '../../src/main/store/config'
import { looksLikeSecretName } from '../../src/main/store/config-schema'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()
const open = () => ConfigStore.open(join(tempDir(), 'config.json'))

const shopCsv = { id: 'shop-csv', system: 'csv', label: 'Shop CSV', settings: { folder: '/data/shop' } }
const crm = { id: 'crm', system: 'hubspot', label: 'HubSpot', authKind: 'oauth2' as const }
const contacts: SyncInput = {
  id: 'contacts',
  name: 'Contacts to CRM',
  left: { connectionId: 'shop-csv', object: 'customers' },
  right: { connectionId: 'crm', object: 'contacts' },
  mapping: [{ name: 'email', left: 'Email', right: 'email' }],
  match: { field: 'email' }
}

async function refusal(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

describe('config store', () => {
  it('starts empty with default settings', async () => {
    const config = await open()
    expect(config.recovery).toBeUndefined()
    expect(config.listConnections()).toEqual([])
    expect(config.listSyncs()).toEqual([])
    expect(config.getSettings()).toMatchObject({ notifications: true, startAtLogin: false, maxConcurrentRuns: 2 })
    expect(config.getSettings().timeZone).toBeTruthy()
  })

  it('saves connections and syncs with their defaults filled in, and finds them after a restart', async () => {
    const config = await open()
    expect(await config.upsertConnection(shopCsv)).toMatchObject({ authKind: 'none', status: 'ok', scopes: [] })
    await config.upsertConnection(crm)
    expect(await config.upsertSync(contacts)).toMatchObject({ direction: 'both', conflictPolicy: 'ask', enabled: true })
    const reopened = await open()
    expect(reopened.listConnections().map((c) => c.id)).toEqual(['shop-csv', 'crm'])
    expect(reopened.getConnection('crm')?.label).toBe('HubSpot')
    expect(reopened.getSync('contacts')?.name).toBe('Contacts to CRM')
    expect(reopened.getSync('nope')).toBeUndefined()
  })

  it('replaces an item with the same id instead of adding a second one', async () => {
    const config = await open()
    await config.upsertConnection(shopCsv)
    await config.upsertConnection({ ...shopCsv, label: 'Shop exports' })
    expect(config.listConnections()).toHaveLength(1)
    expect(config.getConnection('shop-csv')?.label).toBe('Shop exports')
  })

  it('hands out copies, so changing one does not change the saved config', async () => {
    const config = await open()
    await config.upsertConnection(shopCsv)
    config.getConnection('shop-csv')!.label = 'changed'
    config.listConnections()[0].label = 'changed'
    expect(config.getConnection('shop-csv')?.label).toBe('Shop CSV')
  })

  it('refuses an invalid connection, listing each bad field and why', async () => {
    const config = await open()
    const error = await refusal(config.upsertConnection({ id: 'Shop CSV!', system: 'csv', label: '' }))
    expect(error.message).toMatch(/^The connection "Shop CSV!" cannot be saved:/)
    expect(error.message).toContain('- id: use lower-case letters, digits and dashes')
    expect(error.message).toMatch(/- label: /)
    expect(config.listConnections()).toEqual([])
  })

  it('refuses settings that look like secrets, at any depth, naming each one', async () => {
    const config = await open()
    const settings = { folder: '/x', apiKey: 'k', nested: { refresh_token: 't', list: [{ clientSecret: 's' }] }, monkey: 'fine' }
    const error = await refusal(config.upsertConnection({ ...shopCsv, settings }))
    expect(error.message).toContain('- settings.apiKey: looks like a secret')
    expect(error.message).toContain('- settings.nested.refresh_token: looks like a secret')
    expect(error.message).toContain('- settings.nested.list[0].clientSecret: looks like a secret')
    expect(error.message).not.toContain('monkey')
    expect(error.meta.hint).toMatch(/keychain/)
  })

  it.each([
    ['token', true], ['accessToken', true], ['refresh_token', true], ['apiKey', true], ['api_key', true], ['API-KEY', true],
    ['privateKey', true], ['signingKey', true], ['password', true], ['dbPassword', true], ['clientSecret', true], ['secret', true],
    ['folder', false], ['baseUrl', false], ['listId', false], ['monkey', false], ['keyField', false], ['dataCenter', false],
    ['tokenUrl', false], ['redirectUri', false], ['token_endpoint', false]
  ])('treats the setting name %s as a secret: %s', (name, secret) => {
    expect(looksLikeSecretName(name)).toBe(secret)
  })

  it('refuses a sync whose sides name connections that do not exist', async () => {
    const config = await open()
    await config.upsertConnection(shopCsv)
    const error = await refusal(config.upsertSync(contacts))
    expect(error.message).toContain('- right.connectionId: there is no connection "crm"')
    expect(error.meta.syncId).toBe('contacts')
  })

  it('refuses an invalid sync, listing each bad field', async () => {
    const config = await open()
    const error = await refusal(config.upsertSync({ ...contacts, mapping: [], trigger: { kind: 'watch', everySeconds: 1 } }))
    expect(error.message).toContain('- mapping: map at least one field')
    expect(error.message).toMatch(/- trigger\.everySeconds: /)
  })

  it('will not remove a connection a sync still uses, and says which sync', async () => {
    const config = await open()
    await config.upsertConnection(shopCsv)
    await config.upsertConnection(crm)
    await config.upsertSync(contacts)
    const error = await refusal(config.removeConnection('crm'))
    expect(error.message).toContain('"Contacts to CRM" (contacts)')
    expect(error.meta).toMatchObject({ connectionId: 'crm', syncId: 'contacts' })
    expect(await config.removeSync('contacts')).toBe(true)
    expect(await config.removeConnection('crm')).toBe(true)
    expect(await config.removeConnection('crm')).toBe(false)
    expect((await open()).listConnections().map((c) => c.id)).toEqual(['shop-csv'])
  })

  it('updates some settings and keeps the rest', async () => {
    const config = await open()
    await config.updateSettings({ timeZone: 'Europe/Paris', maxConcurrentRuns: 4 })
    expect((await open()).getSettings()).toMatchObject({ timeZone: 'Europe/Paris', maxConcurrentRuns: 4, notifications: true })
  })

  it('keeps the light/dark choice, following the computer until one is made, and refuses a theme it does not have', async () => {
    const config = await open()
    expect(config.getSettings().theme).toBe('system')
    await config.updateSettings({ theme: 'dark' })
    expect((await open()).getSettings().theme).toBe('dark')
    const error = await refusal(config.updateSettings({ theme: 'purple' } as unknown as Parameters<ConfigStore['updateSettings']>[0]))
    expect(error.message).toContain('- settings.theme: choose system (the same as this computer), light or dark')
    expect((await open()).getSettings().theme).toBe('dark')
  })

  it('refuses bad settings and unknown setting names, listing each', async () => {
    const config = await open()
    const patch = { timeZone: 'Mars/Olympus', maxConcurrentRuns: 0, notifcations: false }
    const error = await refusal(config.updateSettings(patch as Parameters<ConfigStore['updateSettings']>[0]))
    expect(error.message).toContain('- settings.timeZone: not a time zone Patchbay knows')
    expect(error.message).toMatch(/- settings\.maxConcurrentRuns: /)
    expect(error.message).toContain('- settings.notifcations: not a setting Patchbay has')
    expect(config.getSettings().maxConcurrentRuns).toBe(2)
  })

  it('exposes the recovery notice when config.json was damaged', async () => {
    const config = await open()
    await config.upsertConnection(shopCsv)
    await config.upsertConnection(crm)
    await writeFile(join(tempDir(), 'config.json'), '{"schemaVersion":1,"data":{"connections":[{"id":"sh')
    const reopened = await open()
    expect(reopened.recovery?.message).toContain('Patchbay could not read your connections, syncs and settings')
    expect(reopened.listConnections().map((c) => c.id)).toEqual(['shop-csv'])
  })
})
