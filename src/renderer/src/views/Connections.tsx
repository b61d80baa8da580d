/** The accounts Patchbay uses: their state, test, rename, remove, and adding one with the vendor's own instructions. */
import { useState } from 'react'
import type { ConnectionCard, SystemInfo } from '../../../shared/contract'
import { EmptyState } from '../components/EmptyState'
import { ConnectionBadge } from '../components/StateBadge'
import { signInExpires } from '../lib/format'
import { href } from '../lib/route'
import { removeConnection, renameConnection, testConnection } from '../store/actions'
import { useStore } from '../store/store'
import { ConnectionWizard } from './ConnectionWizard'

function Row({ card }: { card: ConnectionCard }) {
  const busy = useStore((s) => s.busy)
  const system = useStore((s) => s.systems.find((x) => x.system === card.connection.system))
  const [reconnecting, setReconnecting] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  const [editing, setEditing] = useState(false)
  const [label, setLabel] = useState(card.connection.label)
  const [removing, setRemoving] = useState(false)
  const id = card.connection.id
  const where = (card.connection.settings.file ?? card.connection.settings.folder) as string | undefined
  // Past the expiry the state is needs-reconnect and the summary says so; before it, a warning of its own.
  const expiring = card.state !== 'needs-reconnect' && card.signIn?.expiring ? card.signIn : undefined
  return (
    <li className="card conn-card" data-testid={`connection-${id}`}>
      <div className="conn-main">
        {editing ? (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault()
              void renameConnection(id, label).then((ok) => ok && setEditing(false))
            }}
          >
            <label className="sr-only" htmlFor={`rename-${id}`}>New name</label>
            <input id={`rename-${id}`} className="input" value={label} onChange={(e) => setLabel(e.target.value)} autoFocus data-testid="rename-input" />
            <button className="btn btn-small btn-primary" disabled={busy[`rename:${id}`]}>Save</button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => { setEditing(false); setLabel(card.connection.label) }}>Cancel</button>
          </form>
        ) : (
          <h2>{card.connection.label}</h2>
        )}
        <p className="muted small">
          {card.systemLabel}
          {where ? ` · ${where}` : ''}
          {card.connection.accountName ? ` · ${card.connection.accountName}` : ''}
        </p>
        {card.state !== 'ok' && <p>{card.summary}</p>}
        {expiring && (
          <p className="tone-text-partial" data-testid="sign-in-expiring" title={`Sign-in runs out ${new Date(expiring.expiresAt).toLocaleString()}`}>
            {signInExpires(expiring.daysLeft)} — Reconnect before then to keep its syncs running.
          </p>
        )}
        {card.usedBy.length === 0 && <p className="small muted">No sync uses it yet.</p>}
        {card.usedBy.length > 0 && (
          <p className="small">
            Used by{' '}
            {card.usedBy.map((s, i) => (
              <span key={s.id}>
                {i > 0 ? ', ' : ''}
                <a href={href({ view: 'sync', id: s.id, tab: 'history' })}>{s.name}</a>
              </span>
            ))}
          </p>
        )}
        {result && (
          <p className={`test-result ${result.ok ? 'tone-text-ok' : 'tone-text-failing'}`} role="status" data-testid="test-result">
            {result.ok ? '✓ ' : '✕ '}
            {result.message}
          </p>
        )}
        {reconnecting && system && <ConnectionWizard system={system} reconnect={{ id, label: card.connection.label, settings: card.connection.settings }} onDone={() => setReconnecting(false)} />}
        {removing && (
          <p className="confirm">
            Remove {card.connection.label}? Its keys are deleted from this computer’s keychain.
            <button className="btn btn-small btn-danger" onClick={() => void removeConnection(id)}>Remove</button>
            <button className="btn btn-small btn-ghost" onClick={() => setRemoving(false)}>Keep</button>
          </p>
        )}
      </div>
      <div className="conn-side">
        <ConnectionBadge state={card.state} />
        <div className="row-actions">
          {system && !reconnecting && (
            <button className={`btn btn-small${card.state !== 'ok' || expiring ? ' btn-primary' : ''}`} onClick={() => setReconnecting(true)} data-testid="reconnect" title={system.authKind === 'api-key' || system.authKind === 'basic' ? 'Enter a new key; the old one stays until the new one works' : undefined}>
              {system.authKind === 'api-key' || system.authKind === 'basic' ? 'Replace key' : system.authKind === 'none' ? 'Change' : 'Reconnect'}
            </button>
          )}
          <button className="btn btn-small" disabled={busy[`test:${id}`]} onClick={() => void testConnection(id).then((r) => r && setResult(r))} data-testid="test">
            {busy[`test:${id}`] ? 'Testing…' : 'Test'}
          </button>
          <button className="btn btn-small btn-ghost" onClick={() => setEditing(true)} data-testid="rename">Rename</button>
          <button
            className="btn btn-small btn-ghost btn-danger-text"
            disabled={card.usedBy.length > 0}
            title={card.usedBy.length ? 'Remove the syncs that use it first' : undefined}
            onClick={() => setRemoving(true)}
          >
            Remove…
          </button>
        </div>
      </div>
    </li>
  )
}

function AddConnection({ systems, onDone }: { systems: SystemInfo[]; onDone: () => void }) {
  const [system, setSystem] = useState<SystemInfo | null>(null)
  if (!system) {
    return (
      <section className="panel" aria-labelledby="add-title" data-testid="add-connection">
        <h2 id="add-title">Which system?</h2>
        <div className="systems">
          {systems.map((s) => (
            <button key={s.system} className="system" disabled={!s.available} onClick={() => setSystem(s)} data-testid={`system-${s.system}`}>
              <strong>{s.label}</strong>
              <span className="muted small">{s.kind}</span>
              {!s.available && <span className="soon">coming soon</span>}
            </button>
          ))}
        </div>
        <button className="btn btn-ghost" onClick={onDone}>Cancel</button>
      </section>
    )
  }
  return <ConnectionWizard system={system} onDone={onDone} onBack={() => setSystem(null)} />
}

/** The Connections view. */
export function Connections() {
  const connections = useStore((s) => s.connections)
  const loaded = useStore((s) => s.connectionsLoaded)
  const systems = useStore((s) => s.systems)
  const [adding, setAdding] = useState(false)
  return (
    <div className="view" data-testid="connections">
      <div className="view-head">
        <h1>Connections</h1>
        {!adding && <button className="btn btn-primary" onClick={() => setAdding(true)} data-testid="add-connection-button">Add a connection</button>}
      </div>
      {adding && <AddConnection systems={systems} onDone={() => setAdding(false)} />}
      {!loaded ? (
        <p className="loading">Loading…</p>
      ) : connections.length === 0 ? (
        <EmptyState title="Nothing connected yet" action={!adding && <button className="btn btn-primary" onClick={() => setAdding(true)}>Add your first connection</button>}>
          A connection is one of your accounts, such as your CRM, your newsletter tool or a spreadsheet. Add two, then make a sync between them.
        </EmptyState>
      ) : (
        <ul className="conn-list">
          {connections.map((c) => <Row key={c.connection.id} card={c} />)}
        </ul>
      )}
    </div>
  )
}
