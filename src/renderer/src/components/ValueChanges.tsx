/**
 * "Change values…" for one mapped field: the transforms each direction of the sync applies,
 * in plain words, each with a live example the engine itself computes, and a full name
 * split into first and last when one side keeps them apart.
 */
import { useEffect, useState } from 'react'
import type { TransformStep } from '../../../shared/contract'
import type { Side } from '../../../shared/domain'
import { patchbay } from '../api'
import { blank, describeTransform, KINDS, sampleFor, toTransform, transformProblems, type DraftTransform } from '../lib/transforms'
import { fieldText } from '../lib/side-choices'

/** A mapped field's changes as the form holds them. */
export interface FieldChanges {
  fromLeft: DraftTransform[]
  fromRight: DraftTransform[]
  toLeft: DraftTransform[]
  toRight: DraftTransform[]
  /** Set when the side named keeps the full name as two fields. */
  combine?: { side: Side; parts: [string, string] }
}

type ListKey = 'fromLeft' | 'fromRight' | 'toLeft' | 'toRight'

const show = (v: unknown) => (v === null || v === '' ? '(empty)' : typeof v === 'string' ? `“${v}”` : String(v))

/** The engine's result of `drafts` on `sample`, asked again a moment after either changes. */
function useExample(sample: string, drafts: DraftTransform[], field: string): TransformStep[] | undefined {
  const usable = drafts.every((d) => transformProblems(d).length === 0)
  const key = JSON.stringify([sample, usable ? drafts.map(toTransform) : null, field])
  const [result, setResult] = useState<{ key: string; steps: TransformStep[] }>()
  useEffect(() => {
    const [value, transforms] = JSON.parse(key) as [string, ReturnType<typeof toTransform>[] | null]
    if (!transforms?.length) return
    let live = true
    const t = setTimeout(() => {
      patchbay()
        .transformsExample({ value, transforms, field })
        .then((steps) => live && setResult({ key, steps }))
        .catch(() => live && setResult(undefined))
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [key, field])
  return result?.key === key ? result.steps : undefined
}

function TransformEditor({ d, onChange, testId }: { d: DraftTransform; onChange: (d: DraftTransform) => void; testId: string }) {
  if (d.kind === 'e164')
    return (
      <label className="field-inline">
        <span>Default country</span>
        <input className="input input-tiny" value={d.defaultCountry} maxLength={2} onChange={(e) => onChange({ ...d, defaultCountry: e.target.value.toUpperCase() })} data-testid={`${testId}-country`} />
      </label>
    )
  if (d.kind === 'date')
    return (
      <span className="transform-settings">
        <label className="field-inline"><span>From</span><input className="input input-small" value={d.from} onChange={(e) => onChange({ ...d, from: e.target.value })} data-testid={`${testId}-from`} /></label>
        <label className="field-inline"><span>to</span><input className="input input-small" value={d.to} onChange={(e) => onChange({ ...d, to: e.target.value })} data-testid={`${testId}-to`} /></label>
        <label className="field-inline">
          <span>written</span>
          <select className="input input-small" value={d.format} onChange={(e) => onChange({ ...d, format: e.target.value as 'iso' | 'date' })}>
            <option value="iso">as date and time</option>
            <option value="date">as date</option>
          </select>
        </label>
      </span>
    )
  if (d.kind === 'minor-units')
    return (
      <label className="field-inline">
        <span>Decimal places</span>
        <input className="input input-tiny" type="number" min={0} max={4} value={d.decimals} onChange={(e) => onChange({ ...d, decimals: Number(e.target.value) })} />
      </label>
    )
  if (d.kind === 'lookup')
    return (
      <div className="lookup" data-testid={`${testId}-lookup`}>
        {d.rows.map(([from, to], i) => (
          <div key={i} className="lookup-row">
            <input className="input input-small" value={from} placeholder="when it says" aria-label={`Row ${i + 1}: value to look for`} onChange={(e) => onChange({ ...d, rows: d.rows.map((r, j) => (j === i ? [e.target.value, r[1]] : r)) })} data-testid={`${testId}-from-${i}`} />
            <span aria-hidden>→</span>
            <input className="input input-small" value={to} placeholder="write" aria-label={`Row ${i + 1}: value to write`} onChange={(e) => onChange({ ...d, rows: d.rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)) })} data-testid={`${testId}-to-${i}`} />
            <button type="button" className="icon-btn" aria-label={`Remove row ${i + 1}`} onClick={() => onChange({ ...d, rows: d.rows.filter((_, j) => j !== i) })}>×</button>
          </div>
        ))}
        <div className="lookup-row">
          <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange({ ...d, rows: [...d.rows, ['', '']] })} data-testid={`${testId}-add-row`}>Add a row</button>
          <label className="field-inline">
            <span>When missing</span>
            <select className="input input-small" value={d.fallback} onChange={(e) => onChange({ ...d, fallback: e.target.value as typeof d.fallback })}>
              <option value="keep">keep the value</option>
              <option value="null">leave it empty</option>
              <option value="error">report a problem</option>
            </select>
          </label>
        </div>
      </div>
    )
  return null
}

