/**
 * Undo never leaves a silent divergence: after an undo the two sides agree, or each
 * difference waits in Conflicts, and the next run (after the owner settles it, or simply
 * runs again) leaves both sides agreeing.
 */
import { describe, expect, it } from 'vitest'
import { undoRun } from '../../src/main/engine/undo'
import { world } from './helpers'

async function editedAndUndone(over: Parameters<typeof world>[0] = {}) {
  const w = await world(over)
  w.left.put('L-a', { email: 'a@x.com', name: 'Bob Kim', phone: '' })
  w.left.put('L-b', { email: 'b@x.com', name: 'Bea Bell', phone: '' })
  await w.run()
  // The owner's own edit on the left; the run copies it to the right.
  w.left.put('L-a', { name: 'Robert Kim' })
  const { run } = await w.run()
  expect(run.counts.updated).toBe(1)
  const report = await undoRun(run.id, w.state, { left: w.left, right: w.right }, () => new Date(), w.sync)
  const ra = w.right.all().find((r) => r.fields.email_address === 'a@x.com')!
  return { w, report, ra }
}

describe('undo, then run', () => {
  it('queues the change the source still holds as a conflict, with the restored base', async () => {
    const { w, report, ra } = await editedAndUndone()
    expect(ra.fields).toMatchObject({ FNAME: 'Bob', LNAME: 'Kim' })
    expect(report.differences).toEqual([{ kind: 'fields', side: 'left', key: 'a@x.com', fields: [{ name: 'name', kept: 'Robert Kim', restored: 'Bob Kim' }], conflictId: expect.any(String) }])
    const open = w.state.data.conflicts.filter((c) => c.status === 'open')
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ kind: 'fields', fields: [{ name: 'name', base: 'Bob Kim', left: 'Robert Kim', right: 'Bob Kim' }] })
    // The next run reads both sides in full, whatever the connector's cursor said.
    expect(w.state.data.cursors).toEqual({ left: null, right: null })
  })

  it('a run after the owner keeps the undone value writes it to the source too: both sides agree', async () => {
    const { w, ra } = await editedAndUndone()
    const c = w.state.data.conflicts.find((x) => x.status === 'open')!
    c.status = 'resolved'
    c.resolution = { pick: 'right' }
    await w.run()
    expect(w.left.all().find((r) => r.id === 'L-a')!.fields.name).toBe('Bob Kim')
    expect(w.right.all().find((r) => r.id === ra.id)!.fields).toMatchObject({ FNAME: 'Bob', LNAME: 'Kim' })
    expect(w.state.data.conflicts.filter((x) => x.status === 'open')).toHaveLength(0)
  })

  it('a run without settling writes the owner’s edit again: both sides agree, the conflict is over', async () => {
    const { w, ra } = await editedAndUndone()
    const { run } = await w.run()
    expect(run.counts.updated).toBe(1)
    expect(w.right.all().find((r) => r.id === ra.id)!.fields).toMatchObject({ FNAME: 'Robert', LNAME: 'Kim' })
    expect(w.state.data.conflicts.filter((x) => x.status === 'open')).toHaveLength(0)
    expect((await w.run()).run.counts.updated).toBe(0)
  })

  it('an undone create is reported; the next run copies the record again', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'Ann Able', phone: '' })
    await w.run()
    w.left.put('L-c', { email: 'c@x.com', name: 'Cy Cole', phone: '' })
    const { run } = await w.run()
    expect(run.counts.created).toBe(1)
    const report = await undoRun(run.id, w.state, { left: w.left, right: w.right }, () => new Date(), w.sync)
    expect(w.right.all().some((r) => r.fields.email_address === 'c@x.com')).toBe(false)
    expect(report.differences).toEqual([{ kind: 'create', side: 'left', key: 'c@x.com', fields: [] }])
    await w.run()
    expect(w.right.all().filter((r) => r.fields.email_address === 'c@x.com')).toHaveLength(1)
  })

  it('an undone delete is queued as a delete conflict; keeping it puts it back on both sides', async () => {
    const w = await world({ deletes: 'propagate' })
    w.left.put('L-a', { email: 'a@x.com', name: 'Ann Able', phone: '' })
    w.left.put('L-b', { email: 'b@x.com', name: 'Bea Bell', phone: '' })
    await w.run()
    w.left.remove('L-b')
    const { run } = await w.run()
    expect(run.counts.deleted).toBe(1)
    const report = await undoRun(run.id, w.state, { left: w.left, right: w.right }, () => new Date(), w.sync)
    expect(w.right.all().some((r) => r.fields.email_address === 'b@x.com')).toBe(true)
    expect(report.differences).toMatchObject([{ kind: 'delete', side: 'left', key: 'b@x.com' }])
    const c = w.state.data.conflicts.find((x) => x.status === 'open')!
    expect(c).toMatchObject({ kind: 'delete', deletedOn: 'left' })
    c.status = 'resolved'
    c.resolution = { pick: 'right' }
    await w.run()
    expect(w.left.all().some((r) => r.fields.email === 'b@x.com')).toBe(true)
    expect(w.right.all().some((r) => r.fields.email_address === 'b@x.com')).toBe(true)
  })

  it('an undo whose records were all edited since leaves nothing different', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'Bob Kim', phone: '' })
    await w.run()
    w.left.put('L-a', { name: 'Robert Kim' })
    const { run } = await w.run()
    const ra = w.right.all()[0]
    w.right.put(ra.id, { FNAME: 'Bobby' })
    const report = await undoRun(run.id, w.state, { left: w.left, right: w.right }, () => new Date(), w.sync)
    expect(report.reverted).toBe(0)
    expect(report.skipped).toEqual([{ side: 'right', recordId: ra.id, key: 'a@x.com', reason: expect.stringContaining('changed after the run') }])
    expect(report.differences).toEqual([])
  })
})
