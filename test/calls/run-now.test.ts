/**
 * "Run now" while a run is in progress: that run was planned before the person's latest
 * choices (a settled conflict, an edited record), so their click gets one more run right
 * after it; a scheduled trigger meanwhile just joins the run in progress.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

it('a person’s Run now during a run gets one run after it, shared by every click; a scheduled trigger joins the run in progress', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-run-now-'))
  const crm = join(dir, 'crm.csv')
  const mail = join(dir, 'mail.csv')
  await writeFile(crm, 'id,email,name\n1,ann@example.com,Ann\n2,bob@example.com,Bob\n')
  await writeFile(mail, 'id,email,name\n')
  app = await openApp({ home: join(dir, 'home'), secrets: 'memory', logLevel: 'error' })
  const s = app.service
  await s.saveConnection({ id: 'crm', system: 'csv', label: 'CRM', settings: { file: crm, keyColumn: 'id' } })
  await s.saveConnection({ id: 'mail', system: 'csv', label: 'Mail', settings: { file: mail, keyColumn: 'id' } })
  await s.saveSync({
    id: 'contacts', name: 'Contacts', left: { connectionId: 'crm', object: 'crm' }, right: { connectionId: 'mail', object: 'mail' },
    mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }],
    match: { field: 'email' }
  })

  const scheduled = s.runSync('contacts', { trigger: 'schedule' })
  const click = s.runSync('contacts', { trigger: 'manual' })
  const again = s.runSync('contacts', { trigger: 'manual' })
  const tick = s.runSync('contacts', { trigger: 'schedule' })
  const [a, b, c, d] = await Promise.all([scheduled, click, again, tick])

  expect(d.run.id).toBe(a.run.id)
  expect(b.run.id).not.toBe(a.run.id)
  expect(c.run.id).toBe(b.run.id)
  expect(b.run.trigger).toBe('manual')
  expect(Date.parse(b.run.startedAt)).toBeGreaterThanOrEqual(Date.parse(a.run.endedAt!))
  expect(a.run.counts.created).toBe(2)
  expect(b.run.counts).toMatchObject({ created: 0, updated: 0, failed: 0 })
  expect(s.runList({ syncId: 'contacts' }).map((r) => r.id).sort()).toEqual([a.run.id, b.run.id].sort())
  expect((await readFile(mail, 'utf8')).trim().split('\n')).toHaveLength(3)
})
