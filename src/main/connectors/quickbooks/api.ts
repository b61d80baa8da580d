/**
 * The QuickBooks Online Accounting API as Patchbay uses it: the query endpoint, Change
 * Data Capture, the batch endpoint and a few single reads. Every call carries
 * `minorversion`, goes through the company's limiter (batch calls also through the
 * batch limiter), is retried and classified by the toolkit (see ./http.ts), and reads
 * faults that QuickBooks sends with a 200.
 */
import { z } from 'zod'
import { ApiChangedError } from '../../errors'
import type { HttpClient, RateLimiter } from '../http'
import type { ConnectionHttp } from '../platform'
import type { ConnectionTest } from '../types'
import { toQboJson } from './amounts'
import { faultMessage, readFault } from './faults'
import type { QuickBooksSettings } from './settings'

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

/** The two budgets a company's calls pass: every call the company's, batch calls their own first. */
export interface QuickBooksLimiters {
  company: RateLimiter
  batch: RateLimiter
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

/**
 * The calls of one connection over the clients the toolkit built from QBO_HTTP: the
 * company's budget, and the batch lane within it. `minorversion` rides on every call.
 */
export function createQuickBooksApi(settings: QuickBooksSettings, clients: ConnectionHttp): QuickBooksApi {
  const s = settings
  const http = clients.client
  const batchHttp = clients.lane('batch')
  const limiters: QuickBooksLimiters = { company: http.limiter, batch: batchHttp.limiter }

  async function get<T>(url: string, schema: z.ZodType<T>, extra?: Record<string, unknown>, signal?: AbortSignal): Promise<T> {
    const body = await http.request({ url, params: extra, schema, signal })
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
