/**
 * The morning look: the worst state at a glance, what needs the person, every sync as a
 * card, the last week as a chart, and the connections.
 */
import { attentionOf } from '../../../shared/attention'
import type { SyncCard as Card } from '../../../shared/contract'
import { lastRunWords } from '../../../shared/state-words'
import { ConnectionBadge, StateBadge } from '../components/StateBadge'
import { DailyChart, SyncSpark } from '../components/DailyChart'
import { EmptyState } from '../components/EmptyState'
import { ProgressBar } from '../components/ProgressBar'
import { ago, plural, signInExpires, STATE_RANK, until, when } from '../lib/format'
import { arrow, useSides } from '../lib/names'
import { href } from '../lib/route'
import { runNow } from '../store/actions'
import { useStore } from '../store/store'

interface Step {
  label: string
  to: string
  testId: string
}

/**
 * What the owner can do about a sync that needs them: the state's own step first, then one
 * for each other thing that waits (held deletes beside failures, say), so no fact hides another.
 */
function stepsOf(c: Card): Step[] {
  const id = c.sync.id
  const deletes: Step = { label: 'Review the deletes', to: href({ view: 'sync', id, tab: 'history', focus: 'deletes' }), testId: 'review-deletes' }
  const failures: Step = { label: 'See failures', to: href({ view: 'sync', id, tab: 'failures' }), testId: 'see-failures' }
  const conflicts: Step = { label: 'Settle conflicts', to: href({ view: 'conflicts', syncId: id }), testId: 'settle-conflicts' }
  const first: Step =
    c.state === 'deletes'
      ? deletes
      : c.state === 'conflicts'
        ? conflicts
        : c.state === 'partial'
          ? failures
          : c.state === 'failing' && c.lastRun
            ? { label: 'See what happened', to: href({ view: 'run', id: c.lastRun.id }), testId: 'see-run' }
            : { label: 'Open', to: href({ view: 'sync', id, tab: 'history' }), testId: 'open-sync' }
  const others = [c.waitingDeletes ? deletes : null, c.openFailures > 0 ? failures : null, c.openConflicts > 0 ? conflicts : null]
  return [first, ...others.filter((s): s is Step => s !== null && s.testId !== first.testId)]
}

function AttentionRow({ card: c }: { card: Card }) {
  return (
    <li data-testid={`attention-${c.sync.id}`} data-state={c.state}>
      <span className={`dot tone-${c.state}`} aria-hidden="true" />
      <span>
        <strong>{c.sync.name}</strong> — {c.summary}
      </span>
      <span className="attention-steps">
        {stepsOf(c).map((s) => (
          <a key={s.testId} className="btn btn-small" href={s.to} data-testid={s.testId}>{s.label}</a>
        ))}
      </span>
    </li>
  )
}

/**
 * The "needs you" panel: the headline counts exactly the rows under it (`attentionOf`); a
 * paused sync with nothing waiting is listed apart, under words saying it is not counted.
 */
function Attention({ cards }: { cards: Card[] }) {
  const { needs, paused, worst, headline } = attentionOf(cards)
  return (
    <section className={`attention tone-${worst}`} aria-labelledby="attention-title" data-testid="attention" data-state={worst}>
      <div className="attention-head">
        <StateBadge state={worst} />
        <h2 id="attention-title" data-testid="attention-headline" data-count={needs.length}>{headline}</h2>
      </div>
      {cards.some((c) => c.notice) && (
        // An undo that left the sides different, or a damaged sync state restored from a backup: said once here, in full.
        <div className="core-banner" role="alert" data-testid="sync-notices">
          {cards.filter((c) => c.notice).map((c) => (
            <p key={c.sync.id}>
              <strong>{c.sync.name}:</strong> {c.notice}{' '}
              <a className="btn btn-small" href={c.openConflicts ? href({ view: 'conflicts', syncId: c.sync.id }) : href({ view: 'sync', id: c.sync.id, tab: 'history' })}>{c.openConflicts ? 'Settle in Conflicts' : 'Open'}</a>
            </p>
          ))}
        </div>
      )}
      {needs.length > 0 && (
        <ul className="attention-list" data-testid="needs-you-list">
          {needs.map((c) => <AttentionRow key={c.sync.id} card={c} />)}
        </ul>
      )}
      {paused.length > 0 && (
        <>
          <p className="attention-paused-title muted small" id="paused-title">{needs.length > 0 ? 'Paused, so not counted above: nothing' : 'Nothing'} to do until you resume {paused.length === 1 ? 'it' : 'them'}.</p>
          <ul className="attention-list attention-paused" data-testid="paused-list" aria-labelledby="paused-title">
            {paused.map((c) => <AttentionRow key={c.sync.id} card={c} />)}
          </ul>
        </>
      )}
    </section>
  )
}

