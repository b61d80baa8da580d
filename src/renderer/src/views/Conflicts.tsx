/**
 * The conflicts queue, newest first: for each, per field, what it was and what each side
 * made of it; keep one side, type a value, settle one field for many records ("keep
 * HubSpot's phone for all"), or settle a whole sync's queue at once.
 * Keyboard: j/k move, l keeps the left side, r the right, e edits.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Conflict } from '../../../shared/domain'
import { EmptyState } from '../components/EmptyState'
import { plural } from '../lib/format'
import { go, href } from '../lib/route'
import { resolveAll, resolveConflict, settleField } from '../store/actions'
import { useStore } from '../store/store'
import { Detail, fieldLabel, recordName, waitingFields } from './ConflictDetail'

/** A bulk settlement waiting for the person's yes. */
interface Confirm {
  question: string
  yes: string
  run: () => void
}

function useLabels() {
  const connections = useStore((s) => s.connections)
  return (id: string) => connections.find((c) => c.connection.id === id)?.connection.label ?? id
}

/**
 * "Keep HubSpot's phone for all": one pair of buttons per field that several of a sync's
 * conflicts wait on. Only that field is settled; each record's other fields keep waiting.
 */
function BulkByField({ conflicts, syncId, sides, ask }: { conflicts: Conflict[]; syncId: string; sides: { left: string; right: string }; ask: (c: Confirm) => void }) {
  const busy = useStore((s) => s.busy)
  const [asRule, setAsRule] = useState(false)
  const byField = new Map<string, string[]>()
  for (const c of conflicts) {
    if (c.syncId !== syncId || c.kind !== 'fields') continue
    for (const f of waitingFields(c)) byField.set(f.name, [...(byField.get(f.name) ?? []), c.id])
  }
  const shared = [...byField].filter(([, ids]) => ids.length >= 2).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))
  if (!shared.length) return null
  return (
    <section className="bulk-fields" aria-labelledby="bulk-fields-title" data-testid="bulk-fields">
      <h2 id="bulk-fields-title" className="bulk-fields-title">Settle one field for many records</h2>
      <p className="muted small">Only that field is settled; a record that also differs in other fields keeps those waiting below.</p>
      <ul>
        {shared.map(([field, ids]) => (
          <li key={field} data-testid={`bulk-field-${field}`}>
            <span className="bulk-field-name">
              <strong>{fieldLabel(field)}</strong> <span className="muted small">differs in {plural(ids.length, 'record')}</span>
            </span>
            {(['left', 'right'] as const).map((side) => (
              <button
                key={side}
                className="btn btn-small"
                disabled={!!busy[`settle:${syncId}:${field}`]}
                onClick={() => ask({ question: `Keep ${sides[side]}’s ${fieldLabel(field)} for ${plural(ids.length, 'conflict')}?`, yes: `Keep ${sides[side]}’s`, run: () => void settleField(syncId, field, side, ids, asRule, sides[side]) })}
                data-testid={`bulk-field-${side}`}
              >
                Keep {sides[side]}’s {fieldLabel(field)} for all {ids.length}
              </button>
            ))}
          </li>
        ))}
      </ul>
      <label className="check small">
        <input type="checkbox" checked={asRule} onChange={(e) => setAsRule(e.target.checked)} data-testid="bulk-field-as-rule" />
        and from now on, settle that field this way by itself
      </label>
    </section>
  )
}

/** "Keep HubSpot’s values for 12 conflicts?": a bulk settlement waits for a yes. Esc says no. */
function ConfirmBulk({ confirm, done }: { confirm: Confirm; done: () => void }) {
  const yes = useRef<HTMLButtonElement>(null)
  useEffect(() => yes.current?.focus(), [confirm])
  return (
    <div className="callout bulk-confirm" role="group" aria-labelledby="bulk-confirm-q" data-testid="bulk-confirm" onKeyDown={(e) => e.key === 'Escape' && done()}>
      <p id="bulk-confirm-q">
        <strong>{confirm.question}</strong> Nothing is written until the sync’s next run, and the notice lets you undo it.
      </p>
      <button
        ref={yes}
        className="btn btn-small btn-primary"
        onClick={() => {
          done()
          confirm.run()
        }}
        data-testid="bulk-confirm-yes"
      >
        {confirm.yes}
      </button>
      <button className="btn btn-small" onClick={done} data-testid="bulk-confirm-no">
        Cancel
      </button>
    </div>
  )
}

