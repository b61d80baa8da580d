/**
 * Field mapping between a system's own fields and a sync's canonical fields, with the
 * value transforms of DESIGN.md §2. Pure functions: the same input always maps the
 * same way, which is what keeps our own writes from echoing back as changes.
 */
import { DateTime } from 'luxon'
import { createRequire } from 'node:module'
import type { CountryCode } from 'libphonenumber-js'
import type { FieldMap, Fields, FieldValue, Side, Sync, Transform } from '../../shared/domain'
import { assertNever } from '../../shared/assert'
import { RecordError } from '../errors'

// libphonenumber-js (about 100 ms to load) is loaded at the first phone number, not at every start.
let phoneLib: typeof import('libphonenumber-js') | undefined
const phones = (): typeof import('libphonenumber-js') => (phoneLib ??= createRequire(import.meta.url)('libphonenumber-js') as typeof import('libphonenumber-js'))

const isEmpty = (v: FieldValue | undefined): boolean => v === null || v === undefined || v === ''

/** Countries whose numbers small businesses most often meet, tried first when a number does not fit the chosen one. */
const LIKELY_COUNTRIES: CountryCode[] = ['US', 'GB', 'CA', 'AU', 'IE', 'NZ', 'DE', 'FR', 'ES', 'IT', 'NL', 'BE', 'CH', 'AT', 'SE', 'DK', 'NO', 'PT', 'PL', 'IN', 'ZA', 'SG', 'MX', 'BR', 'JP']

/**
 * Why a phone number may not come out as meant: written without its country code, it is not
 * a valid number of `defaultCountry`, so the country code put in front of it may be wrong. Names
 * a country where it is valid when one of the likely ones fits. Undefined when it fits.
 */
export function phoneMismatch(value: FieldValue, defaultCountry: string): string | undefined {
  if (isEmpty(value)) return undefined
  const text = String(value).trim()
  const lib = phones()
  const phone = lib.parsePhoneNumberFromString(text, defaultCountry as CountryCode)
  if (!phone?.isPossible() || phone.isValid() || text.startsWith('+') || text.startsWith('00')) return undefined
  const fits = LIKELY_COUNTRIES.find((c) => c !== defaultCountry && lib.parsePhoneNumberFromString(text, c)?.isValid())
  return `${text} is not a ${defaultCountry} number as far as Patchbay can tell, so ${phone.number} may be wrong.${fits ? ` It looks like a ${fits} number (${lib.parsePhoneNumberFromString(text, fits)!.number}): if your numbers come from there, choose ${fits} as the country.` : ' Choose the country your numbers come from, or have them written with + and their country code.'}`
}

/** Applies one transform; `field` names the canonical field for error messages. */
export function applyTransform(t: Transform, value: FieldValue, field: string): FieldValue {
  if (isEmpty(value)) return value
  switch (t.kind) {
    case 'trim':
      return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value
    case 'lower':
      return typeof value === 'string' ? value.toLowerCase() : value
    case 'upper':
      return typeof value === 'string' ? value.toUpperCase() : value
    case 'e164': {
      const phone = phones().parsePhoneNumberFromString(String(value), t.defaultCountry as CountryCode)
      // A number we cannot read is kept as typed rather than failing the whole record.
      return phone?.isPossible() ? phone.number : String(value).trim()
    }
    case 'date':
      return convertDate(String(value), t.from, t.to, t.format, field)
    case 'lookup': {
      const hit = t.table[String(value)]
      if (hit !== undefined) return hit
      if (t.fallback === 'keep') return value
      if (t.fallback === 'null') return null
      throw new RecordError(`"${String(value)}" has no entry in the lookup table for ${field}`, {
        hint: `Add "${String(value)}" to the ${field} lookup table in the sync's mapping.`
      })
    }
    case 'number': {
      const n = Number(String(value).replace(/[, ]/g, ''))
      if (Number.isNaN(n)) throw new RecordError(`${field}: "${String(value)}" is not a number`)
      return n
    }
    case 'minor-units':
      return toMinorUnits(String(value), t.decimals, field)
    default:
      return assertNever(t, 'transform')
  }
}

const DATE_FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', 'yyyy-MM-dd', 'MM/dd/yyyy HH:mm', 'MM/dd/yyyy', 'dd.MM.yyyy']

