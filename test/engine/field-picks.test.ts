import { describe, expect, it } from 'vitest'
import type { Conflict } from '../../src/shared/domain'
import { world } from './helpers'

/** Two linked contacts, then both sides edit: Ann's phone differs, Bob's phone and name differ. */
async function twoConflicts() {
  const refuse = new Set<string>()
  const w = await world({}, { left: { reject: (item) => (item.op === 'update' && refuse.has(item.id) ? 'the CRM is read-only right now' : null) } })
  w.left.put('L-a', { email: 'ann@example.com', name: 'Ann Lee', phone: '+447700900001' })
  w.left.put('L-b', { email: 'bob@example.com', name: 'Bob Stone', phone: '+447700900101' })
  await w.run()
  const rid = (email: string) => w.right.all().find((r) => r.fields.email_address === email)!.id
  w.left.put('L-a', { phone: '+447700900002' })
  w.right.put(rid('ann@example.com'), { PHONE: '+447700900003' })
  w.left.put('L-b', { phone: '+447700900102', name: 'Bob Stoner' })
  w.right.put(rid('bob@example.com'), { PHONE: '+447700900103', FNAME: 'Robert' })
  const { run } = await w.run()
  expect(run.counts.conflicts).toBe(2)
  const byEmail = (email: string) => w.state.data.conflicts.find((c) => c.leftRecord.email === email)!
  return { w, rid, refuse, ann: byEmail('ann@example.com'), bob: byEmail('bob@example.com') }
}

/** What the service stores when a person keeps one side's value of one field. */
function pickField(c: Conflict, field: string, side: 'left' | 'right'): void {
  const f = c.fields.find((x) => x.name === field)!
  c.fieldPicks = { ...c.fieldPicks, [field]: { pick: side, value: f[side] } }
}

describe('settling one field across conflicts', () => {
  it('writes the picked field to both sides and keeps the other fields of the conflict waiting', async () => {
    const { w, rid, ann, bob } = await twoConflicts()
    const bobId = bob.id
    expect(bob.fields.map((f) => f.name).sort()).toEqual(['name', 'phone'])
    // "Keep the right side's phone for all": Ann's conflict has nothing else, Bob's keeps his name waiting.
    pickField(ann, 'phone', 'right')
    ann.status = 'resolved'
    ann.resolution = { pick: 'right' }
    pickField(bob, 'phone', 'right')
    await w.state.save()
    const { run } = await w.run()
    expect(run.status).toBe('ok')
    const left = Object.fromEntries(w.left.all().map((r) => [r.fields.email, r.fields]))
    expect(left['ann@example.com'].phone).toBe('+447700900003')
    expect(left['bob@example.com'].phone).toBe('+447700900103')
    expect(w.right.all().find((r) => r.id === rid('bob@example.com'))!.fields.PHONE).toBe('+447700900103')
    // Bob's name still waits, as the same conflict (same id), now about the name only.
    expect(w.state.data.conflicts).toHaveLength(1)
    const [left0] = w.state.data.conflicts
    expect(left0).toMatchObject({ id: bobId, status: 'open' })
    expect(left0.fields.map((f) => f.name)).toEqual(['name'])
    expect(left0.fieldPicks).toBeUndefined()
    // Nothing waits on both sides' names meanwhile: Bob's name is still different on each side.
    expect(left['bob@example.com'].name).toBe('Bob Stoner')
    expect(w.right.all().find((r) => r.id === rid('bob@example.com'))!.fields.FNAME).toBe('Robert')
    // A rerun does not write the phone again, nor open a new conflict.
    const again = await w.run()
    expect(again.run.counts).toMatchObject({ updated: 0, conflicts: 0 })
    expect(w.state.data.conflicts.map((c) => c.id)).toEqual([bobId])
  })

  it('a later edit of the settled field is not overwritten by the old pick', async () => {
    const { w, bob } = await twoConflicts()
    pickField(bob, 'phone', 'left')
    await w.state.save()
    await w.run()
    w.left.put('L-b', { phone: '+447700900199' })
    await w.run()
    expect(w.right.all().find((r) => r.fields.email_address === 'bob@example.com')!.fields.PHONE).toBe('+447700900199')
  })

  it('keeps the pick when the write of the picked field fails, and writes it on the next run', async () => {
    const { w, bob, refuse } = await twoConflicts()
    pickField(bob, 'phone', 'right')
    await w.state.save()
    refuse.add('L-b')
    const first = await w.run()
    expect(first.run.counts.failed).toBe(1)
    const kept = w.state.data.conflicts.find((c) => c.id === bob.id)!
    expect(kept.fieldPicks?.phone).toEqual({ pick: 'right', value: '+447700900103' })
    refuse.clear()
    await w.run()
    expect(w.left.all().find((r) => r.id === 'L-b')!.fields.phone).toBe('+447700900103')
    expect(w.state.data.conflicts.find((c) => c.id === bob.id)!.fields.map((f) => f.name)).toEqual(['name'])
  })

  it('a typed-in resolution that leaves a field out leaves it waiting instead of blanking it', async () => {
    const { w, bob } = await twoConflicts()
    bob.status = 'resolved'
    bob.resolution = { pick: 'value', values: { phone: '+447700900150' } }
    await w.state.save()
    await w.run()
    const l = w.left.all().find((r) => r.id === 'L-b')!.fields
    expect(l.phone).toBe('+447700900150')
    expect(l.name).toBe('Bob Stoner')
    expect(w.state.data.conflicts.find((c) => c.leftRecord.email === 'bob@example.com')!.fields.map((f) => f.name)).toEqual(['name'])
  })
})
