/** Every sync in a list, and the way to make a new one. */
import { EmptyState } from '../components/EmptyState'
import { StateBadge } from '../components/StateBadge'
import { ago } from '../lib/format'
import { arrow, useSides } from '../lib/names'
import { href } from '../lib/route'
import { useStore } from '../store/store'
import type { SyncCard } from '../../../shared/contract'

function Row({ card }: { card: SyncCard }) {
  const now = useStore((s) => s.now)
  const sides = useSides(card.sync)
  return (
    <tr data-testid={`sync-row-${card.sync.id}`}>
      <th scope="row">
        <a href={href({ view: 'sync', id: card.sync.id, tab: 'history' })}>{card.sync.name}</a>
      </th>
      <td className="muted">
        {sides.left} {arrow(card.sync.direction)} {sides.right}
      </td>
      <td><StateBadge state={card.state} /></td>
      <td>{card.schedule}</td>
      <td>{ago(card.lastRun?.endedAt, now)}</td>
    </tr>
  )
}

/** The Syncs view. */
export function Syncs() {
  const cards = useStore((s) => s.cards)
  const loaded = useStore((s) => s.cardsLoaded)
  return (
    <div className="view" data-testid="syncs">
      <div className="view-head">
        <h1>Syncs</h1>
        <a className="btn btn-primary" href={href({ view: 'new-sync' })} data-testid="new-sync">New sync</a>
      </div>
      {!loaded ? (
        <p className="loading">Loading…</p>
      ) : cards.length === 0 ? (
        <EmptyState title="No syncs yet" action={<a className="btn btn-primary" href={href({ view: 'new-sync' })}>Create a sync from a template</a>}>
          Pick a ready-made sync such as “Web form sign-ups → CRM”, choose your connections, and preview what it would do before it changes anything.
        </EmptyState>
      ) : (
        <div className="panel flush">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Between</th>
                <th scope="col">State</th>
                <th scope="col">Runs</th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {cards.map((c) => (
                <Row key={c.sync.id} card={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
