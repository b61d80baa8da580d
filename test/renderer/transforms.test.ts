/** The sync form's value changes in words: names, sample values and what is wrong, as a person reads them. */
import { describe, expect, it } from 'vitest'
import { transformExample } from '../../src/main/calls/examples'
import { blank, describeTransform, fieldProblems, sampleFor, toDraft, toTransform, transformProblems } from '../../src/renderer/src/lib/transforms'

describe('value changes in plain words', () => {
  it('names each change the way the form offers it', () => {
    expect(describeTransform({ kind: 'trim' })).toBe('Tidy spaces')
    expect(describeTransform({ kind: 'e164', defaultCountry: 'GB' })).toBe('Phone numbers to international format (default country GB)')
    expect(describeTransform({ kind: 'date', from: 'Europe/London', to: 'UTC', format: 'date' })).toBe('Dates from Europe/London to UTC (as date)')
    expect(describeTransform({ kind: 'date', from: 'UTC', to: 'UTC', format: 'iso' })).toMatch(/as date and time/)
    expect(describeTransform({ kind: 'lookup', rows: [['Active', 'subscribed'], ['', '']], fallback: 'null' })).toBe('Translate values (1 entry; when missing: leave it empty)')
    expect(describeTransform({ kind: 'minor-units', decimals: 2 })).toBe('Amounts to cents')
  })

  it('starts a date change in the person’s own zone and a lookup with one empty row', () => {
    expect(blank('date', 'Europe/Paris')).toEqual({ kind: 'date', from: 'Europe/Paris', to: 'UTC', format: 'iso' })
    expect(blank('lookup')).toEqual({ kind: 'lookup', rows: [['', '']], fallback: 'keep' })
  })

  it('keeps a lookup table’s rows through editing, and drops empty ones when saved', () => {
    const saved = toTransform({ kind: 'lookup', rows: [['Active', 'subscribed'], ['', '']], fallback: 'error' })
    expect(saved).toEqual({ kind: 'lookup', table: { Active: 'subscribed' }, fallback: 'error' })
    expect(toDraft(saved)).toEqual({ kind: 'lookup', rows: [['Active', 'subscribed']], fallback: 'error' })
  })

  it('offers a sample that shows what the first change does', () => {
    expect(sampleFor({ kind: 'e164', defaultCountry: 'US' })).toMatch(/555/)
    expect(sampleFor({ kind: 'lookup', rows: [['Gold', 'vip']], fallback: 'keep' })).toBe('Gold')
    expect(sampleFor({ kind: 'lower' }, 'email')).toMatch(/@/)
  })

  it('says what is wrong with a change', () => {
    expect(transformProblems({ kind: 'date', from: 'Mars/Olympus', to: 'UTC', format: 'iso' })).toEqual(['"Mars/Olympus" is not a time zone; use a name such as Europe/London or UTC.'])
    expect(transformProblems({ kind: 'e164', defaultCountry: 'G' })[0]).toMatch(/two-letter code/)
    expect(transformProblems({ kind: 'lookup', rows: [['', '']], fallback: 'keep' })[0]).toMatch(/at least one row/)
    expect(transformProblems({ kind: 'lookup', rows: [['a', '1'], ['a', '2']], fallback: 'keep' })).toEqual(['"a" is in the table twice; keep one row for it.'])
    expect(transformProblems({ kind: 'minor-units', decimals: 7 })[0]).toMatch(/^Amounts to whole units of 7 decimal places: /)
    expect(transformProblems({ kind: 'trim' })).toEqual([])
  })

  it('says what is wrong with a split full name', () => {
    const base = { name: 'name', left: 'full_name', fromLeft: [], fromRight: [], toLeft: [], toRight: [] }
    expect(fieldProblems({ ...base, combine: { side: 'right', parts: ['first', ''] } }, 'Name')).toEqual(['Name: choose both the first-name and the last-name field.'])
    expect(fieldProblems({ ...base, combine: { side: 'right', parts: ['first', 'first'] } }, 'Name')[0]).toMatch(/two different fields/)
    expect(fieldProblems({ ...base, left: undefined, combine: { side: 'right', parts: ['first', 'last'] } }, 'Name')[0]).toMatch(/full name on the other side/)
    expect(fieldProblems({ ...base, combine: { side: 'right', parts: ['first', 'last'] } }, 'Name')).toEqual([])
    expect(fieldProblems({ ...base, name: '' }, 'Name')[0]).toMatch(/^Name: name /)
  })
})

describe('the live example', () => {
  it('is the engine’s own result after each change', () => {
    expect(transformExample('  Ann   LEE ', [{ kind: 'trim' }, { kind: 'lower' }], 'name')).toEqual([{ ok: true, value: 'Ann LEE' }, { ok: true, value: 'ann lee' }])
    expect(transformExample('12.34', [{ kind: 'minor-units', decimals: 2 }], 'amount')).toEqual([{ ok: true, value: 1234 }])
    expect(transformExample('2026-07-01 23:30', [{ kind: 'date', from: 'UTC', to: 'Europe/London', format: 'date' }], 'day')).toEqual([{ ok: true, value: '2026-07-02' }])
  })

  it('warns when a phone number does not fit the chosen country, and names the one it fits', () => {
    // The owner's example: a US number with GB chosen becomes +44…, which is not what they meant.
    const [gb] = transformExample('(415) 555-0132', [{ kind: 'e164', defaultCountry: 'GB' }], 'phone')
    expect(gb).toMatchObject({ ok: true, value: '+444155550132' })
    expect(gb.ok && gb.warning).toMatch(/not a GB number.*\+444155550132 may be wrong.*looks like a US number \(\+14155550132\).*choose US/)
    // Numbers that fit, or that carry their own country code, get no warning.
    expect(transformExample('(415) 555-0132', [{ kind: 'e164', defaultCountry: 'US' }], 'phone')).toEqual([{ ok: true, value: '+14155550132' }])
    expect(transformExample('020 7946 0123', [{ kind: 'e164', defaultCountry: 'GB' }], 'phone')).toEqual([{ ok: true, value: '+442079460123' }])
    expect(transformExample('+1 415 555 0132', [{ kind: 'e164', defaultCountry: 'GB' }], 'phone')).toEqual([{ ok: true, value: '+14155550132' }])
    expect(transformExample('call reception', [{ kind: 'e164', defaultCountry: 'GB' }], 'phone')).toEqual([{ ok: true, value: 'call reception' }])
  })

  it('stops at the change that refuses the value, with its reason', () => {
    const steps = transformExample('Gold', [{ kind: 'lookup', table: { Silver: 's' }, fallback: 'error' }, { kind: 'upper' }], 'tier')
    expect(steps).toHaveLength(1)
    expect(steps[0]).toEqual({ ok: false, error: expect.stringMatching(/"Gold" has no entry in the lookup table for tier\. Add "Gold"/) })
  })
})
