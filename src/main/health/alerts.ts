/**
 * When to notify (DESIGN.md §5), as a pure function over two health snapshots and what
 * was already said. The rules:
 * - a sync or connection that becomes failing, or a connection that needs reconnecting,
 *   is told once; it is not told again until it has recovered, so retries and the
 *   flicker of a run in progress never re-alert;
 * - a recovery is told once, and only for something that was told as broken;
 * - 3 or more things breaking (or recovering) in one step become one digest alert;
 * - an OAuth refresh token is warned about once per expiry, some days ahead;
 * - new conflicts are batched over syncs ("5 conflicts wait in 2 syncs"), at most once
 *   per quiet period; ones that arrive meanwhile go in the next alert.
 * Because each rule remembers what it said, the same alert never goes out twice in a row.
 *
 * Call it on every health change and also on a timer (once a minute is plenty), so the
 * conflicts held back by the quiet period go out when it ends.
 */
import { assertNever } from '../../shared/assert'
import type { Alert, AlertMemory, HealthSnapshot, OpenProblem } from './alert-types'
import { allowanceAlert, conflictsAlert, digestAlert, noticeAlert, problemAlert, recoveredAlert, tokenAlert } from './alert-text'
import { DEFAULT_EXPIRY_WARN_DAYS, type ConnectionState } from './connection-health'
import type { SyncState } from './sync-health'

/** Knobs of the alert rules. */
export interface AlertOptions {
  /**
   * Days before a refresh token runs out that the person is warned.
   * @default 7
   */
  tokenWarnDays?: number
  /**
   * Things breaking in one step that become a single digest alert.
   * @default 3
   */
  digestAt?: number
  /**
   * Shortest time between two conflicts alerts (ms).
   * @default 900_000 (15 minutes)
   */
  conflictQuietMs?: number
}

/** What to notify now, and the memory to pass next time. */
export interface AlertDecision {
  alerts: Alert[]
  memory: AlertMemory
}

/** Where something stands for the alert rules. */
type Standing = { problem: OpenProblem['kind'] } | 'healthy' | 'waiting'

interface Subject {
  key: string
  id: string
  name: string
  lastError: string | null
  standing: Standing
}

/** Decides the alerts for the step from `prev` to `next`. Pure: `memory` is not changed. */
export function decideAlerts(prev: HealthSnapshot, next: HealthSnapshot, now: number, memory: AlertMemory, options: AlertOptions = {}): AlertDecision {
  const mem = structuredClone(memory)
  const drafts: Array<Omit<Alert, 'id'>> = [...problems(next, mem, options.digestAt ?? 3), ...tokens(next, mem, now, options), ...conflicts(prev, next, mem, now, options), ...notices(next, mem), ...allowances(next, mem)]
  const alerts = drafts.map((d) => ({ id: `${d.kind}:${d.target.id ?? d.target.view}:${now}`, ...d }))
  return { alerts, memory: mem }
}

function problems(next: HealthSnapshot, mem: AlertMemory, digestAt: number): Array<Omit<Alert, 'id'>> {
  const subjects = new Map<string, Subject>()
  for (const s of next.syncs) subjects.set(`sync:${s.syncId}`, { key: `sync:${s.syncId}`, id: s.syncId, name: s.name, lastError: s.lastError, standing: syncStanding(s.state) })
  for (const c of next.connections) {
    const key = `connection:${c.connectionId}`
    subjects.set(key, { key, id: c.connectionId, name: c.label, lastError: null, standing: connectionStanding(c.state) })
  }

  const started: Array<{ subject: Subject; problem: OpenProblem['kind'] }> = []
  const recovered: Array<[string, OpenProblem]> = []
  for (const subject of subjects.values()) {
    const { standing } = subject
    if (typeof standing !== 'object' || mem.open[subject.key]?.kind === standing.problem) continue
    started.push({ subject, problem: standing.problem })
    mem.open[subject.key] = { kind: standing.problem, name: subject.name }
  }
  for (const [key, problem] of Object.entries(mem.open)) {
    const standing = subjects.get(key)?.standing
    if (standing === undefined) delete mem.open[key] // deleted: nothing to tell
    else if (standing === 'healthy') {
      recovered.push([key, problem])
      delete mem.open[key]
    }
  }

  const out: Array<Omit<Alert, 'id'>> = []
  if (started.length >= digestAt) out.push(digestAlert(started.map((s) => s.subject.name), false))
  else for (const { subject: s, problem } of started) out.push(problemAlert(problem, s.id, s.name, s.lastError))
  if (recovered.length >= digestAt) out.push(digestAlert(recovered.map(([, p]) => p.name), true))
  else for (const [key, problem] of recovered) out.push(recoveredAlert(key, problem))
  return out
}

