/**
 * Everything that happened, newest first: a virtualized list (only the rows on screen are
 * drawn, so 100,000 lines scroll smoothly), filters, follow live, and export to a file.
 */
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { LogLine } from '../../../shared/contract'
import { EmptyState } from '../components/EmptyState'
import { plural, sentences } from '../lib/format'
import { withConnectionLabels } from '../lib/names'
import { go, href } from '../lib/route'
import { exportLogs, setFollow } from '../store/actions'
import { loadLogs, setLogFilter } from '../store/events'
import { useStore } from '../store/store'

const ROW = 32

function time(iso: string): string {
  const d = new Date(iso)
  const today = new Date().toDateString() === d.toDateString()
  const t = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return today ? t : `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })} ${t}`
}

/** A line's identity while the list grows at both ends (lines carry no id). */
const lineKey = (l: LogLine) => `${l.time}|${l.runId ?? ''}|${l.msg}`

const OPS: Record<string, string> = { create: 'created', update: 'changed', delete: 'removed', read: 'read', match: 'matched', skip: 'skipped' }

// Memoised: a new page of older lines re-renders the list, but the rows on screen have not changed.
const Row = memo(function Row({ line, syncName, labels, open, toggle }: { line: LogLine; syncName?: string; labels: Record<string, string>; open: boolean; toggle: (key: string) => void }) {
  const key = lineKey(line)
  const detailsId = `log-details-${key.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`
  const message = withConnectionLabels(line.msg, labels)
  return (
    <div className={`log-entry${open ? ' is-open' : ''}`} data-testid="log-entry">
      <div className={`log-row level-${line.level}`} data-testid="log-row">
        <time dateTime={line.time}>{time(line.time)}</time>
        <span className={`level level-${line.level}`}>{line.level === 'warn' ? 'warning' : line.level}</span>
        <span className="log-sync">{syncName ?? (line.event === 'demo' ? 'demo' : '')}</span>
        <button type="button" className="log-msg" aria-expanded={open} aria-controls={open ? detailsId : undefined} title={open ? undefined : 'Show the whole line and its details'} onClick={() => toggle(key)} data-testid="log-toggle">
          {message}
        </button>
        {line.runId ? (
          <a className="log-run" href={href({ view: 'run', id: line.runId })} aria-label="Open this run">
            run
          </a>
        ) : (
          <span />
        )}
      </div>
      {open && (
        <dl className="log-details" id={detailsId} data-testid="log-details">
          <dt>Message</dt>
          <dd className="log-full" data-testid="log-full">{message}</dd>
          <dt>When</dt>
          <dd>{new Date(line.time).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'medium' })}</dd>
          {syncName && (
            <>
              <dt>Sync</dt>
              <dd>{syncName}</dd>
            </>
          )}
          {line.record && (
            <>
              <dt>Record</dt>
              <dd data-testid="log-record">
                {[line.record.key, line.record.id && line.record.id !== line.record.key ? `id ${line.record.id}` : undefined, line.record.side ? `on the ${line.record.side} side` : undefined, line.record.op ? OPS[line.record.op] ?? line.record.op : undefined, line.record.outcome && line.record.outcome !== 'ok' ? line.record.outcome : undefined]
                  .filter(Boolean)
                  .join(' · ')}
                {line.record.key && (
                  <>
                    {' '}
                    <a href={href({ view: 'records', key: line.record.key })} data-testid="log-same-record">
                      What happened to this record
                    </a>
                  </>
                )}
              </dd>
            </>
          )}
          {line.err && (
            <>
              <dt>What went wrong</dt>
              <dd data-testid="log-error">
                {sentences(line.err.message, line.err.hint)}
                <span className="muted"> ({line.err.code})</span>
              </dd>
            </>
          )}
          {line.runId && (
            <>
              <dt>Run</dt>
              <dd>
                <a href={href({ view: 'run', id: line.runId })}>Open this run</a> ·{' '}
                <a href={href({ view: 'logs', runId: line.runId, syncId: line.syncId })}>only this run&apos;s lines</a>
              </dd>
            </>
          )}
        </dl>
      )}
    </div>
  )
})

