/**
 * The Salesforce calls a session makes, through the toolkit's client: every answer's
 * `Sforce-Limit-Info` is read (and passed to the service when the whole percentage moves),
 * and no call leaves once the org's allowance has reached the hold share. Query pages
 * follow `nextRecordsUrl` until `done`.
 */
import { z, type ZodType } from 'zod'
import { ApiChangedError } from '../../errors'
import type { HttpClient, HttpRequest } from '../http'
import type { OpenedContext } from '../platform'
import { HOLD_WAIT_MS, holdIfNeeded, readLimitInfo, type ApiUsage } from './quota'
import type { SalesforceSettings } from './settings'
import type { SalesforceTuning } from './tuning'

/** One query page as Salesforce answers it. */
export const queryPageSchema = z.object({
  totalSize: z.number().int().min(0),
  done: z.boolean(),
  nextRecordsUrl: z.string().startsWith('/services/data/').optional(),
  records: z.array(z.object({ attributes: z.object({ type: z.string(), url: z.string().optional() }), Id: z.string() }).passthrough())
})

/** A record as a query returns it. */
export type SfRecord = z.infer<typeof queryPageSchema>['records'][number]

/** The session's API. */
export interface SalesforceApi {
  readonly settings: SalesforceSettings
  readonly connectionId: string
  /** `/services/data/v66.0`. */
  readonly root: string
  /** The last usage Salesforce reported (or the connection's stored one). */
  usage(): ApiUsage | undefined
  request<T>(req: HttpRequest<T>): Promise<T>
  /** Pages of a SOQL query, following `nextRecordsUrl`. */
  query(soql: string): AsyncGenerator<{ totalSize: number; records: SfRecord[] }>
  now(): number
  note(level: 'info' | 'warn', msg: string): void
}

/** The connection's stored reading, while it is under a day old (the allowance is a rolling 24 hours). */
function storedUsage(stored: { used: number; limit: number; at: string } | undefined, now: number): { usage: ApiUsage; at: number } | undefined {
  const at = stored ? Date.parse(stored.at) : NaN
  return stored && now - at < 86_400_000 ? { usage: { used: stored.used, limit: stored.limit }, at } : undefined
}

/** Builds the session's API over the toolkit's client. */
export function salesforceApi(ctx: OpenedContext<SalesforceSettings, SalesforceTuning>, client: HttpClient): SalesforceApi {
  const { settings } = ctx
  const connectionId = ctx.connection.id
  const root = `/services/data/${settings.apiVersion}`
  const now = ctx.tuning.now ?? Date.now
  const stored = storedUsage(ctx.connection.apiUsage, now())
  let usage: ApiUsage | undefined = ctx.tuning.usage ?? stored?.usage
  // When the reading was taken: one older than the hold's wait lets a call through, whose answer reads it afresh.
  let readAt = ctx.tuning.usage ? now() : (stored?.at ?? 0)
  let told = usage ? Math.floor((usage.used / usage.limit) * 100) : -1

  function learn(header: string | undefined): void {
    const next = readLimitInfo(header)
    if (!next) return
    usage = next
    readAt = now()
    const pct = Math.floor((next.used / next.limit) * 100)
    if (pct !== told) {
      told = pct
      // Never worth failing a call over: the next reading says it again.
      void ctx.noteApiUsage?.(next).catch(() => undefined)
    }
  }

  async function request<T>(req: HttpRequest<T>): Promise<T> {
    if (now() - readAt < HOLD_WAIT_MS) holdIfNeeded(usage, settings.holdAtShare, connectionId)
    // Errors carry no headers: a refused call's reading waits for the next answer.
    const res = await client.send(req)
    learn(res.headers['sforce-limit-info'])
    return res.data
  }

  async function* query(soql: string): AsyncGenerator<{ totalSize: number; records: SfRecord[] }> {
    const headers = { 'Sforce-Query-Options': `batchSize=${settings.queryBatchSize}` }
    let page = await request({ url: `${root}/query`, params: { q: soql }, headers, schema: queryPageSchema as ZodType<z.infer<typeof queryPageSchema>> })
    for (;;) {
      yield { totalSize: page.totalSize, records: page.records }
      if (page.done) return
      if (!page.nextRecordsUrl) throw new ApiChangedError('Salesforce said a query had more records but gave no nextRecordsUrl', page, { connectionId })
      page = await request({ url: page.nextRecordsUrl, headers, schema: queryPageSchema as ZodType<z.infer<typeof queryPageSchema>> })
    }
  }

  return { settings, connectionId, root, usage: () => usage, request, query, now, note: (level, msg) => ctx.note?.(level, msg) }
}
