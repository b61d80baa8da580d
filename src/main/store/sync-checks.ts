/**
 * Checks on a sync that its schema alone cannot make: a schedule that parses and can
 * happen, a time zone that exists, a match field that is mapped. Each of these would
 * otherwise be saved and fail only when the sync first runs, long after the person who
 * wrote it has moved on.
 */
import { DateTime } from 'luxon'
import type { Sync } from '../../shared/domain'
import { CronSyntaxError, parseCron } from '../scheduler/cron'
import { nextFireAfter } from '../scheduler/next-fire'

/** One line per problem, each starting with the field's path inside the sync (`trigger.cron: …`). */
export function syncProblems(sync: Sync, now = Date.now()): string[] {
  const problems: string[] = []
  const { trigger } = sync
  if (trigger.kind === 'schedule') {
    const zoneOk = isTimeZone(trigger.timeZone)
    if (!zoneOk) problems.push(`trigger.timeZone: "${trigger.timeZone}" is not a time zone; use a name such as "Europe/London", "America/New_York" or "UTC"`)
    try {
      const spec = parseCron(trigger.cron)
      if (zoneOk && nextFireAfter(spec, now, trigger.timeZone) === null) problems.push(`trigger.cron: "${trigger.cron}" is a schedule that never comes round (no such date)`)
    } catch (err) {
      if (!(err instanceof CronSyntaxError)) throw err
      problems.push(`trigger.cron: "${trigger.cron}" is not a valid schedule: ${err.message}`)
    }
  }
  const names = sync.mapping.map((m) => m.name)
  if (!names.includes(sync.match.field)) {
    problems.push(`match.field: "${sync.match.field}" is not one of the sync's mapped fields (${names.map((n) => `"${n}"`).join(', ')}), so records could not be paired by it`)
  }
  const seen = new Set<string>()
  sync.mapping.forEach((m, i) => {
    if (seen.has(m.name)) problems.push(`mapping[${i}].name: "${m.name}" is mapped twice; each field needs its own name`)
    seen.add(m.name)
  })
  return problems
}

function isTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid
}
