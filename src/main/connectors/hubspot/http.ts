/**
 * HubSpot's API as data: base URL, the date-versioned release in every path, cursor paging
 * under `paging.next.after`, its two budgets (100 requests / 10 s per account, adopting the
 * larger number `X-HubSpot-RateLimit-Max` announces; search on its own 4 / s window, which
 * HubSpot's OpenAPI files mark exempt from the 10 s one), the daily quota and its error
 * categories mapped to DESIGN §4 classes. Numbers from ../shared/VENDORS.md.
 */
import { AuthError } from '../../errors'
import type { RateLimitHeaderNames } from '../http'
import type { HttpDescription, PagingDescription } from '../platform'
import { errorBodySchema } from './schemas'
import type { HubspotSettings } from './settings'

/** The headers HubSpot reports its 10-second budget in. */
export const HUBSPOT_RATE_HEADERS: RateLimitHeaderNames = {
  remaining: 'X-HubSpot-RateLimit-Remaining',
  limit: 'X-HubSpot-RateLimit-Max',
  intervalMs: 'X-HubSpot-RateLimit-Interval-Milliseconds'
}

/** List endpoints: `after` in, `paging.next.after` out. */
export const HUBSPOT_PAGING: PagingDescription = { style: 'cursor', cursorPath: 'paging.next.after', itemsPath: 'results', param: 'after' }

const RECONNECT_HINT =
  'In HubSpot open Settings → Integrations → Private Apps, copy the app\'s access token (or rotate it), and reconnect HubSpot in Patchbay with it.'

/** HubSpot's HTTP description; the caps come from the connection's settings. */
export const HUBSPOT_HTTP: HttpDescription<HubspotSettings> = {
  baseUrl: ({ settings: s }) => s.baseUrl,
  version: { value: (s) => s.apiVersion, in: 'path' },
  paging: HUBSPOT_PAGING,
  limits: (settings) => ({
    windows: [{ requests: settings.requestsPer10s, everyMs: 10_000 }],
    concurrency: 5,
    adoptAnnouncedLimit: true,
    headers: HUBSPOT_RATE_HEADERS,
    lanes: {
      // The margin is small because the limiter keeps each request's place until a full window
      // after its answer; the default 5% margin on top cost 5% of every search-bound run.
      search: { windows: [{ requests: settings.searchPerSecond, everyMs: 1000 }], concurrency: 2, headers: HUBSPOT_RATE_HEADERS, marginMs: 10 }
    }
  }),
  errors: [
    { status: 401, codePath: 'category', codes: ['EXPIRED_AUTHENTICATION'], becomes: 'auth', message: 'HubSpot says the access token has expired (HTTP 401){said}', hint: RECONNECT_HINT },
    { status: 401, becomes: 'auth', message: 'HubSpot did not accept the access token (HTTP 401){said}', hint: RECONNECT_HINT },
    {
      status: 429,
      codePath: 'policyName',
      codes: ['DAILY'],
      becomes: 'rate-limit',
      waitMs: 'midnight-utc',
      message: "HubSpot's daily API quota for this account is used up (HTTP 429){said}",
      hint: 'HubSpot resets the quota at midnight; Patchbay tries again after that. Other apps on the account share the quota.'
    },
    {
      status: 404,
      becomes: 'config',
      message: 'HubSpot has no such address (HTTP 404){said}',
      hint: "Check the HubSpot connection's base URL and API version, and that the object (contacts, companies) exists in the account."
    }
  ],
  // Missing scopes name the scopes in the body: words data cannot assemble.
  classify(res, vendorMessage, meta) {
    const body = errorBodySchema.safeParse(res.data)
    if (res.status !== 403 || !body.success || body.data.category !== 'MISSING_SCOPES') return undefined
    const scopes = Object.values(body.data.context ?? {}).flat().join(', ')
    return new AuthError(`HubSpot's private app lacks a permission Patchbay needs (HTTP 403)${vendorMessage ? `: ${vendorMessage}` : ''}`, {
      ...meta,
      hint: `In HubSpot open Settings → Integrations → Private Apps → your app → Scopes, add ${scopes || 'the CRM read and write scopes for contacts and companies'}, then reconnect HubSpot in Patchbay.`
    })
  }
}
