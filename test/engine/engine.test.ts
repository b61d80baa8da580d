import { describe, expect, it } from 'vitest'
import { undoRun } from '../../src/main/engine/undo'
import { world } from './helpers'

const byEmail = (rows: { fields: Record<string, unknown> }[], field: string) =>
  Object.fromEntries(rows.map((r) => [String(r.fields[field]).toLowerCase(), r.fields]))

describe('two-way sync through the engine', () => {
  it('pairs existing records by normalised email and copies the rest both ways', async () => {
    const w = await world()
    w.left.put('L-a', { email: ' Ann@Example.com ', name: 'Ann Lee', phone: '07700 900123' })
    w.left.put('L-b', { email: 'bob@example.com', name: 'Bob Stone', phone: '' })
    w.right.put('R-a', { email_address: 'ann@example.com', FNAME: 'Ann', LNAME: 'Lee', PHONE: '' })
    w.right.put('R-c', { email_address: 'cat@example.com', FNAME: 'Cat', LNAME: 'Ng', PHONE: '+447700900456' })
    const { run } = await w.run()
    expect(run.status).toBe('ok')
    expect(run.counts).toMatchObject({ created: 2, updated: 1 })
    expect(w.left.all()).toHaveLength(3)
    expect(w.right.all()).toHaveLength(3)
    const right = byEmail(w.right.all(), 'email_address')
    expect(right['ann@example.com'].PHONE).toBe('+447700900123')
    expect(right['bob@example.com']).toMatchObject({ FNAME: 'Bob', LNAME: 'Stone' })
    expect(byEmail(w.left.all(), 'email')['cat@example.com']).toMatchObject({ name: 'Cat Ng', phone: '+447700900456' })
  })

  it('a rerun with nothing new reads once per side and writes nothing (no echo of our writes)', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'ann@example.com', name: 'Ann Lee', phone: '' })
    await w.run()
    const second = await w.run()
    expect(second.run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, conflicts: 0 })
    const third = await w.run()
    expect(third.run.counts.read).toBe(0)
    const before = { ...w.left.calls }
    await w.run()
    expect(w.left.calls.listChanged - before.listChanged).toBe(1)
    expect(w.left.calls.write - before.write).toBe(0)
    expect(w.left.calls.get - before.get).toBe(0)
  })

  it('queues a conflict, lets the rest of the record flow, and writes the settled value to both sides', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'ann@example.com', name: 'Ann Lee', phone: '+447700900001' })
    await w.run()
    const rid = w.right.all()[0].id
    w.left.put('L-a', { phone: '+447700900002', name: 'Ann Leigh' })
    w.right.put(rid, { PHONE: '+447700900003' })
    const { run } = await w.run()
    expect(run.counts.conflicts).toBe(1)
    expect(w.right.all()[0].fields).toMatchObject({ FNAME: 'Ann', LNAME: 'Leigh', PHONE: '+447700900003' })
    const [conflict] = w.state.data.conflicts
    expect(conflict.fields).toEqual([{ name: 'phone', base: '+447700900001', left: '+447700900002', right: '+447700900003' }])
    // A later unrelated change on one side must not silently settle the conflict.
    w.left.put('L-a', { name: 'Ann Lee-Leigh' })
    await w.run()
    expect(w.right.all()[0].fields.PHONE).toBe('+447700900003')
    expect(w.left.all()[0].fields.phone).toBe('+447700900002')
    expect(w.state.data.conflicts).toHaveLength(1)
    conflict.status = 'resolved'
    conflict.resolution = { pick: 'value', values: { phone: '+447700900009' } }
    w.state.data.conflicts = [{ ...w.state.data.conflicts[0], status: 'resolved', resolution: { pick: 'value', values: { phone: '+447700900009' } } }]
    await w.state.save()
    await w.run()
    expect(w.left.all()[0].fields.phone).toBe('+447700900009')
    expect(w.right.all()[0].fields.PHONE).toBe('+447700900009')
    expect(w.state.data.conflicts).toHaveLength(0)
    const after = await w.run()
    expect(after.run.counts).toMatchObject({ updated: 0, conflicts: 0 })
  })

  it('propagates deletes, or keeps the survivor when deletes are ignored', async () => {
    const w = await world({ deletes: 'propagate' })
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    w.left.put('L-b', { email: 'b@x.com', name: 'B B' })
    await w.run()
    w.left.remove('L-a')
    const { run } = await w.run()
    expect(run.counts.deleted).toBe(1)
    expect(w.right.all().map((r) => r.fields.email_address)).toEqual(['b@x.com'])

    const k = await world({ deletes: 'ignore' })
    k.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    await k.run()
    k.left.remove('L-a')
    await k.run()
    expect(k.right.all()).toHaveLength(1)
    k.right.put(k.right.all()[0].id, { FNAME: 'Changed' })
    const again = await k.run()
    expect(again.run.counts.created).toBe(0)
    expect(k.left.all()).toHaveLength(0)
  })

  it('asks before deleting when deletes are set to ask', async () => {
    const w = await world({ deletes: 'ask' })
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    await w.run()
    w.right.remove(w.right.all()[0].id)
    await w.run()
    expect(w.state.data.conflicts[0]).toMatchObject({ kind: 'delete', deletedOn: 'right' })
    expect(w.left.all()).toHaveLength(1)
    w.state.data.conflicts[0] = { ...w.state.data.conflicts[0], status: 'resolved', resolution: { pick: 'right' } }
    await w.run()
    expect(w.left.all()).toHaveLength(0)
    expect(w.state.data.conflicts).toHaveLength(0)
  })

  it('a dry run shows the whole plan and writes nothing anywhere', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    w.right.put('R-b', { email_address: 'b@x.com', FNAME: 'B', LNAME: 'B' })
    const { run, plan } = await w.run({ dryRun: true })
    expect(run.dryRun).toBe(true)
    expect(plan.summary).toMatchObject({ left: { create: 1 }, right: { create: 1 } })
    expect(plan.pairs.flatMap((p) => p.writes).map((x) => [x.side, x.op, x.fields])).toEqual(
      expect.arrayContaining([['right', 'create', { email_address: 'a@x.com', FNAME: 'A', LNAME: 'A', PHONE: '' }], ['left', 'create', { email: 'b@x.com', name: 'B B', phone: '' }]])
    )
    expect(w.left.all()).toHaveLength(1)
    expect(w.right.all()).toHaveLength(1)
    expect(w.left.calls.write + w.right.calls.write).toBe(0)
    expect(w.state.links.size).toBe(0)
    expect(w.state.data.cursors).toEqual({ left: null, right: null })
  })

  it('a refused record goes to Failures, the run is partial, and the next run retries it', async () => {
    let refuse = true
    const w = await world({}, { right: { reject: (i) => (refuse && i.op === 'create' && i.fields.email_address === 'bad@x.com' ? 'Invalid Resource: bad@x.com looks fake' : null) } })
    w.left.put('L-a', { email: 'bad@x.com', name: 'Bad' })
    w.left.put('L-b', { email: 'good@x.com', name: 'Good' })
    const { run } = await w.run()
    expect(run.status).toBe('partial')
    expect(w.state.data.failures).toHaveLength(1)
    // Named in words for the owner, from the record the run read; the system's own words are kept as they were.
    expect(w.state.data.failures[0]).toMatchObject({ side: 'right', op: 'create', message: 'Invalid Resource: bad@x.com looks fake', sourceId: 'L-a', label: 'Bad (bad@x.com)' })
    expect(w.right.all()).toHaveLength(1)
    refuse = false
    const retry = await w.run()
    expect(retry.run.status).toBe('ok')
    expect(w.right.all()).toHaveLength(2)
    expect(w.state.data.failures).toHaveLength(0)
  })

  it('a refused update is not lost: it is written once the target accepts it', async () => {
    let refuse = false
    const w = await world({}, { right: { reject: (i) => (refuse && i.op === 'update' ? 'locked' : null) } })
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    await w.run()
    refuse = true
    w.left.put('L-a', { name: 'Ann Able' })
    expect((await w.run()).run.status).toBe('partial')
    refuse = false
    await w.run()
    expect(w.right.all()[0].fields).toMatchObject({ FNAME: 'Ann', LNAME: 'Able' })
    expect(w.state.data.failures).toHaveLength(0)
  })

  it('undo puts back the before-images and skips records changed since', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'A A', phone: '' })
    w.left.put('L-b', { email: 'b@x.com', name: 'B B', phone: '' })
    await w.run()
    const [ra, rb] = w.right.all()
    w.left.put('L-a', { name: 'Ann Able' })
    w.left.put('L-b', { name: 'Bea Bell' })
    w.left.put('L-c', { email: 'c@x.com', name: 'C C' })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ updated: 2, created: 1 })
    w.right.put(rb.id, { LNAME: 'Someone-Else' })
    const report = await undoRun(run.id, w.state, { left: w.left, right: w.right })
    expect(report.reverted).toBe(2)
    expect(report.skipped).toEqual([{ side: 'right', recordId: rb.id, key: 'b@x.com', reason: expect.stringContaining('changed after the run') }])
    const right = Object.fromEntries(w.right.all().map((r) => [r.id, r.fields]))
    expect(right[ra.id]).toMatchObject({ FNAME: 'A', LNAME: 'A' })
    expect(right[rb.id]).toMatchObject({ LNAME: 'Someone-Else' })
    expect(w.right.all().some((r) => r.fields.email_address === 'c@x.com')).toBe(false)
  })

  it('one-way: source changes flow, target edits stay, nothing flows back', async () => {
    const w = await world({ direction: 'left-to-right' })
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    w.right.put('R-z', { email_address: 'z@x.com', FNAME: 'Z', LNAME: 'Z' })
    await w.run()
    expect(w.left.all()).toHaveLength(1)
    const ra = w.right.all().find((r) => r.fields.email_address === 'a@x.com')!
    w.right.put(ra.id, { FNAME: 'Edited' })
    await w.run()
    expect(w.left.all()[0].fields.name).toBe('A A')
    expect(w.right.all().find((r) => r.id === ra.id)!.fields.FNAME).toBe('Edited')
  })

  it('reports progress by phase with done and total', async () => {
    const w = await world()
    for (let i = 0; i < 30; i++) w.left.put(`L${i}`, { email: `p${i}@x.com`, name: `P ${i}` })
    const seen: string[] = []
    await w.run({ chunkSize: 10, onProgress: (p) => seen.push(`${p.kind}:${p.done}/${p.total}`) })
    expect(seen).toContain('pull:30/30')
    expect(seen).toContain('apply:30/30')
    expect(seen).toContain('commit:30/30')
  })

  it('two records on one side with the same key are reported, not paired at random', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'same@x.com', name: 'One' })
    w.left.put('L-b', { email: 'SAME@x.com', name: 'Two' })
    const { run } = await w.run()
    expect(run.status).toBe('partial')
    expect(w.state.data.failures[0].message).toMatch(/same email "same@x.com"/)
    expect(w.right.all()).toHaveLength(1)
  })

  it('a field added to the mapping later is copied for records that did not change since', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'A A', company: 'Acme' })
    await w.run()
    expect(w.right.all()[0].fields.COMPANY).toBeUndefined()
    expect((await w.run()).run.counts.read).toBe(1)
    w.sync = { ...w.sync, mapping: [...w.sync.mapping, { name: 'company', left: 'company', right: 'COMPANY', fromLeft: [], fromRight: [], toLeft: [], toRight: [] }] }
    const { run } = await w.run()
    expect(run.counts.read).toBe(2)
    expect(w.right.all()[0].fields.COMPANY).toBe('Acme')
    await w.run() // reads our own write back once, as any write is
    const quiet = await w.run()
    expect(quiet.run.counts.read).toBe(0)
  })

  it('a change of connection settings reads that side in full again', async () => {
    const w = await world()
    w.left.put('L-a', { email: 'a@x.com', name: 'A A' })
    await w.run({ readContext: { left: { file: 'one.csv' } } })
    await w.run({ readContext: { left: { file: 'one.csv' } } })
    expect((await w.run({ readContext: { left: { file: 'one.csv' } } })).run.counts.read).toBe(0)
    expect((await w.run({ readContext: { left: { file: 'two.csv' } } })).run.counts.read).toBe(1)
  })
})
