/**
 * A new sync from a template: pick the two connections, when it runs (said back in plain
 * words), which fields go where; then a dry-run preview of exactly what the first run
 * would create, change and delete on each side, before anything is written.
 */
import { Fragment, useEffect, useMemo, useState } from 'react'
import type { SyncTemplate, TemplateField, TemplateSide } from '../../../shared/contract'
import type { FieldMap, FixedValue, RecordFilter, Side, Sync, SyncInput, Trigger } from '../../../shared/domain'
import { ConsentNote } from '../components/ConsentNote'
import { EmptyState } from '../components/EmptyState'
import { PreviewPanel } from '../components/PreviewPanel'
import { SyncRules } from '../components/SyncRules'
import { ValueChanges, type FieldChanges } from '../components/ValueChanges'
import { fieldProblems, toDraft, toTransform } from '../lib/transforms'
import { go, href } from '../lib/route'
import { templateOf, whenOf, type When } from '../lib/sync-form'
import { browserTimeZone, connectionChoices, fieldsInOrder, fieldText, fieldWords, labelsOf, noneFitsLine, objectToPick, ownTimeZone } from '../lib/side-choices'
import { ruleProblems } from '../lib/sync-rules'
import { createDraft, preview, previewEdit, removeSync, saveEdit, turnOn, updateSync } from '../store/actions'
import { describe, loadFields, loadObjects } from '../store/events'
import { useStore, type PreviewResult } from '../store/store'

/** A sync of the person's own: the fields are suggested from the two sides once both are chosen. */
const SCRATCH: SyncTemplate = {
  id: 'scratch',
  title: 'A sync of your own',
  description: 'Pick the two sides, which way records flow, when it runs and which fields go where. Fields with the same name on both sides are matched for you.',
  left: { role: 'First system', systems: [] },
  right: { role: 'Second system', systems: [] },
  direction: 'both',
  trigger: { kind: 'watch', everySeconds: 300 },
  conflictPolicy: 'ask',
  deletes: 'ignore',
  matchField: '',
  fields: []
}

const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '')

/** Fields with the same name on both sides (ignoring case, spaces and underscores), as template fields, named by the first side's label when it has one. */
function sameNamed(left: string[], right: string[], labels: Record<string, string> = {}): TemplateField[] {
  return left.flatMap((l) => {
    // Each system's own record id is not a field to copy: writing it would rename the other side's record.
    if (loose(l) === 'id') return []
    const r = right.find((x) => loose(x) === loose(l))
    return r ? [{ name: l, label: labels[l] ?? l.replace(/_/g, ' '), left: [l], right: [r] }] : []
  })
}

function TemplatePicker({ templates }: { templates: SyncTemplate[] }) {
  return (
    <div className="view" data-testid="templates">
      <p className="crumbs"><a href={href({ view: 'syncs' })}>Syncs</a> /</p>
      <h1>New sync</h1>
      <p className="lead">Start from the job you want done. You will choose the systems and see what it would change before it changes anything.</p>
      <div className="grid">
        {[...templates, SCRATCH].map((t) => (
          <a key={t.id} className="card template-card" href={href({ view: 'new-sync', template: t.id })} data-testid={`template-${t.id}`}>
            <h2>{t.title}</h2>
            <p>{t.description}</p>
            <p className="muted small">{t.id === SCRATCH.id ? 'Any two connections' : `${t.left.role} ${t.direction === 'both' ? '⇄' : '→'} ${t.right.role}`}</p>
          </a>
        ))}
      </div>
    </div>
  )
}

/** Picks the field a template expects on a side, or the closest name the connection has. */
function suggest(candidates: string[], canonical: string, have: string[]): string {
  const lower = have.map((h) => h.toLowerCase())
  for (const c of [...candidates, canonical]) {
    const i = lower.indexOf(c.toLowerCase())
    if (i >= 0) return have[i]
  }
  return have.find((h) => loose(h).includes(loose(canonical)) || loose(canonical).includes(loose(h))) ?? ''
}

