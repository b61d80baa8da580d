/** A sync's or connection's state in words, colour and a shape, so it reads without colour too. */
import type { SyncState } from '../../../shared/contract'
import type { ConnectionStatus } from '../../../shared/domain'
import { CONNECTION_WORDS, STATE_WORDS } from '../../../shared/state-words'

const CONNECTION_TONE: Record<ConnectionStatus, SyncState> = { ok: 'ok', degraded: 'partial', failing: 'failing', 'needs-reconnect': 'failing' }

const ICON: Record<SyncState, string> = { ok: '✓', running: '↻', conflicts: '⇄', deletes: '?', partial: '!', failing: '✕', paused: '❙❙' }

/** The badge for a sync state. */
export function StateBadge({ state, label }: { state: SyncState; label?: string }) {
  return (
    <span className={`badge tone-${state}`} data-state={state}>
      <span className="badge-icon" aria-hidden="true">{ICON[state]}</span>
      {label ?? STATE_WORDS[state]}
    </span>
  )
}

/** The badge for a connection state. */
export function ConnectionBadge({ state }: { state: ConnectionStatus }) {
  return <StateBadge state={CONNECTION_TONE[state]} label={CONNECTION_WORDS[state]} />
}
