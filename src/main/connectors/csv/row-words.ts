/**
 * A CSV row that does not fit its header, in the owner's words: "Row 40 (Rosa Diaz) has
 * one comma too many, probably in the "company" column." The row is named by the person in
 * it (as record-words.ts names records), and the column is worked out by trying each place
 * the stray comma (or the missing value) could be and keeping the ones where every email
 * column then holds an email, every date column a date and every number column a number.
 * When more than one place fits, a comma followed by a space ("Bakery, Café") is taken as
 * the one inside a value; when that still leaves a choice, the message says it cannot tell.
 */
import { nameOf } from '../../engine/record-words'

type Kind = 'email' | 'date' | 'number' | 'phone' | 'text'

function kindOf(column: string): Kind {
  const c = column.toLowerCase()
  if (/e-?mail/.test(c)) return 'email'
  if (/phone|mobile|\btel\b|telephone/.test(c)) return 'phone'
  if (/date|(^|[_ ])at$|time|created|updated|submitted|birthday/.test(c)) return 'date'
  if (/amount|price|qty|quantity|count|total|age|balance|cost/.test(c)) return 'number'
  return 'text'
}

function fits(kind: Kind, value: string): boolean {
  const v = value.trim()
  if (v === '') return true
  switch (kind) {
    case 'email':
      return /^[^\s,@]+@[^\s,@]+$/.test(v)
    case 'phone':
      return /^[+\d][\d\s().-]{4,}$/.test(v)
    case 'date':
      return /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(v) || /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(v)
    case 'number':
      return /^[-+]?[£$€]?\d+(\.\d+)?$/.test(v)
    default:
      return true
  }
}

const lineUp = (kinds: Kind[], values: string[]) => values.every((v, i) => fits(kinds[i], v))

/** The row's person in words: a name, else an email, else the key. */
function labelOf(header: string[], values: (string | undefined)[], keyIndex: number): string {
  const fields: Record<string, string> = {}
  header.forEach((h, i) => {
    const v = values[i]
    if (v !== undefined && v.trim() !== '') fields[h] = v
  })
  const email = header.findIndex((h, i) => kindOf(h) === 'email' && fits('email', values[i] ?? '') && (values[i] ?? '').trim() !== '')
  return nameOf(fields) || (email >= 0 ? (values[email] ?? '').trim() : '') || keyWords(header, values, keyIndex)
}

function keyWords(header: string[], values: (string | undefined)[], keyIndex: number): string {
  const key = (values[keyIndex] ?? '').trim()
  return key ? `${header[keyIndex]} ${key}` : ''
}

const rowName = (line: number, label: string) => (label ? `Row ${line} (${label})` : `Row ${line}`)

/** The message for a row with the wrong number of values. */
export function misfitWords(line: number, header: string[], record: string[], keyIndex: number): string {
  const width = header.length
  const kinds = header.map(kindOf)
  const extra = record.length - width
  if (extra === 1) {
    // Position i: values i and i+1 belong together in column i.
    const places: number[] = []
    for (let i = 0; i < width; i++) {
      const merged = [...record.slice(0, i), `${record[i]},${record[i + 1]}`, ...record.slice(i + 2)]
      if (lineUp(kinds, merged)) places.push(i)
    }
    const spaced = places.filter((i) => /^\s/.test(record[i + 1]))
    const place = places.length === 1 ? places[0] : spaced.length === 1 ? spaced[0] : undefined
    const values = place === undefined ? partial(record, width, places) : [...record.slice(0, place), `${record[place]},${record[place + 1]}`, ...record.slice(place + 2)]
    const where = place === undefined ? 'Patchbay cannot tell in which column' : `probably in the "${header[place]}" column`
    return `${rowName(line, labelOf(header, values, keyIndex))} has one comma too many, ${where}. Put that value in quotes, or remove the comma, then try again.`
  }
  if (extra === -1) {
    const places: number[] = []
    for (let i = 0; i < width; i++) if (lineUp(kinds, [...record.slice(0, i), '', ...record.slice(i)])) places.push(i)
    const place = places.length === 1 ? places[0] : undefined
    const values = place === undefined ? partial(record, width, places) : [...record.slice(0, place), '', ...record.slice(place)]
    const where = place === undefined ? 'Patchbay cannot tell which one is missing' : `probably the "${header[place]}" value is missing`
    return `${rowName(line, labelOf(header, values, keyIndex))} has one value too few, ${where}. Add the missing value (or an empty one, with its comma), then try again.`
  }
  const values = partial(record, width, [])
  const what = extra > 0 ? `${extra} values too many: there are commas inside values that are not in quotes` : `${-extra} values too few`
  return `${rowName(line, labelOf(header, values, keyIndex))} has ${what}. Put each value that holds a comma in quotes, or fill in the missing values, then try again.`
}

/**
 * The values we can trust when the stray comma's place is unknown: the columns before the
 * first place it could be, and those after the last place, counted from the end.
 */
function partial(record: string[], width: number, places: number[]): (string | undefined)[] {
  // When no place lines up, the best guess is that the values start in their columns.
  const first = places.length ? Math.min(...places) : Math.min(record.length, width) - 1
  const last = places.length ? Math.max(...places) : width - 1
  const out: (string | undefined)[] = new Array(width).fill(undefined)
  for (let i = 0; i < first; i++) out[i] = record[i]
  const shift = record.length - width
  for (let i = last + 1; i < width; i++) out[i] = record[i + shift]
  return out
}

/** The message for a quoted value that runs on over line breaks. */
export function runOnWords(line: number, lastLine: number, header: string[], firstLine: string, delimiter: string, keyIndex: number): string {
  // Only the values before the first quote mark are surely in their columns.
  const values = firstLine.split(delimiter)
  const open = values.findIndex((v) => v.includes('"'))
  const trusted = open < 0 ? values : values.slice(0, open)
  return `${rowName(line, labelOf(header, trusted, keyIndex))} has a quoted value that runs on to line ${lastLine}: its closing quote mark is missing or in the wrong place. Put the closing quote mark right after the value, then try again.`
}
