import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { z } from 'zod'
import { emptyCounts, type Run } from '../../src/shared/domain'
import { StoreError } from '../../src/main/errors'
import { RunHistory } from '../../src/main/store/runs'
import { runSchema } from '../../src/main/store/runs-schema'
import { useTempDir } from './temp-dir'

const tempDir = useTempDir()
const path = () => join(tempDir(), 'runs.json')

function run(id: string, minute: number, overrides: Partial<Run> = {}): Run {
  const startedAt = new Date(Date.UTC(2025, 0, 1, 9, minute)).toISOString()
  return { id, syncId: 'contacts', trigger: 'schedule', startedAt, status: 'running', dryRun: false, counts: emptyCounts(), ...overrides }
}

describe('run history', () => {
  it('stores exactly the shared Run type', () => {
    expectTypeOf<z.infer<typeof runSchema>>().toEqualTypeOf<Run>()
  })

  it('records a run from start to finish and keeps it across restarts', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('r1', 0))
    const finished = await history.finish('r1', { status: 'partial', counts: { read: 10, created: 2, failed: 1 }, endedAt: '2025-01-01T09:01:00.000Z' })
    expect(finished).toMatchObject({ status: 'partial', endedAt: '2025-01-01T09:01:00.000Z', counts: { read: 10, created: 2, failed: 1, updated: 0 } })
    expect((await RunHistory.open(path())).get('r1')).toEqual(finished)
  })

  it('stamps the end time when the caller does not', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('r1', 0))
    const before = Date.now()
    const { endedAt } = await history.finish('r1', { status: 'ok' })
    expect(Date.parse(endedAt!)).toBeGreaterThanOrEqual(before)
  })

  it('refuses to start the same run twice, or to finish a run twice or one it never started', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('r1', 0))
    await expect(history.start(run('r1', 1))).rejects.toThrow(StoreError)
    await history.finish('r1', { status: 'ok' })
    await expect(history.finish('r1', { status: 'failed' })).rejects.toThrow(/already ended \(ok\)/)
    await expect(history.finish('ghost', { status: 'ok' })).rejects.toThrow(/no run "ghost"/)
    expect(history.get('r1')?.status).toBe('ok')
  })

  it('lists newest first, by sync, up to a limit', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('a', 1))
    await history.start(run('b', 3, { syncId: 'invoices' }))
    await history.start(run('c', 2)) // started earlier than b, recorded later
    await history.start(run('d', 4))
    expect(history.list().map((r) => r.id)).toEqual(['d', 'b', 'c', 'a'])
    expect(history.list({ syncId: 'contacts' }).map((r) => r.id)).toEqual(['d', 'c', 'a'])
    expect(history.list({ syncId: 'contacts', limit: 2 }).map((r) => r.id)).toEqual(['d', 'c'])
  })

  it('lists only runs that ended so, or only undos, with the limit counting matches', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('ok1', 1))
    await history.finish('ok1', { status: 'ok' })
    await history.start(run('bad1', 2))
    await history.finish('bad1', { status: 'failed' })
    await history.start(run('undo1', 3, { undoOf: 'ok1' }))
    await history.finish('undo1', { status: 'ok' })
    await history.start(run('bad2', 4, { syncId: 'invoices' }))
    await history.finish('bad2', { status: 'failed' })
    await history.start(run('ok2', 5))
    await history.finish('ok2', { status: 'ok' })
    // An undo that went through is an undo, not a completed run.
    expect(history.list({ status: 'ok' }).map((r) => r.id)).toEqual(['ok2', 'ok1'])
    expect(history.list({ status: 'undo' }).map((r) => r.id)).toEqual(['undo1'])
    expect(history.list({ status: 'failed' }).map((r) => r.id)).toEqual(['bad2', 'bad1'])
    expect(history.list({ status: 'failed', syncId: 'contacts' }).map((r) => r.id)).toEqual(['bad1'])
    expect(history.list({ status: 'failed', limit: 1 }).map((r) => r.id)).toEqual(['bad2'])
  })

  it('finds the last run that really synced: ok, not a dry run', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('ok-1', 1))
    await history.finish('ok-1', { status: 'ok' })
    await history.start(run('dry', 2, { dryRun: true }))
    await history.finish('dry', { status: 'ok' })
    await history.start(run('part', 3))
    await history.finish('part', { status: 'partial' })
    await history.start(run('now', 4))
    expect(history.lastSuccess('contacts')?.id).toBe('ok-1')
    expect(history.lastSuccess('invoices')).toBeUndefined()
  })

  it('counts a run that wrote records while one failed as the last success (38 written, 1 failed is not “never”)', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('ok-1', 1))
    await history.finish('ok-1', { status: 'ok' })
    await history.start(run('wrote', 2))
    await history.finish('wrote', { status: 'partial', counts: { read: 39, created: 30, updated: 8, deleted: 0, unchanged: 0, conflicts: 0, failed: 1 } })
    await history.start(run('none', 3))
    await history.finish('none', { status: 'partial', counts: { read: 2, created: 0, updated: 0, deleted: 0, unchanged: 0, conflicts: 0, failed: 2 } })
    expect(history.lastSuccess('contacts')?.id).toBe('wrote')
  })

  it('drops the oldest runs beyond the cap', async () => {
    const history = await RunHistory.open(path(), { maxRuns: 3 })
    for (let i = 0; i < 5; i++) await history.start(run(`r${i}`, i))
    expect(history.list().map((r) => r.id)).toEqual(['r4', 'r3', 'r2'])
  })

  it('keeps 2,000 runs by default', async () => {
    const runs = Array.from({ length: 2000 }, (_, i) => ({ ...run(`old-${i}`, 0), startedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), status: 'ok' }))
    await writeFile(path(), JSON.stringify({ schemaVersion: 1, data: { runs } }))
    const history = await RunHistory.open(path())
    await history.start(run('new', 0))
    const all = history.list()
    expect(all).toHaveLength(2000)
    expect(all[0].id).toBe('new')
    expect(history.get('old-0')).toBeUndefined()
    expect(history.get('old-1')).toBeDefined()
  })

  it('marks runs a crash left running as failed, and nothing else', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('done', 1))
    await history.finish('done', { status: 'ok' })
    await history.start(run('cut', 2))
    // Patchbay dies here; the next start recovers.
    const after = await RunHistory.open(path())
    const changed = await after.recoverInterrupted(new Date('2025-01-01T10:00:00.000Z'))
    expect(changed.map((r) => r.id)).toEqual(['cut'])
    expect(after.get('cut')).toMatchObject({
      status: 'failed',
      endedAt: '2025-01-01T10:00:00.000Z',
      error: { code: 'INTERNAL', message: 'Patchbay stopped while this run was in progress' }
    })
    expect(after.get('done')?.status).toBe('ok')
    expect((await RunHistory.open(path())).get('cut')?.status).toBe('failed')
    expect(await after.recoverInterrupted()).toEqual([])
  })

  it('refuses a run that does not fit the schema', async () => {
    const history = await RunHistory.open(path())
    await expect(history.start({ ...run('bad', 0), startedAt: 'yesterday' })).rejects.toThrow(/startedAt/)
    expect(history.list()).toEqual([])
  })

  it('exposes the recovery notice when runs.json was damaged', async () => {
    const history = await RunHistory.open(path())
    await history.start(run('r1', 0))
    await history.finish('r1', { status: 'ok' })
    await writeFile(path(), '{"schemaVersion":1,"data":{"runs":[{"id":"r1","sy')
    const reopened = await RunHistory.open(path())
    expect(reopened.recovery?.message).toContain('Patchbay could not read the history of past runs')
    expect(reopened.get('r1')?.status).toBe('running')
  })
})
