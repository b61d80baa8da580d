/**
 * "Run now" while a run is in progress: that run was planned before the person's latest
 * choices (a settled conflict, an edited record), so their click gets one more run right
 * after it; a scheduled trigger meanwhile just joins the run in progress.
 */
import { readFile } from 'node:fs/promises'
import { afterEach, expect, it } from 'vitest'
import type { App } from '../../src/main/app'
import { csvContacts } from '../support/csv-contacts'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

it('a person’s Run now during a run gets one run after it, shared by every click; a scheduled trigger joins the run in progress', async () => {
  const world = await csvContacts({ crm: 'id,email,name\n1,ann@example.com,Ann\n2,bob@example.com,Bob\n', fields: ['email', 'name'] })
  app = world.app
  const s = app.service
  const mail = world.mail

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
