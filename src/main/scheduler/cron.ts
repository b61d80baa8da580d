/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) parsed into
 * sets of allowed values. We parse it ourselves rather than through node-cron because
 * node-cron reads the real clock; here the next fire time is a pure function of an
 * instant and a time zone, so a test can check it across a DST change.
 */

/** One parsed field: the values it allows, and whether it was `*` (matters for day rules). */
export interface CronField {
  values: ReadonlySet<number>
  any: boolean
}

/** A parsed cron expression. */
export interface CronSpec {
  /** The text as written, trimmed. */
  source: string
  minute: CronField
  hour: CronField
  dayOfMonth: CronField
  month: CronField
  /** 0 = Sunday … 6 = Saturday (7 is folded into 0). */
  dayOfWeek: CronField
}

/** Why an expression could not be parsed; `parseCron` throws it. */
export class CronSyntaxError extends Error {}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *'
}

interface FieldRule {
  name: string
  min: number
  max: number
  names?: string[]
  /** Offset of `names[0]` (months count from 1). */
  namesFrom?: number
}

const RULES: FieldRule[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTHS, namesFrom: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAYS, namesFrom: 0 }
]

/** Parses `expr`, or throws `CronSyntaxError` saying which part is wrong. */
export function parseCron(expr: string): CronSpec {
  const source = expr.trim()
  const expanded = MACROS[source.toLowerCase()] ?? source
  const parts = expanded.split(/\s+/).filter(Boolean)
  if (parts.length !== 5) {
    throw new CronSyntaxError(
      `“${source}” has ${parts.length} part${parts.length === 1 ? '' : 's'}; a schedule needs 5: minute hour day-of-month month day-of-week`
    )
  }
  const [minute, hour, dayOfMonth, month, rawDayOfWeek] = parts.map((part, i) => parseField(part, RULES[i]))
  // 7 is another name for Sunday.
  const dow = new Set([...rawDayOfWeek.values].map((d) => d % 7))
  return { source, minute, hour, dayOfMonth, month, dayOfWeek: { values: dow, any: rawDayOfWeek.any } }
}

function parseField(text: string, rule: FieldRule): CronField {
  const values = new Set<number>()
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/')
    if (extra !== undefined || range === '') throw bad(rule, item)
    const step = stepText === undefined ? 1 : parseNumber(stepText, rule, item)
    if (step < 1) throw bad(rule, item, 'a step must be 1 or more')
    let from: number
    let to: number
    if (range === '*') {
      ;[from, to] = [rule.min, rule.max]
    } else if (range.includes('-')) {
      const [a, b] = range.split('-')
      ;[from, to] = [parseValue(a, rule, item), parseValue(b, rule, item)]
      if (from > to) throw bad(rule, item, `${from} comes after ${to}`)
    } else {
      from = parseValue(range, rule, item)
      // `5/15` means from 5 to the end, every 15.
      to = stepText === undefined ? from : rule.max
    }
    for (let v = from; v <= to; v += step) values.add(v)
  }
  return { values, any: text === '*' }
}

function parseValue(text: string, rule: FieldRule, item: string): number {
  const named = rule.names?.indexOf(text.toLowerCase()) ?? -1
  const value = named >= 0 ? named + (rule.namesFrom ?? 0) : parseNumber(text, rule, item)
  if (value < rule.min || value > rule.max) throw bad(rule, item, `${rule.name} ${value} is out of range ${rule.min}–${rule.max}`)
  return value
}

function parseNumber(text: string, rule: FieldRule, item: string): number {
  if (!/^\d+$/.test(text)) throw bad(rule, item)
  return Number(text)
}

function bad(rule: FieldRule, item: string, why?: string): CronSyntaxError {
  return new CronSyntaxError(`the ${rule.name} part “${item}” is not valid${why ? `: ${why}` : ''}`)
}

/**
 * Whether a calendar day qualifies. As in classic (Vixie) cron, when both day fields
 * are restricted a day matches if EITHER does: `0 9 1 * mon` is the 1st and every Monday.
 */
export function dayMatches(spec: CronSpec, dayOfMonth: number, dayOfWeek: number): boolean {
  const dom = spec.dayOfMonth.values.has(dayOfMonth)
  const dow = spec.dayOfWeek.values.has(dayOfWeek)
  if (spec.dayOfMonth.any || spec.dayOfWeek.any) return dom && dow
  return dom || dow
}
