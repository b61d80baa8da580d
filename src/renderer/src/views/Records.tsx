/**
 * Find a record: type an email, a customer id or a payment id and see everything that
 * happened to it, in every sync, newest first — written where, refused, in conflict,
 * settled, undone — with what still waits for the owner at the top.
 */
import { useEffect, useMemo, useState } from 'react'
import type { LogLine } from '../../../shared/contract'
import type { Conflict, Failure } from '../../../shared/domain'
import { EmptyState } from '../components/EmptyState'
import { ago, plural, sentences, when } from '../lib/format'
import { withConnectionLabels } from '../lib/names'
import { go, href } from '../lib/route'
import { loadStory } from '../store/events'
import { useStore } from '../store/store'

/** A story line in words: what happened, and its tone. */
function whatHappened(l: LogLine): { label: string; tone: 'ok' | 'failing' | 'conflicts' | 'deletes' | 'paused' } {
  const r = l.record
  switch (l.event) {
    case 'record':
      if (r?.outcome === 'failed' || l.level === 'error') return { label: r?.op === 'read' ? 'Could not be read' : 'Could not be written', tone: 'failing' }
      if (r?.op === 'create') return { label: 'Created', tone: 'ok' }
      if (r?.op === 'update') return { label: 'Changed', tone: 'ok' }
      if (r?.op === 'delete') return { label: 'Removed', tone: 'deletes' }
      return { label: 'Written', tone: 'ok' }
    case 'conflict':
      return { label: 'Conflict', tone: 'conflicts' }
    case 'settled':
      return { label: 'You settled it', tone: 'ok' }
    case 'unsettled':
      return { label: 'Settlement undone', tone: 'conflicts' }
    case 'undo-record':
      return { label: 'Put back by an undo', tone: 'paused' }
    case 'undo-skipped':
      return { label: 'Kept by an undo', tone: 'paused' }
    case 'undo-failed':
      return { label: 'Undo could not put it back', tone: 'failing' }
    case 'undo-difference':
      return { label: 'Differs after an undo', tone: 'conflicts' }
    default:
      return { label: l.level === 'error' ? 'Problem' : l.level === 'warn' ? 'Warning' : 'Note', tone: l.level === 'error' ? 'failing' : 'paused' }
  }
}

const same = (a: unknown, k: string) => a !== undefined && a !== null && String(a).trim().toLowerCase() === k

/** Open failures and conflicts about the record: what still waits for the owner. */
function waiting(key: string, failures: Failure[], conflicts: Conflict[]): { failures: Failure[]; conflicts: Conflict[] } {
  const k = key.trim().toLowerCase()
  return {
    failures: failures.filter((f) => f.status !== 'dismissed' && [f.key, f.recordId, f.sourceId].some((v) => same(v, k))),
    conflicts: conflicts.filter((c) => c.status === 'open' && [...Object.values(c.leftRecord), ...Object.values(c.rightRecord)].some((v) => same(v, k)))
  }
}

/** The view; `recordKey` comes from the address (`#/records?key=…`). */
export function Records({ recordKey }: { recordKey?: string }) {
  const story = useStore((s) => s.story)
  const cards = useStore((s) => s.cards)
  const failures = useStore((s) => s.failures)
  const conflicts = useStore((s) => s.conflicts)
  const connections = useStore((s) => s.connections)
  const now = useStore((s) => s.now)
  const [text, setText] = useState(recordKey ?? '')
  const names = useMemo(() => Object.fromEntries(cards.map((c) => [c.sync.id, c.sync.name])), [cards])
  const labels = useMemo(() => Object.fromEntries(connections.map((c) => [c.connection.id, c.connection.label])), [connections])

  useEffect(() => {
    setText(recordKey ?? '')
    if (recordKey?.trim()) void loadStory(recordKey.trim())
  }, [recordKey])

  const current = recordKey?.trim() && story?.key === recordKey.trim() ? story : undefined
  const open = current ? waiting(current.key, failures, conflicts) : undefined

  return (
    <div className="view" data-testid="records">
      <div className="view-head">
        <h1>Find a record</h1>
      </div>
      <form
        className="filters"
        role="search"
        aria-label="Find a record"
        onSubmit={(e) => {
          e.preventDefault()
          if (text.trim()) go({ view: 'records', key: text.trim() })
        }}
      >
        <label className="grow">
          <span>Email, customer id or payment id</span>
          <input className="input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="rosa.diaz@example.org, cus_…, ch_…, row id" data-testid="record-key" />
        </label>
        <button className="btn btn-primary" type="submit" disabled={!text.trim()} data-testid="record-find">
          Find
        </button>
      </form>
      {!recordKey?.trim() ? (
        <p className="muted">Everything Patchbay did to one record, in every sync, newest first: where it was written, refused, in conflict, settled or undone.</p>
      ) : !current || (!current.lines && !current.error) ? (
        <p className="loading">Looking through the log…</p>
      ) : current.error ? (
        <p className="tone-text-failing" role="alert" data-testid="record-error">
          {current.error}
        </p>
      ) : (
        <>
          {open && (open.failures.length > 0 || open.conflicts.length > 0) && (
            <section className="card story-waiting" aria-labelledby="story-waiting" data-testid="record-waiting">
              <h2 id="story-waiting">Waiting for you</h2>
              <ul>
                {open.conflicts.map((c) => (
                  <li key={c.id}>
                    A conflict in {names[c.syncId] ?? c.syncId} —{' '}
                    <a href={href({ view: 'conflicts', syncId: c.syncId })}>choose which value to keep</a>
                  </li>
                ))}
                {open.failures.map((f) => (
                  <li key={f.id}>
                    {sentences(f.message)} ({names[f.syncId] ?? f.syncId}) — <a href={href({ view: 'sync', id: f.syncId, tab: 'failures' })}>see the failure</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <h2 className="story-head" data-testid="record-count">
            {current.lines!.length === 0 ? `Nothing in the log about “${current.key}”` : `${plural(current.lines!.length, 'thing')} happened to “${current.key}”, newest first`}
          </h2>
          {current.lines!.length === 0 ? (
            <EmptyState title="Not found" testId="record-empty">
              Check the spelling, or try another id for it (an email, the id in the CSV file, a Stripe or HubSpot id). Patchbay logs every record it writes, and every conflict, failure and
              settlement; older log files are deleted after the log&apos;s size limit in Settings.
            </EmptyState>
          ) : (
            <ol className="story" data-testid="record-story">
              {current.lines!.map((l, i) => {
                const w = whatHappened(l)
                return (
                  <li key={`${l.time}-${i}`} className="story-line" data-testid="story-line" data-event={l.event ?? ''}>
                    <time dateTime={l.time} title={when(l.time)}>
                      {ago(l.time, now)}
                    </time>
                    <span className={`chip tone-${w.tone}`}>{w.label}</span>
                    <span className="story-what">
                      <span className="story-sync">{l.syncId ? names[l.syncId] ?? l.syncId : ''}</span>
                      <span className="story-msg">{withConnectionLabels(l.msg, labels)}</span>
                      {l.err?.hint && <span className="muted small"> {l.err.hint}</span>}
                    </span>
                    {l.runId ? (
                      <a className="story-run" href={href({ view: 'run', id: l.runId })}>
                        the run
                      </a>
                    ) : (
                      <span />
                    )}
                  </li>
                )
              })}
            </ol>
          )}
          {current.more && <p className="muted small">Older lines about it were left out: narrow it in Logs.</p>}
        </>
      )}
    </div>
  )
}
