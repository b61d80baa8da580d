/**
 * The QuickBooks Online Accounting API as data (DESIGN.md §8): the company's root per
 * environment (or the `baseUrl` setting), `minorversion` pinned as a query parameter on
 * every call, offset paging inside the query language, Intuit's throttles (500 / min,
 * 10 / s and 10 in flight per company, which 8 / s fits; batch calls 40 / min within the
 * company's budget; 60 s after a 429), `requestid` as the idempotency key, and its faults
 * mapped to DESIGN §4 classes. Numbers from ./vendor.ts (sources in the stand-in's FIDELITY.md).
 */
import { AuthError, RateLimitError } from '../../errors'
import type { HttpDescription, PagingDescription } from '../platform'
import { FAULT_CODES, QBO_THROTTLES } from './vendor'
import { faultMessage, readFault } from './faults'
import { companyUrl, type QuickBooksSettings } from './settings'

/**
 * Query pages: the markers live in the statement itself (`STARTPOSITION n MAXRESULTS m`,
 * positions from 1), not in URL parameters; ./query.ts puts them there.
 */
export const QBO_PAGING = {
  style: 'offset',
  itemsPath: 'items',
  start: 1,
  maxCount: QBO_THROTTLES.queryMaxResults,
  offsetParam: 'STARTPOSITION',
  countParam: 'MAXRESULTS'
} as const satisfies PagingDescription

/** Intuit's wait after a throttle, scaled like every window (tests and benchmarks shrink it). */
const waitAfter429 = (s: QuickBooksSettings): number => QBO_THROTTLES.waitAfter429Ms * s.throttleScale

/** QuickBooks' HTTP description. */
export const QBO_HTTP: HttpDescription<QuickBooksSettings> = {
  baseUrl: ({ settings }) => companyUrl(settings),
  version: { value: (s) => String(s.minorVersion), in: 'query', name: 'minorversion' },
  paging: QBO_PAGING,
  limits: (s) => ({
    // One window holds both company limits: 8 / s is 480 / min, under 10 / s and 500 / min.
    windows: [{ requests: 8, everyMs: 1000 * s.throttleScale }],
    concurrency: QBO_THROTTLES.concurrent,
    defaultWaitMs: waitAfter429(s),
    lanes: {
      batch: {
        windows: [{ requests: QBO_THROTTLES.batchCallsPerMinute, everyMs: 60_000 * s.throttleScale }],
        concurrency: 2,
        // The limiter keeps each call's place until a window after its answer came back, which
        // is already later than Intuit saw it arrive; 1% covers clock drift without wasting
        // the 5% default margin of the scarcest budget (3 s a minute).
        marginMs: Math.max(10, Math.round(60_000 * s.throttleScale * 0.01)),
        defaultWaitMs: waitAfter429(s),
        withinGeneral: true
      }
    }
  }),
  idempotency: { query: 'requestid' },
  message: faultMessage,
  // Intuit times out requests after 120 s; waiting longer only hides a dead socket.
  timeoutMs: 120_000,
  // Faults come as JSON or XML, and a throttle is any of several errors: words data cannot say.
  classify(res, vendorMessage, meta, settings) {
    if (res.status !== 403) return undefined
    const fault = readFault(res.data)
    // A throttle sometimes arrives as 403 (older accounts) with code 3001.
    if (fault?.errors.some((e) => e.code === FAULT_CODES.throttled)) {
      return new RateLimitError(`QuickBooks asked Patchbay to slow down: ${vendorMessage ?? 'throttled'}`, waitAfter429(settings), meta)
    }
    // 403 "ApplicationAuthorizationFailed" / code 120: the user who connected lost access.
    return new AuthError(`QuickBooks refused access: ${vendorMessage ?? 'not authorised'}`, {
      ...meta,
      hint: 'The QuickBooks user who connected Patchbay may have lost admin rights or the subscription ended; reconnect with an admin user.'
    })
  }
}
