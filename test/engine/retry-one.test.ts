/**
 * "Try this record again": a run of one failed record reads that record alone, by id, writes
 * only it, and leaves the rest of the sync (cursors, other failures, deletes waiting for the
 * owner, changes not yet read) for the next run.
 */
import { describe, expect, it } from 'vitest'
import { WaitingDeletes } from '../../src/main/engine/delete-guard'
import { world } from './helpers'

const nameOnRight = (w: Awaited<ReturnType<typeof world>>, leftId: string) => {
  const rightId = w.state.linkByLeft(leftId)?.rightId
  const rec = w.right.all().find((r) => r.id === rightId)
  return rec ? `${rec.fields.FNAME} ${rec.fields.LNAME}` : undefined
}

describe('trying one failed record again', () => {
  it('writes only that record; the other changes arrive at the next run, other failures and waiting deletes stay', async () => {
    const locked = new Set<string>()
    const w = await world(
      { deletes: 'propagate', deleteGuard: { maxCount: 1, maxPercent: 0 } },
      { right: { reject: (i) => (i.op === 'update' && locked.has(i.id) ? 'Record is locked' : i.op === 'create' && i.fields.email_address === 'new@x.com' ? 'Invalid Resource: new@x.com looks fake' : null) } }
    )
    for (const l of ['a', 'b', 'c', 'd', 'e', 'f']) w.left.put(`L-${l}`, { email: `${l}@x.com`, name: `${l.toUpperCase()} Old` })
    await w.run()
    const bOnRight = w.state.linkByLeft('L-b')!.rightId
    locked.add(bOnRight)
    w.left.put('L-b', { name: 'Bea New' })
    w.left.remove('L-d')
    w.left.remove('L-e')
    w.left.put('L-n', { email: 'new@x.com', name: 'Nat New' })
    expect((await w.run()).run.status).toBe('partial')
    const waitingBefore = (await WaitingDeletes.open(w.dir)).held
    expect(waitingBefore?.items).toHaveLength(2)
    const failB = w.state.data.failures.find((f) => f.op === 'update')!
    const failN = w.state.data.failures.find((f) => f.op === 'create')!
    expect(failB.recordId).toBe(bOnRight)

    // Changed after the last run: not read yet, so not this retry's business.
    w.left.put('L-a', { name: 'Ann New' })
    w.left.put('L-c', { name: 'Cal New' })
    locked.clear()
    const before = JSON.stringify({ cursors: w.state.data.cursors, readAs: w.state.data.readAs })
    const listed = w.left.calls.listChanged + w.right.calls.listChanged
    const { run } = await w.run({ trigger: 'retry', only: failB.id })

    expect(run).toMatchObject({ trigger: 'retry', status: 'ok', counts: { read: 2, updated: 1, created: 0, deleted: 0, failed: 0 } })
    expect(nameOnRight(w, 'L-b')).toBe('Bea New')
    expect(nameOnRight(w, 'L-a')).toBe('A Old')
    expect(nameOnRight(w, 'L-c')).toBe('C Old')
    expect(w.right.all().map((r) => r.fields.email_address)).not.toContain('new@x.com')
    expect(w.right.all().filter((r) => ['d@x.com', 'e@x.com'].includes(String(r.fields.email_address)))).toHaveLength(2)
    expect(w.left.calls.listChanged + w.right.calls.listChanged).toBe(listed)
    expect(JSON.stringify({ cursors: w.state.data.cursors, readAs: w.state.data.readAs })).toBe(before)
    expect(w.state.data.failures.map((f) => [f.id, f.attempts])).toEqual([[failN.id, failN.attempts]])
    expect((await WaitingDeletes.open(w.dir)).held).toEqual(waitingBefore)
    // What is on disk is what the retry left.
    expect(JSON.stringify((await w.reopen()).data.cursors)).toBe(JSON.stringify(JSON.parse(before).cursors))

    const next = await w.run()
    expect(nameOnRight(w, 'L-a')).toBe('Ann New')
    expect(nameOnRight(w, 'L-c')).toBe('Cal New')
    expect(next.run.counts.updated).toBe(2)
  })

  it('a refused create tried alone creates exactly that record and pairs it; refused again, it stays a failure', async () => {
    const refused = new Set(['b@x.com', 'c@x.com'])
    const w = await world({}, { right: { reject: (i) => (i.op === 'create' && refused.has(String(i.fields.email_address)) ? 'Invalid Resource' : null) } })
    for (const l of ['a', 'b', 'c']) w.left.put(`L-${l}`, { email: `${l}@x.com`, name: `${l.toUpperCase()} Person` })
    await w.run()
    expect(w.right.all()).toHaveLength(1)
    const failB = w.state.data.failures.find((f) => f.sourceId === 'L-b')!
    const failC = w.state.data.failures.find((f) => f.sourceId === 'L-c')!

    const again = await w.run({ trigger: 'retry', only: failB.id })
    expect(again.run).toMatchObject({ status: 'partial', counts: { read: 1, created: 0, failed: 1 } })
    expect(w.state.data.failures.find((f) => f.id === failB.id)).toMatchObject({ attempts: 2, status: 'open' })

    refused.clear()
    w.left.put('L-x', { email: 'x@x.com', name: 'X New' })
    const { run } = await w.run({ trigger: 'retry', only: failB.id })
    expect(run).toMatchObject({ status: 'ok', counts: { read: 1, created: 1, failed: 0 } })
    expect(w.right.all().map((r) => r.fields.email_address).sort()).toEqual(['a@x.com', 'b@x.com'])
    const created = w.right.all().find((r) => r.fields.email_address === 'b@x.com')!
    expect(w.state.linkByLeft('L-b')?.rightId).toBe(created.id)
    expect(w.state.data.failures.map((f) => f.id)).toEqual([failC.id])

    // The next run creates the rest and never b twice.
    await w.run()
    expect(w.right.all().map((r) => r.fields.email_address).sort()).toEqual(['a@x.com', 'b@x.com', 'c@x.com', 'x@x.com'])
    expect(w.state.data.failures).toHaveLength(0)
  })

  it('a refused update whose pair is no longer linked writes nothing, and copies nothing to the other side', async () => {
    let locked = true
    const w = await world({}, { right: { reject: (i) => (locked && i.op === 'update' ? 'Record is locked' : null) } })
    w.left.put('L-a', { email: 'a@x.com', name: 'A Old' })
    await w.run()
    w.left.put('L-a', { name: 'A New' })
    await w.run()
    const fail = w.state.data.failures[0]
    locked = false
    await w.state.commitLinks([{ op: 'del', id: w.state.linkByLeft('L-a')!.id }])
    const { run } = await w.run({ trigger: 'retry', only: fail.id })
    expect(run.counts).toMatchObject({ read: 0, created: 0, updated: 0, deleted: 0 })
    expect(w.left.all()).toHaveLength(1)
    expect(w.right.all()).toHaveLength(1)
  })
})
