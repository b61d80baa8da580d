/**
 * A HubSpot connection's non-secret settings. Everything has a default, so a connection
 * made from just an access token works; tests and sandboxes point `baseUrl` elsewhere.
 */
import { z } from 'zod'

/** HubSpot's date-versioned API release the connector speaks (`/crm/objects/2026-03/...`). */
export const HUBSPOT_API_VERSION = '2026-03'

/** The settings; the toolkit turns a wrong one into a ConfigError naming it. */
export const hubspotSettingsSchema = z.object({
  /** @default 'https://api.hubapi.com' */
  baseUrl: z.string().url().default('https://api.hubapi.com'),
  /** The date-versioned release in every path. @default HUBSPOT_API_VERSION */
  apiVersion: z.string().regex(/^\d{4}-\d{2}(-beta)?$/, 'a release such as 2026-03').default(HUBSPOT_API_VERSION),
  /**
   * Requests per 10 s before HubSpot's headers say otherwise: 100 fits every account
   * (OAuth apps; private apps on Free and Starter); private apps on Pro and Enterprise get
   * 190, which the limiter adopts from `X-HubSpot-RateLimit-Max` on the first answer.
   * @default 100
   */
  requestsPer10s: z.number().int().min(1).max(1000).default(100),
  /** Search requests per second (HubSpot: 4 per account, apart from the 10 s budget). @default 4 */
  searchPerSecond: z.number().int().min(1).max(20).default(4),
  /**
   * How far back each incremental search looks again, because HubSpot's search index
   * lags writes by "a few moments". Records already read in that stretch are skipped.
   * @default 120000
   */
  searchLagMs: z.number().int().min(0).max(86_400_000).default(120_000),
  /** Properties to read, per object, instead of the connector's defaults. */
  properties: z.record(z.string(), z.array(z.string().min(1))).default({}),
  /** Report records archived since the last run as deletions. @default true */
  readArchived: z.boolean().default(true)
})

/** The settings with defaults applied. */
export type HubspotSettings = z.infer<typeof hubspotSettingsSchema>
