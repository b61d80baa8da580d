/**
 * HubSpot's error bodies, read for people: the vendor message with its validation list
 * made readable. HubSpot's exceptions to the status table are data in ./http.ts.
 */
import { vendorClassifier, type HttpDescription } from '../platform'
import { HUBSPOT_HTTP } from './http'
import { errorBodySchema } from './schemas'

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

/** HubSpot's exceptions to the generic status table (./http.ts `errors` and `classify`); undefined keeps the table's answer. */
export function hubspotOverride(connectionId: string | undefined, now: () => number = Date.now) {
  return vendorClassifier(HUBSPOT_HTTP as HttpDescription<unknown>, connectionId, now)
}
