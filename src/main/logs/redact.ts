/**
 * Secret scrubbing for anything that leaves the process as text (log lines first of
 * all). Two kinds of rule: the exact secrets the vault hands us, wherever they show
 * up, and shapes that look like credentials even when we were never told about them
 * (a vendor echoing a token in an error body, a URL with `?api_key=`).
 *
 * Over-redaction is the safe failure: a log line with one `[redacted]` too many is
 * still useful, a log line with a live token in it is an incident.
 */
import { TEXT_RULES, TRIGGER, isSecretKey } from './redact-rules'

/** What every scrubbed value becomes. */
export const REDACTED = '[redacted]'

/**
 * Secrets shorter than this are ignored by `addSecret`: scrubbing a three-letter
 * value would shred ordinary words all over the log and hide nothing worth hiding.
 */
export const MIN_SECRET_LENGTH = 4

/** Scrubs known secrets and credential-looking text from strings, objects and log lines. */
export class Redactor {
  /** Longest first, so a secret that contains another is replaced whole. */
  private secrets: string[] = []

  /**
   * Scrubs `value` from everything redacted from now on. Also registers its JSON
   * escaped form, because log lines are matched as JSON text on the fast path.
   */
  addSecret(value: string | null | undefined): void {
    if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return
    const escaped = JSON.stringify(value).slice(1, -1)
    const added = new Set([...this.secrets, value, escaped])
    this.secrets = [...added].sort((a, b) => b.length - a.length)
  }

  /**
   * Scrubs only the known secrets, by value: no patterns. Cheap enough for a whole
   * serialised document (one `includes` per secret), and it never touches ordinary data,
   * so it is what stored files pass through (`store/versioned-file.ts`, `store/ndjson.ts`).
   */
  redactKnown(text: string): string {
    let out = text
    for (const secret of this.secrets) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED)
    }
    return out
  }

  /** Scrubs known secrets and credential patterns from free text. */
  redactText(text: string): string {
    let out = this.redactKnown(text)
    for (const { pattern, replace } of TEXT_RULES) {
      out = typeof replace === 'string' ? out.replace(pattern, replace) : out.replace(pattern, replace)
    }
    return out
  }

  /**
   * Returns `value` with every string scrubbed and the value of every credential-named
   * key (any depth, any case: `Authorization`, `access_token`, `apiKey`...) replaced.
   * Follows JSON semantics (`toJSON`, own enumerable keys) because the result is meant
   * to be serialised. Copy-on-write: unchanged branches come back as the same objects,
   * so the common case allocates nothing; the input is never mutated.
   */
  redact(value: unknown): unknown {
    return this.walk(value, new WeakSet(), true)
  }

  /**
   * Returns `value` with the known secrets scrubbed by value from every string (keys too),
   * and nothing else: no patterns, no credential-named keys. For answers and events, which
   * legitimately carry fields called `secret` (a form input's flag) or an address with a
   * `?code=`; their errors were scrubbed of credential shapes when made. Copy-on-write.
   */
  redactKnownIn(value: unknown): unknown {
    return this.secrets.length === 0 ? value : this.walk(value, new WeakSet(), false)
  }

  /**
   * Scrubs one serialised JSON log line (with or without its trailing newline) and
   * returns valid JSON. Lines that cannot contain anything to scrub skip the parse:
   * every rule has a keyword in `TRIGGER`, and keywords survive JSON escaping.
   */
  redactJsonLine(line: string): string {
    if (!TRIGGER.test(line) && !this.secrets.some((s) => line.includes(s))) return line
    const newline = line.endsWith('\n') ? '\n' : ''
    let parsed: unknown
    try {
      parsed = JSON.parse(newline ? line.slice(0, -1) : line)
    } catch {
      // Not ours to repair; scrubbing it as text may break its shape, leaking is worse.
      return this.redactText(line)
    }
    return JSON.stringify(this.redact(parsed)) + newline
  }

  private walk(value: unknown, ancestors: WeakSet<object>, shapes: boolean): unknown {
    if (typeof value === 'string') return shapes ? this.redactText(value) : this.redactKnown(value)
    if (value === null || typeof value !== 'object') return value
    if (ancestors.has(value)) return '[circular]'
    const withJson = value as { toJSON?: () => unknown }
    if (typeof withJson.toJSON === 'function') return this.walk(withJson.toJSON(), ancestors, shapes)
    ancestors.add(value)
    try {
      return Array.isArray(value) ? this.walkArray(value, ancestors, shapes) : this.walkObject(value, ancestors, shapes)
    } finally {
      ancestors.delete(value)
    }
  }

  private walkArray(items: unknown[], ancestors: WeakSet<object>, shapes: boolean): unknown[] {
    let copy: unknown[] | undefined
    items.forEach((item, i) => {
      const next = this.walk(item, ancestors, shapes)
      if (next !== item) (copy ??= items.slice())[i] = next
    })
    return copy ?? items
  }

  private walkObject(obj: object, ancestors: WeakSet<object>, shapes: boolean): object {
    // An Error's message and name are not enumerable, and they are what matters.
    const source: Record<string, unknown> =
      obj instanceof Error ? Object.assign({ name: obj.name, message: obj.message }, obj as object) : (obj as Record<string, unknown>)
    let copy: Record<string, unknown> | undefined = source === obj ? undefined : { ...source }
    for (const key of Object.keys(source)) {
      const value = source[key]
      const next = shapes && isSecretKey(key) && value !== null && value !== undefined && value !== '' ? REDACTED : this.walk(value, ancestors, shapes)
      const safeKey = shapes ? this.redactText(key) : this.redactKnown(key)
      if (next === value && safeKey === key) continue
      copy ??= { ...source }
      if (safeKey !== key) delete copy[key]
      copy[safeKey] = next
    }
    return copy ?? obj
  }
}

/**
 * The secrets this process was handed, shared by everything that stores or returns data:
 * errors scrub their messages with it when they are made (`errors.ts`), documents when
 * they are written, and the service its events and the front ends their answers. The
 * service registers every secret it reads from the keychain here (see `ServiceOptions.onSecret`).
 * One per process, because an error is made deep in connector code that knows no service.
 */
export const secretScrubber = new Redactor()

/**
 * `value` with the process's known secrets scrubbed by value (copy-on-write, see
 * `Redactor.redactKnownIn`): for what the service returns and emits.
 */
export function scrubSecrets<T>(value: T): T {
  return secretScrubber.redactKnownIn(value) as T
}

export { isSecretKey }
