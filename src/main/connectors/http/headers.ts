/**
 * Reading the headers vendors use to say "slow down" and "come back at". Which header
 * names a vendor uses is data (`RateLimitHeaderNames`); how to read them is written once.
 */

/** Response headers as axios or node:http hand them over (names in any case). */
export type HeaderBag = Record<string, unknown> | { get?: (name: string) => unknown } | undefined

/** Names of a vendor's rate-limit headers; any of them may be absent. */
export interface RateLimitHeaderNames {
  /** Requests left in the current window, e.g. `X-HubSpot-RateLimit-Remaining`. */
  remaining?: string
  /** Requests allowed per window, e.g. `X-HubSpot-RateLimit-Max`. */
  limit?: string
  /** When the window resets, read as `resetUnit` says, e.g. `X-RateLimit-Reset`. */
  reset?: string
  /**
   * How to read `reset`. `auto` takes a small number as seconds from now and a large one
   * as a Unix time in seconds or milliseconds, which covers the vendors we know.
   * @default 'auto'
   */
  resetUnit?: 'auto' | 'seconds' | 'ms' | 'epoch-seconds' | 'epoch-ms' | 'http-date'
  /** Length of the window in milliseconds, e.g. `X-HubSpot-RateLimit-Interval-Milliseconds`. */
  intervalMs?: string
  /**
   * Seconds (or an HTTP date) to wait after a 429, per RFC 9110 §10.2.3.
   * @default 'retry-after'
   */
  retryAfter?: string
  /** Milliseconds to wait after a 429, for vendors that send one (`retry-after-ms`). */
  retryAfterMs?: string
}

/** What the headers of one response said about the rate limit. */
export interface RateLimitReading {
  remaining?: number
  limit?: number
  /** Milliseconds from `now` until the window resets. */
  resetInMs?: number
  intervalMs?: number
  /** Milliseconds to wait, from Retry-After (or its millisecond twin). */
  retryAfterMs?: number
}

/** Case-insensitive header lookup; a repeated header gives its first value. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined
  const getter = (headers as { get?: unknown }).get
  let raw: unknown
  if (typeof getter === 'function') raw = getter.call(headers, name)
  if (raw === undefined || raw === null) {
    const wanted = name.toLowerCase()
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() === wanted) {
        raw = value
        break
      }
    }
  }
  if (Array.isArray(raw)) raw = raw[0]
  if (raw === undefined || raw === null || raw === false) return undefined
  const text = String(raw).trim()
  return text === '' ? undefined : text
}

/**
 * Milliseconds a Retry-After value asks for: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). `undefined` when the value is neither.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const at = Date.parse(value)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

function readNumber(headers: HeaderBag, name: string | undefined): number | undefined {
  if (!name) return undefined
  const text = headerValue(headers, name)
  if (text === undefined) return undefined
  const n = Number(text)
  return Number.isFinite(n) ? n : undefined
}

function resetToMs(text: string, unit: NonNullable<RateLimitHeaderNames['resetUnit']>, now: number): number | undefined {
  if (unit === 'http-date') return parseRetryAfter(text, now)
  const n = Number(text)
  if (!Number.isFinite(n)) return unit === 'auto' ? parseRetryAfter(text, now) : undefined
  switch (unit) {
    case 'seconds':
      return Math.max(0, n * 1000)
    case 'ms':
      return Math.max(0, n)
    case 'epoch-seconds':
      return Math.max(0, n * 1000 - now)
    case 'epoch-ms':
      return Math.max(0, n - now)
    case 'auto':
      // A delta is seconds in every API we know; a Unix time is > 1e9 (seconds) or > 1e12 (ms).
      if (n > 1e12) return Math.max(0, n - now)
      if (n > 1e9) return Math.max(0, n * 1000 - now)
      return Math.max(0, n * 1000)
  }
}

/** Reads whatever the vendor's rate-limit headers say on one response. */
export function readRateLimit(headers: HeaderBag, names: RateLimitHeaderNames = {}, now: number = Date.now()): RateLimitReading {
  const reading: RateLimitReading = {}
  const remaining = readNumber(headers, names.remaining)
  if (remaining !== undefined) reading.remaining = remaining
  const limit = readNumber(headers, names.limit)
  if (limit !== undefined) reading.limit = limit
  const intervalMs = readNumber(headers, names.intervalMs)
  if (intervalMs !== undefined && intervalMs > 0) reading.intervalMs = intervalMs
  const resetText = names.reset ? headerValue(headers, names.reset) : undefined
  if (resetText !== undefined) {
    const resetInMs = resetToMs(resetText, names.resetUnit ?? 'auto', now)
    if (resetInMs !== undefined) reading.resetInMs = resetInMs
  }
  const afterMs = readNumber(headers, names.retryAfterMs)
  const after = afterMs ?? parseRetryAfter(headerValue(headers, names.retryAfter ?? 'retry-after'), now)
  if (after !== undefined && after >= 0) reading.retryAfterMs = after
  return reading
}

/**
 * The links of an RFC 8288 `Link` header by relation, e.g. `{ next: 'https://…?page=2' }`.
 * Relative targets are resolved against `base` when given.
 */
export function parseLinkHeader(value: string | undefined, base?: string): Record<string, string> {
  const links: Record<string, string> = {}
  if (!value) return links
  // Targets are in <…>, so split on commas outside angle brackets only.
  for (const part of value.match(/<[^>]*>[^,]*/g) ?? []) {
    const target = /<([^>]*)>/.exec(part)?.[1]
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(part)
    if (target === undefined || !rel) continue
    const url = base ? new URL(target, base).toString() : target
    // rel may list several relation types separated by spaces (RFC 8288 §3.3).
    for (const name of (rel[1] ?? rel[2]).toLowerCase().split(/\s+/)) {
      if (name && !(name in links)) links[name] = url
    }
  }
  return links
}
