/**
 * The HTTP client of one Mailchimp connection: the toolkit's client with Mailchimp's
 * data (preset, HTTP Basic with the API key as password, its problem+json messages).
 */
import { createHttpClient, defaultVendorMessage, presets, apiKey, type HttpClient, type HttpLogEntry, type RetryOptions } from '../http'

/** Knobs for tests, the benchmark and the demo; the defaults are what users get. */
export interface MailchimpClientOptions {
  /** @default the toolkit's retry policy */
  retry?: Omit<RetryOptions, 'idempotent'>
  /** @default 30_000 */
  timeoutMs?: number
  /**
   * Requests in flight at once. Mailchimp allows 10 simultaneous connections per user
   * (mailchimp.com/developer/marketing/docs/fundamentals/#api-limits).
   * @default 10
   */
  concurrency?: number
  log?: (entry: HttpLogEntry) => void
}

function asRecord(body: unknown): Record<string, unknown> | undefined {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
}

/**
 * Mailchimp's error message: problem+json (RFC 7807) `title` and `detail`, plus the
 * field `errors` it adds for invalid merge fields, e.g.
 * "Invalid Resource: joe@example.com looks fake or invalid, please enter a real email address."
 */
export function mailchimpMessage(body: unknown): string | undefined {
  const b = asRecord(body)
  const title = typeof b?.title === 'string' ? b.title.trim() : ''
  const detailed = defaultVendorMessage(body)
  if (!title || !detailed || detailed === title) return detailed ?? (title || undefined)
  return `${title}: ${detailed}`
}

/** Creates the client of one connection. */
export function createMailchimpClient(o: { baseURL: string; key: string; connectionId?: string } & MailchimpClientOptions): HttpClient {
  const preset = presets.mailchimp
  return createHttpClient({
    system: preset.system,
    connectionId: o.connectionId,
    baseURL: o.baseURL,
    // Mailchimp documents HTTP Basic with any user name and the API key as password.
    auth: apiKey({ key: o.key, basic: 'password', other: 'patchbay', system: preset.system }),
    limits: { ...preset.limits, concurrency: o.concurrency ?? 10 },
    rateLimitHeaders: preset.rateLimitHeaders,
    vendorMessage: mailchimpMessage,
    timeoutMs: o.timeoutMs,
    retry: o.retry,
    log: o.log
  })
}
