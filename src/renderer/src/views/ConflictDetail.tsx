/**
 * One conflict, field by field: what it was and what each side made of it. Nothing is
 * chosen for the person; Save waits until every waiting field has a side or a typed value.
 */
import { useEffect, useRef, useState } from 'react'
import type { Conflict, FieldValue, Sync } from '../../../shared/domain'
import { ago, when } from '../lib/format'
import { resolveByField, resolveConflict } from '../store/actions'
import { useStore } from '../store/store'

const show = (v: FieldValue | undefined) => (v === null || v === undefined || v === '' ? '(empty)' : String(v))

type Choice = 'left' | 'right' | 'value'

function personOf(c: Conflict): string {
  const r = { ...c.rightRecord, ...c.leftRecord }
  return [r.first_name, r.last_name].filter((v) => v !== null && v !== undefined && v !== '').join(' ')
}

/** A field's name in words ("last name"). */
export const fieldLabel = (name: string) => name.replace(/_/g, ' ')

/** Fields of a conflict still waiting for a person (not settled one by one). */
export const waitingFields = (c: Conflict) => c.fields.filter((f) => !c.fieldPicks?.[f.name])

/** The record's name: its match key (an email), else its link. */
export function recordName(c: Conflict, sync: Sync | undefined): string {
  const key = sync?.match.field
  const v = (key && (c.leftRecord[key] ?? c.rightRecord[key])) || c.leftRecord.email || c.rightRecord.email
  return v ? String(v) : c.linkId
}

/** The conflict on screen, with its form. */
export function Detail({ conflict, sync, sides, asRule, setAsRule }: { conflict: Conflict; sync?: Sync; sides: { left: string; right: string }; asRule: boolean; setAsRule: (v: boolean) => void }) {
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