function convertDate(raw: string, from: string, to: string, format: 'iso' | 'date', field: string): string {
  let dt = DateTime.fromISO(raw, { zone: from, setZone: true })
  if (!dt.isValid && /^\d{10,13}$/.test(raw)) dt = DateTime.fromMillis(raw.length === 13 ? Number(raw) : Number(raw) * 1000, { zone: 'UTC' })
  for (const f of DATE_FORMATS) {
    if (dt.isValid) break
    dt = DateTime.fromFormat(raw, f, { zone: from })
  }
  if (!dt.isValid) throw new RecordError(`${field}: "${raw}" is not a date Patchbay can read`, { hint: 'Use a date like 2026-11-25 or 2026-11-25T09:30:00Z.' })
  const out = dt.setZone(to)
  if (!out.isValid) throw new RecordError(`${field}: unknown time zone "${to}"`)
  return format === 'date' ? out.toISODate()! : out.toUTC().toISO({ suppressMilliseconds: true })!
}

/** "12.34" → 1234 without floating point; "-0.5" → -50. */
export function toMinorUnits(raw: string, decimals: number, field = 'amount'): number {
  const m = /^\s*(-)?(\d*)(?:\.(\d*))?\s*$/.exec(raw.replace(/,/g, ''))
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RecordError(`${field}: "${raw}" is not an amount`)
  const frac = (m[3] ?? '').padEnd(decimals, '0')
  if (frac.length > decimals && /[1-9]/.test(frac.slice(decimals))) {
    throw new RecordError(`${field}: "${raw}" has more than ${decimals} decimal places`)
  }
  const n = Number((m[2] || '0') + frac.slice(0, decimals))
  return m[1] ? -n : n
}

/** Splits a full name: the last word is the family name, the rest the given names. */
export function splitName(full: string): [string, string] {
  const words = full.trim().split(/\s+/).filter(Boolean)
  if (words.length <= 1) return [words[0] ?? '', '']
  return [words.slice(0, -1).join(' '), words[words.length - 1]]
}

/** Joins name parts the way `splitName` reads them back. */
export function joinName(first: FieldValue | undefined, last: FieldValue | undefined): string {
  return [first, last].map((p) => (isEmpty(p) ? '' : String(p).trim())).filter(Boolean).join(' ')
}

/** Maps a record from one side's own fields into canonical fields. */
export function mapIn(mapping: FieldMap[], side: Side, raw: Fields): Fields {
  const out: Fields = {}
  for (const fm of mapping) {
    let v: FieldValue | undefined
    if (fm.combine?.side === side) v = joinName(raw[fm.combine.parts[0]], raw[fm.combine.parts[1]])
    else {
      const own = side === 'left' ? fm.left : fm.right
      if (own === undefined) continue
      v = raw[own]
    }
    let value: FieldValue = v === undefined ? null : v
    for (const t of side === 'left' ? fm.fromLeft : fm.fromRight) value = applyTransform(t, value, fm.name)
    out[fm.name] = isEmpty(value) ? null : value
  }
  return out
}

/** Maps canonical fields (all or some) out to one side's own fields. */
export function mapOut(mapping: FieldMap[], side: Side, canonical: Fields): Fields {
  const out: Fields = {}
  for (const fm of mapping) {
    if (!(fm.name in canonical)) continue
    let value = canonical[fm.name]
    for (const t of side === 'left' ? fm.toLeft : fm.toRight) value = applyTransform(t, value, fm.name)
    if (fm.combine?.side === side) {
      const [first, last] = splitName(isEmpty(value) ? '' : String(value))
      out[fm.combine.parts[0]] = first
      out[fm.combine.parts[1]] = last
      continue
    }
    const own = side === 'left' ? fm.left : fm.right
    if (own !== undefined) out[own] = value ?? ''
  }
  return out
}

/** The fields a side can hold: canonical fields mapped on that side. */
export function fieldsOnSide(sync: Sync, side: Side): string[] {
  return sync.mapping.filter((fm) => fm.combine?.side === side || (side === 'left' ? fm.left : fm.right) !== undefined).map((fm) => fm.name)
}

/** Normalises a match key so " Ann@Example.com " and "ann@example.com" pair up. */
export function normaliseKey(value: unknown, steps: readonly ('trim' | 'lower' | 'digits')[]): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  for (const step of steps) {
    if (step === 'trim') s = s.trim()
    else if (step === 'lower') s = s.toLowerCase()
    else if (step === 'digits') s = s.replace(/\D/g, '')
    else assertNever(step, 'normalise step')
  }
  return s
}

/** True when two canonical values mean the same thing ('' and null are both empty). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (isEmpty(a) && isEmpty(b)) return true
  if (isEmpty(a) || isEmpty(b)) return false
  return String(a) === String(b)
}
