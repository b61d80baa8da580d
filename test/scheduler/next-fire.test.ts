import { describe, expect, it } from 'vitest'
import { CronSyntaxError, parseCron } from '../../src/main/scheduler/cron'
import { nextFireAfter } from '../../src/main/scheduler/next-fire'

const at = (iso: string): number => Date.parse(iso)
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/** The next `count` fire times after `from`, as UTC ISO strings. */
function fires(cron: string, timeZone: string, from: string, count = 3): Array<string | null> {
  const spec = parseCron(cron)
  const out: Array<string | null> = []
  let t: number | null = at(from)
  for (let i = 0; i < count && t !== null; i++) {
    t = nextFireAfter(spec, t, timeZone)
    out.push(iso(t))
  }
  return out
}

describe('parseCron', () => {
  it.each([
    ['61 * * * *', 'the minute part “61” is not valid: minute 61 is out of range 0–59'],
    ['* * *', '“* * *” has 3 parts; a schedule needs 5'],
    ['0 9 * * funday', 'the day of week part “funday” is not valid'],
    ['*/0 * * * *', 'a step must be 1 or more'],
    ['0 17-9 * * *', '17 comes after 9']
  ])('refuses %s, saying why', (cron, why) => {
    expect(() => parseCron(cron)).toThrow(CronSyntaxError)
    expect(() => parseCron(cron)).toThrow(why)
  })

  it('reads names, ranges, steps, lists, macros and Sunday as 7', () => {
    const spec = parseCron('0,30 9-17/4 * JAN-mar mon-fri')
    expect([...spec.minute.values]).toEqual([0, 30])
    expect([...spec.hour.values]).toEqual([9, 13, 17])
    expect([...spec.month.values]).toEqual([1, 2, 3])
    expect([...spec.dayOfWeek.values]).toEqual([1, 2, 3, 4, 5])
    expect([...parseCron('0 0 * * 7').dayOfWeek.values]).toEqual([0])
    expect([...parseCron('5/20 * * * *').minute.values]).toEqual([5, 25, 45])
    expect(parseCron('@daily')).toMatchObject({ source: '@daily', minute: { any: false }, hour: { any: false } })
  })
})

describe('nextFireAfter', () => {
  it('runs 00:00 Europe/London at local midnight across the spring DST change', () => {
    // Clocks go forward at 01:00 GMT on Sunday 30 March 2025.
    expect(fires('0 0 * * *', 'Europe/London', '2025-03-29T12:00:00Z')).toEqual([
      '2025-03-30T00:00:00.000Z', // 00:00 GMT
      '2025-03-30T23:00:00.000Z', // 00:00 BST on the 31st
      '2025-03-31T23:00:00.000Z'
    ])
  })

  it('runs 00:00 Europe/London at local midnight across the autumn DST change', () => {
    expect(fires('0 0 * * *', 'Europe/London', '2025-10-25T12:00:00Z')).toEqual([
      '2025-10-25T23:00:00.000Z', // 00:00 BST on the 26th
      '2025-10-27T00:00:00.000Z', // 00:00 GMT
      '2025-10-28T00:00:00.000Z'
    ])
  })

  it('runs a time lost to spring-forward once, shifted by the gap', () => {
    expect(fires('30 1 * * *', 'Europe/London', '2025-03-29T12:00:00Z')).toEqual([
      '2025-03-30T01:30:00.000Z', // 02:30 BST: 01:30 did not exist
      '2025-03-31T00:30:00.000Z',
      '2025-04-01T00:30:00.000Z'
    ])
  })

  it('runs a time that happens twice in autumn only once', () => {
    expect(fires('30 1 * * *', 'Europe/London', '2025-10-25T12:00:00Z')).toEqual([
      '2025-10-26T00:30:00.000Z', // 01:30 BST, the first one
      '2025-10-27T01:30:00.000Z',
      '2025-10-28T01:30:00.000Z'
    ])
  })

  it('keeps “every 30 minutes” going through both copies of the repeated hour', () => {
    expect(fires('*/30 * * * *', 'Europe/London', '2025-10-26T00:15:00Z', 4)).toEqual([
      '2025-10-26T00:30:00.000Z', // 01:30 BST
      '2025-10-26T01:00:00.000Z', // 01:00 GMT
      '2025-10-26T01:30:00.000Z', // 01:30 GMT
      '2025-10-26T02:00:00.000Z'
    ])
  })

  it('uses the sync’s own zone, not the machine’s', () => {
    expect(fires('0 9 * * 1-5', 'America/New_York', '2025-07-04T18:00:00Z', 2)).toEqual([
      '2025-07-07T13:00:00.000Z', // Monday 09:00 EDT
      '2025-07-08T13:00:00.000Z'
    ])
  })

  it('matches either day field when both are restricted, as classic cron does', () => {
    // The 1st of the month, or any Monday.
    expect(fires('0 12 1 * mon', 'UTC', '2025-09-01T13:00:00Z', 2)).toEqual(['2025-09-08T12:00:00.000Z', '2025-09-15T12:00:00.000Z'])
  })

  it('finds leap days and gives up on dates that never come', () => {
    expect(fires('0 0 29 2 *', 'UTC', '2025-01-01T00:00:00Z', 1)).toEqual(['2028-02-29T00:00:00.000Z'])
    expect(nextFireAfter(parseCron('0 0 30 2 *'), at('2025-01-01T00:00:00Z'), 'UTC')).toBeNull()
  })
})
