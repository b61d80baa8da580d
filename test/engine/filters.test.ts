/**
 * Filters ("only records where status is paid") and fixed values ("always set source to
 * Website") through the engine, on two in-memory systems: a record that does not pass is
 * neither written nor paired; a paired record that stops passing is left alone on both sides,
 * its later edits and even its delete stay where they are; it syncs again once it passes.
 * Fixed values go with every create and update on their side, and show in the plan.
 */
import { describe, expect, it } from 'vitest'
import { syncSchema, type SyncInput } from '../../src/shared/domain'
import { describeIssues } from '../../src/main/store/zod-issues'
import { contactsSync, world } from './helpers'

const withStatus = (over: Partial<SyncInput> = {}): Partial<SyncInput> => ({
  mapping: [
    { name: 'email', left: 'email', right: 'email_address', fromLeft: [{ kind: 'trim' }, { kind: 'lower' }], fromRight: [{ kind: 'trim' }, { kind: 'lower' }] },
    { name: 'name', left: 'name', right: 'NAME' },
    { name: 'status', left: 'status', right: 'STATUS' }
  ],
  filters: [{ field: 'status', op: 'equals', value: 'paid' }],
  deletes: 'propagate',
  ...over
})
const byEmail = (rows: { id: string; fields: Record<string, unknown> }[]) => Object.fromEntries(rows.map((r) => [String(r.fields.email ?? r.fields.email_address), r]))

describe('filters', () => {
  it('copies only records that pass; a paired record that stops passing is left alone, its edits and its delete included, until it passes again', async () => {
    const w = await world(withStatus())
    w.left.put('L-ann', { email: 'ann@x.com', name: 'Ann', status: ' Paid' })
    w.left.put('L-bob', { email: 'bob@x.com', name: 'Bob', status: 'refunded' })
    const first = await w.run()
    expect(first.run.counts.created).toBe(1)
    expect(first.plan.filtered).toBe(1)
    expect(Object.keys(byEmail(w.right.all()))).toEqual(['ann@x.com'])
    const annRight = byEmail(w.right.all())['ann@x.com'].id

    // Ann is refunded and renamed at the source: nothing of it reaches the other side.
    w.left.put('L-ann', { status: 'refunded', name: 'Ann Lee' })
    const second = await w.run()
    expect(second.run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, conflicts: 0 })
    expect(w.right.all().find((r) => r.id === annRight)?.fields).toMatchObject({ NAME: 'Ann', STATUS: ' Paid' })
    // An edit on the other side does not flow back to her either, though her record is not read again.
    w.right.put(annRight, { NAME: 'Ann R' })
    const third = await w.run()
    expect(third.run.counts).toMatchObject({ created: 0, updated: 0, deleted: 0, conflicts: 0 })
    expect(w.left.all().find((r) => r.id === 'L-ann')?.fields).toMatchObject({ name: 'Ann Lee', status: 'refunded' })
    // She is still paired: once paid again, her change flows (and no copy is made).
    w.left.put('L-ann', { status: 'paid' })
    const fourth = await w.run()
    expect(fourth.run.counts.created).toBe(0)
    expect(w.right.all()).toHaveLength(1)
    expect(w.right.all()[0].fields).toMatchObject({ STATUS: 'paid' })

    // Bob is paid now: he comes in.
    w.left.put('L-bob', { status: 'paid' })
    expect((await w.run()).run.counts.created).toBe(1)
    expect(w.right.all()).toHaveLength(2)
  })

  it('a conflict that waits keeps waiting when its record stops passing', async () => {
    const w = await world(withStatus())
    w.left.put('L-ann', { email: 'ann@x.com', name: 'Ann', status: 'paid' })
    await w.run()
    const rid = w.right.all()[0].id
    w.left.put('L-ann', { name: 'Ann Left' })
    w.right.put(rid, { NAME: 'Ann Right' })
    expect((await w.run()).run.counts.conflicts).toBe(1)
    const waiting = w.state.data.conflicts.map((c) => c.id)
    w.left.put('L-ann', { status: 'refunded' })
    const { run } = await w.run()
    expect(run.counts).toMatchObject({ updated: 0, deleted: 0 })
    expect(w.state.data.conflicts.filter((c) => c.status === 'open').map((c) => c.id)).toEqual(waiting)
  })

  it('a record deleted after it stopped passing is not deleted on the other side', async () => {
    const w = await world(withStatus())
    w.left.put('L-ann', { email: 'ann@x.com', name: 'Ann', status: 'paid' })
    await w.run()
    w.left.put('L-ann', { status: 'void' })
    await w.run()
    w.left.remove('L-ann')
    const { run } = await w.run()
    expect(run.counts.deleted).toBe(0)
    expect(w.right.all()).toHaveLength(1)
    expect(w.state.links.size).toBe(1)
  })

  it('a record that does not pass is not paired with the other side’s record of the same key, so that one is not copied back', async () => {
    // Status is synced from the left only: the right's records carry none and pass.
    const w = await world(withStatus({ mapping: [{ name: 'email', left: 'email', right: 'email_address' }, { name: 'status', left: 'status' }] }))
    w.left.put('L-ann', { email: 'ann@x.com', status: 'refunded' })
    w.right.put('R-ann', { email_address: 'ann@x.com' })
    w.right.put('R-cat', { email_address: 'cat@x.com' })
    const { run } = await w.run()
    expect(run.counts.created).toBe(1)
    expect(w.left.all().map((r) => r.fields.email).sort()).toEqual(['ann@x.com', 'cat@x.com'])
    expect(w.state.links.size).toBe(1)
  })

  it('one way, only the source’s records are tested: the target’s copy never holds a record back', async () => {
    const w = await world(withStatus({ direction: 'left-to-right' }))
    w.left.put('L-ann', { email: 'ann@x.com', name: 'Ann', status: 'paid' })
    w.right.put('R-ann', { email_address: 'ann@x.com', NAME: 'Ann', STATUS: 'draft' })
    w.right.put('R-zed', { email_address: 'zed@x.com', NAME: 'Zed', STATUS: 'draft' })
    const { run, plan } = await w.run()
    expect(run.counts).toMatchObject({ created: 0, updated: 1 })
    expect(plan.filtered).toBeUndefined()
    expect(w.right.all().find((r) => r.id === 'R-ann')?.fields.STATUS).toBe('paid')
  })

  it('not equals, contains, empty and not empty', async () => {
    const cases: [NonNullable<SyncInput['filters']>[number], string[]][] = [
      [{ field: 'status', op: 'not-equals', value: 'PAID' }, ['b@x.com', 'c@x.com']],
      [{ field: 'status', op: 'contains', value: 'fund' }, ['b@x.com']],
      [{ field: 'status', op: 'empty' }, ['c@x.com']],
      [{ field: 'status', op: 'not-empty' }, ['a@x.com', 'b@x.com']]
    ]
    for (const [filter, copied] of cases) {
      const w = await world(withStatus({ filters: [filter] }))
      w.left.put('L-a', { email: 'a@x.com', name: 'A', status: 'paid' })
      w.left.put('L-b', { email: 'b@x.com', name: 'B', status: 'Refunded' })
      w.left.put('L-c', { email: 'c@x.com', name: 'C', status: ' ' })
      await w.run()
      expect(w.right.all().map((r) => r.fields.email_address).sort(), filter.op).toEqual(copied)
    }
  })
})

