/**
 * A trigger in plain words, for the sync list, the tray menu and the CLI:
 * "every day at 00:00 Europe/London — next: tomorrow 00:00", "every 30 seconds",
 * "only when you click Run". Shapes the words cannot say well fall back to the cron text.
 */
import { DateTime } from 'luxon'
import type { Trigger } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { CronSyntaxError, parseCron, type CronField, type CronSpec } from './cron'
import { nextFireAfter } from './next-fire'

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
/** More times than this read worse than the cron text. */
const MAX_LISTED_TIMES = 6

/**
 * Describes a trigger as a sentence. The sentence is English; `locale` shapes the date of
 * the next run (weekday and month names) and defaults to British English.
 */
export function describeTrigger(trigger: Trigger, now: number, locale = 'en-GB'): string {
  switch (trigger.kind) {
    case 'manual':
      return 'only when you click Run'
    case 'watch':
      return `every ${interval(trigger.everySeconds)}`
    case 'schedule':
      return describeSchedule(trigger.cron, trigger.timeZone, now, locale)
    default:
      return assertNever(trigger, 'trigger')
  }
}

function describeSchedule(cron: string, timeZone: string, now: number, locale: string): string {
  let spec: CronSpec
  try {
    spec = parseCron(cron)
  } catch (err) {
    if (err instanceof CronSyntaxError) return `on the schedule “${cron.trim()}”, which is not valid: ${err.message}`
    throw err
  }
  const next = DateTime.fromMillis(now, { zone: timeZone }).isValid ? nextFireAfter(spec, now, timeZone) : null
  const when = next === null ? 'never' : relativeTime(next, now, timeZone, locale)
  return `${describeCron(spec)} ${timeZone} — next: ${when}`
}

/** The repeating part of a schedule, e.g. "every weekday at 09:00". */
export function describeCron(spec: CronSpec): string {
  const days = dayPhrase(spec)
  const times = timePhrase(spec)
  if (days === null || times === null) return `on the schedule “${spec.source}”`
  if (times.startsWith('at ')) return `${days} at ${times.slice(3)}`
  return days === 'every day' ? times : `${times}, ${days}`
}

function timePhrase(spec: CronSpec): string | null {
  const { minute, hour } = spec
  if (hour.any) {
    if (minute.any) return 'every minute'
    const step = stepOf(minute, 60)
    if (step !== null) return `every ${interval(step * 60)}`
    if (minute.values.size === 1) {
      const m = only(minute)
      return m === 0 ? 'every hour, on the hour' : `every hour at ${m} minute${m === 1 ? '' : 's'} past`
    }
    return null
  }
  if (minute.values.size * hour.values.size > MAX_LISTED_TIMES) return null
  const times: string[] = []
  for (const h of sorted(hour)) for (const m of sorted(minute)) times.push(`${pad(h)}:${pad(m)}`)
  return `at ${list(times)}`
}

function dayPhrase(spec: CronSpec): string | null {
  const { dayOfMonth: dom, month, dayOfWeek: dow } = spec
  if (!dom.any && !dow.any) return null
  if (dom.any && dow.any) return month.any ? 'every day' : `every day in ${list(sorted(month).map((m) => MONTH_NAMES[m - 1]))}`
  if (!dow.any) {
    if (!month.any) return null
    const weekdays = sorted(dow)
    if (weekdays.join() === '1,2,3,4,5') return 'every weekday'
    if (weekdays.join() === '0,6') return 'every Saturday and Sunday'
    return `every ${list(weekdays.map((d) => DAY_NAMES[d]))}`
  }
  const dates = list(sorted(dom).map(ordinal))
  if (month.any) return `on the ${dates} of every month`
  return `every year on the ${dates} of ${list(sorted(month).map((m) => MONTH_NAMES[m - 1]))}`
}

/** "today 14:00", "tomorrow 00:00", "Monday 09:00", "Tue 3 Mar 09:00", in the schedule's zone. */
function relativeTime(at: number, now: number, timeZone: string, locale: string): string {
  const when = DateTime.fromMillis(at, { zone: timeZone }).setLocale(locale)
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day')
  const days = Math.round(when.startOf('day').diff(today, 'days').days)
  const time = when.toFormat('HH:mm')
  if (days === 0) return `today ${time}`
  if (days === 1) return `tomorrow ${time}`
  if (days < 7) return `${when.toFormat('cccc')} ${time}`
  return when.toFormat(when.year === today.year ? 'ccc d LLL HH:mm' : 'ccc d LLL yyyy HH:mm')
}

/** "30 seconds", "minute", "5 minutes", "hour", "2 hours", "90 seconds". */
function interval(seconds: number): string {
  const [n, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second']
  return n === 1 ? unit : `${n} ${unit}s`
}

/** The step of a field written as `*\/n` (from its minimum to the end), or null. */
function stepOf(field: CronField, size: number): number | null {
  const values = sorted(field)
  if (values.length < 2 || values[0] !== 0) return null
  const step = values[1]
  if (size % step !== 0 || values.length !== size / step) return null
  return values.every((v, i) => v === i * step) ? step : null
}

function sorted(field: CronField): number[] {
  return [...field.values].sort((a, b) => a - b)
}

function only(field: CronField): number {
  return sorted(field)[0]
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13
  const suffix = teen ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

/** "a", "a and b", "a, b and c". */
function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}