/** One list of changes (as read from a side, or as written to one), each with its example output. */
function ChangeList({ title, list, steps, offset, onChange, timeZone, testId }: { title: string; list: DraftTransform[]; steps?: TransformStep[]; offset: number; onChange: (l: DraftTransform[]) => void; timeZone: string; testId: string }) {
  return (
    <div className="vc-list">
      <p className="small vc-title">{title}</p>
      {list.length === 0 && <p className="muted small">No changes.</p>}
      <ol>
        {list.map((d, i) => {
          const problems = transformProblems(d)
          const step = steps?.[offset + i]
          return (
            <li key={i} className="vc-item" data-testid={`${testId}-${i}`}>
              <div className="vc-head">
                <span className="vc-name">{describeTransform(d)}</span>
                {step && (step.ok ? <span className={`vc-example${step.warning ? ' vc-warn' : ''}`} data-testid={`${testId}-${i}-example`}>→ {show(step.value)}{step.warning ? ' ⚠' : ''}</span> : <span className="vc-example vc-bad" data-testid={`${testId}-${i}-example`}>{step.error}</span>)}
                <button type="button" className="icon-btn" aria-label={`Remove ${describeTransform(d)}`} onClick={() => onChange(list.filter((_, j) => j !== i))}>×</button>
              </div>
              <TransformEditor d={d} onChange={(n) => onChange(list.map((x, j) => (j === i ? n : x)))} testId={`${testId}-${i}`} />
              {step?.ok && step.warning && <p className="warning small" role="status" data-testid={`${testId}-${i}-warning`}>{step.warning}</p>}
              {problems.map((p) => <p key={p} className="problem small">{p}</p>)}
            </li>
          )
        })}
      </ol>
      <select className="input input-small" value="" aria-label={`${title}: add a change`} onChange={(e) => e.target.value && onChange([...list, blank(e.target.value as DraftTransform['kind'], timeZone)])} data-testid={`${testId}-add`}>
        <option value="">Add a change…</option>
        {KINDS.map((k) => <option key={k.kind} value={k.kind}>{k.label}</option>)}
      </select>
    </div>
  )
}

