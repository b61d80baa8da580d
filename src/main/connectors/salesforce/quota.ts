/**
 * The org's daily API allowance, from the `Sforce-Limit-Info: api-usage=N/M` header
 * Salesforce puts on every answer. A connection keeps the last reading; the connector holds
 * a sync before it would use the allowance up (the org's other apps need it too).
 */
import { RateLimitError } from '../../errors'

/** What Salesforce last said of the allowance. */
export interface ApiUsage {
  used: number
  limit: number
}

/** Reads `api-usage=18/5000` (other parts, like `api-bursts`, are ignored); undefined when absent. */
export function readLimitInfo(header: string | undefined): ApiUsage | undefined {
  const m = /api-usage=(\d+)\/(\d+)/.exec(header ?? '')
  if (!m) return undefined
  const usage = { used: Number(m[1]), limit: Number(m[2]) }
  return usage.limit > 0 ? usage : undefined
}

/** How long a held sync waits before it looks again: the allowance is a rolling 24 hours. */
export const HOLD_WAIT_MS = 60 * 60_000

const n = (v: number): string => v.toLocaleString('en-US')

/** The error that holds a sync when `usage` has reached `holdAt` of the allowance. */
export function holdIfNeeded(usage: ApiUsage | undefined, holdAt: number, connectionId: string | undefined): void {
  if (!usage || usage.used < usage.limit * holdAt) return
  const share = Math.floor((usage.used / usage.limit) * 100)
  throw new RateLimitError(
    `Salesforce's daily API allowance is nearly used up (${n(usage.used)} of ${n(usage.limit)} calls, ${share}%), so Patchbay is holding this sync to leave the rest for your other Salesforce apps`,
    HOLD_WAIT_MS,
    {
      connectionId,
      hint: 'Salesforce counts calls over a rolling 24 hours; Patchbay tries again in an hour. To sync sooner, ask your Salesforce admin about the org’s API limit (Setup › Company Information › API Requests, Last 24 Hours).'
    }
  )
}
