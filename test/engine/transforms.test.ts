import { describe, expect, it } from 'vitest'
import { applyTransform, joinName, mapIn, mapOut, normaliseKey, splitName, toMinorUnits } from '../../src/main/engine/transforms'
import { transformSchema, fieldMapSchema, type FieldValue } from '../../src/shared/domain'
import { RecordError } from '../../src/main/errors'

const t = (raw: unknown, value: FieldValue) => applyTransform(transformSchema.parse(raw), value, 'field')

describe('value transforms', () => {
  it.each([
    [{ kind: 'trim' }, '  Ann   Lee ', 'Ann Lee'],
    [{ kind: 'lower' }, 'Ann@X.COM', 'ann@x.com'],
    [{ kind: 'upper' }, 'gb', 'GB'],
    [{ kind: 'e164', defaultCountry: 'GB' }, '020 7946 0123', '+442079460123'],
    [{ kind: 'e164', defaultCountry: 'US' }, '(415) 555-0132', '+14155550132'],
    [{ kind: 'e164', defaultCountry: 'US' }, '+44 20 7946 0123', '+442079460123'],
    [{ kind: 'e164', defaultCountry: 'GB' }, 'call reception', 'call reception'],
    [{ kind: 'date', from: 'Europe/London', to: 'UTC' }, '2026-07-01 09:30', '2026-07-01T08:30:00Z'],
    [{ kind: 'date', from: 'Europe/London', to: 'UTC' }, '2026-01-15 09:30', '2026-01-15T09:30:00Z'],
    [{ kind: 'date', from: 'UTC', to: 'America/New_York', format: 'date' }, '2026-03-01T03:00:00Z', '2026-02-28'],
    [{ kind: 'date', from: 'America/New_York', to: 'UTC' }, '2026-11-25T10:00:00+01:00', '2026-11-25T09:00:00Z'],
    [{ kind: 'date', from: 'UTC', to: 'UTC', format: 'date' }, '11/25/2026', '2026-11-25'],
    [{ kind: 'lookup', table: { 'Sales': '4000', 'Services': '4100' } }, 'Services', '4100'],
    [{ kind: 'lookup', table: {}, fallback: 'keep' }, 'Other', 'Other'],
    [{ kind: 'lookup', table: {}, fallback: 'null' }, 'Other', null],
    [{ kind: 'number' }, '1,234.5', 1234.5],
    [{ kind: 'minor-units' }, '12.34', 1234],
    [{ kind: 'minor-units' }, '-0.5', -50],
    [{ kind: 'minor-units', decimals: 0 }, '1500', 1500],
    [{ kind: 'minor-units' }, '0.10', 10],
    [{ kind: 'trim' }, null, null]
  ])('%j turns %j into %j', (raw, input, want) => {
    expect(t(raw, input as FieldValue)).toEqual(want)
  })

  it.each([
    [{ kind: 'lookup', table: { a: 'b' } }, 'zzz', /no entry in the lookup table/],
    [{ kind: 'date' }, 'next tuesday', /not a date/],
    [{ kind: 'number' }, 'ten', /not a number/],
    [{ kind: 'minor-units' }, '12.345', /more than 2 decimal places/],
    [{ kind: 'minor-units' }, 'abc', /not an amount/]
  ])('%j refuses %j with a clear RecordError', (raw, input, message) => {
    expect(() => t(raw, input)).toThrowError(RecordError)
    expect(() => t(raw, input)).toThrowError(message)
  })

  it('adds amounts as whole minor units, never through floating point', () => {
    const total = ['0.10', '0.20', '0.30'].map((a) => toMinorUnits(a, 2)).reduce((x, y) => x + y, 0)
    expect(total).toBe(60)
  })

  it('splits and joins full names so a round trip is stable', () => {
    expect(splitName('Mary Ann Smith')).toEqual(['Mary Ann', 'Smith'])
    expect(splitName('Cher')).toEqual(['Cher', ''])
    expect(joinName('Mary Ann', 'Smith')).toBe('Mary Ann Smith')
    expect(joinName('Cher', '')).toBe('Cher')
    for (const n of ['Ann Lee', 'Ludwig van Beethoven', 'Cher']) expect(joinName(...splitName(n))).toBe(n)
  })

  it('maps a record in and out both ways, renaming and combining fields', () => {
    const mapping = [
      fieldMapSchema.parse({ name: 'email', left: 'Email', right: 'email_address', fromLeft: [{ kind: 'lower' }] }),
      fieldMapSchema.parse({ name: 'name', left: 'full_name', combine: { side: 'right', parts: ['FNAME', 'LNAME'] } }),
      fieldMapSchema.parse({ name: 'tier', left: 'tier', right: 'plan', toRight: [{ kind: 'lookup', table: { gold: 'Pro' } }], fromRight: [{ kind: 'lookup', table: { Pro: 'gold' } }] })
    ]
    const canon = mapIn(mapping, 'left', { Email: 'ANN@X.COM', full_name: 'Ann Lee', tier: 'gold' })
    expect(canon).toEqual({ email: 'ann@x.com', name: 'Ann Lee', tier: 'gold' })
    const right = mapOut(mapping, 'right', canon)
    expect(right).toEqual({ email_address: 'ann@x.com', FNAME: 'Ann', LNAME: 'Lee', plan: 'Pro' })
    expect(mapIn(mapping, 'right', right)).toEqual(canon)
  })

  it('normalises match keys', () => {
    expect(normaliseKey('  Ann@Example.COM ', ['trim', 'lower'])).toBe('ann@example.com')
    expect(normaliseKey('+44 (20) 7946-0123', ['digits'])).toBe('442079460123')
    expect(normaliseKey(null, ['trim'])).toBe('')
  })
})
