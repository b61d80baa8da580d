/** One run: what started it, how long it took, what it counted, what went wrong, and the records it touched. */
import { useEffect, useState } from 'react'
import { onlyHeldDeletes } from '../../../shared/domain'
import { EmptyState } from '../components/EmptyState'
import { duration, plural, runWords, when } from '../lib/format'
import { useSides } from '../lib/names'
import { href } from '../lib/route'
import { undoRun } from '../store/actions'
import { loadRun, loadRunLines, loadRuns } from '../store/events'
import { useStore } from '../store/store'

const COUNTS = [
  ['read', 'Read'],
  ['created', 'New'],
  ['updated', 'Changed'],
  ['deleted', 'Deleted'],
  ['unchanged', 'Already the same'],
  ['conflicts', 'Conflicts'],
  ['failed', 'Failed']
] as const

/** The run detail view. */
export function RunDetail({ id }: { id: string }) {
  const run = useStore((s) => s.runDetail[id])
  const lines = useStore((s) => s.runLines[id])
  const card = useStore((s) => (run ? s.cards.find((c) => c.sync.id === run.syncId) : undefined))
  const undoneBy = useStore((s) => (run ? s.runs[run.syncId]?.find((r) => r.undoOf === id) : undefined))
  const busy = useStore((s) => !!s.busy[`undo:${id}`])
  const sides = useSides(card?.sync)
  const [confirm, setConfirm] = useState(false)
  useEffect(() => {
    void loadRun(id)
    void loadRunLines(id)
  }, [id])
  useEffect(() => {
    if (run?.syncId) void loadRuns(run.syncId)
  }, [run?.syncId])
  if (!run) return <p className="loading">Loading…</p>
  const writes = run.counts.created + run.counts.updated + run.counts.deleted
  const tone = run.status === 'ok' ? 'ok' : onlyHeldDeletes(run) ? 'deletes' : run.status === 'partial' ? 'partial' : run.status === 'failed' ? 'failing' : 'paused'
  return (
    <div className="view" data-testid="run-detail">
      <p className="crumbs">
        <a href={href({ view: 'syncs' })}>Syncs</a> / <a href={href({ view: 'sync', id: run.syncId, tab: 'history' })}>{card?.sync.name ?? run.syncId}</a> /
      </p>
      <div className="view-head">
        <div>
          <h1>Run of {when(run.startedAt)}</h1>
          <p className="muted">
            {run.undoOf ? <>Undid <a href={href({ view: 'run', id: run.undoOf })}>an earlier run</a> · </> : null}
            Started by {run.trigger === 'manual' ? 'you' : run.trigger} · took {duration(run)}
          </p>
        </div>
        <span className={`pill pill-large tone-${tone}`} data-testid="run-status">{runWords(run)}</span>
      </div>
      {run.error && (
        <div className="callout tone-failing" role="alert">
          <strong>{run.error.message}</strong>
          {run.error.hint && <p>{run.error.hint}</p>}
        </div>
      )}
      <dl className="counts" data-testid="run-counts">
        {COUNTS.map(([k, label]) => (
          <div key={k} className={run.counts[k] && (k === 'failed' || k === 'conflicts') ? `tone-${k === 'failed' ? 'partial' : 'conflicts'}` : ''}>
            <dt>{label}</dt>
            <dd>{run.counts[k].toLocaleString()}</dd>
          </div>
        ))}
      </dl>
      <div className="actions">
        {!run.undoOf && writes > 0 && !undoneBy && run.status !== 'running' &&
          (confirm ? (
            <span className="confirm">
              Put back the {plural(writes, 'record')} this run wrote? Records edited since are kept.
              <button className="btn btn-small btn-danger" disabled={busy} onClick={() => void undoRun(id, run.syncId).then(() => setConfirm(false))} data-testid="confirm-undo">Undo this run</button>
              <button className="btn btn-small btn-ghost" onClick={() => setConfirm(false)}>Keep</button>
            </span>
          ) : (
            <button className="btn" onClick={() => setConfirm(true)} data-testid="undo">Undo this run…</button>
          ))}
        {undoneBy && <span className="muted">This run was undone.</span>}
        <a className="btn btn-ghost" href={href({ view: 'logs', runId: id, syncId: run.syncId })}>Open in Logs</a>
      </div>
      <section className="panel" aria-labelledby="touched">
        <h2 id="touched">What it did</h2>
        {!lines ? (
          <p className="loading">Loading…</p>
        ) : lines.length === 0 ? (
          <EmptyState title="No log lines for this run">Older runs’ lines may have been rotated out of the log.</EmptyState>
        ) : (
          <ol className="run-lines">
            {[...lines].reverse().map((l, i) => (
              <li key={i} className={`level-${l.level}`}>
                <time dateTime={l.time}>{new Date(l.time).toLocaleTimeString()}</time>
                <span>{l.msg.replace(` in ${card?.sync.left.connectionId}`, ` in ${sides.left}`).replace(` in ${card?.sync.right.connectionId}`, ` in ${sides.right}`)}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  )
}