function SidePicker({ side, legend, fits, connectionId, object, setConnection, setObject }: { side: 'left' | 'right'; legend: string; fits: TemplateSide; connectionId: string; object: string; setConnection: (id: string) => void; setObject: (o: string) => void }) {
  const connections = useStore((s) => s.connections)
  const catalogue = useStore((s) => s.systems)
  const objects = useStore((s) => s.objects[connectionId])
  // Only the connections whose system fits the side's role (no Stripe as a CRM); any connection, by kind, when the side names no systems.
  const groups = useMemo(() => connectionChoices(fits.systems, connections, catalogue), [fits.systems, connections, catalogue])
  // A connection already chosen that no longer fits (a copy of an older sync) stays visible rather than silently unset.
  const chosenOff = !!connectionId && !groups.some((g) => g.choices.some((c) => c.id === connectionId))
  useEffect(() => {
    if (connectionId) void loadObjects(connectionId)
  }, [connectionId])
  useEffect(() => {
    if (objects && !objects.includes(object)) setObject(objectToPick(objects, object, fits.object))
  }, [objects, object, setObject, fits.object])
  return (
    <fieldset className="side-picker">
      <legend>{legend}</legend>
      <label className="field">
        <span>Connection</span>
        <select className="input" value={connectionId} onChange={(e) => setConnection(e.target.value)} data-testid={`${side}-connection`} required>
          <option value="">Choose…</option>
          {chosenOff && <option value={connectionId}>{connections.find((c) => c.connection.id === connectionId)?.connection.label ?? connectionId}</option>}
          {groups.map((g) =>
            g.label ? (
              <optgroup key={g.label} label={g.label}>
                {g.choices.map((c) => <option key={c.id} value={c.id}>{c.text}</option>)}
              </optgroup>
            ) : (
              g.choices.map((c) => <option key={c.id} value={c.id}>{c.text}</option>)
            )
          )}
        </select>
      </label>
      {connections.length > 0 && groups.length === 0 && (
        <p className="muted small" data-testid={`${side}-none-fits`}>
          {noneFitsLine(fits.role, fits.systems, catalogue)} <a href={href({ view: 'connections' })}>Connections</a>.
        </p>
      )}
      {objects && objects.length > 1 && (
        <label className="field">
          <span>Which records</span>
          <select className="input" value={object} onChange={(e) => setObject(e.target.value)} data-testid={`${side}-object`}>
            {objects.map((o) => (
              <option key={o} value={o}>{o}</option>
            ))}
          </select>
        </label>
      )}
      {!connections.length && <p className="muted small">No connections yet. <a href={href({ view: 'connections' })}>Add one</a> first.</p>}
    </fieldset>
  )
}

/** The changes a field starts with: the template's own. */
function initialChanges(f: TemplateField): FieldChanges {
  return { fromLeft: (f.fromLeft ?? []).map(toDraft), fromRight: (f.fromRight ?? []).map(toDraft), toLeft: (f.toLeft ?? []).map(toDraft), toRight: (f.toRight ?? []).map(toDraft) }
}

/** A field of the mapping with the person's picks and changes, as the engine takes it. */
function fieldMapOf(name: string, left: string, right: string, c: FieldChanges): FieldMap {
  return {
    name,
    left: c.combine?.side === 'left' ? undefined : left || undefined,
    right: c.combine?.side === 'right' ? undefined : right || undefined,
    ...(c.combine ? { combine: c.combine } : {}),
    fromLeft: c.fromLeft.map(toTransform),
    fromRight: c.fromRight.map(toTransform),
    toLeft: c.toLeft.map(toTransform),
    toRight: c.toRight.map(toTransform)
  }
}

/** The canonical name of a field added by hand: "Signed up" → "signed_up", shown back as "signed up". */
const fieldName = (label: string) => label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')

/** "Add a field": a label and the field on each side, mapped by hand. */
function AddField({ taken, fields, labels, sides, onAdd }: { taken: string[]; fields: Record<Side, string[]>; labels: Record<Side, Record<string, string>>; sides: Record<Side, string>; onAdd: (f: { label: string; left: string; right: string }) => void }) {
  const [label, setLabel] = useState('')
  const [pick, setPick] = useState({ left: '', right: '' })
  const name = fieldName(label)
  const problem = !label.trim() ? '' : !name ? 'Give the field a name with letters or digits.' : taken.includes(loose(name)) ? `A field called “${label.trim()}” is already mapped.` : !pick.left && !pick.right ? 'Choose where it is on at least one side.' : ''
  return (
    <div className="add-field" data-testid="add-field">
      <label className="field-inline">
        <span>Add a field</span>
        <input className="input input-small" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="what it is, e.g. Company" data-testid="add-field-label" />
      </label>
      {(['left', 'right'] as const).map((s) => (
        <label key={s} className="field-inline">
          <span>in {sides[s]}</span>
          <select className="input input-small" value={pick[s]} onChange={(e) => setPick({ ...pick, [s]: e.target.value })} data-testid={`add-field-${s}`}>
            <option value="">(not synced)</option>
            {fields[s].map((n) => <option key={n} value={n}>{fieldText(n, labels[s])}</option>)}
          </select>
        </label>
      ))}
      <button type="button" className="btn btn-small" disabled={!label.trim() || !!problem} onClick={() => { onAdd({ label: label.trim(), ...pick }); setLabel(''); setPick({ left: '', right: '' }) }} data-testid="add-field-button">Add</button>
      {problem && <p className="problem small">{problem}</p>}
    </div>
  )
}

