/**
 * The words for a sync's and a connection's state, said the same way by the app, the tray
 * and the command line (one table, so they cannot drift).
 */
import type { SyncState } from './contract'
import type { ConnectionStatus } from './domain'

/** A sync's state in words. */
export const STATE_WORDS: Record<SyncState, string> = {
  ok: 'Up to date',
  running: 'Syncing',
  conflicts: 'Conflicts waiting',
  // Nothing failed: a run held back many deletes at once, and the owner says "Delete them" or "Keep them".
  deletes: 'Deletes need your OK',
  partial: 'Some records failed',
  failing: 'Failing',
  paused: 'Paused'
}

/** A connection's state in words. */
export const CONNECTION_WORDS: Record<ConnectionStatus, string> = {
  ok: 'Connected',
  degraded: 'Slow or limited',
  failing: 'Not answering',
  'needs-reconnect': 'Needs reconnecting'
}