describe('fixed values', () => {
  it('go with every record created or changed on their side, show in the plan, and change nothing by themselves', async () => {
    const w = await world({ direction: 'left-to-right', fixed: [{ side: 'right', field: 'SOURCE', value: 'Website' }] })
    w.left.put('L-a', { email: 'ann@x.com', name: 'Ann Lee', phone: '' })
    const preview = await w.run({ dryRun: true })
    expect(preview.plan.pairs[0].writes[0].changes).toContainEqual({ field: 'SOURCE', from: null, to: 'Website', fixed: true })
    await w.run()
    const rid = w.right.all()[0].id
    expect(w.right.all()[0].fields).toMatchObject({ email_address: 'ann@x.com', SOURCE: 'Website' })
    // Someone changes it by hand; a run with nothing to copy leaves it.
    w.right.put(rid, { SOURCE: 'Referral' })
    expect((await w.run()).run.counts.updated).toBe(0)
    expect(w.right.all()[0].fields.SOURCE).toBe('Referral')
    // The next change written there sets it again, beside the change.
    w.left.put('L-a', { name: 'Ann Leigh' })
    await w.run()
    expect(w.right.all()[0].fields).toMatchObject({ LNAME: 'Leigh', SOURCE: 'Website' })
    // The source side is never written with it.
    expect(w.left.all()[0].fields.SOURCE).toBeUndefined()
  })
})

describe('checks of filters and fixed values (import, the form, the API)', () => {
  it('name the field and say what is wrong', () => {
    const base = contactsSync()
    const issues = (over: Partial<SyncInput>) => {
      const r = syncSchema.safeParse({ ...base, ...over })
      return r.success ? [] : describeIssues(r.error)
    }
    expect(issues({ filters: [{ field: 'status', op: 'equals', value: 'paid' }] })).toEqual([
      'filters[0].field: "status" is not a synced field of this sync, so a filter cannot look at it; the synced fields are "email", "name", "phone"'
    ])
    expect(issues({ filters: [{ field: 'email', op: 'contains', value: ' ' }] })).toEqual(['filters[0].value: the filter on "email" (contains) needs a value to compare with'])
    expect(issues({ filters: [{ field: 'email', op: 'not-empty' }] })).toEqual([])
    expect(issues({ direction: 'left-to-right', fixed: [{ side: 'left', field: 'source', value: 'Website' }] })).toEqual([
      'fixed[0].side: this sync never writes to its left side (records flow left to right), so a fixed value for "source" there would do nothing'
    ])
    expect(issues({ fixed: [{ side: 'right', field: 'PHONE', value: '0' }, { side: 'right', field: 'LNAME', value: 'x' }] })).toEqual([
      'fixed[0].field: "PHONE" on the right side is already filled from the synced field "phone"; remove one of the two',
      'fixed[1].field: "LNAME" on the right side is already filled from the synced field "name"; remove one of the two'
    ])
  })
})
