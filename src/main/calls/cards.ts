/**
 * The overview's sync cards and the Connections list: stored facts (runs, conflicts,
 * failures) turned into states in the user's words by the health rules, so the overview,
 * the tray and the alerts always agree.
 */
import type { ConnectionCard, SyncCard } from '../../shared/contract'
import type { App } from '../app'
import type { Automation } from '../automation'
import { apiUsageOf, connectionHealth, DEFAULT_EXPIRY_WARN_DAYS, signInExpiry, syncHealth } from '../health'
import { describeTrigger } from '../scheduler'
import { systemLabel } from './catalog'
import type { LiveRuns } from './live'

/** Every sync with its state, next run and progress. */
export async function syncCards(app: App, auto: Automation | undefined, live: LiveRuns, now: number): Promise<SyncCard[]> {
  const svc = app.service
  return (await svc.status()).map((r) => {
    const id = r.sync.id
    const draft = !r.sync.enabled
    const health = syncHealth({
      sync: r.sync,
      paused: draft || !!r.sync.paused || (auto?.scheduler.isPaused(id) ?? false),
      running: r.running,
      lastRuns: svc.runList({ syncId: id, limit: 10 }),
      openConflicts: r.openConflicts,
      openFailures: r.openFailures,
      nextRun: draft ? null : (auto?.scheduler.nextRun(id) ?? null),
      notice: r.notice,
      waitingDeletes: r.waitingDeletes
    })
    return {
      ...r,
      nextRun: app.nextRun(id),
      nextRunAt: health.nextRunAt ?? undefined,
      state: health.state,
      // An undo's hold or a restored state outranks the usual words: the owner has something to decide or check.
      summary: r.notice ?? (draft ? 'Not turned on yet. Preview what it would change, then turn it on.' : health.summary),
      schedule: describeTrigger(r.sync.trigger, now),
      progress: r.running ? live.progress(id) : undefined
    }
  })
}

/** Every connection with its state and the syncs that use it. */
export function connectionCards(app: App, now: number): ConnectionCard[] {
  const svc = app.service
  const syncs = svc.syncList()
  const recent = svc.runList({ limit: 200 })
  return svc.connectionList().map((connection) => {
    const usedBy = syncs.filter((s) => s.left.connectionId === connection.id || s.right.connectionId === connection.id)
    const mine = new Set(usedBy.map((s) => s.id))
    // An error names its connection when it knows it; otherwise any failed run of a sync using it counts.
    const errors = recent.filter((r) => r.error && mine.has(r.syncId) && r.status === 'failed')
    const health = connectionHealth({
      connection,
      now,
      rateLimit: null,
      apiUsage: apiUsageOf(connection, now),
      needsReconnect: connection.status === 'needs-reconnect' || errors.some((r) => r.error!.code === 'AUTH'),
      recentErrors: errors.map((r) => ({ code: r.error!.code as never, at: Date.parse(r.endedAt ?? r.startedAt) })),
      refreshTokenExpiresAt: signInExpiry(connection)
    })
    // A connection whose last test failed is never shown as connected, whatever its runs said before.
    // (A sync run that got through after the test proves it works again.)
    const last = connection.lastTest
    const provenSince = last && recent.some((r) => mine.has(r.syncId) && r.status === 'ok' && Date.parse(r.endedAt ?? r.startedAt) > Date.parse(last.at))
    const failedTest = last && !last.ok && !provenSince && health.state !== 'needs-reconnect' ? last : undefined
    const summary = signInUnfinished(connection)
      ? 'The QuickBooks sign-in was not finished. Click Reconnect, sign in to Intuit and paste the address you land on.'
      : failedTest
        ? `The last test of “${connection.label}” failed: ${failedTest.message.replace(/\.$/, '')}. Fix that and test it again, or reconnect it.`
        : usedBy.length ? health.summary : `${health.summary} No sync uses it yet.`
    return {
      connection,
      systemLabel: systemLabel(connection.system),
      state: failedTest ? 'failing' : health.state,
      summary,
      usedBy: usedBy.map((s) => ({ id: s.id, name: s.name })),
      ...signInCard(health.refreshTokenExpiresAt, now)
    }
  })
}

/** The card's `signIn`: days left rounded up as the health summary says them, and whether to warn (same window as the alerts). */
function signInCard(expiresAt: number | null, now: number): Pick<ConnectionCard, 'signIn'> {
  if (expiresAt === null) return {}
  const daysLeft = Math.ceil((expiresAt - now) / 86_400_000) + 0 // never -0
  const expiring = expiresAt > now && expiresAt - now <= DEFAULT_EXPIRY_WARN_DAYS * 86_400_000
  return { signIn: { expiresAt: new Date(expiresAt).toISOString(), daysLeft, expiring } }
}

/** A QuickBooks connection whose wizard stopped after the app keys: it has no company yet. */
function signInUnfinished(c: { system: string; settings: Record<string, unknown> }): boolean {
  return c.system === 'quickbooks' && !c.settings.realmId
}
