/** One sync: its state, run now, preview, pause and resume, its history with undo, its failures and its settings; changing it and copying it. */
import { useEffect, useState } from 'react'
import type { Failure, Run, Sync } from '../../../shared/domain'
import { lastRunWords } from '../../../shared/state-words'
import { EmptyState } from '../components/EmptyState'
import { PreviewPanel } from '../components/PreviewPanel'
import { ProgressBar } from '../components/ProgressBar'
import { StateBadge } from '../components/StateBadge'
import { WaitingDeletesPanel } from '../components/WaitingDeletesPanel'
import { ago, duration, plural, runTone, runWords, sentences, startedBy, until, when } from '../lib/format'
import { arrow, useSides } from '../lib/names'
import { go, href } from '../lib/route'
import { OP_WORDS, opTakesValue } from '../lib/sync-rules'
import { closePreview, dismissFailure, duplicateSync, pause, preview, removeSync, resume, retryFailure, runNow, turnOn, undoRun } from '../store/actions'
import { loadRuns } from '../store/events'
import { useStore } from '../store/store'
import { EditSync } from './NewSync'

const TABS = [
  { id: 'history', label: 'History' },
  { id: 'failures', label: 'Failures' },
  { id: 'settings', label: 'Settings' }
] as const

/** When the run an undo undid started, in words ("of 5 min ago"), or its id when it is no longer listed. */
function undoneWhen(runs: readonly Run[], id: string, now: number): string {
  const target = runs.find((x) => x.id === id)
  return target ? `from ${ago(target.startedAt, now)}` : id
}