/** The Logs view; `syncId` and `runId` come from the address. */
export function Logs({ syncId, runId }: { syncId?: string; runId?: string }) {
  const logs = useStore((s) => s.logs)
  const cards = useStore((s) => s.cards)
  const exporting = useStore((s) => !!s.busy['export-logs'])
  const [text, setText] = useState(logs.filter.text ?? '')
  const scroller = useRef<HTMLDivElement>(null)
  const connections = useStore((s) => s.connections)
  const names = useMemo(() => Object.fromEntries(cards.map((c) => [c.sync.id, c.sync.name])), [cards])
  const labels = useMemo(() => Object.fromEntries(connections.map((c) => [c.connection.id, c.connection.label])), [connections])

  useEffect(() => {
    setLogFilter({ syncId, runId })
  }, [syncId, runId])

  useEffect(() => {
    const t = setTimeout(() => {
      if ((logs.filter.text ?? '') !== text) setLogFilter({ text })
    }, 300)
    return () => clearTimeout(t)
  }, [text, logs.filter.text])

  // Lines written between runs (the demo's edits, a test) arrive without an event: look every few seconds while following.
  useEffect(() => {
    if (!logs.follow) return
    const t = setInterval(() => void loadLogs(true), 4000)
    return () => clearInterval(t)
  }, [logs.follow])

  // Rows open to their details; the list measures an open row's height.
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const toggle = useCallback((key: string) => setOpen((o) => {
    const next = new Set(o)
    if (next.has(key)) next.delete(key)
    else next.add(key)
    return next
  }), [])
  const count = logs.lines.length + (logs.nextCursor ? 1 : 0)
  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW,
    overscan: 24,
    getItemKey: (i) => (i < logs.lines.length ? lineKey(logs.lines[i]) : 'older')
  })
  const items = virtual.getVirtualItems()
  const lastIndex = items.length ? items[items.length - 1].index : 0
  useEffect(() => {
    if (logs.nextCursor && lastIndex >= logs.lines.length - 1) void loadLogs(false)
  }, [lastIndex, logs.lines.length, logs.nextCursor])

  const filter = logs.filter
  return (
    <div className="view view-fill" data-testid="logs">
      <div className="view-head">
        <h1>Logs</h1>
        <div className="head-actions">
          <label className="check">
            <input type="checkbox" checked={logs.follow} onChange={(e) => setFollow(e.target.checked)} data-testid="follow" />
            Follow live
          </label>
          <button className="btn" onClick={() => void exportLogs()} disabled={exporting} data-testid="export-logs">
            {exporting ? 'Exporting…' : 'Export to a file'}
          </button>
        </div>
      </div>
      <form className="filters" role="search" aria-label="Filter the log" onSubmit={(e) => e.preventDefault()}>
        <label>
          <span>Sync</span>
          <select className="input" value={filter.syncId ?? ''} onChange={(e) => go({ view: 'logs', syncId: e.target.value || undefined, runId: filter.runId })} data-testid="log-sync">
            <option value="">All syncs</option>
            {cards.map((c) => (
              <option key={c.sync.id} value={c.sync.id}>{c.sync.name}</option>
            ))}
          </select>
        </label>
        <label>
          <span>At least</span>
          <select className="input" value={filter.level ?? ''} onChange={(e) => setLogFilter({ level: (e.target.value || undefined) as never })} data-testid="log-level">
            <option value="">Everything</option>
            <option value="info">Information</option>
            <option value="warn">Warnings</option>
            <option value="error">Errors</option>
          </select>
        </label>
        <label>
          <span>From</span>
          <select className="input" value={filter.sinceHours ?? ''} onChange={(e) => setLogFilter({ sinceHours: e.target.value ? Number(e.target.value) : undefined })} data-testid="log-since">
            <option value="">Any time</option>
            <option value="1">The last hour</option>
            <option value="24">The last 24 hours</option>
            <option value="168">The last 7 days</option>
          </select>
        </label>
        <label className="grow">
          <span>Containing</span>
          <input className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="an email, a payment id, a word…" data-testid="log-text" />
        </label>
        {filter.runId && (
          <span className="chip" data-testid="run-chip">
            One run: {filter.runId.slice(-6)}
            <button type="button" className="icon-btn" aria-label="Show every run" onClick={() => go({ view: 'logs', syncId: filter.syncId })}>×</button>
          </span>
        )}
      </form>
      <p className="muted small" aria-live="polite" data-testid="log-count">
        {logs.loading && logs.lines.length === 0 ? 'Loading…' : `${plural(logs.lines.length, 'line')}${logs.nextCursor ? ' so far; scroll for older ones' : ''}`}
      </p>
      {logs.lines.length === 0 && !logs.loading ? (
        <EmptyState title="No log lines match" testId="logs-empty">
          Try fewer filters, or run a sync: every run writes what it read, wrote and refused here.
        </EmptyState>
      ) : (
        <div
          className="log-list"
          ref={scroller}
          role="log"
          aria-label="Log lines, newest first"
          tabIndex={0}
          onScroll={(e) => {
            if (logs.follow && e.currentTarget.scrollTop > ROW * 3) setFollow(false)
          }}
        >
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {items.map((v) => (
              <div key={v.key} data-index={v.index} ref={virtual.measureElement} className="log-slot" style={{ transform: `translateY(${v.start}px)` }}>
                {v.index < logs.lines.length ? (
                  <Row line={logs.lines[v.index]} syncName={names[logs.lines[v.index].syncId ?? '']} labels={labels} open={open.has(lineKey(logs.lines[v.index]))} toggle={toggle} />
                ) : (
                  <div className="log-row muted">Loading older lines…</div>
                )}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  )
}
