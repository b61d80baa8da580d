/**
 * The words of each alert. Kept apart from the rules so the wording can be read (and
 * changed) in one place; every function is pure and takes what the sentence needs.
 */
import { assertNever } from '../../shared/assert'
import type { Alert, ConnectionSnapshot, OpenProblem, SyncSnapshot } from './alert-types'
import { count, inDays, list, quoted } from './words'

type Draft = Omit<Alert, 'id'>

/** A problem that just started, for one sync or connection. */
export function problemAlert(kind: OpenProblem['kind'], id: string, name: string, lastError: string | null): Draft {
  switch (kind) {
    case 'sync-failing':
      return {
        kind,
        severity: 'error',
        title: `${quoted(name)} stopped syncing`,
        body: `${sentence(lastError ?? 'The last run failed')} Patchbay will try again at the next run.`,
        target: { view: 'syncs', id },
        action: { label: 'Try again', command: 'sync:run' }
      }
    case 'connection-failing':
      return {
        kind,
        severity: 'error',
        title: `Patchbay can’t reach ${name}`,
        body: `Its syncs are waiting. Patchbay keeps trying; check that ${name} is up and your internet works.`,
        target: { view: 'connections', id },
        action: { label: 'Test connection', command: 'connection:test' }
      }
    case 'needs-reconnect':
      return {
        kind,
        severity: 'error',
        title: `${name} needs you to sign in again`,
        body: `Patchbay lost access to ${name}, so its syncs are on hold until you reconnect it.`,
        target: { view: 'connections', id },
        action: { label: 'Reconnect', command: 'connection:reconnect' }
      }
    default:
      return assertNever(kind, 'problem kind')
  }
}

/** A problem that is over. */
export function recoveredAlert(key: string, problem: OpenProblem): Draft {
  const id = key.slice(key.indexOf(':') + 1)
  const isSync = problem.kind === 'sync-failing'
  return {
    kind: 'recovered',
    severity: 'info',
    title: isSync ? `${quoted(problem.name)} is syncing again` : `${problem.name} is working again`,
    body: isSync ? 'The last run went through.' : `Syncs that use ${problem.name} can run again.`,
    target: isSync ? { view: 'syncs', id } : { view: 'connections', id }
  }
}

/** Many things went wrong (or right) at once: one alert instead of a storm. */
export function digestAlert(names: readonly string[], recovered: boolean): Draft {
  const things = count(names.length, 'thing')
  return recovered
    ? { kind: 'recovered', severity: 'info', title: `${things} are working again`, body: `${list(names.map(quoted))} are back to normal.`, target: { view: 'overview' } }
    : {
        kind: 'digest',
        severity: 'error',
        title: `${things} stopped working`,
        body: `${list(names.map(quoted))} need you. This often means the internet or one service is down.`,
        target: { view: 'overview' }
      }
}

/** A refresh token that runs out soon. */
export function tokenAlert(connection: ConnectionSnapshot, expiresAt: number, now: number): Draft {
  return {
    kind: 'token-expiring',
    severity: 'warning',
    title: `${connection.label} will need you to sign in again soon`,
    body: `Patchbay’s access to ${connection.label} runs out ${inDays(expiresAt, now)}. Reconnect now to keep its syncs running.`,
    target: { view: 'connections', id: connection.connectionId },
    action: { label: 'Reconnect', command: 'connection:reconnect' }
  }
}

/** A connection's daily API allowance is running low (80% used). */
export function allowanceAlert(connection: ConnectionSnapshot, usage: { used: number; limit: number }): Draft {
  return {
    kind: 'allowance-low',
    severity: 'warning',
    title: `${connection.label} has used ${Math.floor((usage.used / usage.limit) * 100)}% of its daily API allowance`,
    body: `${usage.used.toLocaleString('en-US')} of ${usage.limit.toLocaleString('en-US')} calls in the last 24 hours. Patchbay holds its syncs before the allowance runs out, so your other apps that use ${connection.label} keep working.`,
    target: { view: 'connections', id: connection.connectionId }
  }
}

/** New conflicts, batched over syncs: "5 conflicts wait in 2 syncs". */
export function conflictsAlert(pending: ReadonlyArray<{ sync: SyncSnapshot; added: number }>): Draft {
  const total = pending.reduce((n, p) => n + p.added, 0)
  const verb = total === 1 ? 'waits' : 'wait'
  const where = pending.length === 1 ? quoted(pending[0].sync.name) : count(pending.length, 'sync')
  return {
    kind: 'conflicts',
    severity: 'warning',
    title: `${count(total, 'conflict')} ${verb} in ${where}`,
    body: `${total === 1 ? 'A record was' : 'Records were'} changed on both sides${pending.length > 1 ? ` in ${list(pending.map((p) => quoted(p.sync.name)))}` : ''}. Choose which value to keep; the rest keeps syncing.`,
    target: pending.length === 1 ? { view: 'conflicts', id: pending[0].sync.syncId } : { view: 'conflicts' }
  }
}

/** Ends a message with a full stop, so the next sentence does not run into it. */
function sentence(text: string): string {
  const t = text.trim()
  return /[.!?]$/.test(t) ? t : `${t}.`
}

/**
 * A sync's notice, told once: an undo left the two sides different, its damaged state was
 * restored, or a run held back deletes for the owner's OK (then the alert says so and opens
 * the sync, where the deletes are listed, even when conflicts wait too).
 */
export function noticeAlert(syncId: string, name: string, notice: string, conflictsWait: boolean, deletesWait = false): Draft {
  if (deletesWait) return { kind: 'sync-notice', severity: 'warning', title: `${quoted(name)}: deletes need your OK`, body: notice, target: { view: 'syncs', id: syncId } }
  return { kind: 'sync-notice', severity: 'warning', title: `${quoted(name)} needs a look`, body: notice, target: conflictsWait ? { view: 'conflicts', id: syncId } : { view: 'syncs', id: syncId } }
}
