/**
 * Guesses what each column holds from its first values, so the mapping editor can
 * suggest "email ↔ email" and a phone transform. Only a hint: values stay strings.
 */
import type { FieldInfo } from '../types'
import { rowsOf, type CsvTable } from './table'

type Guess = NonNullable<FieldInfo['type']>

const SAMPLE_ROWS = 50

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const NUMBER = /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
const SLASH_DATE = /^\d{1,2}[/.]\d{1,2}[/.](\d{2}|\d{4})$/
const PHONE = /^\+?[\d\s().-]+$/

/** One FieldInfo per column, typed from the first rows that have a value in it. */
export function describeFields(table: CsvTable): FieldInfo[] {
  const samples: string[][] = table.header.map(() => [])
  let seen = 0
  for (const row of rowsOf(table)) {
    if (seen++ >= SAMPLE_ROWS) break
    row.values.forEach((value, i) => {
      if (value.trim() !== '' && i < samples.length) samples[i].push(value.trim())
    })
  }
  return table.header.map((name, i) => ({ name, type: guessType(samples[i]) }))
}

/** The one type every sample fits, or 'string'. */
export function guessType(samples: readonly string[]): Guess {
  if (samples.length === 0) return 'string'
  const all = (test: (v: string) => boolean): boolean => samples.every(test)
  if (all((v) => EMAIL.test(v))) return 'email'
  if (all((v) => ISO_DATE.test(v) || SLASH_DATE.test(v))) return 'date'
  if (all((v) => v === 'true' || v === 'false')) return 'boolean'
  if (all((v) => NUMBER.test(v))) return 'number'
  if (all(looksLikePhone)) return 'phone'
  return 'string'
}

/** Phone numbers have 7–15 digits and usually some punctuation; plain long numbers were caught as numbers first. */
function looksLikePhone(value: string): boolean {
  if (!PHONE.test(value)) return false
  const digits = value.replace(/\D/g, '').length
  return digits >= 7 && digits <= 15
}
