/**
 * The one state the tray icon shows (resources/ has an icon for each): the worst thing
 * going on. Failing beats warning beats syncing beats ok.
 */
import { assertNever } from '../../shared/assert'
import type { ConnectionHealth, ConnectionState } from './connection-health'
import type { SyncHealth, SyncState } from './sync-health'

/** The tray icon's states, worst last. */
export type TrayState = 'ok' | 'syncing' | 'warning' | 'failing'

const RANK: Record<TrayState, number> = { ok: 0, syncing: 1, warning: 2, failing: 3 }

/** The worst state over every sync and connection. */
export function worstState(input: {
  syncs: readonly Pick<SyncHealth, 'state' | 'running'>[]
  connections: readonly Pick<ConnectionHealth, 'state'>[]
}): TrayState {
  const states: TrayState[] = [
    ...input.syncs.map((s) => (s.running ? worse(traySync(s.state), 'syncing') : traySync(s.state))),
    ...input.connections.map((c) => trayConnection(c.state))
  ]
  return states.reduce(worse, 'ok')
}

function worse(a: TrayState, b: TrayState): TrayState {
  return RANK[b] > RANK[a] ? b : a
}

function traySync(state: SyncState): TrayState {
  switch (state) {
    case 'failing':
      return 'failing'
    case 'partial':
    case 'conflicts':
    case 'deletes':
      return 'warning'
    case 'running':
      return 'syncing'
    // Paused is the person's choice, not a problem to flag.
    case 'paused':
    case 'ok':
      return 'ok'
    default:
      return assertNever(state, 'sync state')
  }
}

function trayConnection(state: ConnectionState): TrayState {
  switch (state) {
    case 'failing':
    case 'needs-reconnect':
      return 'failing'
    case 'degraded':
      return 'warning'
    case 'ok':
      return 'ok'
    default:
      return assertNever(state, 'connection state')
  }
}
