/**
 * The conflicts queue, newest first: for each, per field, what it was and what each side
 * made of it; keep one side, type a value, settle one field for many records ("keep
 * HubSpot's phone for all"), or settle a whole sync's queue at once.
 * Keyboard: j/k move, l keeps the left side, r the right, e edits.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Conflict, FieldValue, Sync } from '../../../shared/domain'
import { EmptyState } from '../components/EmptyState'
import { ago, plural, when } from '../lib/format'
import { go, href } from '../lib/route'
import { resolveAll, resolveByField, resolveConflict, settleField } from '../store/actions'
import { useStore } from '../store/store'

const show = (v: FieldValue | undefined) => (v === null || v === undefined || v === '' ? '(empty)' : String(v))

type Choice = 'left' | 'right' | 'value'

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

function personOf(c: Conflict): string {
  const r = { ...c.rightRecord, ...c.leftRecord }
  return [r.first_name, r.last_name].filter((v) => v !== null && v !== undefined && v !== '').join(' ')
}

const fieldLabel = (name: string) => name.replace(/_/g, ' ')

/** Fields of a conflict still waiting for a person (not settled one by one). */
const waitingFields = (c: Conflict) => c.fields.filter((f) => !c.fieldPicks?.[f.name])

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

function recordName(c: Conflict, sync: Sync | undefined): string {
  const key = sync?.match.field
  const v = (key && (c.leftRecord[key] ?? c.rightRecord[key])) || c.leftRecord.email || c.rightRecord.email
  return v ? String(v) : c.linkId
}

