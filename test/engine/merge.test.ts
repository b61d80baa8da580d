import { describe, expect, it } from 'vitest'
import { decidePair, type PairInput, type PairDecision } from '../../src/main/engine/merge'

const base = { email: 'ann@x.com', phone: '+111', city: 'Leeds' }
const input = (over: Partial<PairInput>): PairInput => ({
  direction: 'both', fields: ['email', 'phone', 'city'], base, left: base, right: base,
  policy: 'ask', fieldPolicies: {}, deletes: 'propagate', ...over
})
const merge = (over: Partial<Extract<PairDecision, { kind: 'merge' }>>) => ({
  kind: 'merge', toLeft: {}, toRight: {}, base, conflicts: [], pending: { left: {}, right: {} }, ...over
})

interface Case { name: string; in: Partial<PairInput>; out: unknown }

const cases: Case[] = [
  { name: 'nothing changed: nothing to write', in: {}, out: merge({}) },
  { name: 'our own write read back (equals base) does not echo', in: { left: { ...base }, right: { ...base } }, out: merge({}) },
  { name: 'changed on the left only: flows right', in: { left: { ...base, phone: '+222' } }, out: merge({ toRight: { phone: '+222' }, base: { ...base, phone: '+222' } }) },
  { name: 'changed on the right only: flows left', in: { right: { ...base, city: 'York' } }, out: merge({ toLeft: { city: 'York' }, base: { ...base, city: 'York' } }) },
  { name: 'different fields on each side: both flow', in: { left: { ...base, phone: '+222' }, right: { ...base, city: 'York' } }, out: merge({ toLeft: { city: 'York' }, toRight: { phone: '+222' }, base: { ...base, phone: '+222', city: 'York' } }) },
  { name: 'both sides changed to the same value: agreement, no write', in: { left: { ...base, phone: '+9' }, right: { ...base, phone: '+9' } }, out: merge({ base: { ...base, phone: '+9' } }) },
  {
    name: 'both sides changed differently with ask: only that field waits, the rest flows',
    in: { left: { ...base, phone: '+2', city: 'York' }, right: { ...base, phone: '+3' } },
    out: merge({ toRight: { city: 'York' }, base: { ...base, city: 'York' }, conflicts: [{ name: 'phone', base: '+111', left: '+2', right: '+3' }], pending: { left: { phone: '+2' }, right: { phone: '+3' } } })
  },
  { name: 'prefer-left settles a conflict for the left', in: { policy: 'prefer-left', left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' } }, out: merge({ toRight: { phone: '+2' }, base: { ...base, phone: '+2' } }) },
  { name: 'prefer-right settles a conflict for the right', in: { policy: 'prefer-right', left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' } }, out: merge({ toLeft: { phone: '+3' }, base: { ...base, phone: '+3' } }) },
  {
    name: 'newest picks the later edit',
    in: { policy: 'newest', left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' }, leftUpdatedAt: '2026-01-02T00:00:00Z', rightUpdatedAt: '2026-01-01T00:00:00Z' },
    out: merge({ toRight: { phone: '+2' }, base: { ...base, phone: '+2' } })
  },
  {
    name: 'newest without times asks a person',
    in: { policy: 'newest', left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' } },
    out: merge({ conflicts: [{ name: 'phone', base: '+111', left: '+2', right: '+3' }], pending: { left: { phone: '+2' }, right: { phone: '+3' } } })
  },
  { name: 'a per-field policy overrides the sync policy', in: { fieldPolicies: { phone: 'prefer-right' }, left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' } }, out: merge({ toLeft: { phone: '+3' }, base: { ...base, phone: '+3' } }) },
  { name: 'a settled conflict writes the chosen value to both sides', in: { left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' }, resolved: { phone: '+4' } }, out: merge({ toLeft: { phone: '+4' }, toRight: { phone: '+4' }, base: { ...base, phone: '+4' } }) },
  {
    name: 'created on both sides with the same key: empty fields fill in, equal ones agree',
    in: { base: null, left: { email: 'ann@x.com', phone: '+1', city: null }, right: { email: 'ann@x.com', phone: null, city: 'Leeds' } },
    out: merge({ toLeft: { city: 'Leeds' }, toRight: { phone: '+1' }, base: { email: 'ann@x.com', phone: '+1', city: 'Leeds' } })
  },
  {
    name: 'created on both sides with different values: a conflict',
    in: { base: null, left: { email: 'ann@x.com', phone: '+1', city: 'Leeds' }, right: { email: 'ann@x.com', phone: '+2', city: 'Leeds' } },
    out: merge({ base: { email: 'ann@x.com', city: 'Leeds' }, conflicts: [{ name: 'phone', base: null, left: '+1', right: '+2' }], pending: { left: { phone: '+1' }, right: { phone: '+2' } } })
  },
  { name: 'empty string and null mean the same (no write)', in: { left: { ...base, city: '' }, right: { ...base, city: null }, base: { ...base, city: null } }, out: merge({ base: { ...base, city: null } }) },
  { name: 'one-way: the source change flows', in: { direction: 'left-to-right', left: { ...base, phone: '+2' } }, out: merge({ toRight: { phone: '+2' }, base: { ...base, phone: '+2' } }) },
  { name: 'one-way: a target-only edit is kept and not copied back', in: { direction: 'left-to-right', right: { ...base, city: 'York' } }, out: merge({ pending: { left: {}, right: { city: 'York' } } }) },
  { name: 'one-way: both changed, the source wins without a conflict', in: { direction: 'left-to-right', left: { ...base, phone: '+2' }, right: { ...base, phone: '+3' } }, out: merge({ toRight: { phone: '+2' }, base: { ...base, phone: '+2' } }) },
  { name: 'right-to-left: the right is the source', in: { direction: 'right-to-left', right: { ...base, city: 'York' } }, out: merge({ toLeft: { city: 'York' }, base: { ...base, city: 'York' } }) },
  { name: 'deleted on the left, right untouched, propagate: delete right', in: { left: null }, out: { kind: 'delete', side: 'right' } },
  { name: 'deleted on the right, propagate: delete left', in: { right: null }, out: { kind: 'delete', side: 'left' } },
  { name: 'deleted on both sides: forget the pair', in: { left: null, right: null }, out: { kind: 'forget' } },
  { name: 'deletes ignored: keep the survivor, remember the tombstone', in: { left: null, deletes: 'ignore' }, out: { kind: 'keep-tombstone', gone: 'left' } },
  {
    name: 'deletes ask: a person decides',
    in: { left: null, deletes: 'ask' },
    out: { kind: 'delete-conflict', deletedOn: 'left', fields: ['email', 'phone', 'city'].map((n) => ({ name: n, base: base[n as keyof typeof base], left: null, right: base[n as keyof typeof base] })) }
  },
  {
    name: 'delete vs update with ask: a person decides, the edit is not lost',
    in: { left: null, right: { ...base, phone: '+5' } },
    out: { kind: 'delete-conflict', deletedOn: 'left', fields: [{ name: 'phone', base: '+111', left: null, right: '+5' }] }
  },
  { name: 'delete vs update, prefer the updater: recreate the deleted record', in: { left: null, right: { ...base, phone: '+5' }, policy: 'prefer-right' }, out: { kind: 'recreate', side: 'left', fields: { ...base, phone: '+5' } } },
  { name: 'delete vs update, prefer the deleter: delete', in: { left: null, right: { ...base, phone: '+5' }, policy: 'prefer-left' }, out: { kind: 'delete', side: 'right' } },
  { name: 'one-way: a delete on the target is never undone', in: { direction: 'left-to-right', right: null }, out: { kind: 'keep-tombstone', gone: 'right' } },
  { name: 'a settled delete conflict: keep the survivor by recreating', in: { left: null, deletes: 'ask', resolvedDelete: 'right' }, out: { kind: 'recreate', side: 'left', fields: base } },
  { name: 'a settled delete conflict: accept the delete', in: { left: null, deletes: 'ask', resolvedDelete: 'left' }, out: { kind: 'delete', side: 'right' } }
]

describe('three-way merge, field by field', () => {
  it.each(cases)('$name', (c) => {
    expect(decidePair(input(c.in))).toEqual(c.out)
  })
})
