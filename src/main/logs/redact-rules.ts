/**
 * The credential shapes `Redactor` scrubs without being told the secret. Kept apart
 * from the class so the list reads as a list, and so each rule sits next to the
 * keyword that lets a log line skip the slow path (see `TRIGGER`).
 */

/**
 * Key names whose value is a credential, as word parts. Between parts any of `-`,
 * `_`, a space or nothing is accepted, in any case: `access_token`, `accessToken`,
 * `Access-Token`. Parts rather than free normalisation, so that the same pattern can
 * find these names in raw text; `nextPageToken` and `syncToken` are cursors, not
 * secrets, and stay readable.
 */
export const KEY_WORDS: readonly (readonly string[])[] = [
  ['token'],
  ['access', 'token'],
  ['refresh', 'token'],
  ['id', 'token'],
  ['password'],
  ['passwd'],
  ['secret'],
  ['client', 'secret'],
  ['api', 'key'],
  ['x', 'api', 'key'],
  ['code', 'verifier'],
  ['authorization'],
  ['proxy', 'authorization'],
  ['cookie'],
  ['set', 'cookie']
]

/** Longest first, so `access_token` is tried before `token` inside one alternation. */
const KEY_ALT = KEY_WORDS.map((parts) => parts.join('[-_ ]?'))
  .sort((a, b) => b.length - a.length)
  .join('|')

const SECRET_KEY = new RegExp(`^(?:${KEY_ALT})$`, 'i')

/** True when a property or header named `key` holds a credential. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key)
}

/** One text pattern, its replacement, and a keyword that every match contains. */
export interface TextRule {
  name: string
  pattern: RegExp
  replace: string | ((match: string, ...groups: string[]) => string)
  /**
   * Regex source matched case-insensitively against a raw JSON line. It must match
   * whenever `pattern` could match any decoded string in that line, so it may only
   * use characters JSON never escapes.
   */
  trigger: string
}

/** Applied in order: the wide rules first, so the narrow ones do not cut a header in half. */
export const TEXT_RULES: readonly TextRule[] = [
  {
    name: 'password in a URL (user:pass@host)',
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+:)[^\s/?#@]+@/gi,
    replace: '$1[redacted]@',
    trigger: ':\\/\\/\\S*@'
  },
  {
    name: 'credential header written as text (Authorization: ..., Cookie: ...)',
    // The whole rest of the line: a cookie header is many pairs, a Basic header two words.
    pattern: /(?<![\w-])(proxy-authorization|authorization|set-cookie|cookie)(\s*[:=]\s*)[^\r\n]+/gi,
    replace: '$1$2[redacted]',
    trigger: 'authoriz|cookie'
  },
  {
    name: 'credential key inside JSON text (a vendor body kept as a string)',
    pattern: new RegExp(`"(${KEY_ALT})"(\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*"|-?[\\w.+-]+)`, 'gi'),
    replace: (match, key, colon, value) => (value === 'null' || value === '""' ? match : `"${key}"${colon}"[redacted]"`),
    trigger: KEY_ALT
  },
  {
    name: 'credential parameter in a URL, form body or message (access_token=...)',
    // Not after a word character or dash, so `next_page_token=` keeps its cursor.
    pattern: new RegExp(`(?<![\\w-])(${KEY_ALT})=[^\\s&#;,'"]+`, 'gi'),
    replace: '$1=[redacted]',
    trigger: KEY_ALT
  },
  {
    name: 'short-lived credential in a URL query (OAuth code, Google key, signatures)',
    pattern: /([?&](?:code|key|sig|signature)=)[^&\s#'"]+/gi,
    replace: '$1[redacted]',
    trigger: '[?&](?:code|key|sig|signature)='
  },
  {
    name: 'bearer token',
    pattern: /\b(bearer)\s+[A-Za-z0-9\-._~+/]+=*/gi,
    replace: '$1 [redacted]',
    trigger: 'bearer'
  },
  {
    name: 'Stripe secret, restricted or webhook key',
    pattern: /\b(?:(?:sk|rk)_(?:live|test)|whsec)_[A-Za-z0-9]+/g,
    replace: '[redacted]',
    trigger: 'sk_|rk_|whsec_'
  },
  {
    name: 'HubSpot private app token (pat-na1-…)',
    pattern: /\bpat-[a-z]{2,4}\d{0,2}-[A-Za-z0-9-]{8,}/gi,
    replace: '[redacted]',
    trigger: 'pat-'
  },
  {
    name: 'Mailchimp API key (32 hex digits, then the data centre)',
    pattern: /\b[0-9a-f]{32}-us\d{1,3}\b/gi,
    replace: '[redacted]',
    trigger: '-us\\d'
  },
  {
    name: 'JSON Web Token (OAuth id tokens, many access tokens)',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g,
    replace: '[redacted]',
    trigger: 'eyJ'
  }
]

/** Matches a raw JSON line that any rule in `TEXT_RULES` (or a credential key) could touch. */
export const TRIGGER = new RegExp(TEXT_RULES.map((rule) => rule.trigger).join('|'), 'i')