function SyncCard({ card }: { card: Card }) {
  const now = useStore((s) => s.now)
  const live = useStore((s) => s.live[card.sync.id])
  const busy = useStore((s) => !!s.busy[`run:${card.sync.id}`])
  const sides = useSides(card.sync)
  const daily = useStore((s) => s.daily)
  const last = card.lastRun
  const c = last?.counts
  return (
    <article className={`card sync-card tone-${card.state}`} data-testid={`sync-card-${card.sync.id}`} data-state={card.state} aria-labelledby={`card-${card.sync.id}`}>
      <header className="card-head">
        <h3 id={`card-${card.sync.id}`}>
          <a href={href({ view: 'sync', id: card.sync.id, tab: 'history' })}>{card.sync.name}</a>
        </h3>
        <StateBadge state={card.state} />
      </header>
      <p className="sides">
        {sides.left} <span aria-label={card.sync.direction === 'both' ? 'both ways' : 'to'}>{arrow(card.sync.direction)}</span> {sides.right}
      </p>
      <p className="summary">{card.summary}</p>
      {live ? <ProgressBar live={live} sides={sides} /> : null}
      <dl className="facts">
        <div>
          <dt>Last success</dt>
          <dd title={when(card.lastSuccessAt)} data-testid="last-success">{ago(card.lastSuccessAt, now)}</dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd title={card.schedule}>{card.state === 'paused' ? 'paused' : card.nextRunAt ? until(card.nextRunAt, now) : card.sync.trigger.kind === 'manual' ? 'when you click Run' : card.schedule}</dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd data-testid="last-run-counts" title={c ? `${c.created} new · ${c.updated} changed${c.deleted ? ` · ${c.deleted} removed` : ''}${c.failed ? ` · ${c.failed} failed` : ''}` : undefined}>
            {lastRunWords(last, ago(last?.endedAt ?? last?.startedAt, now))}
          </dd>
        </div>
      </dl>
      {daily.length > 0 && (
        <div className="card-spark">
          <span className="muted small">Records moved, last {daily.length} days</span>
          <SyncSpark days={daily} syncId={card.sync.id} />
        </div>
      )}
      <footer className="card-foot">
        {card.openConflicts > 0 && <a className="chip tone-conflicts" href={href({ view: 'conflicts', syncId: card.sync.id })}>{plural(card.openConflicts, 'conflict')}</a>}
        {card.waitingDeletes && (
          <a className="chip tone-deletes" href={href({ view: 'sync', id: card.sync.id, tab: 'history', focus: 'deletes' })} data-testid="chip-deletes">
            {plural(card.waitingDeletes.items.length, 'delete')} held
          </a>
        )}
        {card.openFailures > 0 && <a className="chip tone-partial" href={href({ view: 'sync', id: card.sync.id, tab: 'failures' })}>{plural(card.openFailures, 'failure')}</a>}
        <span className="spacer" />
        <button className="btn btn-small" onClick={() => void runNow(card.sync.id)} disabled={busy || card.running} data-testid="run-now">
          {busy || card.running ? 'Running…' : 'Run now'}
        </button>
      </footer>
    </article>
  )
}

/** The Overview view. */
export function Overview() {
  const cards = useStore((s) => s.cards)
  const loaded = useStore((s) => s.cardsLoaded)
  const daily = useStore((s) => s.daily)
  const connections = useStore((s) => s.connections)
  if (!loaded) return <p className="loading" aria-busy="true">Loading…</p>
  if (cards.length === 0) {
    return (
      <div className="view">
        <h1>Overview</h1>
        <EmptyState title="No syncs yet" testId="overview-empty" action={<a className="btn btn-primary" href={href({ view: 'new-sync' })}>Create your first sync</a>}>
          A sync keeps two systems in step, such as your web form and your CRM. Connect your systems under Connections, then create a sync from a ready-made template.
        </EmptyState>
      </div>
    )
  }
  const sorted = [...cards].sort((a, b) => STATE_RANK[b.state] - STATE_RANK[a.state])
  return (
    <div className="view" data-testid="overview">
      <h1>Overview</h1>
      <Attention cards={cards} />
      <div className="grid">
        {sorted.map((c) => (
          <SyncCard key={c.sync.id} card={c} />
        ))}
      </div>
      <div className="overview-lower">
        <section className="panel" aria-labelledby="chart-title">
          <h2 id="chart-title">The last 7 days</h2>
          <DailyChart days={daily} names={Object.fromEntries(cards.map((c) => [c.sync.id, c.sync.name]))} />
        </section>
        <section className="panel" aria-labelledby="conn-title">
          <h2 id="conn-title">Connections</h2>
          <ul className="conn-mini">
            {connections.map((c) => (
              <li key={c.connection.id}>
                <span>
                  <strong>{c.connection.label}</strong>
                  <span className="muted"> · {c.systemLabel}</span>
                  {c.state !== 'needs-reconnect' && c.signIn?.expiring && (
                    <>
                      <br />
                      <a className="small tone-text-partial" href={href({ view: 'connections' })} data-testid="sign-in-expiring">
                        {signInExpires(c.signIn.daysLeft)} — Reconnect
                      </a>
                    </>
                  )}
                </span>
                <ConnectionBadge state={c.state} />
              </li>
            ))}
          </ul>
          <a className="link" href={href({ view: 'connections' })}>Manage connections</a>
        </section>
      </div>
    </div>
  )
}
