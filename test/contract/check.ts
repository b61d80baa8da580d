/**
 * Checks recorded exchanges against an endpoint table written from a vendor's reference:
 * every request must hit a documented endpoint with a documented query and body, and
 * every response must have a documented status and body. Injected faults are checked as
 * far as they are meant to be valid (a dropped connection has no response; a malformed
 * body is malformed on purpose; an HTML 502 is a gateway's, not the vendor's).
 */
import type { ZodType } from 'zod'
import type { Exchange } from '../../src/main/stand-ins/recorder'

/** One documented endpoint. */
export interface EndpointContract {
  /** A name for reports, e.g. "search". */
  name: string
  method: string
  path: RegExp
  /** The query as `Exchange.query` holds it. */
  query?: ZodType
  /** The JSON body; undefined means the request has none. */
  request?: ZodType
  /**
   * Body by status: an exact status, a family (`4XX`) or `default` (errors only: a 2xx
   * or 3xx must be listed). `null` means the answer has no body (204).
   */
  responses: Record<string, ZodType | null>
  /** Headers the request must carry (lower-case names). */
  headers?: string[]
}

/** One way an exchange breaks the contract. */
export interface Violation {
  seq: number
  endpoint: string
  where: 'route' | 'headers' | 'query' | 'request' | 'status' | 'response'
  message: string
}

function issues(schema: ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value)
  if (parsed.success) return []
  return parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
}

/** The contract of an exchange's endpoint, or undefined. */
export function endpointOf(contracts: EndpointContract[], e: Pick<Exchange, 'method' | 'path'>): EndpointContract | undefined {
  return contracts.find((c) => c.method === e.method && c.path.test(e.path))
}

/** Every violation in `exchanges`; empty when they all keep the contract. */
export function checkExchanges(exchanges: readonly Exchange[], contracts: EndpointContract[]): Violation[] {
  const out: Violation[] = []
  for (const e of exchanges) {
    const c = endpointOf(contracts, e)
    const add = (where: Violation['where'], message: string): void => void out.push({ seq: e.seq, endpoint: c?.name ?? `${e.method} ${e.path}`, where, message })
    if (!c) {
      add('route', 'no documented endpoint has this method and path')
      continue
    }
    for (const h of c.headers ?? []) if (!(h in e.requestHeaders)) add('headers', `missing header ${h}`)
    if (c.query) for (const m of issues(c.query, e.query)) add('query', m)
    if (c.request) for (const m of issues(c.request, e.requestBody)) add('request', m)
    else if (e.requestBody !== undefined) add('request', 'this endpoint takes no body')
    if (e.status === null || e.fault === 'malformed') continue
    if (e.fault === '5xx' && typeof e.responseBody === 'string') continue
    // `default` stands for the error answers; a success must be listed by status or family.
    const keys = [String(e.status), `${String(e.status)[0]}XX`, ...(e.status >= 400 ? ['default'] : [])]
    const key = keys.find((k) => k in c.responses)
    if (!key) {
      add('status', `status ${e.status} is not documented for this endpoint`)
      continue
    }
    const schema = c.responses[key]
    if (schema === null) {
      if (e.responseBody !== undefined) add('response', `status ${e.status} has no body, but one was sent`)
      continue
    }
    for (const m of issues(schema, e.responseBody)) add('response', `${e.status}: ${m}`)
  }
  return out
}

/** Names of the endpoints the exchanges reached, for coverage assertions. */
export function endpointsHit(exchanges: readonly Exchange[], contracts: EndpointContract[]): string[] {
  return [...new Set(exchanges.map((e) => endpointOf(contracts, e)?.name).filter((n): n is string => !!n))].sort()
}
