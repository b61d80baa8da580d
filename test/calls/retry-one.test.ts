/**
 * "Try this record again" through the service: a refused record is tried alone, as a run in
 * the history with trigger 'retry'; a row of a file that could not be read has no id to read
 * it by, so trying it again runs the whole sync.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { afterEach, expect, it } from 'vitest'
import type { App } from '../../src/main/app'
import { csvContacts } from '../support/csv-contacts'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

it('tries a refused record alone and records it as a retry run; a bad file row runs the whole sync', async () => {
  // The mailing list is saved as Windows-1252, which cannot hold "ł": those two creates are refused.
  const world = await csvContacts({ crm: 'id,email,name\n1,ann@x.com,Ann\n2,lu@x.com,Łukasz\n3,ola@x.com,Ołga\n,nobody@x.com,Nobody\n', fields: ['email', 'name'] })
  app = world.app
  const s = app.service
  await s.saveConnection({ id: 'mail', system: 'csv', label: 'Mail', settings: { file: world.mail, keyColumn: 'id', encoding: 'windows-1252' } })
  await s.runSync('contacts', { trigger: 'manual' })
  const failures = await s.failures('contacts')
  const lu = failures.find((f) => f.sourceId === '2')!
  const ola = failures.find((f) => f.sourceId === '3')!
  const row = failures.find((f) => f.op === 'read')!
  expect([lu, ola, row].every(Boolean)).toBe(true)

  // The file can hold them now, and a new row was added: only Łukasz is written.
  await s.saveConnection({ id: 'mail', system: 'csv', label: 'Mail', settings: { file: world.mail, keyColumn: 'id', encoding: 'utf-8' } })
  const crm = await readFile(world.crm, 'utf8')
  await writeFile(world.crm, `${crm}4,new@x.com,New\n`)
  const one = await s.retryFailure(lu.id)
  expect(one.run).toMatchObject({ trigger: 'retry', status: 'ok', counts: { read: 1, created: 1, failed: 0 } })
  const mail = await readFile(world.mail, 'utf8')
  expect(mail).toContain('Łukasz')
  expect(mail).not.toContain('ola@x.com')
  expect(mail).not.toContain('new@x.com')
  expect(s.runList({ syncId: 'contacts' }).find((r) => r.id === one.run.id)?.trigger).toBe('retry')
  expect((await s.failures('contacts')).map((f) => f.id).sort()).toEqual([ola.id, row.id].sort())

  const whole = await s.retryFailure(row.id)
  expect(whole.run.trigger).toBe('retry')
  expect(whole.run.counts.created).toBe(2)
  const after = await readFile(world.mail, 'utf8')
  expect(after).toContain('Ołga')
  expect(after).toContain('new@x.com')
  expect((await s.failures('contacts')).map((f) => f.op)).toEqual(['read'])
})