/** One direction the sync writes: values read from `from`, then written to the other side. */
function Direction({ from, name, label, changes, onChange, sides, timeZone }: { from: Side; name: string; label: string; changes: FieldChanges; onChange: (c: FieldChanges) => void; sides: Record<Side, string>; timeZone: string }) {
  const to: Side = from === 'left' ? 'right' : 'left'
  const readKey: ListKey = from === 'left' ? 'fromLeft' : 'fromRight'
  const writeKey: ListKey = to === 'left' ? 'toLeft' : 'toRight'
  const drafts = [...changes[readKey], ...changes[writeKey]]
  const [typed, setTyped] = useState<string>()
  const sample = typed ?? sampleFor(drafts[0], name)
  const steps = useExample(sample, drafts, name)
  const testId = `changes-${name}-${from}`
  return (
    <div className="vc-direction" data-testid={testId}>
      <h4>From {sides[from]} to {sides[to]}</h4>
      <label className="field-inline">
        <span>Try it on</span>
        <input className="input input-small" value={sample} onChange={(e) => setTyped(e.target.value)} placeholder={`a ${label.toLowerCase()}`} data-testid={`${testId}-sample`} />
        {drafts.length > 0 && steps && <span className={`vc-example${steps.some((st) => st.ok && st.warning) ? ' vc-warn' : ''}`} data-testid={`${testId}-result`}>{sides[to]} gets {steps.length === drafts.length && steps[steps.length - 1].ok ? show((steps[steps.length - 1] as { value: unknown }).value) : 'nothing: a change refuses it'}</span>}
      </label>
      <div className="two">
        <ChangeList title={`As it is read from ${sides[from]}`} list={changes[readKey]} steps={steps} offset={0} onChange={(l) => onChange({ ...changes, [readKey]: l })} timeZone={timeZone} testId={`${testId}-read`} />
        <ChangeList title={`As it is written to ${sides[to]}`} list={changes[writeKey]} steps={steps} offset={changes[readKey].length} onChange={(l) => onChange({ ...changes, [writeKey]: l })} timeZone={timeZone} testId={`${testId}-write`} />
      </div>
    </div>
  )
}

/** Splits a full name the way the engine does: the last word is the family name. */
function splitExample(full: string): [string, string] {
  const words = full.trim().split(/\s+/).filter(Boolean)
  return words.length <= 1 ? [words[0] ?? '', ''] : [words.slice(0, -1).join(' '), words[words.length - 1]]
}

/** The editor of one field's value changes, shown under its mapping row. */
export function ValueChanges({ name, label, changes, onChange, writes, sides, fields, labels, timeZone }: { name: string; label: string; changes: FieldChanges; onChange: (c: FieldChanges) => void; writes: Side[]; sides: Record<Side, string>; fields: Record<Side, string[]>; /** Each side's field labels from its connector, shown before the API names. */ labels?: Record<Side, Record<string, string>>; timeZone: string }) {
  const combine = changes.combine
  return (
    <div className="value-changes" data-testid={`changes-${name}`}>
      <p className="muted small">Changes as a value is read decide what Patchbay compares; changes as it is written only change what the other side receives. They apply in order.</p>
      {writes.map((from) => <Direction key={from} from={from} name={name} label={label} changes={changes} onChange={onChange} sides={sides} timeZone={timeZone} />)}
      <div className="vc-direction">
        <label className="check">
          <input type="checkbox" checked={!!combine} onChange={(e) => onChange({ ...changes, combine: e.target.checked ? { side: 'right', parts: ['', ''] } : undefined })} data-testid={`split-${name}`} />
          Split full name ⇄ first/last
        </label>
        {combine && (
          <div className="transform-settings">
            <label className="field-inline">
              <span>First and last are two fields in</span>
              <select className="input input-small" value={combine.side} onChange={(e) => onChange({ ...changes, combine: { side: e.target.value as Side, parts: ['', ''] } })} data-testid={`split-${name}-side`}>
                <option value="left">{sides.left}</option>
                <option value="right">{sides.right}</option>
              </select>
            </label>
            {(['first name', 'last name'] as const).map((part, i) => (
              <label key={part} className="field-inline">
                <span>{part}</span>
                <select className="input input-small" value={combine.parts[i]} onChange={(e) => onChange({ ...changes, combine: { ...combine, parts: (i === 0 ? [e.target.value, combine.parts[1]] : [combine.parts[0], e.target.value]) as [string, string] } })} data-testid={`split-${name}-${i === 0 ? 'first' : 'last'}`}>
                  <option value="">Choose…</option>
                  {fields[combine.side].map((f) => <option key={f} value={f}>{fieldText(f, labels?.[combine.side] ?? {})}</option>)}
                </select>
              </label>
            ))}
            <p className="muted small">“Mary Ann Lee” becomes first name “{splitExample('Mary Ann Lee')[0]}” and last name “{splitExample('Mary Ann Lee')[1]}”; the other way they are joined with a space.</p>
          </div>
        )}
      </div>
    </div>
  )
}