type Unit = 'seconds' | 'minutes'
/** The check intervals the engine accepts (the watch trigger in shared/domain.ts). */
const WATCH_MIN_SECONDS = 5
const WATCH_MAX_SECONDS = 86_400

/** A saved interval as the form shows it: whole minutes when it is one, else seconds, so 30 s stays 30 s. */
function watchShown(seconds: number): { amount: string; unit: Unit } {
  return seconds % 60 === 0 ? { amount: String(seconds / 60), unit: 'minutes' } : { amount: String(seconds), unit: 'seconds' }
}

/** The interval typed, in seconds, or what is wrong with it in plain words. */
function watchSeconds(amount: string, unit: Unit): { seconds: number; problem?: undefined } | { seconds?: undefined; problem: string } {
  const typed = amount.trim()
  if (!/^\d+$/.test(typed)) return { problem: unit === 'seconds' ? 'Type a whole number of seconds, such as 30.' : 'Type a whole number of minutes, such as 5.' }
  const seconds = Number(typed) * (unit === 'minutes' ? 60 : 1)
  if (seconds < WATCH_MIN_SECONDS) return { problem: `Patchbay checks no more often than every ${WATCH_MIN_SECONDS} seconds: type ${unit === 'seconds' ? WATCH_MIN_SECONDS : 1} or more.` }
  if (seconds > WATCH_MAX_SECONDS) return { problem: 'Checks must come at least once a day (1440 minutes). For fewer, choose “Once a day”.' }
  return { seconds }
}

/** What an interval costs, in plain words: each check asks each system at least once. */
function watchCost(seconds: number): string {
  const perHour = 3600 / seconds
  const count = (n: number, per: string) => (n === 1 ? `one check ${per}` : `about ${n.toLocaleString('en-GB')} checks ${per}`)
  const often = perHour >= 1 ? count(Math.round(perHour), 'an hour') : count(Math.round(86_400 / seconds), 'a day')
  return `That is ${often} on each system, each check one call or more.`
}

function triggerOf(when: When, everySeconds: number, at: string, cron: string, timeZone: string): Trigger {
  if (when === 'manual') return { kind: 'manual' }
  if (when === 'watch') return { kind: 'watch', everySeconds }
  if (when === 'daily') {
    const [h, m] = at.split(':').map(Number)
    return { kind: 'schedule', cron: `${m || 0} ${h || 0} * * *`, timeZone }
  }
  return { kind: 'schedule', cron, timeZone }
}

