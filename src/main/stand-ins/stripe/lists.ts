/**
 * Rendering objects and lists the way Stripe does (docs.stripe.com/api/pagination,
 * docs.stripe.com/expand): newest first; `limit` 1–100 (default 10); `starting_after`
 * walks to older objects and `ending_before` to newer ones (the `limit` objects just newer
 * than the marker, still newest first); `has_more`; `created` ranges; `expand[]`.
 */
import { invalidParam, noSuch } from './errors'
import type { Params, ParamValue } from './params'
import { PREFIXES, type Resource, type StripeState } from './state'
import type { Obj } from './templates'

/** Stripe keeps events for 30 days. */
export const EVENT_RETENTION = 30 * 86400

/** A copy of `obj` fit to send: live values filled in, `expand` paths resolved. */
export function render(s: StripeState, obj: Obj, expand: string[] = []): Obj {
  const out = structuredClone(obj)
  if (out.object === 'customer' && out.deleted === true) return { id: out.id, object: 'customer', deleted: true }
  if (out.object === 'balance_transaction') out.status = (out.available_on as number) <= s.now() ? 'available' : 'pending'
  if (out.object === 'dispute') out.balance_transactions = (out.balance_transactions as string[]).map((id) => render(s, s.get(id)!))
  for (const path of expand) expandPath(s, out, path.split('.'), path)
  return out
}

function expandPath(s: StripeState, node: Obj, steps: string[], full: string): void {
  const [field, ...rest] = steps
  if (!(field in node)) throw invalidParam('expand', `This property cannot be expanded (${full}).`)
  let value = node[field]
  if (typeof value === 'string') {
    const target = s.get(value)
    if (!target) return
    value = render(s, target)
    node[field] = value
  }
  if (rest.length > 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) expandPath(s, value as Obj, rest, full)
}

/** The `expand[]` param as a list of paths. */
export function expandsOf(p: Params): string[] {
  const e = p.expand
  if (e === undefined) return []
  if (!Array.isArray(e) || e.some((x) => typeof x !== 'string')) throw invalidParam('expand', 'Invalid array')
  return e as string[]
}

function integer(name: string, v: ParamValue): number {
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw invalidParam(name, `Invalid integer: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
  return Number(v)
}

/** Keeps objects whose `created` matches `created=…` or `created[gt|gte|lt|lte]=…`. */
function createdFilter(p: Params): (o: Obj) => boolean {
  const c = p.created
  if (c === undefined) return () => true
  if (typeof c === 'string') {
    const at = integer('created', c)
    return (o) => o.created === at
  }
  if (Array.isArray(c)) throw invalidParam('created', 'Invalid hash')
  const bounds: Array<(t: number) => boolean> = []
  for (const [op, raw] of Object.entries(c)) {
    const v = integer(`created[${op}]`, raw)
    if (op === 'gt') bounds.push((t) => t > v)
    else if (op === 'gte') bounds.push((t) => t >= v)
    else if (op === 'lt') bounds.push((t) => t < v)
    else if (op === 'lte') bounds.push((t) => t <= v)
    else throw invalidParam(`created[${op}]`, `Received unknown parameter: created[${op}]`, 'parameter_unknown')
  }
  return (o) => bounds.every((b) => b(o.created as number))
}

/** A list answer for `resource`, filtered by `keep`, paged as Stripe pages. */
export function listAnswer(s: StripeState, resource: Resource, url: string, p: Params, keep: (o: Obj) => boolean = () => true): Obj {
  const limit = p.limit === undefined ? 10 : integer('limit', p.limit)
  if (limit < 1) throw invalidParam('limit', 'This value must be greater than or equal to 1.')
  if (limit > 100) throw invalidParam('limit', 'This value must be less than or equal to 100.')
  const after = p.starting_after
  const before = p.ending_before
  if (after !== undefined && before !== undefined) throw invalidParam('starting_after', 'You may only specify one of these parameters: ending_before, starting_after.')
  const expand = expandsOf(p).map((e) => {
    if (!e.startsWith('data.')) throw invalidParam('expand', `This property cannot be expanded (${e}). You may want to try expanding 'data.${e}' instead.`)
    return e.slice(5)
  })
  const inWindow = (o: Obj) => resource !== 'events' || (o.created as number) > s.now() - EVENT_RETENTION
  const created = createdFilter(p)
  // Newest first: the order every Stripe list uses.
  const all = [...s.all(resource)].reverse().filter((o) => !(o.object === 'customer' && o.deleted === true) && inWindow(o) && created(o) && keep(o))
  let page: Obj[]
  let hasMore: boolean
  if (typeof after === 'string' || typeof before === 'string') {
    const marker = (after ?? before) as string
    const param = after !== undefined ? 'starting_after' : 'ending_before'
    const at = s.get(marker)
    if (!at || s.place(marker) < 0 || s.ids(resource)[s.place(marker)] !== marker || !inWindow(at)) {
      throw noSuch(PREFIXES[marker.split('_')[0]]?.kind ?? resource.replace(/s$/, ''), marker, param, 400)
    }
    const position = (o: Obj) => s.place(o.id as string)
    const markerPos = position(at)
    if (after !== undefined) {
      const older = all.filter((o) => position(o) < markerPos)
      page = older.slice(0, limit)
      hasMore = older.length > limit
    } else {
      const newer = all.filter((o) => position(o) > markerPos)
      page = newer.slice(Math.max(0, newer.length - limit))
      hasMore = newer.length > limit
    }
  } else if (after !== undefined || before !== undefined) {
    throw invalidParam(after !== undefined ? 'starting_after' : 'ending_before', 'Invalid string')
  } else {
    page = all.slice(0, limit)
    hasMore = all.length > limit
  }
  return { object: 'list', data: page.map((o) => render(s, o, expand)), has_more: hasMore, url }
}
