/** Which log lines belong to one record's story. */
import { describe, expect, it } from 'vitest'
import { aboutRecord } from '../../src/main/calls/story'
import type { LogEntry } from '../../src/main/logs'

const line = (msg: string, record?: LogEntry['record']): LogEntry => ({ time: '2026-12-06T10:00:00.000Z', level: 'info', msg, record })

describe('a record’s story', () => {
  it('keeps lines whose record key or id is the one asked for, whatever its case', () => {
    const about = aboutRecord('Rosa.Diaz@Example.org')
    expect(about(line('create rosa.diaz@example.org in hubspot', { key: 'rosa.diaz@example.org', op: 'create' }))).toBe(true)
    expect(about(line('update 501 in hubspot', { id: 'rosa.diaz@example.org' }))).toBe(true)
  })

  it('keeps a message that names it as a whole word, and not one that only contains it', () => {
    const about = aboutRecord('39')
    expect(about(line('Could not read 39 from Website sign-up form: line 40'))).toBe(true)
    expect(about(line('Could not read 139 from Website sign-up form: line 140'))).toBe(false)
    expect(about(line('Settled the conflict on 39.'))).toBe(true)
    const email = aboutRecord('ann@example.org')
    expect(about(line('x'))).toBe(false)
    expect(email(line('Conflict on ann@example.org: phone differs'))).toBe(true)
    expect(email(line('Conflict on joann@example.org: phone differs'))).toBe(false)
    expect(email(line('Conflict on ann@example.org.uk: phone differs'))).toBe(false)
  })

  it('takes a key with characters a pattern would misread as plain text', () => {
    const about = aboutRecord('a+b (shop)')
    expect(about(line('create a+b (shop) in csv'))).toBe(true)
    expect(about(line('create aab (shop) in csv'))).toBe(false)
  })
})