function syncStanding(state: SyncState): Standing {
  switch (state) {
    case 'failing':
      return { problem: 'sync-failing' }
    case 'ok':
    case 'running':
    case 'conflicts':
    case 'partial':
    case 'deletes': // held deletes are told once as the sync's notice (see `notices`), not as something broken
      return 'healthy'
    // Paused by the person: neither broken nor shown to work; say nothing until it runs.
    case 'paused':
      return 'waiting'
    default:
      return assertNever(state, 'sync state')
  }
}

function connectionStanding(state: ConnectionState): Standing {
  switch (state) {
    case 'needs-reconnect':
      return { problem: 'needs-reconnect' }
    case 'failing':
      return { problem: 'connection-failing' }
    case 'ok':
    case 'degraded':
      return 'healthy'
    default:
      return assertNever(state, 'connection state')
  }
}

function tokens(next: HealthSnapshot, mem: AlertMemory, now: number, options: AlertOptions): Array<Omit<Alert, 'id'>> {
  const ahead = (options.tokenWarnDays ?? DEFAULT_EXPIRY_WARN_DAYS) * 86_400_000
  const out: Array<Omit<Alert, 'id'>> = []
  const present = new Set(next.connections.map((c) => c.connectionId))
  for (const id of Object.keys(mem.tokenWarned)) if (!present.has(id)) delete mem.tokenWarned[id]
  for (const c of next.connections) {
    const expiresAt = c.refreshTokenExpiresAt
    // Already expired is a needs-reconnect alert, not a warning.
    if (expiresAt === null || c.state === 'needs-reconnect' || expiresAt <= now || expiresAt - now > ahead) continue
    if (mem.tokenWarned[c.connectionId] === expiresAt) continue
    mem.tokenWarned[c.connectionId] = expiresAt
    out.push(tokenAlert(c, expiresAt, now))
  }
  return out
}

/** A daily API allowance past the warning share is told once; told again only after it freed up. */
function allowances(next: HealthSnapshot, mem: AlertMemory): Array<Omit<Alert, 'id'>> {
  const warned = mem.allowanceWarned ?? {}
  const now: Record<string, true> = {}
  const out: Array<Omit<Alert, 'id'>> = []
  for (const c of next.connections) {
    if (!c.allowanceLow || !c.apiUsage) continue
    now[c.connectionId] = true
    if (!warned[c.connectionId]) out.push(allowanceAlert(c, c.apiUsage))
  }
  mem.allowanceWarned = now
  return out
}

/** A sync's notice (an undo left the sides different, its damaged state was restored) is told once, when it appears. */
function notices(next: HealthSnapshot, mem: AlertMemory): Array<Omit<Alert, 'id'>> {
  const told = mem.noticed ?? {}
  const now: Record<string, string> = {}
  const out: Array<Omit<Alert, 'id'>> = []
  for (const s of next.syncs) {
    if (!s.notice) continue
    now[s.syncId] = s.notice
    if (told[s.syncId] !== s.notice) out.push(noticeAlert(s.syncId, s.name, s.notice, s.openConflicts > 0, s.state === 'deletes'))
  }
  mem.noticed = now
  return out
}

function conflicts(prev: HealthSnapshot, next: HealthSnapshot, mem: AlertMemory, now: number, options: AlertOptions): Array<Omit<Alert, 'id'>> {
  const before = new Map(prev.syncs.map((s) => [s.syncId, s.openConflicts]))
  const pending: Record<string, number> = {}
  for (const s of next.syncs) {
    const added = Math.max(0, s.openConflicts - (before.get(s.syncId) ?? 0))
    // Conflicts settled meanwhile are no longer news.
    const untold = Math.min((mem.conflicts.pending[s.syncId] ?? 0) + added, s.openConflicts)
    if (untold > 0) pending[s.syncId] = untold
  }
  mem.conflicts.pending = pending
  const { lastAt } = mem.conflicts
  if (Object.keys(pending).length === 0 || (lastAt !== null && now - lastAt < (options.conflictQuietMs ?? 900_000))) return []
  const batch = next.syncs.filter((s) => pending[s.syncId] !== undefined).map((sync) => ({ sync, added: pending[sync.syncId] }))
  mem.conflicts = { lastAt: now, pending: {} }
  return [conflictsAlert(batch)]
}
