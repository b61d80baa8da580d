/**
 * The QuickBooks Online Accounting API as Patchbay uses it: the query endpoint, Change
 * Data Capture, the batch endpoint and a few single reads. Every call carries
 * `minorversion`, goes through the company's limiter (batch calls also through the
 * batch limiter), is retried and classified by the toolkit, and reads faults that
 * QuickBooks sends with a 200.
 */
import { z } from 'zod'
import { ApiChangedError, AuthError, RateLimitError } from '../../errors'
import { createHttpClient, type AuthProvider, type HttpClient, type HttpLogEntry, type HttpResponseLike } from '../http'
import type { ConnectionTest } from '../types'
import { toQboJson } from './amounts'
import { faultMessage, readFault } from './faults'
import { createQuickBooksLimiters, type QuickBooksLimiters } from './limits'
import { companyUrl, type QuickBooksSettings } from './settings'
import { QBO_THROTTLES } from './vendor'

/** A QuickBooks entity as JSON. */
export type QboEntity = Record<string, unknown> & { Id?: string; SyncToken?: string }

/** One item of a batch call. */
export interface BatchItem {
  bId: string
  operation?: 'create' | 'update' | 'delete'
  /** The entity name, e.g. `SalesReceipt`; absent for a query item. */
  entity?: string
  body?: QboEntity
  query?: string
}

/** One answer of a batch call: the entity, a query answer, or a fault. */
export interface BatchAnswer {
  bId: string
  entity?: QboEntity
  queryResponse?: Record<string, unknown>
  fault?: ReturnType<typeof readFault>
}

const envelope = z.object({ time: z.string().optional() }).passthrough()
const queryEnvelope = envelope.extend({ QueryResponse: z.record(z.string(), z.unknown()) })
const cdcEnvelope = envelope.extend({ CDCResponse: z.array(z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())).optional() }).passthrough()) })
const batchEnvelope = envelope.extend({ BatchItemResponse: z.array(z.record(z.string(), z.unknown())) })

/** Options of `createQuickBooksApi`. */
export interface QuickBooksApiOptions {
  settings: QuickBooksSettings
  auth: AuthProvider
  connectionId?: string
  log?: (entry: HttpLogEntry) => void
  /** Shared with other sessions of the same company. @default new ones */
  limiters?: QuickBooksLimiters
}

/** The calls the connector makes. */
export interface QuickBooksApi {
  /** Runs a query statement; returns the QueryResponse object. */
  query(statement: string, signal?: AbortSignal): Promise<{ response: Record<string, unknown>; time?: string }>
  /** Change Data Capture for `entities` since an ISO time. */
  cdc(entities: string[], changedSince: string): Promise<{ byEntity: Map<string, QboEntity[]>; time?: string }>
  /** One batch call of at most 30 items; `requestId` makes a resend safe. */
  batch(items: BatchItem[], requestId: string): Promise<BatchAnswer[]>
  /** Reads one object by id (`preferences` and `companyinfo` included). */
  read(entity: string, id?: string): Promise<QboEntity>
  test(): Promise<ConnectionTest>
  readonly http: HttpClient
  readonly limiters: QuickBooksLimiters
  readonly settings: QuickBooksSettings
}