function Detail({ conflict, sync, sides, asRule, setAsRule }: { conflict: Conflict; sync?: Sync; sides: { left: string; right: string }; asRule: boolean; setAsRule: (v: boolean) => void }) {
  const busy = useStore((s) => !!s.busy[`conflict:${conflict.id}`])
  const [choice, setChoice] = useState<Record<string, Choice>>({})
  const [typed, setTyped] = useState<Record<string, string>>({})
  const firstInput = useRef<HTMLInputElement>(null)
  useEffect(() => {
    setChoice({})
    setTyped({})
  }, [conflict.id])
  const isDelete = conflict.kind === 'delete'
  const record = recordName(conflict, sync)
  const waiting = waitingFields(conflict)
  // Nothing is chosen for the person: Save waits until every waiting field has a choice.
  const undecided = waiting.filter((f) => !choice[f.name])
  const typedAny = waiting.some((f) => choice[f.name] === 'value')
  const save = () => {
    const picks = conflict.fields.map((f) => conflict.fieldPicks?.[f.name]?.pick ?? choice[f.name])
    if (picks.every((p) => p === 'left')) return resolveConflict(conflict.id, { pick: 'left' }, asRule, record)
    if (picks.every((p) => p === 'right')) return resolveConflict(conflict.id, { pick: 'right' }, asRule, record)
    // Different sides per field, as a rule: each field becomes its own rule.
    if (asRule && !typedAny) return resolveByField(conflict.id, conflict.syncId, Object.fromEntries(waiting.map((f) => [f.name, choice[f.name] as 'left' | 'right'])), record)
    const values = Object.fromEntries(conflict.fields.map((f) => {
      const earlier = conflict.fieldPicks?.[f.name]
      if (earlier) return [f.name, earlier.value]
      const p = choice[f.name]
      return [f.name, p === 'value' ? (typed[f.name] ?? '') : p === 'left' ? f.left : f.right]
    }))
    return resolveConflict(conflict.id, { pick: 'value', values }, false, record)
  }
  return (
    <section className="panel conflict-detail" aria-labelledby="conflict-title" data-testid="conflict-detail" data-conflict={conflict.id}>
      <header className="detail-head">
        <div>
          <h2 id="conflict-title" data-testid="conflict-record">{record}</h2>
          <p className="muted">
            {personOf(conflict) ? `${personOf(conflict)} · ` : ''}
            {sync?.name ?? conflict.syncId} · found{' '}
            <time dateTime={conflict.detectedAt} title={when(conflict.detectedAt)}>
              {ago(conflict.detectedAt, Date.now())}
            </time>
          </p>
        </div>
      </header>
      {isDelete ? (
        <p className="callout">
          This record was deleted in <strong>{conflict.deletedOn === 'left' ? sides.left : sides.right}</strong> but still exists in <strong>{conflict.deletedOn === 'left' ? sides.right : sides.left}</strong>. Keep it, or delete it on both sides.
        </p>
      ) : (
        <table className="table conflict-table">
          <caption className="sr-only">What changed on each side since they last agreed</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Was</th>
              <th scope="col">{sides.left} changed it to</th>
              <th scope="col">{sides.right} changed it to</th>
              <th scope="col">Keep</th>
            </tr>
          </thead>
          <tbody>
            {conflict.fields.map((f, i) => {
              const c = choice[f.name]
              const name = `keep-${conflict.id}-${f.name}`
              const settled = conflict.fieldPicks?.[f.name]
              if (settled) {
                return (
                  <tr key={f.name} className="settled" data-testid={`conflict-field-${f.name}`} data-settled={settled.pick}>
                    <th scope="row">{fieldLabel(f.name)}</th>
                    <td className="was">{show(f.base)}</td>
                    <td className={settled.pick === 'left' ? 'picked' : ''} data-testid="left-value">{show(f.left)}</td>
                    <td className={settled.pick === 'right' ? 'picked' : ''} data-testid="right-value">{show(f.right)}</td>
                    <td className="small">Settled: {settled.pick === 'value' ? show(settled.value) : sides[settled.pick]}’s, written on the next run</td>
                  </tr>
                )
              }
              return (
                <tr key={f.name} data-testid={`conflict-field-${f.name}`}>
                  <th scope="row">{f.name.replace(/_/g, ' ')}</th>
                  <td className="was">{show(f.base)}</td>
                  <td className={c === 'left' ? 'picked' : ''} data-testid="left-value">{show(f.left)}</td>
                  <td className={c === 'right' ? 'picked' : ''} data-testid="right-value">{show(f.right)}</td>
                  <td>
                    <fieldset className="choice">
                      <legend className="sr-only">Keep which value of {f.name}</legend>
                      <label><input type="radio" name={name} checked={c === 'left'} onChange={() => setChoice({ ...choice, [f.name]: 'left' })} /> {sides.left}</label>
                      <label><input type="radio" name={name} checked={c === 'right'} onChange={() => setChoice({ ...choice, [f.name]: 'right' })} /> {sides.right}</label>
                      <label className="own">
                        <input type="radio" name={name} checked={c === 'value'} onChange={() => setChoice({ ...choice, [f.name]: 'value' })} /> Other:
                        <input
                          ref={i === 0 ? firstInput : undefined}
                          type="text"
                          className="input input-small"
                          aria-label={`Type the value to keep for ${f.name}`}
                          value={typed[f.name] ?? ''}
                          placeholder="type a value"
                          onFocus={() => setChoice({ ...choice, [f.name]: 'value' })}
                          onChange={(e) => setTyped({ ...typed, [f.name]: e.target.value })}
                          onKeyDown={(e) => { if (e.key === 'Escape') e.currentTarget.blur() }}
                          data-testid={i === 0 ? 'edit-value' : undefined}
                        />
                      </label>
                    </fieldset>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      <div className="actions">
        <button className="btn" disabled={busy} onClick={() => void resolveConflict(conflict.id, { pick: 'left' }, asRule, record)} data-testid="keep-left">
          Keep {sides.left} <kbd>l</kbd>
        </button>
        <button className="btn" disabled={busy} onClick={() => void resolveConflict(conflict.id, { pick: 'right' }, asRule, record)} data-testid="keep-right">
          Keep {sides.right} <kbd>r</kbd>
        </button>
        {!isDelete && (
          <button className="btn btn-primary" disabled={busy || undecided.length > 0} onClick={() => void save()} data-testid="save-choices" aria-describedby="save-needs">
            Save my choices
          </button>
        )}
        {!isDelete && (
          <span id="save-needs" className="muted small" data-testid="save-needs">
            {undecided.length ? `Choose a value for ${undecided.length === waiting.length && waiting.length > 1 ? 'each field' : undecided.map((f) => fieldLabel(f.name)).join(', ')} first` : ''}
          </span>
        )}
        <label className="check">
          <input type="checkbox" checked={asRule} onChange={(e) => setAsRule(e.target.checked)} data-testid="as-rule" />
          From now on, settle {conflict.fields.map((f) => f.name.replace(/_/g, ' ')).join(', ')} this way by itself
        </label>
        {asRule && typedAny && (
          <p className="callout small" data-testid="rule-note">
            A value you type is kept for this record only, so “from now on” cannot apply to it: nothing becomes a rule when you save. To make a rule, keep a side for each field.
          </p>
        )}
      </div>
      <details className="records">
        <summary>The whole record on each side</summary>
        <div className="records-grid">
          {(['left', 'right'] as const).map((side) => (
            <div key={side}>
              <h3>{sides[side]}</h3>
              <dl>
                {Object.entries(side === 'left' ? conflict.leftRecord : conflict.rightRecord).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k.replace(/_/g, ' ')}</dt>
                    <dd>{show(v)}</dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </div>
      </details>
      <p className="muted small">Settling does not write anything yet: the sync’s next run writes your choice to both sides.</p>
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
