/**
 * When a cron schedule next comes round, in a given IANA time zone. DST follows classic
 * (Vixie) cron, which is also what a shop owner expects:
 * - a schedule at fixed hours ("every day at 01:30") goes by the wall clock: on the
 *   spring-forward day a time that does not exist runs shifted by the gap (02:30 BST),
 *   and on the fall-back day a time that happens twice runs once, the first time;
 * - a schedule that runs every hour ("every 30 minutes") goes by real time: it keeps its
 *   pace through both copies of the repeated autumn hour and skips the hour that does
 *   not exist in spring.
 */
import { DateTime } from 'luxon'
import { dayMatches, type CronSpec } from './cron'

/** Beyond this a schedule is treated as never firing (e.g. `0 0 30 2 *`, 30 February). */
const HORIZON_YEARS = 8
const MINUTE = 60_000

/** The first fire time strictly after `after` (epoch ms), or null if it never comes. */
export function nextFireAfter(spec: CronSpec, after: number, timeZone: string): number | null {
  return spec.hour.any ? nextByRealTime(spec, after, timeZone) : nextByWallTime(spec, after, timeZone)
}

/** Walks instants minute by minute (skipping whole months and days that cannot match). */
function nextByRealTime(spec: CronSpec, after: number, timeZone: string): number | null {
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE
  const limit = DateTime.fromMillis(after).plus({ years: HORIZON_YEARS }).toMillis()
  while (t < limit) {
    const local = DateTime.fromMillis(t, { zone: timeZone })
    if (!spec.month.values.has(local.month)) {
      t = local.plus({ months: 1 }).startOf('month').toMillis()
    } else if (!dayMatches(spec, local.day, local.weekday % 7)) {
      t = local.plus({ days: 1 }).startOf('day').toMillis()
    } else if (!spec.minute.values.has(local.minute)) {
      t += MINUTE
    } else {
      return t
    }
  }
  return null
}

/** Walks wall-clock times in the zone and turns a match into an instant only at the end. */
function nextByWallTime(spec: CronSpec, after: number, timeZone: string): number | null {
  const start = DateTime.fromMillis(after, { zone: timeZone })
  // Wall-clock arithmetic in UTC, which has no DST, so "the next day" is always 24 h on.
  let wall = DateTime.utc(start.year, start.month, start.day, start.hour, start.minute).plus({ minutes: 1 })
  const limit = wall.plus({ years: HORIZON_YEARS })
  while (wall < limit) {
    if (!spec.month.values.has(wall.month)) {
      wall = wall.plus({ months: 1 }).startOf('month')
    } else if (!dayMatches(spec, wall.day, wall.weekday % 7)) {
      wall = wall.plus({ days: 1 }).startOf('day')
    } else if (!spec.hour.values.has(wall.hour)) {
      wall = wall.plus({ hours: 1 }).startOf('hour')
    } else if (!spec.minute.values.has(wall.minute)) {
      wall = wall.plus({ minutes: 1 })
    } else {
      const { year, month, day, hour, minute } = wall
      const at = firstOccurrence(DateTime.fromObject({ year, month, day, hour, minute }, { zone: timeZone }))
      // Inside the repeated autumn hour, its first copy may already be behind us.
      if (at > after) return at
      wall = wall.plus({ minutes: 1 })
    }
  }
  return null
}

/**
 * Luxon resolves a wall time that happens twice to the later copy; classic cron runs the
 * first. If clocks went back within the last hours and the same wall time also existed
 * before, that earlier instant is the one.
 */
function firstOccurrence(local: DateTime): number {
  const before = local.minus({ hours: 6 })
  if (before.offset <= local.offset) return local.toMillis()
  const earlier = local.minus({ minutes: before.offset - local.offset })
  return earlier.hour === local.hour && earlier.minute === local.minute ? earlier.toMillis() : local.toMillis()
}