/** Creates the API client of one connection. */
export function createQuickBooksApi(o: QuickBooksApiOptions): QuickBooksApi {
  const s = o.settings
  const limiters = o.limiters ?? createQuickBooksLimiters(s.throttleScale)
  const common = {
    system: 'QuickBooks',
    connectionId: o.connectionId,
    baseURL: companyUrl(s),
    auth: o.auth,
    defaultRateLimitWaitMs: QBO_THROTTLES.waitAfter429Ms * s.throttleScale,
    idempotency: { query: 'requestid' },
    vendorMessage: faultMessage,
    classifyOverride: overrideFor(QBO_THROTTLES.waitAfter429Ms * s.throttleScale),
    log: o.log,
    // Intuit times out requests after 120 s; waiting longer only hides a dead socket.
    timeoutMs: 120_000
  }
  const http = createHttpClient({ ...common, limiter: limiters.company })
  const batchHttp = createHttpClient({ ...common, limiter: limiters.batch })
  const params = (extra: Record<string, unknown> = {}) => ({ ...extra, minorversion: s.minorVersion })

  async function get<T>(url: string, schema: z.ZodType<T>, extra?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const body = await http.request({ url, params: params(extra), schema, signal })
    throwTopLevelFault(body, url)
    return body
  }

  const api: QuickBooksApi = {
    http,
    limiters,
    settings: s,
    async query(statement, signal) {
      const body = await get('/query', queryEnvelope, { query: statement }, signal)
      return { response: body.QueryResponse, time: body.time }
    },
    async cdc(entities, changedSince) {
      const body = await get('/cdc', cdcEnvelope, { entities: entities.join(','), changedSince })
      const byEntity = new Map<string, QboEntity[]>()
      for (const part of body.CDCResponse) {
        for (const qr of part.QueryResponse ?? []) {
          for (const [k, v] of Object.entries(qr)) if (Array.isArray(v)) byEntity.set(k, [...(byEntity.get(k) ?? []), ...(v as QboEntity[])])
        }
      }
      return { byEntity, time: body.time }
    },
    async batch(items, requestId) {
      const data = toQboJson({
        BatchItemRequest: items.map((i) => (i.query !== undefined ? { bId: i.bId, Query: i.query } : { bId: i.bId, operation: i.operation, [i.entity!]: i.body }))
      })
      const body = await batchHttp.request({
        method: 'POST',
        url: '/batch',
        params: params(),
        data,
        headers: { 'content-type': 'application/json' },
        idempotencyKey: requestId,
        schema: batchEnvelope
      })
      throwTopLevelFault(body, '/batch')
      return body.BatchItemResponse.map((r) => readAnswer(r))
    },
    async read(entity, id) {
      const url = `/${entity.toLowerCase()}${id ? `/${encodeURIComponent(id)}` : ''}`
      const body = await get(url, envelope)
      const name = Object.keys(body).find((k) => k !== 'time')
      if (!name || typeof body[name] !== 'object') throw new ApiChangedError(`QuickBooks answered GET ${url} without an object`, body)
      return body[name] as QboEntity
    },
    async test() {
      try {
        const info = await api.read('companyinfo', s.realmId)
        const name = typeof info.CompanyName === 'string' ? info.CompanyName : undefined
        return { ok: true, accountName: name, message: name ? `Connected to ${name}` : 'Connected' }
      } catch (err) {
        const e = err as { message?: string; meta?: { hint?: string } }
        return { ok: false, message: e.meta?.hint ? `${e.message}. ${e.meta.hint}` : String(e.message) }
      }
    }
  }
  return api
}

function readAnswer(r: Record<string, unknown>): BatchAnswer {
  const bId = String(r.bId ?? '')
  if (r.Fault) return { bId, fault: readFault({ Fault: r.Fault }) }
  if (r.QueryResponse) return { bId, queryResponse: r.QueryResponse as Record<string, unknown> }
  const key = Object.keys(r).find((k) => k !== 'bId' && k !== 'Warnings' && r[k] && typeof r[k] === 'object')
  if (!key) throw new ApiChangedError('A QuickBooks batch answer holds neither an object nor a fault', r)
  return { bId, entity: r[key] as QboEntity }
}

/** A 200 that carries a Fault (Intuit documents this) is still a failure. */
function throwTopLevelFault(body: unknown, url: string): void {
  const fault = readFault(body)
  if (fault && fault.errors.length > 0) throw new ApiChangedError(`QuickBooks answered ${url} with a fault: ${faultMessage(body)}`, body)
}

/** QuickBooks' exceptions to the status table. */
const overrideFor = (waitMs: number) => (res: HttpResponseLike, vendorMessage: string | undefined) => {
  const fault = readFault(res.data)
  // A throttle sometimes arrives as 403 (older accounts) with code 3001.
  if (res.status === 403 && fault?.errors.some((e) => e.code === '3001')) {
    return new RateLimitError(`QuickBooks asked Patchbay to slow down: ${vendorMessage ?? 'throttled'}`, waitMs, { status: 403, vendorMessage })
  }
  // 403 "ApplicationAuthorizationFailed" / code 120: the user who connected lost access.
  if (res.status === 403) {
    return new AuthError(`QuickBooks refused access: ${vendorMessage ?? 'not authorised'}`, {
      status: 403,
      vendorMessage,
      hint: 'The QuickBooks user who connected Patchbay may have lost admin rights or the subscription ended; reconnect with an admin user.'
    })
  }
  return undefined
}
