/**
 * A field's value changes in the words the sync form uses: what each transform is called,
 * a sample value to try it on, and what is wrong with one a person is still editing.
 * Pure functions, so they are tested without a browser.
 */
import { fieldMapSchema, transformSchema, type FieldMap, type Transform } from '../../../shared/domain'

/** A transform as the form edits it: a lookup table is a list of rows until it is saved. */
export type DraftTransform = Exclude<Transform, { kind: 'lookup' }> | { kind: 'lookup'; rows: [string, string][]; fallback: 'keep' | 'null' | 'error' }

/** The kinds a person can add, in the order the menu offers them. */
export const KINDS: { kind: Transform['kind']; label: string }[] = [
  { kind: 'trim', label: 'Tidy spaces' },
  { kind: 'lower', label: 'Lower-case' },
  { kind: 'upper', label: 'Upper-case' },
  { kind: 'e164', label: 'Phone numbers to international format' },
  { kind: 'date', label: 'Dates from one time zone to another' },
  { kind: 'lookup', label: 'Translate values' },
  { kind: 'number', label: 'Text to a number' },
  { kind: 'minor-units', label: 'Amounts to cents' }
]

/** A new transform of `kind` with sensible settings; `timeZone` is the person's own. */
export function blank(kind: Transform['kind'], timeZone = 'UTC'): DraftTransform {
  switch (kind) {
    case 'e164':
      return { kind, defaultCountry: 'US' }
    case 'date':
      return { kind, from: timeZone, to: 'UTC', format: 'iso' }
    case 'lookup':
      return { kind, rows: [['', '']], fallback: 'keep' }
    case 'minor-units':
      return { kind, decimals: 2 }
    default:
      return { kind } as DraftTransform
  }
}

/** The draft as the engine takes it. */
export function toTransform(d: DraftTransform): Transform {
  if (d.kind !== 'lookup') return d
  return { kind: 'lookup', table: Object.fromEntries(d.rows.filter(([from]) => from !== '')), fallback: d.fallback }
}

/** A saved transform as the form edits it. */
export function toDraft(t: Transform): DraftTransform {
  return t.kind === 'lookup' ? { kind: 'lookup', rows: Object.entries(t.table), fallback: t.fallback } : t
}

const FALLBACK_WORDS = { keep: 'keep the value', null: 'leave it empty', error: 'report a problem' } as const

/** What a transform does, in one line a shop owner reads. */
export function describeTransform(d: DraftTransform): string {
  switch (d.kind) {
    case 'trim':
      return 'Tidy spaces'
    case 'lower':
      return 'Lower-case'
    case 'upper':
      return 'Upper-case'
    case 'e164':
      return `Phone numbers to international format (default country ${d.defaultCountry})`
    case 'date':
      return `Dates from ${d.from} to ${d.to} (${d.format === 'date' ? 'as date' : 'as date and time'})`
    case 'lookup': {
      const n = d.rows.filter(([from]) => from !== '').length
      return `Translate values (${n} ${n === 1 ? 'entry' : 'entries'}; when missing: ${FALLBACK_WORDS[d.fallback]})`
    }
    case 'number':
      return 'Text to a number'
    case 'minor-units':
      return d.decimals === 2 ? 'Amounts to cents' : `Amounts to whole units of ${d.decimals} decimal places`
  }
}

/** A value to try a field's changes on when the person has not typed one: it shows what the first change does. */
export function sampleFor(first: DraftTransform | undefined, field = ''): string {
  switch (first?.kind) {
    case 'e164':
      return '(415) 555-0132'
    case 'date':
      return '2026-11-25 09:30'
    case 'lookup':
      return first.rows.find(([from]) => from !== '')?.[0] ?? 'Active'
    case 'number':
      return '1,250'
    case 'minor-units':
      return '12.34'
    case 'lower':
    case 'upper':
    case 'trim':
      return /mail/i.test(field) ? '  Ann.Lee@Example.COM ' : '  Ann   Lee '
    default:
      return ''
  }
}

/** True when the browser knows the time zone. */
export function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** What is wrong with one transform, in words; empty when it is fine. */
export function transformProblems(d: DraftTransform): string[] {
  const out: string[] = []
  if (d.kind === 'e164' && !/^[A-Z]{2}$/.test(d.defaultCountry)) out.push(`The default country must be a two-letter code such as US or GB, not "${d.defaultCountry}".`)
  if (d.kind === 'date') {
    for (const z of [d.from, d.to]) if (!knownZone(z)) out.push(`"${z}" is not a time zone; use a name such as Europe/London or UTC.`)
  }
  if (d.kind === 'lookup') {
    const froms = d.rows.map(([from]) => from.trim()).filter(Boolean)
    if (!froms.length) out.push('Translate values needs at least one row: the value to look for and what to write instead.')
    const seen = new Set<string>()
    for (const f of froms) {
      if (seen.has(f)) out.push(`"${f}" is in the table twice; keep one row for it.`)
      seen.add(f)
    }
    if (d.rows.some(([from, to]) => !from && to)) out.push('A row has a value to write but nothing to look for.')
  }
  if (!out.length) {
    const parsed = transformSchema.safeParse(toTransform(d))
    if (!parsed.success) out.push(`${describeTransform(d)}: ${parsed.error.issues.map((i) => i.message).join('; ')}.`)
  }
  return out
}

/** What is wrong with a mapped field (its transforms and its split name), in words naming the field. */
export function fieldProblems(fm: FieldMap, label: string, drafts: DraftTransform[] = []): string[] {
  const out = drafts.flatMap((d) => transformProblems(d).map((p) => `${label}: ${p}`))
  if (fm.combine) {
    const [first, last] = fm.combine.parts
    if (!first || !last) out.push(`${label}: choose both the first-name and the last-name field.`)
    else if (first === last) out.push(`${label}: the first name and the last name must be two different fields.`)
    const other = fm.combine.side === 'left' ? fm.right : fm.left
    if (!other) out.push(`${label}: choose the field that holds the full name on the other side.`)
  }
  if (!out.length) {
    const parsed = fieldMapSchema.safeParse(fm)
    if (!parsed.success) out.push(...parsed.error.issues.map((i) => `${label}: ${i.path.join(' ')} ${i.message}.`))
  }
  return out
}
