/** Records synced and errors per day, from the run history, for the overview's chart. */
import { DateTime } from 'luxon'
import type { DailyStat } from '../../shared/contract'
import type { Run } from '../../shared/domain'

/**
 * One entry per day for the last `days` days up to `now` (oldest first), in `timeZone`.
 * Dry runs change nothing and skipped runs did nothing, so neither counts.
 */
export function dailyStats(runs: readonly Run[], days: number, now: number, timeZone: string): DailyStat[] {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day')
  const out: DailyStat[] = []
  const byDate = new Map<string, DailyStat>()
  for (let i = days - 1; i >= 0; i--) {
    const stat: DailyStat = { date: today.minus({ days: i }).toISODate()!, synced: 0, errors: 0, runs: 0, bySync: {} }
    out.push(stat)
    byDate.set(stat.date, stat)
  }
  for (const run of runs) {
    if (run.dryRun || run.status === 'running' || run.status === 'cancelled') continue
    const date = DateTime.fromISO(run.endedAt ?? run.startedAt, { zone: timeZone }).toISODate()
    const stat = date ? byDate.get(date) : undefined
    if (!stat) continue
    stat.runs++
    const moved = run.counts.created + run.counts.updated + run.counts.deleted
    stat.synced += moved
    if (moved > 0) stat.bySync[run.syncId] = (stat.bySync[run.syncId] ?? 0) + moved
    stat.errors += run.counts.failed + (run.status === 'failed' ? 1 : 0)
  }
  return out
}