function History({ syncId }: { syncId: string }) {
  const runs = useStore((s) => s.runs[syncId])
  const now = useStore((s) => s.now)
  const busy = useStore((s) => s.busy)
  const [confirm, setConfirm] = useState<string | null>(null)
  useEffect(() => void loadRuns(syncId), [syncId])
  if (!runs) return <p className="loading">Loading…</p>
  if (runs.length === 0) return <EmptyState title="No runs yet">Click Run now, or wait for its schedule. Each run is listed here with what it changed, and can be undone.</EmptyState>
  const undone = new Set(runs.map((r) => r.undoOf).filter(Boolean))
  return (
    <table className="table" data-testid="history">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Outcome</th>
          <th scope="col">Started by</th>
          <th scope="col">Changes</th>
          <th scope="col">Took</th>
          <th scope="col"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => {
          const writes = r.counts.created + r.counts.updated + r.counts.deleted
          const canUndo = !r.undoOf && !r.dryRun && writes > 0 && !undone.has(r.id) && r.status !== 'running'
          return (
            <tr key={r.id} data-testid="run-row" data-run={r.id} data-undo={r.undoOf ? 'true' : undefined}>
              <td title={when(r.startedAt)}>{ago(r.startedAt, now)}</td>
              <td><span className={`pill tone-${runTone(r)}`}>{runWords(r)}</span></td>
              <td className="muted">{startedBy(r)}</td>
              <td>
                {r.undoOf ? `Undo of the run ${undoneWhen(runs, r.undoOf, now)}: ${plural(r.counts.updated, 'record')} put back` : `${r.counts.created} new · ${r.counts.updated} changed${r.counts.deleted ? ` · ${r.counts.deleted} deleted` : ''}`}
                {r.counts.failed ? <span className="tone-text-partial"> · {r.counts.failed} failed</span> : null}
                {r.counts.conflicts ? <span className="tone-text-conflicts"> · {plural(r.counts.conflicts, 'conflict')}</span> : null}
              </td>
              <td>{duration(r)}</td>
              <td className="row-actions">
                <a className="btn btn-small btn-ghost" href={href({ view: 'run', id: r.id })}>Details</a>
                {undone.has(r.id) && <span className="muted small">undone</span>}
                {canUndo &&
                  (confirm === r.id ? (
                    <span className="confirm">
                      Put back {plural(writes, 'record')}?
                      <button className="btn btn-small btn-danger" disabled={busy[`undo:${r.id}`]} onClick={() => void undoRun(r.id, syncId).then(() => setConfirm(null))} data-testid="confirm-undo">Undo</button>
                      <button className="btn btn-small btn-ghost" onClick={() => setConfirm(null)}>Keep</button>
                    </span>
                  ) : (
                    <button className="btn btn-small" onClick={() => setConfirm(r.id)} data-testid="undo">Undo…</button>
                  ))}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

function Failures({ syncId, sides }: { syncId: string; sides: { left: string; right: string } }) {
  const all = useStore((s) => s.failures)
  const failures = all.filter((f) => f.syncId === syncId)
  const now = useStore((s) => s.now)
  const busy = useStore((s) => s.busy)
  if (failures.length === 0) {
    return <EmptyState title="No failures" testId="failures-empty">Every record this sync read was written. When a system refuses a record, it waits here with the reason, to try again or dismiss.</EmptyState>
  }
  const sideOf = (f: Failure) => (f.side === 'left' ? sides.left : sides.right)
  // The record in the owner's words first ("Rosa Diaz (rosa@…) could not be added to HubSpot"); ids only when nothing better is known.
  const what = (f: Failure) => {
    if (f.op === 'read') return `${f.line ? `Line ${f.line}` : 'A record'}${f.key && f.line ? ` (${f.key})` : ''} of ${sideOf(f)} could not be read`
    const who = f.label || f.key || f.recordId || 'A record'
    return `${who} could not be ${f.op === 'create' ? 'added to' : f.op === 'update' ? 'changed in' : 'removed from'} ${sideOf(f)}`
  }
  const todo = (f: Failure) =>
    f.hint ??
    (f.op === 'read'
      ? 'Fix it where it comes from (the file or the system), then try again — or dismiss it to leave this record out.'
      : `Check the record in ${sideOf(f)}, then try again — or dismiss it to leave it as it is.`)
  return (
    <ul className="failures" data-testid="failures">
      {failures.map((f) => {
        const key = f.key ?? f.recordId ?? f.sourceId
        return (
          <li key={f.id} className="failure" data-testid="failure" data-failure={f.id}>
            <div>
              <strong data-testid="failure-what">{what(f)}</strong>
              <p className="failure-msg">
                {f.op === 'read' ? sentences(f.message) : <>{sideOf(f)} said: “{f.message}”</>}
              </p>
              <p className="small" data-testid="failure-todo">
                <strong>What to do:</strong> {sentences(todo(f))}
              </p>
              <p className="muted small">
                First seen {ago(f.firstSeenAt, now)} · tried {plural(f.attempts, 'time')}
                {f.status === 'retry' ? ' · waiting for the next run' : ''} · <a href={href({ view: 'logs', syncId, runId: f.runId })} data-testid="failure-log">its log lines</a>
                {key && (
                  <>
                    {' '}
                    · <a href={href({ view: 'records', key })} data-testid="failure-story">what happened to this record</a>
                  </>
                )}
              </p>
              <details className="failure-raw small">
                <summary>Details for support</summary>
                <dl data-testid="failure-raw">
                  <dt>Code</dt>
                  <dd>{f.code}</dd>
                  <dt>Message</dt>
                  <dd>{f.message}</dd>
                  {f.recordId && (
                    <>
                      <dt>Record id in {sideOf(f)}</dt>
                      <dd>{f.recordId}</dd>
                    </>
                  )}
                  {f.sourceId && (
                    <>
                      <dt>Copied from</dt>
                      <dd>{f.sourceId}</dd>
                    </>
                  )}
                  {f.line !== undefined && (
                    <>
                      <dt>Line</dt>
                      <dd>{f.line}</dd>
                    </>
                  )}
                  <dt>Run</dt>
                  <dd>{f.runId}</dd>
                </dl>
              </details>
            </div>
            <div className="row-actions">
              <button className="btn btn-small btn-primary" disabled={busy[`failure:${f.id}`]} onClick={() => void retryFailure(f.id)} data-testid="retry">
                {/* A record with an id is tried alone; a file row that could not be read has none, so the whole sync runs (service.retryFailure). */}
                {busy[`failure:${f.id}`] ? 'Trying…' : (f.op === 'create' ? f.sourceId : f.op !== 'read' && f.recordId) ? 'Try this record again' : 'Run the whole sync again'}
              </button>
              <button className="btn btn-small btn-ghost" disabled={busy[`failure:${f.id}`]} onClick={() => void dismissFailure(f.id)} data-testid="dismiss">Dismiss</button>
            </div>
          </li>
        )
      })}
    </ul>
  )
}

function SettingsTab({ sync, schedule, sides }: { sync: Sync; schedule: string; sides: { left: string; right: string } }) {
  const policy = { ask: 'ask me', 'prefer-left': `keep ${sides.left}`, 'prefer-right': `keep ${sides.right}`, newest: 'keep the newest' }
  return (
    <div className="settings-tab" data-testid="sync-settings">
      <dl className="kv">
        <div><dt>Direction</dt><dd>{sync.direction === 'both' ? `Both ways between ${sides.left} and ${sides.right}` : sync.direction === 'left-to-right' ? `From ${sides.left} to ${sides.right} only` : `From ${sides.right} to ${sides.left} only`}</dd></div>
        <div><dt>Runs</dt><dd>{schedule}</dd></div>
        <div><dt>Records pair up by</dt><dd>{sync.match.field.replace(/_/g, ' ')}</dd></div>
        <div><dt>When both sides change a field</dt><dd>{policy[sync.conflictPolicy]}</dd></div>
        <div><dt>When a record is deleted</dt><dd>{sync.deletes === 'propagate' ? 'delete it on the other side too' : sync.deletes === 'ask' ? 'ask me' : 'leave the other side alone'}</dd></div>
        <div><dt>Which records</dt><dd data-testid="settings-filters">{sync.filters?.length ? `only those where ${sync.filters.map((f) => `${f.field.replace(/_/g, ' ')} ${OP_WORDS[f.op]}${opTakesValue(f.op) ? ` “${f.value ?? ''}”` : ''}`).join(' and ')}` : 'all of them'}</dd></div>
        {sync.fixed?.length ? <div><dt>Always sets</dt><dd data-testid="settings-fixed">{sync.fixed.map((x) => `${x.field} to “${x.value}” in ${sides[x.side]}`).join('; ')}</dd></div> : null}
      </dl>
      <table className="table compact">
        <caption>Fields</caption>
        <thead>
          <tr><th scope="col">Field</th><th scope="col">In {sides.left}</th><th scope="col">In {sides.right}</th><th scope="col">If both change it</th></tr>
        </thead>
        <tbody>
          {sync.mapping.map((m) => (
            <tr key={m.name}>
              <th scope="row">{m.name.replace(/_/g, ' ')}</th>
              <td>{m.left ?? (m.combine?.side === 'left' ? m.combine.parts.join(' + ') : '—')}</td>
              <td>{m.right ?? (m.combine?.side === 'right' ? m.combine.parts.join(' + ') : '—')}</td>
              <td className="muted">{m.conflictPolicy ? policy[m.conflictPolicy] : 'as the sync'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The sync detail view. */
export function SyncDetail({ id, tab, focus }: { id: string; tab: 'history' | 'failures' | 'settings' | 'edit'; focus?: 'deletes' }) {
  const card = useStore((s) => s.cards.find((c) => c.sync.id === id))
  const loaded = useStore((s) => s.cardsLoaded)
  const live = useStore((s) => s.live[id])
  const now = useStore((s) => s.now)
  const busy = useStore((s) => s.busy)
  const pv = useStore((s) => s.previews[id])
  const failures = useStore((s) => s.failures.filter((f) => f.syncId === id).length)
  const sides = useSides(card?.sync)
  const [removing, setRemoving] = useState(false)
  if (!card) return loaded ? <EmptyState title="This sync no longer exists" action={<a className="btn" href={href({ view: 'syncs' })}>All syncs</a>} /> : <p className="loading">Loading…</p>
  const { sync } = card
  // A sync that has run has paired records between its two systems: those stay.
  if (tab === 'edit') return <EditSync sync={sync} sidesLocked={!!card.lastRun} />
  const draft = !sync.enabled
  const paused = card.state === 'paused'
  return (
    <div className="view" data-testid="sync-detail" data-sync={id}>
      <p className="crumbs"><a href={href({ view: 'syncs' })}>Syncs</a> /</p>
      <div className="view-head">
        <div>
          <h1>{sync.name}</h1>
          <p className="sides">{sides.left} {arrow(sync.direction)} {sides.right} · {card.schedule}</p>
        </div>
        <StateBadge state={card.state} />
      </div>
      <div className={`panel status-panel tone-${card.state}`}>
        <p className="summary" data-testid="sync-summary">{card.summary}</p>
        <p className="muted small">
          <span data-testid="sync-last-run">Last run: {lastRunWords(card.lastRun, ago(card.lastRun?.endedAt ?? card.lastRun?.startedAt, now))}</span>
          {' · '}<span data-testid="sync-last-success">last success {ago(card.lastSuccessAt, now)}</span>
          {card.nextRunAt && !paused ? ` · next run ${until(card.nextRunAt, now)}` : ''}
        </p>
        {live && <ProgressBar live={live} sides={sides} />}
        <div className="actions">
          {draft ? (
            <button className="btn btn-primary" onClick={() => void turnOn(id)} disabled={busy[`pause:${id}`]} data-testid="turn-on">Turn on and run now</button>
          ) : (
            <button className="btn btn-primary" onClick={() => void runNow(id)} disabled={busy[`run:${id}`] || card.running} data-testid="run-now">
              {busy[`run:${id}`] || card.running ? 'Running…' : 'Run now'}
            </button>
          )}
          <button className="btn" onClick={() => void preview(id)} disabled={busy[`preview:${id}`]} data-testid="preview-button">
            {busy[`preview:${id}`] ? 'Looking…' : 'Preview changes'}
          </button>
          {!draft &&
            (paused ? (
              <button className="btn" onClick={() => void resume(id)} disabled={busy[`pause:${id}`]} data-testid="resume">Resume</button>
            ) : (
              <button className="btn" onClick={() => void pause(id)} disabled={busy[`pause:${id}`]} data-testid="pause">Pause</button>
            ))}
          <a className="btn" href={href({ view: 'sync', id, tab: 'edit' })} data-testid="edit-sync">Change…</a>
          <button className="btn btn-ghost" onClick={() => void duplicateSync(id)} disabled={busy[`duplicate:${id}`]} data-testid="duplicate-sync">Duplicate</button>
          <a className="btn btn-ghost" href={href({ view: 'logs', syncId: id })}>Log</a>
          <span className="spacer" />
          {removing ? (
            <span className="confirm">
              Remove this sync? Records stay as they are on both sides.
              <button className="btn btn-small btn-danger" onClick={() => void removeSync(id).then((ok) => ok && go({ view: 'syncs' }))}>Remove</button>
              <button className="btn btn-small btn-ghost" onClick={() => setRemoving(false)}>Keep</button>
            </span>
          ) : (
            <button className="btn btn-ghost btn-danger-text" onClick={() => setRemoving(true)}>Remove…</button>
          )}
        </div>
        {pv && (
          <div className="preview-wrap">
            <PreviewPanel preview={pv} sides={sides} />
            <button className="btn btn-small btn-ghost" onClick={() => closePreview(id)}>Close the preview</button>
          </div>
        )}
      </div>
      {card.waitingDeletes && <WaitingDeletesPanel syncId={id} waiting={card.waitingDeletes} sides={sides} focus={focus === 'deletes'} />}
      <div className="tabs" role="tablist" aria-label="About this sync">
        {TABS.map((t) => (
          <a key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'active' : ''} href={href({ view: 'sync', id, tab: t.id })} data-testid={`tab-${t.id}`}>
            {t.label}
            {t.id === 'failures' && failures > 0 ? <span className="nav-count tone-partial">{failures}</span> : null}
          </a>
        ))}
      </div>
      <div role="tabpanel" className="panel">
        {tab === 'history' ? <History syncId={id} /> : tab === 'failures' ? <Failures syncId={id} sides={sides} /> : <SettingsTab sync={sync} schedule={card.schedule} sides={sides} />}
      </div>
    </div>
  )
}
