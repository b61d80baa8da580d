/** What a dry run would do, per side: how many records it would create, change and delete, and which. */
import { useState } from 'react'
import type { PreviewResult } from '../store/store'
import { plural } from '../lib/format'

const OPS = ['create', 'update', 'delete'] as const
const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : String(v))
const OP_WORDS = { create: 'new', update: 'changed', delete: 'deleted' } as const

/** The preview of one sync. */
export function PreviewPanel({ preview, sides }: { preview: PreviewResult; sides: { left: string; right: string } }) {
  const { summary, preview: p } = preview.result
  const [side, setSide] = useState<'left' | 'right'>(summary.right.create + summary.right.update + summary.right.delete >= summary.left.create + summary.left.update + summary.left.delete ? 'right' : 'left')
  const writes = (p?.writes ?? []).filter((w) => w.side === side)
  const none = OPS.every((op) => summary.left[op] === 0 && summary.right[op] === 0)
  return (
    <section className="preview" aria-labelledby="preview-title" data-testid="preview">
      <h3 id="preview-title">If it ran now</h3>
      {none ? (
        <p data-testid="preview-nothing">Nothing would change: both sides already agree.</p>
      ) : (
        <>
          <div className="preview-sides">
            {(['left', 'right'] as const).map((s) => (
              <button key={s} className={`preview-side ${side === s ? 'active' : ''}`} onClick={() => setSide(s)} aria-pressed={side === s} data-testid={`preview-${s}`}>
                <span className="preview-name">In {sides[s]}</span>
                <span className="preview-counts">
                  {OPS.map((op) => (
                    <span key={op} className={`count count-${op}`} data-testid={`preview-${s}-${op}`}>
                      <strong>{summary[s][op]}</strong> {OP_WORDS[op]}
                    </span>
                  ))}
                </span>
              </button>
            ))}
          </div>
          {writes.length > 0 && (
            <table className="table compact">
              <caption className="sr-only">What would be written to {sides[side]}</caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Record</th>
                  <th scope="col">What changes</th>
                </tr>
              </thead>
              <tbody>
                {writes.slice(0, 100).map((w, i) => (
                  <tr key={i}>
                    <td><span className={`op op-${w.op}`}>{OP_WORDS[w.op]}</span></td>
                    <td title={w.id} data-testid="preview-record">{w.record}</td>
                    <td>
                      {w.changes
                        .filter((c) => w.op !== 'create' || String(c.to ?? '') !== w.record)
                        .map((c) => (
                          <span key={c.field} className="change">
                            <span className="change-field">{c.field.replace(/_/g, ' ')}</span>
                            {w.op === 'create' || c.fixed ? show(c.to) : `${show(c.from)} → ${show(c.to)}`}
                          </span>
                        ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {writes.length > 100 && <p className="muted small">…and {plural(writes.length - 100 + (p?.more ?? 0), 'more write')}.</p>}
        </>
      )}
      {p?.leftOut && (
        <p className="callout" data-testid="preview-left-out">
          {plural(p.leftOut.count, 'record')} left out by the filter (only records where {p.leftOut.rule}): nothing is written or deleted for {p.leftOut.count === 1 ? 'it' : 'them'}.
        </p>
      )}
      {summary.conflicts > 0 && <p className="callout">{plural(summary.conflicts, 'record')} changed on both sides would wait for you in Conflicts.</p>}
      {p && p.problems.length > 0 && (
        <div className="callout tone-partial">
          <strong>{plural(p.problems.length, 'row')} could not be read and would be left out:</strong>
          <ul>{p.problems.slice(0, 5).map((m, i) => <li key={i}>{m}</li>)}</ul>
        </div>
      )}
    </section>
  )
}
