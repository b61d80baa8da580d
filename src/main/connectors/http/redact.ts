/**
 * Scrubbing secrets out of what we log. Done here, at the edge where we still know which
 * header carried the API key, rather than trusting every log consumer to do it.
 */

/** What a scrubbed value is replaced with. */
export const REDACTED = '[redacted]'

/** Header names that carry credentials for some vendor or other. */
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie)$|api[-_]?key|token|secret|password|signature|session/i
/** Query parameter names that carry credentials (OAuth codes and verifiers included). */
const SECRET_PARAM = /^(code|key|sig)$|api[-_]?key|token|secret|password|signature|verifier|assertion/i

/** Names the auth provider says are secret, besides the usual suspects. */
export interface SecretNames {
  headers?: readonly string[]
  params?: readonly string[]
}

function listed(name: string, extra: readonly string[] | undefined): boolean {
  return extra?.some((n) => n.toLowerCase() === name.toLowerCase()) ?? false
}

/** True when a header's value must never reach a log. */
export function isSecretHeader(name: string, extra?: readonly string[]): boolean {
  return SECRET_HEADER.test(name) || listed(name, extra)
}

/** True when a query parameter's value must never reach a log. */
export function isSecretParam(name: string, extra?: readonly string[]): boolean {
  return SECRET_PARAM.test(name) || listed(name, extra)
}

/** A copy of `headers` with every secret value replaced; also returns the values removed. */
export function redactHeaders(headers: Record<string, unknown>, extra?: readonly string[]): { headers: Record<string, string>; removed: string[] } {
  const out: Record<string, string> = {}
  const removed: string[] = []
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    if (isSecretHeader(name, extra)) {
      out[name] = REDACTED
      removed.push(text, ...text.split(/\s+/).slice(1))
    } else out[name] = text
  }
  return { headers: out, removed }
}

/**
 * `url` with secret query values and any user:password part replaced. `values` are
 * secrets known by value (an API key) that are scrubbed wherever they appear.
 */
export function redactUrl(url: string, extra?: readonly string[], values: readonly string[] = []): string {
  let out = url
  try {
    const parsed = new URL(url)
    if (parsed.username || parsed.password) {
      parsed.username = parsed.username ? REDACTED : ''
      parsed.password = parsed.password ? REDACTED : ''
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (isSecretParam(name, extra)) parsed.searchParams.set(name, REDACTED)
    }
    out = parsed.toString()
  } catch {
    // Not an absolute URL: fall through to scrubbing by value only.
  }
  return redactValues(out, values)
}

/** `text` with every occurrence of the given secret values replaced (short values are left, they would match by chance). */
export function redactValues(text: string, values: readonly string[]): string {
  let out = text
  for (const value of values) {
    if (value.length < 8) continue
    out = out.split(value).join(REDACTED)
    const encoded = encodeURIComponent(value)
    if (encoded !== value) out = out.split(encoded).join(REDACTED)
  }
  return out
}

/** A response body as at most `max` characters of JSON, for error samples and logs. */
export function trimSample(value: unknown, max = 2000): string {
  let text: string
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  } catch {
    text = String(value)
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text
}
