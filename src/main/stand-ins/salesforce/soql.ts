/**
 * The small part of SOQL the fake understands: `SELECT f, … FROM Type [WHERE cond [AND
 * cond …]] [ORDER BY field [ASC|DESC], …] [LIMIT n]`, where a condition is `field op
 * literal` (= != < <= > >=) or `field IN (literal, …)`; literals are 'quoted strings'
 * (with \' escapes), numbers, true/false/null and unquoted datetimes
 * (2026-12-06T04:10:06Z or …+0000). Anything else is a MALFORMED_QUERY, as Salesforce says.
 */
import { parseSfDate } from './store'

/** A parsed query. */
export interface Soql {
  fields: string[]
  from: string
  where: Condition[]
  orderBy: { field: string; desc: boolean }[]
  limit?: number
}

/** One condition of the WHERE clause. */
export type Condition = { field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal } | { field: string; op: 'IN'; values: Literal[] }

type Literal = string | number | boolean | null | { datetime: number }

/** Why a query was refused, in Salesforce's words. */
export class SoqlError extends Error {}

const TOKEN = /\s*('(?:[^'\\]|\\.)*'|\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})|<=|>=|!=|<>|[=<>(),]|[A-Za-z_][\w.]*|-?\d+(?:\.\d+)?)/y

function tokens(q: string): string[] {
  const out: string[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < q.length) {
    if (/^\s*$/.test(q.slice(TOKEN.lastIndex))) break
    const m = TOKEN.exec(q)
    if (!m) throw new SoqlError(`unexpected token: '${q.slice(TOKEN.lastIndex).trim().split(/\s/)[0]}'`)
    out.push(m[1])
  }
  return out
}

function literal(t: string | undefined): Literal {
  if (t === undefined) throw new SoqlError('unexpected end of query')
  if (t.startsWith("'")) return t.slice(1, -1).replace(/\\(.)/g, '$1')
  if (/^\d{4}-\d{2}-\d{2}T/.test(t)) {
    const ms = parseSfDate(t)
    if (Number.isNaN(ms)) throw new SoqlError(`value of filter criterion is not of type dateTime: ${t}`)
    return { datetime: ms }
  }
  if (/^-?\d/.test(t)) return Number(t)
  const word = t.toLowerCase()
  if (word === 'true' || word === 'false') return word === 'true'
  if (word === 'null') return null
  throw new SoqlError(`unexpected token: '${t}'`)
}

/** Parses a query; throws SoqlError with Salesforce's kind of message. */
export function parseSoql(q: string): Soql {
  const t = tokens(q)
  let i = 0
  const kw = (word: string): boolean => t[i]?.toUpperCase() === word && (i++, true)
  const expect = (word: string): void => {
    if (!kw(word)) throw new SoqlError(`unexpected token: '${t[i] ?? 'end of query'}', expecting ${word}`)
  }
  expect('SELECT')
  const fields: string[] = []
  do {
    if (!t[i] || !/^[A-Za-z_]/.test(t[i])) throw new SoqlError(`unexpected token: '${t[i] ?? 'end of query'}'`)
    fields.push(t[i++])
  } while (t[i] === ',' && i++)
  expect('FROM')
  const from = t[i++]
  if (!from) throw new SoqlError('unexpected end of query, expecting an sObject')
  const where: Condition[] = []
  if (kw('WHERE')) {
    do {
      const field = t[i++]
      const op = t[i++]?.toUpperCase()
      if (op === 'IN') {
        if (t[i++] !== '(') throw new SoqlError("unexpected token, expecting '('")
        const values: Literal[] = []
        do values.push(literal(t[i++]))
        while (t[i] === ',' && i++)
        if (t[i++] !== ')') throw new SoqlError("unexpected token, expecting ')'")
        where.push({ field, op: 'IN', values })
      } else if (op && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(op)) {
        where.push({ field, op: op === '<>' ? '!=' : (op as '='), value: literal(t[i++]) })
      } else throw new SoqlError(`unexpected token: '${op ?? 'end of query'}'`)
    } while (kw('AND'))
  }
  const orderBy: Soql['orderBy'] = []
  if (kw('ORDER')) {
    expect('BY')
    do {
      const field = t[i++]
      const desc = kw('DESC')
      if (!desc) kw('ASC')
      orderBy.push({ field, desc })
    } while (t[i] === ',' && i++)
  }
  let limit: number | undefined
  if (kw('LIMIT')) limit = Number(t[i++])
  if (i < t.length) throw new SoqlError(`unexpected token: '${t[i]}'`)
  return { fields, from, where, orderBy, limit }
}

function comparable(v: unknown, type: string): unknown {
  if (v === null || v === undefined) return null
  if (type === 'datetime') return parseSfDate(String(v))
  return typeof v === 'string' ? v.toLowerCase() : v
}

/** True when `rec` meets every condition (string comparisons ignore case, as SOQL's do). */
export function matches(rec: Record<string, unknown>, where: Condition[], typeOf: (field: string) => string): boolean {
  return where.every((c) => {
    const type = typeOf(c.field)
    const have = comparable(rec[c.field], type)
    const lit = (l: Literal): unknown => (l !== null && typeof l === 'object' ? l.datetime : typeof l === 'string' ? l.toLowerCase() : l)
    if (c.op === 'IN') return c.values.some((v) => lit(v) === have)
    const want = lit(c.value)
    if (c.op === '=') return have === want
    if (c.op === '!=') return have !== want
    if (have === null || want === null) return false
    const a = have as number | string
    const b = want as number | string
    return c.op === '<' ? a < b : c.op === '<=' ? a <= b : c.op === '>' ? a > b : a >= b
  })
}
