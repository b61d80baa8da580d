/**
 * A damaged sync state, restored from its backup, with the real files damaged between
 * runs: the owner is told, and the next run reads both sides in full, so rows deleted
 * since never come back and no delete is missed.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PatchbayService } from '../../src/main/service'
import { syncDir } from '../../src/main/store/paths'
import { createMemoryStore } from '../../src/main/vault/memory-store'
import { useTempDir } from './temp-dir'

const dir = useTempDir()

async function workspace() {
  const home = join(dir(), 'data')
  const left = join(dir(), 'customers.csv')
  const right = join(dir(), 'list.csv')
  const rows = (ids: number[]) => ['id,email,name', ...ids.map((i) => `${i},p${i}@x.com,Person ${i}`)].join('\n') + '\n'
  await writeFile(left, rows([1, 2, 3, 4, 5, 6]))
  await writeFile(right, 'email,name\n')
  await writeFile(join(dir(), 'ws.json'), JSON.stringify({
    connections: [
      { id: 'shop', system: 'csv', label: 'Shop', settings: { file: left, keyColumn: 'id' } },
      { id: 'list', system: 'csv', label: 'List', settings: { file: right, keyColumn: 'email' } }
    ],
    syncs: [{
      id: 'shop-list', name: 'Shop ⇄ list', left: { connectionId: 'shop', object: 'customers' }, right: { connectionId: 'list', object: 'list' },
      direction: 'both', deletes: 'propagate',
      mapping: [{ name: 'email', left: 'email', right: 'email' }, { name: 'name', left: 'name', right: 'name' }],
      match: { field: 'email' }
    }]
  }))
  // A new service per step, as each `patchbay` command is its own process.
  const open = () => PatchbayService.open({ home, secrets: createMemoryStore() })
  const svc = await open()
  await svc.importFile(join(dir(), 'ws.json'))
  await svc.close()
  const step = async <T,>(fn: (s: PatchbayService) => Promise<T>): Promise<T> => {
    const s = await open()
    try {
      return await fn(s)
    } finally {
      await s.close()
    }
  }
  return { home, left, right, rows, step, emails: async (f: string) => (await readFile(f, 'utf8')).split('\n').slice(1).filter(Boolean).map((l) => /p\d+@x\.com/.exec(l)![0]).sort() }
}

describe('a damaged links file, restored from its backup one run old', () => {
  it('is told to the owner, and rows deleted since stay deleted while a later delete still flows', async () => {
    const w = await workspace()
    await w.step((s) => s.runSync('shop-list'))
    // Four new customers are copied by a second run; the links backup is from before it.
    await writeFile(w.left, w.rows([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    expect((await w.step((s) => s.runSync('shop-list'))).run.counts.created).toBe(4)
    expect(await w.emails(w.right)).toHaveLength(10)
    // The links file is damaged; meanwhile the owner deletes the four new customers and an old one.
    await writeFile(join(syncDir(w.home, 'shop-list'), 'links.json'), '{"version":1,"data":{"links":[{"id":')
    await writeFile(w.left, w.rows([1, 2, 3, 4, 5]))
    const { run, status, notices } = await w.step(async (s) => {
      const status = await s.status()
      const result = await s.runSync('shop-list')
      return { run: result.run, status, notices: s.recoveryNotices().map((n) => n.message) }
    })
    expect(notices.join(' ')).toMatch(/the list of paired records/)
    expect(status[0].notice).toMatch(/reads both sides in full/)
    expect(run.status).toBe('ok')
    expect(await w.emails(w.left)).toEqual(['p1@x.com', 'p2@x.com', 'p3@x.com', 'p4@x.com', 'p5@x.com'])
    expect(await w.emails(w.right)).toEqual(['p1@x.com', 'p2@x.com', 'p3@x.com', 'p4@x.com', 'p5@x.com'])
    // Told until that full run has happened; then quiet, and the next run changes nothing.
    const after = await w.step(async (s) => ({ status: await s.status(), again: (await s.runSync('shop-list')).run.counts }))
    expect(after.status[0].notice).toBeUndefined()
    expect(after.again).toMatchObject({ created: 0, deleted: 0, updated: 0 })
  })
})