/** The form, for a new sync from `template`, or (`editing`) for changing a saved sync: `sidesLocked` once it has paired records. */
function Form({ template, editing, sidesLocked }: { template: SyncTemplate; editing?: Sync; sidesLocked?: boolean }) {
  const settings = useStore((s) => s.settings)
  const allFields = useStore((s) => s.fields)
  const triggerText = useStore((s) => s.triggerText)
  const busy = useStore((s) => s.busy)
  const [name, setName] = useState(editing ? editing.name : template.id === SCRATCH.id ? '' : template.title.replace(/,? nightly$/, ''))
  const [left, setLeft] = useState(editing?.left ?? { connectionId: '', object: '' })
  const [right, setRight] = useState(editing?.right ?? { connectionId: '', object: '' })
  const initialWhen: When = editing ? whenOf(editing.trigger) : template.trigger.kind === 'manual' ? 'manual' : template.trigger.kind === 'watch' ? 'watch' : 'daily'
  const [when, setWhen] = useState<When>(initialWhen)
  const [every, setEvery] = useState(watchShown(template.trigger.kind === 'watch' ? template.trigger.everySeconds : 900))
  const [at, setAt] = useState(template.trigger.kind === 'schedule' ? template.trigger.cron.split(' ').slice(0, 2).reverse().map((x) => x.padStart(2, '0')).join(':') : '06:00')
  const [cron, setCron] = useState(template.trigger.kind === 'schedule' ? template.trigger.cron : '0 * * * *')
  // A new schedule starts in the owner's own zone: Settings', else the browser's; never UTC unless that is theirs.
  const [timeZone, setTimeZone] = useState(editing?.trigger.kind === 'schedule' ? editing.trigger.timeZone : ownTimeZone(settings?.timeZone, browserTimeZone()))
  const [picked, setPicked] = useState<Record<string, { left: string; right: string; on: boolean }>>(() => Object.fromEntries((editing?.mapping ?? []).map((m) => [m.name, { left: m.left ?? '', right: m.right ?? '', on: true }])))
  const [policy, setPolicy] = useState(template.conflictPolicy)
  const [deletes, setDeletes] = useState(template.deletes)
  const scratch = template.id === SCRATCH.id
  // Direction and the pairing field are chosen in a sync of one's own, and when changing any sync.
  const free = scratch || !!editing
  const [direction, setDirection] = useState(template.direction)
  const [matchPick, setMatchPick] = useState(editing?.match.field ?? '')
  const [draftId, setDraftId] = useState<string | null>(null)
  const [changes, setChanges] = useState<Record<string, FieldChanges>>(() =>
    Object.fromEntries((editing?.mapping ?? []).map((m) => [m.name, { fromLeft: m.fromLeft.map(toDraft), fromRight: m.fromRight.map(toDraft), toLeft: m.toLeft.map(toDraft), toRight: m.toRight.map(toDraft), ...(m.combine ? { combine: m.combine } : {}) }]))
  )
  const [editPreview, setEditPreview] = useState<{ key: string; pv: PreviewResult }>()
  const [filters, setFilters] = useState<RecordFilter[]>(editing?.filters ?? [])
  const [fixed, setFixed] = useState<FixedValue[]>(editing?.fixed ?? [])
  const running = useStore((s) => (editing ? !!s.cards.find((c) => c.sync.id === editing.id)?.running : false))
  const [open, setOpen] = useState<string | null>(null)
  const [extra, setExtra] = useState<TemplateField[]>([])
  const pv = useStore((s) => (draftId ? s.previews[draftId] : undefined))
  const sides = { left: useStore((s) => s.connections.find((c) => c.connection.id === left.connectionId)?.connection.label) ?? 'the first side', right: useStore((s) => s.connections.find((c) => c.connection.id === right.connectionId)?.connection.label) ?? 'the second side' }

  useEffect(() => {
    // A saved schedule keeps its own zone; a new sync starts in the owner's.
    if (settings?.timeZone && !editing) setTimeZone(settings.timeZone)
  }, [settings?.timeZone, editing])
  const watch = watchSeconds(every.amount, every.unit)
  const trigger = triggerOf(when, watch.seconds ?? 60, at, cron, timeZone)
  const triggerKey = JSON.stringify(trigger)
  useEffect(() => {
    const t = setTimeout(() => void describe(JSON.parse(triggerKey) as Trigger), 250)
    return () => clearTimeout(t)
  }, [triggerKey])

  const leftKey = `${left.connectionId}/${left.object}`
  const rightKey = `${right.connectionId}/${right.object}`
  useEffect(() => {
    if (left.connectionId && left.object) void loadFields(left.connectionId, left.object)
  }, [left.connectionId, left.object])
  useEffect(() => {
    if (right.connectionId && right.object) void loadFields(right.connectionId, right.object)
  }, [right.connectionId, right.object])
  // Each side's fields by the label its connector gives them ("Record ID" for hs_object_id), in the order a person looks for them.
  const labels = useMemo(() => ({ left: labelsOf(allFields[leftKey] ?? []), right: labelsOf(allFields[rightKey] ?? []) }), [allFields, leftKey, rightKey])
  const leftFields = useMemo(() => fieldsInOrder((allFields[leftKey] ?? []).map((f) => f.name), labels.left), [allFields, leftKey, labels])
  const rightFields = useMemo(() => fieldsInOrder((allFields[rightKey] ?? []).map((f) => f.name), labels.right), [allFields, rightKey, labels])
  // Same-named fields keep the first side's own order (a file's columns as they are in it).
  const fields = [...(scratch ? sameNamed((allFields[leftKey] ?? []).map((f) => f.name), rightFields, labels.left) : template.fields), ...extra]
  const matchField = scratch ? matchPick || (fields.find((f) => f.name === 'email') ?? fields[0])?.name || '' : editing ? matchPick || template.matchField : template.matchField
  const rows = fields.map((raw) => {
    const f = scratch && raw.name === matchField ? { ...raw, required: true, fromLeft: [{ kind: 'trim' as const }, { kind: 'lower' as const }], fromRight: [{ kind: 'trim' as const }, { kind: 'lower' as const }] } : editing ? { ...raw, required: raw.name === matchField } : raw
    const p = picked[f.name]
    return {
      f,
      left: p?.left ?? suggest(f.left, f.name, leftFields),
      right: p?.right ?? suggest(f.right, f.name, rightFields),
      on: p?.on ?? true,
      changes: changes[f.name] ?? initialChanges(f)
    }
  })
  const writes: Side[] = direction === 'both' ? ['left', 'right'] : direction === 'left-to-right' ? ['left'] : ['right']
  const changeCount = (c: FieldChanges) => writes.reduce((n, s) => n + (s === 'left' ? c.fromLeft.length + c.toRight.length : c.fromRight.length + c.toLeft.length), 0) + (c.combine ? 1 : 0)
  const set = (name: string, patch: Partial<{ left: string; right: string; on: boolean }>) => {
    const row = rows.find((r) => r.f.name === name)!
    setPicked({ ...picked, [name]: { left: row.left, right: row.right, on: row.on, ...patch } })
  }

  const problems: string[] = []
  if (!name.trim()) problems.push('Give the sync a name.')
  if (when === 'watch' && watch.problem) problems.push(`How often: ${watch.problem}`)
  if (!left.connectionId || !right.connectionId) problems.push('Choose both connections.')
  if (left.connectionId && left.connectionId === right.connectionId && left.object === right.object) problems.push('Choose two different places to sync.')
  for (const r of rows) if (r.f.required && (!r.left || !r.right)) problems.push(`Say where ${r.f.label.toLowerCase()} is on both sides: records are paired by it.`)
  for (const r of rows) {
    if (!r.on) continue
    const drafts = writes.flatMap((s) => (s === 'left' ? [...r.changes.fromLeft, ...r.changes.toRight] : [...r.changes.fromRight, ...r.changes.toLeft]))
    problems.push(...fieldProblems(fieldMapOf(r.f.name, r.left, r.right, r.changes), r.f.label, drafts))
  }
  const synced = rows.filter((r) => r.on && (r.left || r.right || r.changes.combine)).map((r) => ({ name: r.f.name, label: r.f.label }))
  const filled = (side: Side) => rows.filter((r) => r.on).flatMap((r) => (r.changes.combine?.side === side ? r.changes.combine.parts : r[side] ? [r[side]] : []))
  // The sides records are written to (`writes` above is the sides they come from).
  const targets: Side[] = direction === 'both' ? ['left', 'right'] : direction === 'left-to-right' ? ['right'] : ['left']
  problems.push(...ruleProblems(filters, fixed, { synced, filled: { left: filled('left'), right: filled('right') }, writes: targets, sides, labels }))
  if (scratch && left.connectionId && right.connectionId && leftFields.length && rightFields.length && !matchField) problems.push('No field has the same name on both sides yet; Patchbay needs one, such as email, to pair records.')

  const sync = (): SyncInput => {
    const mapping: FieldMap[] = rows
      .filter((r) => r.on && (r.left || r.right || r.changes.combine))
      .map((r) => fieldMapOf(r.f.name, r.left, r.right, r.changes))
    if (editing) {
      // A field's own conflict rule ("from now on, keep HubSpot's phone") is not in the form: it stays.
      for (const m of mapping) {
        const rule = editing.mapping.find((x) => x.name === m.name)?.conflictPolicy
        if (rule) m.conflictPolicy = rule
      }
      // Everything the form does not show (pause, the delete guard) stays as it was.
      const normalise = matchField === editing.match.field ? editing.match.normalise : (['trim', 'lower'] as const)
      return { ...editing, name: name.trim(), left, right, direction, trigger, mapping, match: { field: matchField, normalise: [...normalise] }, conflictPolicy: policy, deletes, filters: filters.length ? filters : undefined, fixed: fixed.length ? fixed : undefined }
    }
    return {
      id: draftId ?? undefined,
      name: name.trim(),
      left,
      right,
      direction,
      trigger,
      mapping,
      match: { field: matchField, normalise: template.matchNormalise ?? ['trim', 'lower'] },
      conflictPolicy: policy,
      deletes,
      ...(filters.length ? { filters } : {}),
      ...(fixed.length ? { fixed } : {}),
      enabled: false
    } as SyncInput
  }

  const runPreview = async () => {
    let id = draftId
    if (id) {
      if (!(await updateSync({ ...sync(), id }))) return
    } else {
      id = (await createDraft(sync())) ?? null
      if (!id) return
      setDraftId(id)
    }
    await preview(id)
  }

  // The edit is saved only as it was previewed: a change after the preview needs another look.
  const formKey = JSON.stringify(sync())
  const previewed = !!editPreview && editPreview.key === formKey
  const runEditPreview = async () => {
    if (!editing) return
    const key = formKey
    const pv = await previewEdit({ ...sync(), id: editing.id })
    if (pv) setEditPreview({ key, pv })
  }
  const saveChange = async () => {
    if (editing && previewed && (await saveEdit({ ...sync(), id: editing.id }))) go({ view: 'sync', id: editing.id, tab: 'settings' })
  }

  const discard = async () => {
    if (draftId) await removeSync(draftId, true)
    go({ view: 'syncs' })
  }

  const zones = useMemo(() => {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
    return known.includes(timeZone) ? known : [timeZone, ...known]
  }, [timeZone])

  return (
    <div className="view" data-testid={editing ? 'edit-sync-form' : 'new-sync-form'}>
      {editing ? (
        <p className="crumbs"><a href={href({ view: 'syncs' })}>Syncs</a> / <a href={href({ view: 'sync', id: editing.id, tab: 'settings' })}>{editing.name}</a> /</p>
      ) : (
        <p className="crumbs"><a href={href({ view: 'syncs' })}>Syncs</a> / <a href={href({ view: 'new-sync' })}>New sync</a> /</p>
      )}
      <h1>{template.title}</h1>
      <p className="lead">{template.description}</p>
      <form className="form" onSubmit={(e) => { e.preventDefault(); if (!problems.length) void (editing ? runEditPreview() : runPreview()) }}>
        <section className="panel">
          <h2>1. Name and systems</h2>
          <label className="field">
            <span>Name</span>
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} data-testid="sync-name" required />
          </label>
          {sidesLocked ? (
            <p data-testid="sides-locked">
              Between <strong>{sides.left}</strong> ({left.object}) and <strong>{sides.right}</strong> ({right.object}). Its records are paired between these two, so they stay; to sync other systems, duplicate this sync and choose them in the copy.
            </p>
          ) : (
          <div className="two">
            <SidePicker side="left" fits={template.left} legend={direction === 'both' ? template.left.role : `${direction === 'left-to-right' ? 'From' : 'To'}: ${template.left.role}`} connectionId={left.connectionId} object={left.object} setConnection={(id) => setLeft({ connectionId: id, object: '' })} setObject={(o) => setLeft((l) => ({ ...l, object: o }))} />
            <SidePicker side="right" fits={template.right} legend={direction === 'both' ? template.right.role : `${direction === 'left-to-right' ? 'To' : 'From'}: ${template.right.role}`} connectionId={right.connectionId} object={right.object} setConnection={(id) => setRight({ connectionId: id, object: '' })} setObject={(o) => setRight((r) => ({ ...r, object: o }))} />
          </div>
          )}
        </section>
        <section className="panel">
          <h2>2. When it runs</h2>
          <div className="radios" role="radiogroup" aria-label="When it runs">
            {([['manual', 'Only when I click Run'], ['watch', 'Every few minutes'], ['daily', 'Once a day'], ['cron', 'Custom schedule']] as const).map(([k, label]) => (
              <label key={k} className="radio">
                <input type="radio" name="when" checked={when === k} onChange={() => setWhen(k)} data-testid={`when-${k}`} /> {label}
              </label>
            ))}
          </div>
          <div className="when-detail">
            {when === 'watch' && (
              <div className="watch-every">
                <label className="field-inline">
                  <span>Every</span>
                  <input className="input input-num" type="number" inputMode="numeric" min={every.unit === 'seconds' ? WATCH_MIN_SECONDS : 1} max={every.unit === 'seconds' ? WATCH_MAX_SECONDS : WATCH_MAX_SECONDS / 60} value={every.amount} onChange={(e) => setEvery({ ...every, amount: e.target.value })} aria-invalid={!!watch.problem} aria-describedby="watch-note" data-testid="watch-every" />
                  <select className="input" aria-label="Unit" value={every.unit} onChange={(e) => setEvery({ ...every, unit: e.target.value as Unit })} data-testid="watch-unit">
                    <option value="seconds">seconds</option>
                    <option value="minutes">minutes</option>
                  </select>
                </label>
                {watch.seconds === undefined ? (
                  <p className="field-problem small" id="watch-note" role="alert" data-testid="watch-problem">{watch.problem}</p>
                ) : (
                  <p className="muted small" id="watch-note" aria-live="polite" data-testid="watch-cost">{watchCost(watch.seconds)}</p>
                )}
              </div>
            )}
            {when === 'daily' && (
              <label className="field-inline">
                <span>At</span>
                <input className="input" type="time" value={at} onChange={(e) => setAt(e.target.value)} data-testid="daily-at" />
              </label>
            )}
            {when === 'cron' && (
              <label className="field-inline">
                <span>Schedule (cron)</span>
                <input className="input mono" value={cron} onChange={(e) => setCron(e.target.value)} aria-describedby="trigger-preview" />
              </label>
            )}
            {(when === 'daily' || when === 'cron') && (
              <label className="field-inline">
                <span>Time zone</span>
                <select className="input" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} data-testid="schedule-time-zone">
                  {zones.map((z) => (
                    <option key={z} value={z}>{z}</option>
                  ))}
                </select>
              </label>
            )}
          </div>
          {!(when === 'watch' && watch.problem) && (
            <p className="trigger-preview" id="trigger-preview" aria-live="polite" data-testid="trigger-preview">
              It will run <strong>{triggerText[triggerKey] ?? '…'}</strong>.
            </p>
          )}
        </section>
        <section className="panel">
          <h2>3. Which fields go where</h2>
          <table className="table compact mapping">
            <thead>
              <tr>
                <th scope="col">Sync</th>
                <th scope="col">Field</th>
                <th scope="col">In {sides.left}</th>
                <th scope="col">In {sides.right}</th>
                <th scope="col"><span className="sr-only">Values</span></th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <Fragment key={r.f.name}>
                <tr>
                  <td>
                    <input type="checkbox" checked={r.on} disabled={r.f.required} onChange={(e) => set(r.f.name, { on: e.target.checked })} aria-label={`Sync ${r.f.label}`} />
                  </td>
                  <th scope="row">{r.f.label}{r.f.required ? <span className="muted small"> · pairs records</span> : null}</th>
                  {(['left', 'right'] as const).map((s) => (
                    <td key={s}>
                      {r.changes.combine?.side === s ? (
                        <span className="small" data-testid={`map-${r.f.name}-${s}-split`}>{r.changes.combine.parts.filter(Boolean).map((p) => fieldWords(p, labels[s])).join(' + ') || 'first + last name'}</span>
                      ) : (
                      <select className="input input-small" value={r[s]} onChange={(e) => set(r.f.name, { [s]: e.target.value })} aria-label={`${r.f.label} in ${sides[s]}`} data-testid={`map-${r.f.name}-${s}`}>
                        <option value="">(not synced)</option>
                        {(s === 'left' ? leftFields : rightFields).map((n) => (
                          <option key={n} value={n}>{fieldText(n, labels[s])}</option>
                        ))}
                      </select>
                      )}
                    </td>
                  ))}
                  <td className="nowrap">
                    <button type="button" className="btn btn-small btn-ghost" aria-expanded={open === r.f.name} aria-controls={`changes-${r.f.name}`} onClick={() => setOpen(open === r.f.name ? null : r.f.name)} data-testid={`change-values-${r.f.name}`}>
                      Change values…{changeCount(r.changes) ? ` (${changeCount(r.changes)})` : ''}
                    </button>
                    {extra.some((x) => x.name === r.f.name) && (
                      <button type="button" className="icon-btn" aria-label={`Remove ${r.f.label}`} onClick={() => { setExtra(extra.filter((x) => x.name !== r.f.name)); if (open === r.f.name) setOpen(null) }} data-testid={`remove-field-${r.f.name}`}>×</button>
                    )}
                  </td>
                </tr>
                {open === r.f.name && (
                  <tr className="changes-row">
                    <td colSpan={5} id={`changes-${r.f.name}`}>
                      <ValueChanges name={r.f.name} label={r.f.label} changes={r.changes} onChange={(c) => setChanges({ ...changes, [r.f.name]: c })} writes={writes} sides={sides} fields={{ left: leftFields, right: rightFields }} labels={labels} timeZone={timeZone} />
                    </td>
                  </tr>
                )}
                </Fragment>
              ))}
            </tbody>
          </table>
          {(leftFields.length > 0 || rightFields.length > 0) && (
            <AddField
              taken={rows.map((r) => loose(r.f.name))}
              fields={{ left: leftFields, right: rightFields }}
              labels={labels}
              sides={sides}
              onAdd={({ label, left: l, right: r }) => {
                const n = fieldName(label)
                setExtra([...extra, { name: n, label, left: l ? [l] : [], right: r ? [r] : [] }])
                setPicked({ ...picked, [n]: { left: l, right: r, on: true } })
              }}
            />
          )}
          {free && (
            <div className="when-detail">
              <label className="field-inline">
                <span>Records flow</span>
                <select className="input" value={direction} onChange={(e) => setDirection(e.target.value as typeof direction)} data-testid="direction">
                  <option value="both">both ways</option>
                  <option value="left-to-right">from {sides.left} to {sides.right}</option>
                  <option value="right-to-left">from {sides.right} to {sides.left}</option>
                </select>
              </label>
              <label className="field-inline">
                <span>Pair records by</span>
                <select className="input" value={matchField} onChange={(e) => setMatchPick(e.target.value)} data-testid="match-field">
                  {fields.map((f) => <option key={f.name} value={f.name}>{f.label}</option>)}
                </select>
              </label>
            </div>
          )}
          {scratch && fields.length === 0 && <p className="muted">Choose both connections: fields with the same name on both sides appear here.</p>}
          {direction === 'both' && (
            <label className="field-inline">
              <span>When both sides change the same field</span>
              <select className="input" value={policy} onChange={(e) => setPolicy(e.target.value as typeof policy)}>
                <option value="ask">Ask me</option>
                <option value="prefer-left">Keep {sides.left}</option>
                <option value="prefer-right">Keep {sides.right}</option>
                <option value="newest">Keep the newest</option>
              </select>
            </label>
          )}
          <ConsentNote left={left.connectionId} right={right.connectionId} />
          <SyncRules filters={filters} fixed={fixed} onFilters={setFilters} onFixed={setFixed} synced={synced} writes={targets} sideFields={{ left: leftFields, right: rightFields }} sideLabels={labels} sides={sides} />
          <label className="field-inline">
            <span>When a record is deleted on one side</span>
            <select className="input" value={deletes} onChange={(e) => setDeletes(e.target.value as typeof deletes)} data-testid="deletes-policy">
              <option value="ignore">Leave the other side alone</option>
              <option value="propagate">Delete it on the other side too</option>
              <option value="ask">Ask me</option>
            </select>
          </label>
        </section>
        {editing ? (
          <section className="panel">
            <h2>4. Preview the change, then save it</h2>
            {problems.length > 0 && (
              <ul className="problems" data-testid="form-problems">
                {problems.map((p) => <li key={p}>{p}</li>)}
              </ul>
            )}
            {running && <p className="callout" data-testid="edit-waits">It is running now: the preview and the save wait until this run has finished.</p>}
            <div className="actions">
              <button type="submit" className="btn" disabled={problems.length > 0 || busy[`preview:${editing.id}`]} data-testid="preview-edit">
                {busy[`preview:${editing.id}`] ? 'Looking…' : editPreview ? 'Preview again' : 'Preview the change'}
              </button>
              <button type="button" className="btn btn-primary" disabled={!previewed || problems.length > 0 || busy['update-sync']} onClick={() => void saveChange()} data-testid="save-edit">
                {busy['update-sync'] ? 'Saving…' : 'Save the change'}
              </button>
              <a className="btn btn-ghost" href={href({ view: 'sync', id: editing.id, tab: 'settings' })} data-testid="cancel-edit">Cancel</a>
            </div>
            <p className="muted small" data-testid="edit-note">
              {previewed ? 'The preview shows what the next run would do with your change. Save it to keep it.' : editPreview ? 'You changed something since the preview: preview again before saving.' : 'Preview first: it reads both sides with your change and writes nothing.'} Its history and paired records stay as they are.
            </p>
            {editPreview && <PreviewPanel preview={editPreview.pv} sides={sides} />}
          </section>
        ) : (
        <section className="panel">
          <h2>4. Preview, then turn it on</h2>
          {problems.length > 0 && (
            <ul className="problems" data-testid="form-problems">
              {problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          )}
          <div className="actions">
            <button type="submit" className="btn btn-primary" disabled={problems.length > 0 || busy['create-sync'] || busy['update-sync'] || (draftId ? busy[`preview:${draftId}`] : false)} data-testid="preview-new">
              {draftId && busy[`preview:${draftId}`] ? 'Looking…' : pv ? 'Preview again' : 'Preview what it would do'}
            </button>
            {pv && draftId && (
              <button type="button" className="btn btn-primary" onClick={() => void turnOn(draftId)} disabled={busy[`pause:${draftId}`]} data-testid="turn-on">
                Turn on and run now
              </button>
            )}
            <button type="button" className="btn btn-ghost" onClick={() => void discard()} data-testid="discard">{draftId ? 'Discard' : 'Cancel'}</button>
          </div>
          <p className="muted small">The preview reads both sides and writes nothing. The sync stays off until you turn it on.</p>
          {pv && <PreviewPanel preview={pv} sides={sides} />}
        </section>
        )}
      </form>
    </div>
  )
}

/** A saved sync in the sync form, to change it (the sync page's Edit, and a new copy). */
export function EditSync({ sync, sidesLocked }: { sync: Sync; sidesLocked: boolean }) {
  return <Form key={sync.id} template={templateOf(sync)} editing={sync} sidesLocked={sidesLocked} />
}

/** The New sync view. */
export function NewSync({ template }: { template?: string }) {
  const templates = useStore((s) => s.templates)
  if (!templates.length) return <p className="loading">Loading…</p>
  const t = template === SCRATCH.id ? SCRATCH : templates.find((x) => x.id === template)
  if (template && !t) return <EmptyState title="That template does not exist" action={<a className="btn" href={href({ view: 'new-sync' })}>All templates</a>} />
  return t ? <Form key={t.id} template={t} /> : <TemplatePicker templates={templates} />
}
