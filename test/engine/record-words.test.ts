/** Records named in words for the owner, whatever the sync calls the fields. */
import { describe, expect, it } from 'vitest'
import { nameOf, recordLabel } from '../../src/main/engine/record-words'

describe('a record in words', () => {
  it('finds the name in the ways syncs spell it', () => {
    expect(nameOf({ first_name: 'Rosa', last_name: 'Diaz' })).toBe('Rosa Diaz')
    expect(nameOf({ firstname: 'Rosa', lastname: 'Diaz' })).toBe('Rosa Diaz')
    expect(nameOf({ firstName: 'Rosa' })).toBe('Rosa')
    expect(nameOf({ DisplayName: 'Bakery, Café & Co' })).toBe('Bakery, Café & Co')
    expect(nameOf({ company: 'Acme Ltd' })).toBe('Acme Ltd')
    expect(nameOf({ email: 'a@b.c', amount: 1200 })).toBe('')
  })

  it('puts the email or key beside the name, and falls back to the key or id', () => {
    expect(recordLabel({ first_name: 'Rosa', last_name: 'Diaz', email: 'rosa@example.org' }, '39')).toBe('Rosa Diaz (rosa@example.org)')
    expect(recordLabel({ name: 'Ann' }, 'ann@example.org')).toBe('Ann (ann@example.org)')
    expect(recordLabel({}, undefined, 'cus_123')).toBe('cus_123')
    expect(recordLabel(null, 'k1')).toBe('k1')
    expect(recordLabel({ name: '  ' }, undefined, undefined)).toBe('')
  })
})
