/**
 * HubSpot's error bodies, read for people: the vendor message with its validation list
 * made readable, and HubSpot's exceptions to the generic status table (missing scopes,
 * the daily quota, an object type HubSpot does not know).
 */
import { AuthError, ConfigError, RateLimitError, type PatchbayError } from '../../errors'
import type { HttpResponseLike } from '../http'
import { errorBodySchema } from './schemas'

const RECONNECT_HINT =
  'In HubSpot open Settings → Integrations → Private Apps, copy the app\'s access token (or rotate it), and reconnect HubSpot in Patchbay with it.'

/** HubSpot's `message`, with "Property values were not valid: [json]" turned into "email: Email address x is invalid". */
export function hubspotMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() || undefined
  const parsed = errorBodySchema.safeParse(body)
  if (!parsed.success || !parsed.data.message) return undefined
  return readableValidation(parsed.data.message)
}

/** Rewrites HubSpot's embedded JSON list of invalid properties, leaving other messages as they are. */
export function readableValidation(message: string): string {
  const at = message.indexOf('[')
  if (at < 0 || !/not valid/i.test(message.slice(0, at))) return message
  try {
    const list = JSON.parse(message.slice(at)) as Array<{ name?: string; message?: string }>
    const parts = list.filter((p) => p.message).map((p) => (p.name ? `${p.name}: ${p.message}` : String(p.message)))
    return parts.length > 0 ? parts.join('; ') : message
  } catch {
    return message
  }
}

/** Milliseconds until the next midnight UTC, HubSpot's best-known reset of the daily quota. */
function untilMidnightUtc(now: number): number {
  const next = new Date(now)
  next.setUTCHours(24, 0, 0, 0)
  return next.getTime() - now + 60_000
}

/** HubSpot's exceptions to the generic status table; undefined keeps the table's answer. */
export function hubspotOverride(connectionId: string | undefined, now: () => number = Date.now) {
  return (res: HttpResponseLike, vendorMessage: string | undefined): PatchbayError | undefined => {
    const body = errorBodySchema.safeParse(res.data)
    const data = body.success ? body.data : {}
    const meta = { connectionId, status: res.status, vendorMessage }
    const said = vendorMessage ? `: ${vendorMessage}` : ''
    if (res.status === 401) {
      const expired = data.category === 'EXPIRED_AUTHENTICATION'
      return new AuthError(`HubSpot ${expired ? 'says the access token has expired' : 'did not accept the access token'} (HTTP 401)${said}`, { ...meta, hint: RECONNECT_HINT })
    }
    if (res.status === 403 && data.category === 'MISSING_SCOPES') {
      const scopes = Object.values(data.context ?? {}).flat().join(', ')
      return new AuthError(`HubSpot's private app lacks a permission Patchbay needs (HTTP 403)${said}`, {
        ...meta,
        hint: `In HubSpot open Settings → Integrations → Private Apps → your app → Scopes, add ${scopes || 'the CRM read and write scopes for contacts and companies'}, then reconnect HubSpot in Patchbay.`
      })
    }
    if (res.status === 429 && data.policyName === 'DAILY') {
      return new RateLimitError(`HubSpot's daily API quota for this account is used up (HTTP 429)${said}`, untilMidnightUtc(now()), {
        ...meta,
        hint: 'HubSpot resets the quota at midnight; Patchbay tries again after that. Other apps on the account share the quota.'
      })
    }
    if (res.status === 404) {
      return new ConfigError(`HubSpot has no such address (HTTP 404)${said}`, {
        ...meta,
        hint: 'Check the HubSpot connection\'s base URL and API version, and that the object (contacts, companies) exists in the account.'
      })
    }
    return undefined
  }
}
