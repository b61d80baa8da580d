/**
 * The sync form's "Only some records" and "Always set" parts: filters on synced fields
 * ("only records where status is paid") and fixed values on a side's own fields ("always set
 * lead source to Website"), in plain words. What is wrong with them is said by `ruleProblems`.
 */
import type { FilterOp, FixedValue, RecordFilter, Side } from '../../../shared/domain'
import { fieldText } from '../lib/side-choices'
import { OP_WORDS, opTakesValue } from '../lib/sync-rules'

/** The sync form's filters and fixed values. */
export function SyncRules({ filters, fixed, onFilters, onFixed, synced, writes, sideFields, sideLabels, sides }: {
  filters: RecordFilter[]
  fixed: FixedValue[]
  onFilters: (f: RecordFilter[]) => void
  onFixed: (f: FixedValue[]) => void
  /** The synced fields a filter can look at, with their labels. */
  synced: { name: string; label: string }[]
  /** The sides the sync writes to. */
  writes: Side[]
  /** Each side's own fields. */
  sideFields: Record<Side, string[]>
  /** Each side's field labels from its connector ("Lifecycle stage" for lifecyclestage), shown before the API names. */
  sideLabels?: Record<Side, Record<string, string>>
  sides: Record<Side, string>
}) {
  const setFilter = (i: number, patch: Partial<RecordFilter>) => onFilters(filters.map((f, j) => (j === i ? { ...f, ...patch } : f)))
  const setFixed = (i: number, patch: Partial<FixedValue>) => onFixed(fixed.map((f, j) => (j === i ? { ...f, ...patch } : f)))
  return (
    <div className="sync-rules" data-testid="sync-rules">
      <h3>Only some records</h3>
      {filters.length === 0 && <p className="muted small">Every record is synced. Add a filter to sync only some, such as payments whose status is paid.</p>}
      {filters.map((f, i) => (
        <div key={i} className="rule-row" data-testid={`filter-${i}`}>
          <span>Only records where</span>
          <select className="input input-small" aria-label={`Filter ${i + 1}: field`} value={f.field} onChange={(e) => setFilter(i, { field: e.target.value })} data-testid={`filter-field-${i}`}>
            {!synced.some((s) => s.name === f.field) && <option value={f.field}>{f.field ? `${f.field.replace(/_/g, ' ')} (not synced)` : 'Choose…'}</option>}
            {synced.map((s) => <option key={s.name} value={s.name}>{s.label.toLowerCase()}</option>)}
          </select>
          <select className="input input-small" aria-label={`Filter ${i + 1}: how it compares`} value={f.op} onChange={(e) => setFilter(i, { op: e.target.value as FilterOp, ...(opTakesValue(e.target.value as FilterOp) ? {} : { value: undefined }) })} data-testid={`filter-op-${i}`}>
            {(Object.keys(OP_WORDS) as FilterOp[]).map((op) => <option key={op} value={op}>{OP_WORDS[op]}</option>)}
          </select>
          {opTakesValue(f.op) && (
            <input className="input input-small" aria-label={`Filter ${i + 1}: value`} value={f.value ?? ''} onChange={(e) => setFilter(i, { value: e.target.value })} placeholder="e.g. paid" data-testid={`filter-value-${i}`} />
          )}
          <button type="button" className="icon-btn" aria-label={`Remove filter ${i + 1}`} onClick={() => onFilters(filters.filter((_, j) => j !== i))} data-testid={`remove-filter-${i}`}>×</button>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="btn btn-small" disabled={synced.length === 0} onClick={() => onFilters([...filters, { field: synced[0]?.name ?? '', op: 'equals', value: '' }])} data-testid="add-filter">Add a filter</button>
      </div>
      {filters.length > 0 && (
        <p className="muted small">Capitals and spaces around a value do not matter. A record that stops matching stays as it is on both sides: Patchbay neither changes nor deletes it, and syncs it again once it matches.</p>
      )}

      <h3>Always set</h3>
      {fixed.length === 0 && <p className="muted small">Set a field to the same value on every record the sync creates or changes, such as lead source to Website.</p>}
      {fixed.map((x, i) => (
        <div key={i} className="rule-row" data-testid={`fixed-${i}`}>
          <span>Always set</span>
          <select className="input input-small" aria-label={`Fixed value ${i + 1}: field`} value={x.field} onChange={(e) => setFixed(i, { field: e.target.value })} data-testid={`fixed-field-${i}`}>
            {!sideFields[x.side].includes(x.field) && <option value={x.field}>{x.field || 'Choose…'}</option>}
            {sideFields[x.side].map((n) => <option key={n} value={n}>{fieldText(n, sideLabels?.[x.side] ?? {})}</option>)}
          </select>
          {writes.length > 1 ? (
            <select className="input input-small" aria-label={`Fixed value ${i + 1}: where`} value={x.side} onChange={(e) => setFixed(i, { side: e.target.value as Side, field: '' })} data-testid={`fixed-side-${i}`}>
              {writes.map((s) => <option key={s} value={s}>in {sides[s]}</option>)}
            </select>
          ) : (
            <span>in {sides[x.side]}</span>
          )}
          <span>to</span>
          <input className="input input-small" aria-label={`Fixed value ${i + 1}: value`} value={x.value} onChange={(e) => setFixed(i, { value: e.target.value })} placeholder="e.g. Website" data-testid={`fixed-value-${i}`} />
          <button type="button" className="icon-btn" aria-label={`Remove fixed value ${i + 1}`} onClick={() => onFixed(fixed.filter((_, j) => j !== i))} data-testid={`remove-fixed-${i}`}>×</button>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="btn btn-small" disabled={writes.length === 0} onClick={() => onFixed([...fixed, { side: writes[writes.length - 1], field: '', value: '' }])} data-testid="add-fixed">Add a fixed value</button>
      </div>
      {fixed.length > 0 && <p className="muted small">It goes with every record the sync creates or changes there; records it does not touch keep what they have.</p>}
    </div>
  )
}
