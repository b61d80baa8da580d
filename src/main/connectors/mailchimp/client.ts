/**
 * The HTTP side of Mailchimp as data (auth, base URL per data centre, paging, limits, its
 * problem+json messages), and the client of one connection built from it by the toolkit.
 */
import { defaultVendorMessage, type HttpClient, type HttpLogEntry, type RetryOptions } from '../http'
import { connectionHttp, providerFor, type AuthDeclaration, type HttpDescription, type HttpTuning } from '../platform'
import { mailchimpBaseUrl } from './settings'

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

/** Where the API key goes: HTTP Basic with any user name and the key as password, as Mailchimp documents. */
export const MAILCHIMP_AUTH: AuthDeclaration = { kind: 'api-key', secrets: [{ name: 'apiKey', pasted: true }], key: 'apiKey', sendAs: { basic: 'password', other: 'patchbay' } }

/**
 * Mailchimp's API as data: the root per data centre (from the key), count/offset paging
 * with `total_items`, and no request quota but 10 concurrent connections per user
 * (mailchimp.com/developer/marketing/docs/fundamentals/#api-limits); no quota headers.
 */
export const MAILCHIMP_HTTP: HttpDescription<{ baseUrl?: string }> = {
  baseUrl: ({ settings, secrets, connectionId }) => mailchimpBaseUrl(settings.baseUrl, secrets.apiKey, connectionId),
  paging: { style: 'offset', itemsPath: 'members', totalPath: 'total_items', start: 0, maxCount: 1000, offsetParam: 'offset', countParam: 'count' },
  limits: { windows: [], concurrency: 10 },
  message: mailchimpMessage
}

/** The options as the toolkit takes them. */
export function toHttpTuning({ concurrency, ...rest }: MailchimpClientOptions): HttpTuning {
  return { ...rest, ...(concurrency === undefined ? {} : { limits: { general: { concurrency } } }) }
}

/** Creates the client of one connection (the toolkit's, from MAILCHIMP_HTTP). */
export function createMailchimpClient(o: { baseURL: string; key: string; connectionId?: string } & MailchimpClientOptions): HttpClient {
  const { baseURL, key, connectionId, ...options } = o
  const secrets = { apiKey: key }
  const auth = providerFor(MAILCHIMP_AUTH, secrets, 'Mailchimp')!
  return connectionHttp('Mailchimp', MAILCHIMP_HTTP, { connectionId: connectionId ?? '', settings: { baseUrl: baseURL }, secrets }, auth, toHttpTuning(options)).client
}
