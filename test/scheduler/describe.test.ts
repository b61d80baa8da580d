import { describe, expect, it } from 'vitest'
import type { Trigger } from '../../src/shared/domain'
import { describeTrigger } from '../../src/main/scheduler/describe'

// Saturday 29 March 2025, 12:00 in London (GMT; clocks go forward that night).
const now = Date.parse('2025-03-29T12:00:00Z')
const schedule = (cron: string, timeZone = 'Europe/London'): Trigger => ({ kind: 'schedule', cron, timeZone })

describe('describeTrigger', () => {
  it.each<[Trigger, string]>([
    [{ kind: 'manual' }, 'only when you click Run'],
    [{ kind: 'watch', everySeconds: 30 }, 'every 30 seconds'],
    [{ kind: 'watch', everySeconds: 60 }, 'every minute'],
    [{ kind: 'watch', everySeconds: 90 }, 'every 90 seconds'],
    [{ kind: 'watch', everySeconds: 300 }, 'every 5 minutes'],
    [{ kind: 'watch', everySeconds: 7200 }, 'every 2 hours'],
    [schedule('0 0 * * *'), 'every day at 00:00 Europe/London — next: tomorrow 00:00'],
    [schedule('30 14 * * *'), 'every day at 14:30 Europe/London — next: today 14:30'],
    [schedule('0 9,17 * * 1-5'), 'every weekday at 09:00 and 17:00 Europe/London — next: Monday 09:00'],
    [schedule('0 9 * * sat,sun'), 'every Saturday and Sunday at 09:00 Europe/London — next: tomorrow 09:00'],
    [schedule('15 8 * * 3'), 'every Wednesday at 08:15 Europe/London — next: Wednesday 08:15'],
    [schedule('0 6 1,15 * *'), 'on the 1st and 15th of every month at 06:00 Europe/London — next: Tuesday 06:00'],
    [schedule('0 6 15 * *'), 'on the 15th of every month at 06:00 Europe/London — next: Tue 15 Apr 06:00'],
    [schedule('0 0 1 1 *'), 'every year on the 1st of January at 00:00 Europe/London — next: Thu 1 Jan 2026 00:00'],
    [schedule('*/15 * * * *'), 'every 15 minutes Europe/London — next: today 12:15'],
    [schedule('* * * * *', 'UTC'), 'every minute UTC — next: today 12:01'],
    [schedule('0 * * * *', 'UTC'), 'every hour, on the hour UTC — next: today 13:00'],
    [schedule('5 * * * 1', 'UTC'), 'every hour at 5 minutes past, every Monday UTC — next: Monday 00:05'],
    [schedule('0 9-17/2 * * 1-5'), 'every weekday at 09:00, 11:00, 13:00, 15:00 and 17:00 Europe/London — next: Monday 09:00'],
    [schedule('0 9 1 * mon'), 'on the schedule “0 9 1 * mon” Europe/London — next: Monday 09:00'],
    [schedule('*/20 8-18 * * *'), 'on the schedule “*/20 8-18 * * *” Europe/London — next: today 12:20'],
    [schedule('0 9 * * *', 'Asia/Tokyo'), 'every day at 09:00 Asia/Tokyo — next: tomorrow 09:00'],
    [schedule('0 61 * * *'), 'on the schedule “0 61 * * *”, which is not valid: the hour part “61” is not valid: hour 61 is out of range 0–23']
  ])('%j reads “%s”', (trigger, words) => {
    expect(describeTrigger(trigger, now)).toBe(words)
  })

  it('names the next day in the locale asked for', () => {
    expect(describeTrigger(schedule('0 6 15 * *'), now, 'fr')).toBe('on the 15th of every month at 06:00 Europe/London — next: mar. 15 avr. 06:00')
    expect(describeTrigger(schedule('0 6 1 * *'), now, 'de')).toBe('on the 1st of every month at 06:00 Europe/London — next: Dienstag 06:00')
  })
})
