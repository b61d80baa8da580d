/**
 * The HTTP side of one HubSpot connection as the objects use it: the toolkit's clients
 * built from ./http.ts (the general budget and the search lane), plus the date-versioned
 * paths, with the version kept as data.
 */
import type { HttpClient } from '../http'
import type { HttpTuning, OpenedContext } from '../platform'
import type { HubspotSettings } from './settings'

/** Knobs for tests, the benchmark and the demo; production uses the defaults. */
export interface HubspotTuning extends Omit<HttpTuning, 'limits'> {
  /** Overrides of the general budget's limits, e.g. a short window in tests. */
  limits?: NonNullable<HttpTuning['limits']>[string]
  /** Overrides of the search budget's limits. */
  searchLimits?: NonNullable<HttpTuning['limits']>[string]
  /** HubSpot's cap on the results one search query can page through. @default 10_000 */
  searchResultCap?: number
  /** Records per search page (HubSpot allows 200). @default 200 */
  searchPageSize?: number
  /** Records per list page (HubSpot allows 100). @default 100 */
  listPageSize?: number
}

/** The tuning as the toolkit takes it: limits per lane. */
export type HubspotHttpTuning = HttpTuning & Omit<HubspotTuning, 'limits' | 'searchLimits'>

/** Moves the two limit overrides into the toolkit's per-lane form. */
export function toHttpTuning({ limits, searchLimits, ...rest }: HubspotTuning): HubspotHttpTuning {
  return { ...rest, limits: { ...(limits ? { general: limits } : {}), ...(searchLimits ? { search: searchLimits } : {}) } }
}

/** The clients and paths of one connection. */
export interface HubspotApi {
  connectionId: string
  general: HttpClient
  search: HttpClient
  settings: HubspotSettings
  tuning: HubspotHttpTuning
  /** `/crm/objects/2026-03/contacts` and so on. */
  objectPath(type: string): string
  /** `/crm/properties/2026-03/contacts`. */
  propertiesPath(type: string): string
  /** `/account-info/2026-03/details`. */
  accountPath(): string
}

/** The session state of one connection, from what the toolkit opened. */
export function hubspotApi(ctx: OpenedContext<HubspotSettings, HubspotHttpTuning>): HubspotApi {
  const http = ctx.http!
  const v = http.version ?? ctx.settings.apiVersion
  return {
    connectionId: ctx.connection.id,
    general: http.client,
    search: http.lane('search'),
    settings: ctx.settings,
    tuning: ctx.tuning,
    objectPath: (type) => `/crm/objects/${v}/${encodeURIComponent(type)}`,
    propertiesPath: (type) => `/crm/properties/${v}/${encodeURIComponent(type)}`,
    accountPath: () => `/account-info/${v}/details`
  }
}
