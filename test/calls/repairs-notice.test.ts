/**
 * A data-folder file found damaged when Patchbay opens (moved aside, a backup restored) is
 * told in the app too, not only by the command line: `app:info` carries the repairs, which
 * the window shows in a banner until the owner says OK.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { openApp, type App } from '../../src/main/app'
import { handle, makeHandlers } from '../../src/main/handlers'
import type { AppInfo } from '../../src/shared/contract'

let app: App | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})

it('app:info lists the files repaired on opening, in words; none when nothing was damaged', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-repairs-'))
  const home = join(dir, 'home')
  const file = join(dir, 'crm.csv')
  await writeFile(file, 'id,email\n1,ann@x.com\n')
  app = await openApp({ home, secrets: 'memory', logLevel: 'error' })
  const info = () => handle(makeHandlers(app!), 'app:info', {}) as Promise<AppInfo>
  expect((await info()).repairs).toEqual([])
  await app.service.saveConnection({ id: 'crm', system: 'csv', label: 'CRM', settings: { file, keyColumn: 'id' } })
  await app.service.saveConnection({ id: 'crm', system: 'csv', label: 'Our CRM', settings: { file, keyColumn: 'id' } })
  await app.close()

  await writeFile(join(home, 'config.json'), '{"version": 1, "data": {"connections": [')
  app = await openApp({ home, secrets: 'memory', logLevel: 'error' })
  const repairs = (await info()).repairs!
  expect(repairs).toHaveLength(1)
  expect(repairs[0]).toMatch(/config/i)
  expect(repairs[0]).toMatch(/backup/i)
  // The backup is the config as it was before the last save: the connection is still there.
  expect(app.service.findConnection('crm')).toBeDefined()
})
