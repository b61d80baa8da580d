/** Every sync in a list, the way to make a new one, and every sync's runs, filtered by sync and outcome. */
import { useEffect } from 'react'
import { EmptyState } from '../components/EmptyState'
import { StateBadge } from '../components/StateBadge'
import { ago, duration, plural, runTone, runWords, startedBy, when } from '../lib/format'
import { arrow, useSides } from '../lib/names'
import { href } from '../lib/route'
import { loadHistory } from '../store/events'
import { useStore, type HistoryStatus } from '../store/store'
import type { SyncCard } from '../../../shared/contract'

const OUTCOMES: { value: HistoryStatus | ''; label: string }[] = [
  { value: '', label: 'Every run' },
  { value: 'failed', label: 'Failed' },
  { value: 'partial', label: 'Some records failed, or deletes held' },
  { value: 'ok', label: 'Completed' },
  { value: 'undo', label: 'Undos' },
  { value: 'cancelled', label: 'Stopped or skipped' }
]

/** Every sync's runs, newest first, narrowed by sync and outcome; each opens to the records it touched. */
function RunHistory({ cards }: { cards: SyncCard[] }) {
  const history = useStore((s) => s.history)
  const now = useStore((s) => s.now)
  useEffect(() => {
    void loadHistory({})
  }, [])
  const names = Object.fromEntries(cards.map((c) => [c.sync.id, c.sync.name]))
  const runs = history?.runs
  return (
    <section className="run-history" aria-labelledby="history-title" data-testid="run-history">
      <h2 id="history-title">Every run</h2>
      <form className="filters" role="search" aria-label="Filter the runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Sync</span>
          <select className="input" value={history?.syncId ?? ''} onChange={(e) => void loadHistory({ syncId: e.target.value || undefined, status: history?.status })} data-testid="history-sync">
            <option value="">All syncs</option>
            {cards.map((c) => (
              <option key={c.sync.id} value={c.sync.id}>{c.sync.name}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Show</span>
          <select className="input" value={history?.status ?? ''} onChange={(e) => void loadHistory({ syncId: history?.syncId, status: (e.target.value || undefined) as HistoryStatus | undefined })} data-testid="history-status">
            {OUTCOMES.map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </label>
      </form>
      {!runs ? (
        <p className="loading">Loading…</p>
      ) : runs.length === 0 ? (
        <p className="muted" data-testid="history-empty">No runs {history?.status || history?.syncId ? 'match these filters' : 'yet'}.</p>
      ) : (
        <div className="panel flush">
        <table className="table">
          <caption className="sr-only">{plural(runs.length, 'run')}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Sync</th>
              <th scope="col">Outcome</th>
              <th scope="col">By</th>
              <th scope="col">Records</th>
              <th scope="col">Took</th>
              <th scope="col"><span className="sr-only">Open</span></th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="history-row" data-status={r.undoOf ? 'undo' : r.status} data-sync={r.syncId}>
                <td title={when(r.startedAt)}>{ago(r.startedAt, now)}</td>
                <td>{names[r.syncId] ?? r.syncId}</td>
                <td><span className={`pill tone-${runTone(r)}`}>{runWords(r)}</span></td>
                <td className="muted">{startedBy(r)}</td>
                <td>
                  {r.status === 'failed' && r.error ? (
                    <span className="tone-text-failing">{r.error.message}</span>
                  ) : (
                    <>
                      {r.counts.created} new · {r.counts.updated} changed{r.counts.deleted ? ` · ${r.counts.deleted} deleted` : ''}
                      {r.counts.failed ? <span className="tone-text-partial"> · {r.counts.failed} failed</span> : null}
                      {r.counts.conflicts ? <span className="tone-text-conflicts"> · {plural(r.counts.conflicts, 'conflict')}</span> : null}
                    </>
                  )}
                </td>
                <td>{duration(r)}</td>
                <td className="row-actions">
                  <a className="btn btn-small btn-ghost" href={href({ view: 'run', id: r.id })} data-testid="history-open">Details</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </section>
  )
}

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
      {loaded && cards.length > 0 && <RunHistory cards={cards} />}
    </div>
  )
}
