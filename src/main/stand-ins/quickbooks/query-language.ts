/**
 * The subset of QuickBooks' query language the fake understands:
 *   SELECT * | COUNT(*) FROM Entity [WHERE cond AND cond …] [ORDERBY field [ASC|DESC]]
 *   [STARTPOSITION n] [MAXRESULTS m]
 * with cond = field (= | < | > | <= | >= | LIKE) value, or field IN (value, …); values are
 * 'strings' (backslash escapes), numbers or true/false. Like QuickBooks: no OR, no
 * joins, no projections other than *, strings compare as stored (case-sensitive), name lists hide
 * inactive rows unless the query mentions Active, MAXRESULTS is at most 1000.
 */

/** A parsed statement. */
export interface Query {
  count: boolean
  entity: string
  where: Condition[]
  orderBy?: { field: string; desc: boolean }
  start: number
  max: number
}

/** One condition of a WHERE clause. */
export interface Condition {
  field: string
  op: '=' | '<' | '>' | '<=' | '>=' | 'LIKE' | 'IN'
  values: (string | number | boolean)[]
}

/** A statement the fake (and QuickBooks) refuses, with Intuit's wording. */
export class QueryError extends Error {}

const TOKEN = /\s*(?:('(?:\\.|[^'\\])*')|(<=|>=|=|<|>|\(|\)|,|\*)|([A-Za-z_][\w.]*(?:\(\*\))?)|(-?\d+(?:\.\d+)?))/y

function tokenize(text: string): string[] {
  const out: string[] = []
  TOKEN.lastIndex = 0
  let at = 0
  while (at < text.trim().length) {
    TOKEN.lastIndex = at
    const m = TOKEN.exec(text)
    if (!m) throw new QueryError(`QueryParserError: Encountered "${text.slice(at, at + 12).trim()}" at column ${at + 1}`)
    out.push(m[1] ?? m[2] ?? m[3] ?? m[4])
    at = TOKEN.lastIndex
    while (at < text.length && /\s/.test(text[at])) at++
    if (at >= text.length) break
  }
  return out
}

function literal(tok: string): string | number | boolean {
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/\\(.)/g, '$1')
  if (/^(true|false)$/i.test(tok)) return tok.toLowerCase() === 'true'
  if (/^-?\d/.test(tok)) return Number(tok)
  throw new QueryError(`QueryParserError: expected a value, found ${tok}`)
}

/** Parses a statement; throws QueryError for anything outside the subset. */
export function parseQuery(text: string): Query {
  const t = tokenize(text)
  let i = 0
  const next = () => t[i++]
  const peek = (word: string) => t[i]?.toUpperCase() === word
  const expect = (word: string) => {
    if (!peek(word)) throw new QueryError(`QueryParserError: expected ${word} near "${t[i] ?? 'end'}"`)
    i++
  }
  expect('SELECT')
  const what = next()
  const count = /^count\(\*\)$/i.test(what)
  if (!count && what !== '*') throw new QueryError('QueryValidationError: only SELECT * or COUNT(*) is supported')
  expect('FROM')
  const q: Query = { count, entity: next(), where: [], start: 1, max: 100 }
  if (peek('WHERE')) {
    i++
    for (;;) {
      const field = next()
      const op = t[i++]?.toUpperCase() as Condition['op']
      if (op === 'IN') {
        if (next() !== '(') throw new QueryError('QueryParserError: expected ( after IN')
        const values: Condition['values'] = []
        for (let tok = next(); tok !== ')'; tok = next()) if (tok !== ',') values.push(literal(tok))
        q.where.push({ field, op, values })
      } else if (['=', '<', '>', '<=', '>=', 'LIKE'].includes(op)) q.where.push({ field, op, values: [literal(next())] })
      else throw new QueryError(`QueryParserError: unsupported operator ${op ?? 'end'}`)
      if (peek('AND')) i++
      else break
    }
  }
  if (peek('ORDERBY')) {
    i++
    q.orderBy = { field: next(), desc: false }
    if (peek('DESC') || peek('ASC')) q.orderBy.desc = next().toUpperCase() === 'DESC'
  }
  if (peek('STARTPOSITION')) {
    i++
    q.start = Number(next())
  }
  if (peek('MAXRESULTS')) {
    i++
    q.max = Number(next())
  }
  if (i < t.length) throw new QueryError(`QueryParserError: Encountered "${t[i]}" after the statement`)
  if (!(q.start >= 1) || !(q.max >= 1)) throw new QueryError('QueryValidationError: STARTPOSITION and MAXRESULTS must be at least 1')
  q.max = Math.min(q.max, 1000)
  return q
}

/** The comparable value of `field` on an entity (`PrimaryEmailAddr` compares its Address). */
export function valueAt(entity: Record<string, unknown>, field: string): unknown {
  let v: unknown = entity
  for (const step of field.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[step] : undefined
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return o.Address ?? o.value ?? o.FreeFormNumber
  }
  return v
}

function compare(a: unknown, b: string | number | boolean): number {
  if (typeof b === 'string' && typeof a === 'string') {
    const da = Date.parse(a)
    const db = Date.parse(b)
    if (/^\d{4}-\d\d-\d\d/.test(a) && /^\d{4}-\d\d-\d\d/.test(b) && !Number.isNaN(da) && !Number.isNaN(db)) return da - db
    return a === b ? 0 : a < b ? -1 : 1
  }
  if (typeof b === 'boolean') return String(a) === String(b) ? 0 : 1
  return Number(a) - Number(b)
}

/** Does an entity satisfy a condition? */
export function matches(entity: Record<string, unknown>, c: Condition): boolean {
  const v = valueAt(entity, c.field)
  if (v === undefined || v === null) return false
  switch (c.op) {
    case 'IN':
      return c.values.some((x) => compare(v, x) === 0)
    case 'LIKE': {
      const re = new RegExp(`^${String(c.values[0]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`, 'i')
      return re.test(String(v))
    }
    case '=':
      return compare(v, c.values[0]) === 0
    case '<':
      return compare(v, c.values[0]) < 0
    case '>':
      return compare(v, c.values[0]) > 0
    case '<=':
      return compare(v, c.values[0]) <= 0
    case '>=':
      return compare(v, c.values[0]) >= 0
  }
}
