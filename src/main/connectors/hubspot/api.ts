/**
 * The HTTP side of one HubSpot connection: two toolkit clients sharing the access token,
 * one for the general 10-second budget and one for search, which HubSpot meters on its
 * own per-second window (its OpenAPI files mark search exempt from the 10 s limit), plus
 * the date-versioned paths, with the version kept as data.
 */
import { createRateLimiter, bearer, createHttpClient, presets, type HttpClient, type HttpClientOptions, type HttpLogEntry, type RateLimits } from '../http'
import { hubspotMessage, hubspotOverride } from './errors'
import { adoptingLimiter, generalLimits, searchLimits } from './limits'
import type { HubspotSettings } from './settings'

/** Knobs for tests, the benchmark and the demo; production uses the defaults. */
export interface HubspotTuning {
  /** Overrides of the general budget's limits, e.g. a short window in tests. */
  limits?: RateLimits
  /** Overrides of the search budget's limits. */
  searchLimits?: RateLimits
  /** Retry policy; tests pass small waits and a fixed `random`. */
  retry?: HttpClientOptions['retry']
  /** HubSpot's cap on the results one search query can page through. @default 10_000 */
  searchResultCap?: number
  /** Records per search page (HubSpot allows 200). @default 200 */
  searchPageSize?: number
  /** Records per list page (HubSpot allows 100). @default 100 */
  listPageSize?: number
  /** @default 30_000 */
  timeoutMs?: number
  /** Receives one scrubbed entry per HTTP exchange. */
  log?: (entry: HttpLogEntry) => void
  /** Clock for the daily-quota wait. @default Date.now */
  now?: () => number
}

/** The clients and paths of one connection. */
export interface HubspotApi {
  connectionId: string
  general: HttpClient
  search: HttpClient
  settings: HubspotSettings
  tuning: HubspotTuning
  /** `/crm/objects/2026-03/contacts` and so on. */
  objectPath(type: string): string
  /** `/crm/properties/2026-03/contacts`. */
  propertiesPath(type: string): string
  /** `/account-info/2026-03/details`. */
  accountPath(): string
}

/** Builds the clients of one connection. */
export function createHubspotApi(connectionId: string, token: string, settings: HubspotSettings, tuning: HubspotTuning = {}): HubspotApi {
  const headerNames = presets.hubspot.rateLimitHeaders
  const common: HttpClientOptions = {
    system: presets.hubspot.system,
    connectionId,
    baseURL: settings.baseUrl,
    auth: bearer(token, { system: 'HubSpot' }),
    rateLimitHeaders: headerNames,
    vendorMessage: hubspotMessage,
    classifyOverride: hubspotOverride(connectionId, tuning.now),
    timeoutMs: tuning.timeoutMs,
    retry: tuning.retry,
    log: tuning.log
  }
  const general = createHttpClient({ ...common, limiter: adoptingLimiter(generalLimits(settings.requestsPer10s, tuning.limits)) })
  const search = createHttpClient({ ...common, limiter: createRateLimiter(searchLimits(settings.searchPerSecond, tuning.searchLimits), headerNames) })
  const v = settings.apiVersion
  return {
    connectionId,
    general,
    search,
    settings,
    tuning,
    objectPath: (type) => `/crm/objects/${v}/${encodeURIComponent(type)}`,
    propertiesPath: (type) => `/crm/properties/${v}/${encodeURIComponent(type)}`,
    accountPath: () => `/account-info/${v}/details`
  }
}
