/**
 * The marketing-consent field in the three-way merge: an unsubscribe (or a cleaned
 * address) wins whatever the policy, a person's pick or the direction allows, and a
 * one-way sync never writes over one.
 */
import { describe, expect, it } from 'vitest'
import type { ConflictPolicy } from '../../src/shared/domain'
import { decidePair, type PairInput } from '../../src/main/engine/merge'

const base = { email: 'ann@x.com', marketingConsent: 'subscribed' }
const input = (over: Partial<PairInput>): PairInput => ({
  direction: 'both', fields: ['email', 'marketingConsent'], base, left: base, right: base,
  policy: 'ask', fieldPolicies: {}, deletes: 'propagate', ...over
})

describe('the marketing-consent field', () => {
  for (const policy of ['ask', 'prefer-left', 'prefer-right', 'newest'] as ConflictPolicy[]) {
    it(`keeps an unsubscribe when the pair is new and the other side says subscribed (${policy})`, () => {
      const d = decidePair(input({ policy, base: null, left: { ...base }, right: { ...base, marketingConsent: 'unsubscribed' }, leftUpdatedAt: '2026-12-05T10:00:00Z', rightUpdatedAt: '2026-12-01T10:00:00Z' }))
      expect(d).toMatchObject({ kind: 'merge', toLeft: { marketingConsent: 'unsubscribed' }, toRight: {}, conflicts: [] })
    })
  }

  it('keeps an unsubscribe that the other side tried to undo, even with prefer-left, a field policy or a settled conflict', () => {
    const left = { ...base, marketingConsent: 'pending' }
    const right = { ...base, marketingConsent: 'cleaned' }
    for (const over of [{ policy: 'prefer-left' as const }, { fieldPolicies: { marketingConsent: 'prefer-left' as const } }, { resolved: { marketingConsent: 'subscribed' } }]) {
      expect(decidePair(input({ ...over, left, right }))).toMatchObject({ toLeft: { marketingConsent: 'cleaned' }, toRight: {}, base: { marketingConsent: 'cleaned' } })
    }
    // The CRM unticks its opt-out while Mailchimp still says unsubscribed: the unsubscribe goes back to the CRM.
    const unsubscribed = { ...base, marketingConsent: 'unsubscribed' }
    expect(decidePair(input({ base: unsubscribed, left: { ...base }, right: unsubscribed }))).toMatchObject({ toLeft: { marketingConsent: 'unsubscribed' }, toRight: {} })
  })

  it('a one-way sync carries an unsubscribe across but never writes over one', () => {
    const un = { ...base, marketingConsent: 'unsubscribed' }
    expect(decidePair(input({ direction: 'left-to-right', left: un, right: base }))).toMatchObject({ toRight: { marketingConsent: 'unsubscribed' }, toLeft: {} })
    const kept = decidePair(input({ direction: 'left-to-right', base: null, left: base, right: un }))
    expect(kept).toMatchObject({ toRight: {}, toLeft: {}, pending: { right: { marketingConsent: 'unsubscribed' } } })
  })

  it('leaves other values to the policy, and other fields alone', () => {
    expect(decidePair(input({ policy: 'prefer-left', left: { ...base, marketingConsent: 'pending' }, right: { ...base, marketingConsent: 'transactional' } }))).toMatchObject({ toRight: { marketingConsent: 'pending' } })
    expect(decidePair(input({ fields: ['email', 'status'], base: { email: 'a', status: 'subscribed' }, left: { email: 'a', status: 'subscribed' }, right: { email: 'a', status: 'unsubscribed' }, policy: 'prefer-left', leftUpdatedAt: undefined }))).toMatchObject({ toLeft: { status: 'unsubscribed' } })
    expect(decidePair(input({ consentFields: ['status'], fields: ['email', 'status'], base: null, left: { email: 'a', status: 'subscribed' }, right: { email: 'a', status: 'unsubscribed' }, policy: 'prefer-left' }))).toMatchObject({ toLeft: { status: 'unsubscribed' }, toRight: {} })
  })
})

describe('when the consent changed', () => {
  const at = (over: Record<string, string>) => ({ ...base, marketingConsentAt: '2026-01-01T00:00:00Z', ...over })

  it('travels with the unsubscribe that wins, whatever the policy, and reads "bounced" as withdrawn too', () => {
    for (const policy of ['prefer-left', 'newest', 'ask'] as ConflictPolicy[]) {
      const left = at({ marketingConsent: 'subscribed', marketingConsentAt: '2026-12-05T10:00:00Z' })
      const right = at({ marketingConsent: 'bounced', marketingConsentAt: '2026-11-01T08:00:00Z' })
      const d = decidePair(input({ policy, fields: ['email', 'marketingConsent', 'marketingConsentAt'], base: at({}), left, right, leftUpdatedAt: '2026-12-05T10:00:00Z', rightUpdatedAt: '2026-11-01T08:00:00Z' }))
      expect(d, policy).toMatchObject({ toLeft: { marketingConsent: 'bounced', marketingConsentAt: '2026-11-01T08:00:00Z' }, toRight: {}, conflicts: [] })
    }
  })

  it('is left to the policy when no unsubscribe is at stake, and is not written into the side holding the unsubscribe one way', () => {
    const d = decidePair(input({ policy: 'ask', fields: ['email', 'marketingConsent', 'marketingConsentAt'], base: at({}), left: at({ marketingConsentAt: '2026-02-01T00:00:00Z' }), right: at({ marketingConsentAt: '2026-03-01T00:00:00Z' }) }))
    expect(d).toMatchObject({ conflicts: [{ name: 'marketingConsentAt' }] })
    const oneWay = decidePair(input({ direction: 'left-to-right', fields: ['email', 'marketingConsent', 'marketingConsentAt'], base: null, left: at({ marketingConsentAt: '2026-05-01T00:00:00Z' }), right: at({ marketingConsent: 'unsubscribed', marketingConsentAt: '2026-04-01T00:00:00Z' }) }))
    expect(oneWay).toMatchObject({ toRight: {}, toLeft: {}, pending: { right: { marketingConsent: 'unsubscribed', marketingConsentAt: '2026-04-01T00:00:00Z' } } })
  })
})

describe('two words for "no email"', () => {
  it('an opt-out on one side and a bounce on the other agree: nothing is written either way, under any policy', () => {
    for (const policy of ['prefer-left', 'prefer-right', 'newest', 'ask'] as ConflictPolicy[]) {
      const d = decidePair(input({ policy, base: { ...base, marketingConsent: 'unsubscribed' }, left: { ...base, marketingConsent: 'unsubscribed' }, right: { ...base, marketingConsent: 'cleaned' } }))
      expect(d, policy).toMatchObject({ toLeft: {}, toRight: {}, conflicts: [], base: { marketingConsent: 'unsubscribed' } })
    }
  })
})
