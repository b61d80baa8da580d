/**
 * What the HTTP layer needs to know about each vendor, as data: published limits,
 * rate-limit header names, how idempotency keys travel and how pages are marked.
 * Numbers are from ../shared/VENDORS.md beside the repository (vendors' docs, November 2026); a connector
 * spreads its preset into `createHttpClient` and adds base URL, auth and version.
 */
import type { HttpClientOptions } from './client'

/** How a vendor marks the next page, for the matching generator in ./paginate. */
export type PagingStyle =
  | { style: 'cursor'; cursorPath: string }
  | { style: 'offset'; itemsPath?: string; totalPath?: string; start: number; maxCount: number }
  | { style: 'starting-after'; maxLimit: number }
  | { style: 'page-token'; tokenPath: string }
  | { style: 'link-header' }

/** The per-vendor part of a client's options, plus its paging style. */
export type VendorHttp = Pick<HttpClientOptions, 'system' | 'limits' | 'rateLimitHeaders' | 'idempotency' | 'defaultRateLimitWaitMs'> & {
  paging: PagingStyle
}

/**
 * HubSpot: 100 requests / 10 s per account for OAuth apps (private apps on Pro get 190;
 * we pace to the lower number, which every account allows). Search has its own 4 / s
 * limit: give search calls a second limiter.
 */
export const hubspot: VendorHttp = {
  system: 'HubSpot',
  limits: { intervalCap: 100, interval: 10_000, concurrency: 5 },
  rateLimitHeaders: {
    remaining: 'X-HubSpot-RateLimit-Remaining',
    limit: 'X-HubSpot-RateLimit-Max',
    intervalMs: 'X-HubSpot-RateLimit-Interval-Milliseconds'
  },
  paging: { style: 'cursor', cursorPath: 'paging.next.after' }
}

/** HubSpot's search endpoints: 4 requests / s, separate from the general budget. */
export const hubspotSearchLimits = { intervalCap: 4, interval: 1000, concurrency: 2 } as const

/**
 * Mailchimp: no request quota, but 10 concurrent connections per user, shared with
 * the user's other tools; 8 leaves them room. No quota headers.
 */
export const mailchimp: VendorHttp = {
  system: 'Mailchimp',
  limits: { concurrency: 8 },
  paging: { style: 'offset', totalPath: 'total_items', start: 0, maxCount: 1000 }
}

/** Stripe: 100 operations / s live, 25 in test mode; 429s carry no wait, so we back off. */
export function stripe(mode: 'live' | 'test'): VendorHttp {
  return {
    system: 'Stripe',
    limits: { intervalCap: mode === 'live' ? 100 : 25, interval: 1000, concurrency: 8 },
    idempotency: { header: 'Idempotency-Key' },
    paging: { style: 'starting-after', maxLimit: 100 }
  }
}

/**
 * QuickBooks Online: 500 / min, 10 / s and 10 concurrent per company. One window can
 * hold both: 8 / s is 480 / min, under each limit. On a 429 Intuit asks for 60 s.
 */
export const quickbooks: VendorHttp = {
  system: 'QuickBooks',
  limits: { intervalCap: 8, interval: 1000, concurrency: 10 },
  defaultRateLimitWaitMs: 60_000,
  idempotency: { query: 'requestid' },
  paging: { style: 'offset', start: 1, maxCount: 1000 }
}
