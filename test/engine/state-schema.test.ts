/**
 * Stored sync state is checked against the domain schemas when it is read: a links or
 * state file whose entries have the wrong shape is damaged, so it is moved aside, the
 * newest good backup is put back and the owner is told, instead of the run failing later.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Failure } from '../../src/shared/domain'
import { SyncState } from '../../src/main/engine/state'

const failure = (id: string): Failure => ({
  id,
  syncId: 's',
  runId: 'r1',
  side: 'right',
  op: 'create',
  code: 'RECORD',
  message: 'refused',
  attempts: 1,
  firstSeenAt: '2026-12-01T00:00:00.000Z',
  lastSeenAt: '2026-12-01T00:00:00.000Z',
  status: 'open'
})

/** A state folder saved twice (so a good backup exists) holding one link and one failure. */
async function savedState(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patchbay-state-schema-'))
  const s = await SyncState.open(dir)
  await s.commitLinks([{ op: 'put', link: { id: 'k1', leftId: 'L1', rightId: 'R1', base: { email: 'a@x.com' }, syncedAt: '2026-12-01T00:00:00.000Z' } }])
  s.data.failures.push(failure('f1'))
  await s.save()
  await s.compact()
  await s.save()
  await s.compact()
  return dir
}

/** Rewrites one stored document's data, keeping its envelope (so only the shape is wrong). */
async function tamper(path: string, change: (data: Record<string, unknown>) => void): Promise<void> {
  const envelope = JSON.parse(await readFile(path, 'utf8')) as { data: Record<string, unknown> }
  change(envelope.data)
  await writeFile(path, JSON.stringify(envelope))
}

describe('stored state is validated when read', () => {
  it('treats a links file holding a wrong-shaped link as damaged: moved aside, backup restored, owner told', async () => {
    const dir = await savedState()
    await tamper(join(dir, 'links.json'), (d) => {
      d.links = [{ id: 'k1', leftId: 42, base: 'not fields' }]
    })
    const s = await SyncState.open(dir)
    expect(s.recoveries).toHaveLength(1)
    expect(s.recoveries[0].movedTo).toMatch(/links\.json\.corrupt-/)
    expect(s.recoveries[0].restoredFrom).toMatch(/links\.json\.bak/)
    expect(s.linkByLeft('L1')?.rightId).toBe('R1')
    expect(s.data.restored?.message).toContain('reads both sides in full')
    expect((await readdir(dir)).some((f) => f.startsWith('links.json.corrupt-'))).toBe(true)
  })

  it('treats a state file holding a wrong-shaped conflict as damaged and restores the failures from the backup', async () => {
    const dir = await savedState()
    await tamper(join(dir, 'state.json'), (d) => {
      d.conflicts = [{ id: 'c1', fields: 'name' }]
    })
    const s = await SyncState.open(dir)
    expect(s.recoveries).toHaveLength(1)
    expect(s.recoveries[0].movedTo).toMatch(/state\.json\.corrupt-/)
    expect(s.data.conflicts).toEqual([])
    expect(s.data.failures.map((f) => f.id)).toEqual(['f1'])
    expect(s.data.restored?.message).toBeTruthy()
  })

  it('keeps a well-formed state as it was, with nothing restored', async () => {
    const dir = await savedState()
    const s = await SyncState.open(dir)
    expect(s.recoveries).toEqual([])
    expect(s.data.failures).toEqual([failure('f1')])
    expect(s.linkByRight('R1')?.base).toEqual({ email: 'a@x.com' })
  })
})
