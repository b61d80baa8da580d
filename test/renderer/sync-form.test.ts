/** The sync form's edit mode and its filters and fixed values, in the words a person reads. */
import { describe, expect, it } from 'vitest'
import { dailyAt, templateOf, whenOf } from '../../src/renderer/src/lib/sync-form'
import { ruleProblems, type RuleContext } from '../../src/renderer/src/lib/sync-rules'
import { contactsSync } from '../engine/helpers'

describe('a saved sync in the form', () => {
  it('lists its own fields, marks the pairing field, and shows its schedule as the form’s choice', () => {
    const t = templateOf(contactsSync({ trigger: { kind: 'schedule', cron: '15 7 * * *', timeZone: 'Europe/London' } }))
    expect(t.fields.map((f) => [f.name, f.label, f.left, f.right, !!f.required])).toEqual([
      ['email', 'Email', ['email'], ['email_address'], true],
      ['name', 'Name', ['name'], [], false],
      ['phone', 'Phone', ['phone'], ['PHONE'], false]
    ])
    expect(whenOf(t.trigger)).toBe('daily')
    expect(dailyAt(t.trigger)).toBe('07:15')
    expect(whenOf({ kind: 'schedule', cron: '0 */2 * * *', timeZone: 'UTC' })).toBe('cron')
    expect(whenOf({ kind: 'watch', everySeconds: 30 })).toBe('watch')
  })
})

describe('filters and fixed values in the form', () => {
  const ctx: RuleContext = {
    synced: [{ name: 'email', label: 'Email' }, { name: 'status', label: 'Status' }],
    filled: { left: ['email', 'status'], right: ['email'] },
    writes: ['right'],
    sides: { left: 'Stripe', right: 'HubSpot' }
  }
  it('says what is missing or wrong, naming the field', () => {
    expect(ruleProblems([{ field: 'status', op: 'equals', value: ' ' }], [], ctx)).toEqual(['Filter 1: type what status is.'])
    expect(ruleProblems([{ field: 'company', op: 'empty' }], [], ctx)).toEqual(['Filter 1 looks at company, which is not synced any more: sync it again or remove the filter.'])
    expect(ruleProblems([], [{ side: 'right', field: 'email', value: 'x' }], ctx)).toEqual(['email in HubSpot is already filled by a synced field: remove the fixed value or stop syncing that field.'])
    expect(ruleProblems([], [{ side: 'left', field: 'source', value: 'Website' }], ctx)).toEqual(['Fixed value 1: records do not flow into Stripe, so nothing would set it there; remove it.'])
    expect(ruleProblems([], [{ side: 'right', field: 'lead_source', value: '' }], ctx)).toEqual(['Type the value to always set in lead_source.'])
    expect(ruleProblems([{ field: 'status', op: 'not-empty' }], [{ side: 'right', field: 'lead_source', value: 'Website' }], ctx)).toEqual([])
  })
})