/** The Conflicts view. */
export function Conflicts({ syncId }: { syncId?: string }) {
  const all = useStore((s) => s.conflicts)
  const loaded = useStore((s) => s.conflictsLoaded)
  const cards = useStore((s) => s.cards)
  const label = useLabels()
  const [selected, setSelected] = useState<string | undefined>()
  const [asRule, setAsRule] = useState(false)
  const [confirm, setConfirm] = useState<Confirm>()
  // The conflicts there were when the view opened (and those opened since): any other is new.
  const [seen, setSeen] = useState<Set<string>>()
  const lastIndex = useRef(0)
  const list = useMemo(() => all.filter((c) => !syncId || c.syncId === syncId).sort((a, b) => b.detectedAt.localeCompare(a.detectedAt)), [all, syncId])
  // The conflict on screen stays there when others arrive; once it is settled, the next one in its place.
  const current = list.find((c) => c.id === selected) ?? list[Math.min(lastIndex.current, list.length - 1)]
  useEffect(() => {
    if (current && current.id !== selected) setSelected(current.id)
    if (current) lastIndex.current = list.indexOf(current)
  }, [current, selected, list])
  useEffect(() => {
    if (loaded && !seen) setSeen(new Set(all.map((c) => c.id)))
  }, [loaded, all, seen])
  useEffect(() => {
    if (current && seen && !seen.has(current.id)) setSeen(new Set([...seen, current.id]))
  }, [current, seen])
  const fresh = seen ? list.filter((c) => !seen.has(c.id)) : []
  const freshIds = new Set(fresh.map((c) => c.id))
  const syncOf = (id: string) => cards.find((c) => c.sync.id === id)?.sync
  const sidesOf = (id: string) => {
    const s = syncOf(id)
    return { left: label(s?.left.connectionId ?? 'left'), right: label(s?.right.connectionId ?? 'right') }
  }
  const listRef = useRef<HTMLOListElement>(null)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement
      if (e.ctrlKey || e.metaKey || e.altKey || t.closest('input, textarea, select') || confirm) return
      if (!current) return
      const i = list.indexOf(current)
      // Keyboard focus moves with the selection, so a screen reader reads the conflict now chosen.
      const to = (n: number) => {
        setSelected(list[n]?.id)
        listRef.current?.querySelectorAll<HTMLElement>('.queue-item')[n]?.focus()
      }
      if (e.key === 'j' || e.key === 'ArrowDown') to(Math.min(list.length - 1, i + 1))
      else if (e.key === 'k' || e.key === 'ArrowUp') to(Math.max(0, i - 1))
      else if (e.key === 'l' || e.key === 'r') {
        setSelected(list[i + 1]?.id ?? list[i - 1]?.id)
        void resolveConflict(current.id, { pick: e.key === 'l' ? 'left' : 'right' }, asRule, recordName(current, syncOf(current.syncId)))
      } else if (e.key === 'e') {
        ;(document.querySelector('[data-testid="edit-value"]') as HTMLInputElement | null)?.focus()
      } else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [list, current, asRule, confirm])

  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [current?.id])

  const syncsWithConflicts = [...new Set(all.map((c) => c.syncId))]
  const bulkSync = syncId ?? (syncsWithConflicts.length === 1 ? syncsWithConflicts[0] : undefined)
  return (
    <div className="view" data-testid="conflicts">
      <div className="view-head">
        <h1>Conflicts</h1>
        <label className="field-inline">
          <span>Sync</span>
          <select className="input" value={syncId ?? ''} onChange={(e) => go({ view: 'conflicts', syncId: e.target.value || undefined })} data-testid="conflict-filter">
            <option value="">All syncs</option>
            {cards.map((c) => (
              <option key={c.sync.id} value={c.sync.id}>{c.sync.name}</option>
            ))}
          </select>
        </label>
      </div>
      <p className="new-conflicts" aria-live="polite" data-testid="conflicts-new">
        {fresh.length > 0 && (
          <>
            <strong>{fresh.length} new</strong> at the top of the list. The conflict you are reading stays open.
          </>
        )}
      </p>
      {!loaded ? (
        <p className="loading">Loading…</p>
      ) : list.length === 0 ? (
        <EmptyState title="No conflicts waiting" testId="conflicts-empty" action={<a className="btn" href={href({ view: 'overview' })}>Back to the overview</a>}>
          When the same field is changed differently on both sides of a two-way sync, it waits here for you to choose. The rest of the record keeps syncing meanwhile.
        </EmptyState>
      ) : (
        <>
          {bulkSync && (
            <div className="bulk" data-testid="bulk">
              <span>
                {plural(list.filter((c) => c.syncId === bulkSync).length, 'conflict')} in <strong>{syncOf(bulkSync)?.name}</strong>:
              </span>
              {(['left', 'right'] as const).map((side) => {
                const ids = list.filter((c) => c.syncId === bulkSync).map((c) => c.id)
                const name = sidesOf(bulkSync)[side]
                return (
                  <button
                    key={side}
                    className="btn btn-small"
                    onClick={() => setConfirm({ question: `Keep ${name}’s values for ${plural(ids.length, 'conflict')}?`, yes: `Keep ${name}’s`, run: () => void resolveAll(bulkSync, ids, side, asRule) })}
                    data-testid={`bulk-${side}`}
                  >
                    Keep {name} for all
                  </button>
                )
              })}
            </div>
          )}
          {confirm && <ConfirmBulk confirm={confirm} done={() => setConfirm(undefined)} />}
          {bulkSync && <BulkByField conflicts={list} syncId={bulkSync} sides={sidesOf(bulkSync)} ask={setConfirm} />}
          <div className="split">
            <ol className="queue" ref={listRef} aria-label="Conflicts, newest first" data-testid="conflict-queue">
              {list.map((c) => (
                <li key={c.id}>
                  <button className="queue-item" aria-current={c.id === current?.id ? 'true' : undefined} onClick={() => setSelected(c.id)} data-testid="conflict-item" data-conflict-item={c.id} data-new={freshIds.has(c.id) ? 'true' : undefined}>
                    <strong>
                      {recordName(c, syncOf(c.syncId))}
                      {freshIds.has(c.id) && <span className="badge-new">new</span>}
                    </strong>
                    <span className="muted">{c.kind === 'delete' ? 'deleted on one side' : waitingFields(c).map((f) => fieldLabel(f.name)).join(', ')}</span>
                    <span className="muted small">{syncOf(c.syncId)?.name ?? c.syncId}</span>
                  </button>
                </li>
              ))}
            </ol>
            {current && <Detail conflict={current} sync={syncOf(current.syncId)} sides={sidesOf(current.syncId)} asRule={asRule} setAsRule={setAsRule} />}
          </div>
          <p className="muted small keys">
            Keys: <kbd>j</kbd>/<kbd>k</kbd> next and previous · <kbd>l</kbd> keep the left side · <kbd>r</kbd> keep the right side · <kbd>e</kbd> type a value
          </p>
        </>
      )}
    </div>
  )
}
