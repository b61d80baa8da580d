/**
 * What a fake saw and said, one entry per HTTP exchange, for the contract tests: every
 * request the connector made and every response the fake gave. Fakes push entries;
 * contract checks read them. Credentials are redacted before they are stored.
 */

/** One request and its response, as they crossed the wire. */
export interface Exchange {
  /** 1-based order of arrival. */
  seq: number
  method: string
  /** Path without the query string, e.g. `/crm/objects/2026-03/contacts/search`. */
  path: string
  /** Query parameters; repeated names become arrays. */
  query: Record<string, string | string[]>
  requestHeaders: Record<string, string>
  /** The JSON body, or the raw text when it is not JSON, or undefined when empty. */
  requestBody: unknown
  /** HTTP status; null when the fake dropped the connection instead of answering. */
  status: number | null
  responseHeaders: Record<string, string>
  /** The JSON body, or the raw text when it is not JSON (e.g. a malformed body on purpose). */
  responseBody: unknown
  /** Set when the fake injected this answer as a fault, e.g. `5xx`, `429`, `malformed`, `reset`. */
  fault?: string
}

/** Collects exchanges; `take()` hands them over and starts afresh. */
export class ExchangeRecorder {
  private entries: Exchange[] = []
  private seq = 0

  /** Starts an entry for a request that just arrived. */
  begin(e: Omit<Exchange, 'seq' | 'status' | 'responseHeaders' | 'responseBody'>): Exchange {
    const entry: Exchange = { ...e, seq: ++this.seq, status: null, responseHeaders: {}, responseBody: undefined }
    this.entries.push(entry)
    return entry
  }

  /** Every exchange so far, oldest first. */
  all(): readonly Exchange[] {
    return this.entries
  }

  /** Returns the exchanges so far and forgets them. */
  take(): Exchange[] {
    const out = this.entries
    this.entries = []
    return out
  }
}

/** Parses a body as JSON when it is JSON; keeps the text otherwise. */
export function parseBody(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Header values as plain strings, with credentials replaced. */
export function plainHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue
    const name = k.toLowerCase()
    out[name] = name === 'authorization' ? String(v).replace(/^(\w+)\s+.*$/, '$1 [redacted]') : Array.isArray(v) ? v.join(', ') : String(v)
  }
  return out
}
