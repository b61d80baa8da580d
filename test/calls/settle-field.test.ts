import { readFile, writeFile } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import type { App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import type { Conflict } from '../../src/shared/domain'
import { csvContacts } from '../support/csv-contacts'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

/** Two CSV "systems" with a two-way contacts sync, and a conflict on Ann (phone) and Bob (phone and name). */
async function setup() {
  const world = await csvContacts({ crm: 'id,email,name,phone\n1,ann@example.com,Ann,111\n2,bob@example.com,Bob,222\n', fields: ['email', 'name', 'phone'] })
  app = world.app
  const { crm, mail } = world
  const s = app.service
  await s.runSync('contacts')
  const rightRows = (await readFile(mail, 'utf8')).trim().split('\n').slice(1).map((l) => l.split(','))
  const rid = (email: string) => rightRows.find((r) => r.includes(email))![0]
  await writeFile(crm, 'id,email,name,phone\n1,ann@example.com,Ann,112\n2,bob@example.com,Bobby,223\n')
  await writeFile(mail, `id,email,name,phone\n${rid('ann@example.com')},ann@example.com,Ann,113\n${rid('bob@example.com')},bob@example.com,Robert,224\n`)
  await s.runSync('contacts')
  const h = makeHandlers(app)
  const call = <T>(channel: string, payload: unknown) => handle(h, channel, payload) as Promise<T>
  return { s, crm, mail, call }
}

describe('conflicts:settle-field', () => {
  it('keeps one side’s phone for every conflict of the sync; other fields keep waiting', async () => {
    const { s, crm, mail, call } = await setup()
    expect((await s.conflicts('contacts')).filter((c) => c.status === 'open')).toHaveLength(2)
    const changed = await call<Conflict[]>('conflicts:settle-field', { syncId: 'contacts', field: 'phone', pick: 'right' })
    expect(changed).toHaveLength(2)
    const ann = changed.find((c) => c.leftRecord.email === 'ann@example.com')!
    const bob = changed.find((c) => c.leftRecord.email === 'bob@example.com')!
    expect(ann).toMatchObject({ status: 'resolved', resolution: { pick: 'right' } })
    expect(bob).toMatchObject({ status: 'open', fieldPicks: { phone: { pick: 'right', value: '224' } } })
    await s.runSync('contacts')
    expect(await readFile(crm, 'utf8')).toContain('ann@example.com,Ann,113')
    expect(await readFile(crm, 'utf8')).toContain('bob@example.com,Bobby,224')
    expect(await readFile(mail, 'utf8')).toContain('bob@example.com,Robert,224')
    const left = await s.conflicts('contacts')
    expect(left).toHaveLength(1)
    expect(left[0]).toMatchObject({ id: bob.id, status: 'open' })
    expect(left[0].fields.map((f) => f.name)).toEqual(['name'])
  })

  it('with asRule, the side becomes the field’s policy for later conflicts', async () => {
    const { s, call } = await setup()
    await call('conflicts:settle-field', { syncId: 'contacts', field: 'phone', pick: 'left', asRule: true })
    expect(s.sync('contacts').mapping.find((m) => m.name === 'phone')!.conflictPolicy).toBe('prefer-left')
    expect(s.sync('contacts').mapping.find((m) => m.name === 'name')!.conflictPolicy).toBeUndefined()
  })

  it('refuses a field no conflict waits on, and bad input, with words a person can act on', async () => {
    const { call } = await setup()
    await expect(call('conflicts:settle-field', { syncId: 'contacts', field: 'email', pick: 'left' })).rejects.toThrow(/No open conflict of Contacts waits on email/)
    await expect(call('conflicts:settle-field', { syncId: 'contacts', field: 'phone', pick: 'middle' })).rejects.toThrow(/Bad input/)
  })
})

describe('conflicts:reopen (the Undo in a settlement’s notice)', () => {
  const open = async (s: Awaited<ReturnType<typeof setup>>['s']) => (await s.conflicts('contacts')).filter((c) => c.status === 'open')

  it('puts a settled conflict back to waiting exactly as it was, and its rule back too', async () => {
    const { s, call } = await setup()
    const before = await open(s)
    const ann = before.find((c) => c.leftRecord.email === 'ann@example.com')!
    await call('conflict:resolve', { id: ann.id, resolution: { pick: 'right' }, asRule: true })
    expect(s.sync('contacts').mapping.find((m) => m.name === 'phone')!.conflictPolicy).toBe('prefer-right')
    const back = await call<Conflict[]>('conflicts:reopen', { syncId: 'contacts', ids: [ann.id], rules: { phone: null } })
    expect(back).toEqual([ann])
    expect((await s.conflicts('contacts')).find((c) => c.id === ann.id)).toEqual(ann)
    expect(s.sync('contacts').mapping.find((m) => m.name === 'phone')!.conflictPolicy).toBeUndefined()
  })

  it('undoes a settled field in many conflicts: their earlier picks stay, the field waits again', async () => {
    const { s, call } = await setup()
    const before = await open(s)
    const bob = before.find((c) => c.leftRecord.email === 'bob@example.com')!
    await call('conflicts:settle-field', { syncId: 'contacts', field: 'name', pick: 'left', ids: [bob.id] })
    const withName = (await s.conflicts('contacts')).find((c) => c.id === bob.id)!
    await call('conflicts:settle-field', { syncId: 'contacts', field: 'phone', pick: 'right' })
    await call('conflicts:reopen', { syncId: 'contacts', ids: before.map((c) => c.id), fields: ['phone'] })
    const now = await s.conflicts('contacts')
    expect(now.find((c) => c.id === bob.id)).toEqual(withName)
    expect(now.find((c) => c.id !== bob.id)).toEqual(before.find((c) => c.id !== bob.id))
  })

  it('refuses once a run has written the choice, in words, and changes nothing', async () => {
    const { s, crm, call } = await setup()
    const [first, second] = await open(s)
    await call('conflict:resolve', { id: first.id, resolution: { pick: 'left' } })
    await call('conflict:resolve', { id: second.id, resolution: { pick: 'left' } })
    await s.runSync('contacts')
    const written = await readFile(crm, 'utf8')
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: [first.id] })).rejects.toThrow(/A run already wrote your choice to both sides, so it cannot be put back to waiting/)
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: [first.id, second.id] })).rejects.toThrow(/already wrote your choices/)
    expect(await s.conflicts('contacts')).toEqual([])
    expect(await readFile(crm, 'utf8')).toBe(written)
  })

  it('refuses a settlement that is only partly unwritten as a whole', async () => {
    const { s, call } = await setup()
    const [first, second] = await open(s)
    await call('conflict:resolve', { id: first.id, resolution: { pick: 'left' } })
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: [first.id, second.id] })).rejects.toThrow(/your choice for 1 of these 2 records/)
    expect((await s.conflicts('contacts')).find((c) => c.id === first.id)).toMatchObject({ status: 'resolved' })
  })

  it('refuses bad input', async () => {
    const { call } = await setup()
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: [] })).rejects.toThrow(/Bad input/)
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: ['x'], rules: { phone: 'whatever' } })).rejects.toThrow(/Bad input/)
    await expect(call('conflicts:reopen', { syncId: 'contacts', ids: ['x'], rules: { fax: null } })).rejects.toThrow(/Contacts has no field "fax"/)
  })
})
