/**
 * Changing a sync after it ran (the edit form's calls): the preview shows what the change
 * would do without saving it, saving keeps the sync's links and history, so a new match key
 * or other fields never pair records again or copy them twice; a sync with paired records
 * keeps its two systems; and a save while the sync runs waits for that run.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import type { CallResults } from '../../src/shared/contract'
import type { Sync } from '../../src/shared/domain'
import { csvContacts } from '../support/csv-contacts'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

const rows = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').slice(1)

it('previews an edit without saving it, and the saved edit (new match key, a field less) keeps every pair: nothing is copied twice', async () => {
  const world = await csvContacts({ crm: 'id,email,name,phone\n1,ann@example.com,Ann,111\n2,bob@example.com,Bob,222\n', fields: ['email', 'name', 'phone'] })
  app = world.app
  const s = app.service
  const call = makeHandlers(app)
  const first = await s.runSync('contacts', { trigger: 'manual' })
  expect(first.run, JSON.stringify(first.run)).toMatchObject({ status: "ok" })
  expect(first.run.counts.created).toBe(2)
  const linksBefore = [...(await s.state('contacts')).links.values()].map((l) => [l.leftId, l.rightId]).sort()
  const saved = s.sync('contacts')
  const edited: Sync = { ...saved, match: { field: 'phone', normalise: ['digits'] }, mapping: saved.mapping.filter((m) => m.name !== 'name'), trigger: { kind: 'watch', everySeconds: 600 } }

  const pv = (await handle(call, 'sync:preview-edit', { sync: edited })) as CallResults['sync:preview-edit']
  expect(pv.run.dryRun).toBe(true)
  expect(pv.summary).toEqual({ left: { create: 0, update: 0, delete: 0 }, right: { create: 0, update: 0, delete: 0 }, conflicts: 0 })
  // The preview saved nothing: the sync is as it was, and a preview is not history.
  expect(s.sync('contacts')).toEqual(saved)
  expect(s.runList({ syncId: 'contacts' })).toHaveLength(1)

  await handle(call, 'sync:update', { sync: edited })
  expect(s.sync('contacts')).toMatchObject({ match: { field: 'phone' }, trigger: { kind: 'watch', everySeconds: 600 } })
  const again = await s.runSync('contacts', { trigger: 'manual' })
  expect(again.run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 })
  expect(await rows(world.mail)).toHaveLength(2)
  expect([...(await s.state('contacts')).links.values()].map((l) => [l.leftId, l.rightId]).sort()).toEqual(linksBefore)
  expect(s.runList({ syncId: 'contacts' })).toHaveLength(2)
})

it('refuses to move a sync with paired records to other systems, and a match key that is not synced, saying what to do', async () => {
  const world = await csvContacts({ crm: 'id,email,name,source\n1,ann@example.com,Ann,\n', fields: ['email', 'name'] })
  app = world.app
  const s = app.service
  const call = makeHandlers(app)
  await s.runSync('contacts', { trigger: 'manual' })
  const saved = s.sync('contacts')
  await expect(handle(call, 'sync:update', { sync: { ...saved, right: { connectionId: 'crm', object: 'crm' } } })).rejects.toMatchObject({
    message: '“Contacts” already pairs 1 record between its two systems, so they cannot change',
    meta: { hint: expect.stringMatching(/^Duplicate the sync/) }
  })
  // Nor is such a change previewed: its plan would mislead.
  await expect(handle(call, 'sync:preview-edit', { sync: { ...saved, right: { connectionId: 'crm', object: 'crm' } } })).rejects.toThrow(/already pairs 1 record/)
  await expect(handle(call, 'sync:update', { sync: { ...saved, match: { field: 'company', normalise: [] } } })).rejects.toMatchObject({ message: expect.stringMatching(/paired by “company”, which is not one of the synced fields/) })
  expect(s.sync('contacts')).toEqual(saved)

  // The same through `patchbay import`: the file's change of systems, and a filter on a field it does not sync, are refused by name.
  const file = join(world.dir, 'change.json')
  await writeFile(file, JSON.stringify({ syncs: [{ ...saved, right: { connectionId: 'crm', object: 'crm' } }] }))
  await expect(s.importFile(file)).rejects.toThrow('syncs[0].right: “Contacts” already pairs 1 record between its two systems, so its right side cannot change; to sync other systems, import it under a new id')
  await writeFile(file, JSON.stringify({ syncs: [{ ...saved, filters: [{ field: 'status', op: 'equals', value: 'paid' }] }] }))
  await expect(s.importFile(file)).rejects.toThrow('syncs[0].filters[0].field: "status" is not a synced field of this sync, so a filter cannot look at it; the synced fields are "email", "name"')
  await writeFile(file, JSON.stringify({ syncs: [{ ...saved, fixed: [{ side: 'right', field: 'lead_source', value: 'CRM' }] }] }))
  await expect(s.importFile(file)).rejects.toThrow(/syncs\[0\]\.fixed\[0\]\.field: mail\.csv has no "lead_source" column/)
  expect(s.sync('contacts')).toEqual(saved)
  // A change the links allow goes through, and the pair stays.
  await writeFile(file, JSON.stringify({ syncs: [{ ...saved, filters: [{ field: 'name', op: 'not-empty' }], fixed: [{ side: 'right', field: 'source', value: 'CRM' }] }] }))
  await s.importFile(file)
  expect(s.sync('contacts').filters).toEqual([{ field: 'name', op: 'not-empty' }])
  expect((await s.runSync('contacts', { trigger: 'manual' })).run.counts).toMatchObject({ created: 0, failed: 0 })
  expect((await s.state('contacts')).links.size).toBe(1)
})

it('a change saved while the sync runs waits for that run, which finishes on the settings it started with', async () => {
  const world = await csvContacts({ crm: 'id,email,name\n1,ann@example.com,Ann\n2,bob@example.com,Bob\n', fields: ['email', 'name'] })
  app = world.app
  const s = app.service
  const order: string[] = []
  const running = s.runSync('contacts', { trigger: 'manual' }).then((r) => { order.push('run'); return r })
  const saved = s.sync('contacts')
  const change = s.changeSync({ ...saved, mapping: saved.mapping.filter((m) => m.name !== 'name') }).then(() => order.push('saved'))
  const [r] = await Promise.all([running, change])
  expect(order).toEqual(['run', 'saved'])
  expect(r.run.counts.created).toBe(2)
  expect((await rows(world.mail)).map((l) => l.split(',').slice(1).join(','))).toEqual(['ann@example.com,Ann', 'bob@example.com,Bob'])
  expect(s.sync('contacts').mapping.map((m) => m.name)).toEqual(['email'])
})
