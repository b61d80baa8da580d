/**
 * A record in words for the owner — "Rosa Diaz (rosa.diaz@example.org)", "£42.00 from
 * ann@example.org" — from its canonical fields, whatever the sync calls them: the failures
 * list and the held deletes name records this way instead of by an API id.
 */
import type { Fields } from '../../shared/domain'

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '')

/** The first non-empty field among `names`, compared without case, dashes or underscores. */
function pick(fields: Fields, names: readonly string[]): string {
  const norm = (s: string) => s.toLowerCase().replace(/[-_ ]/g, '')
  const wanted = new Set(names.map(norm))
  for (const [k, v] of Object.entries(fields)) if (wanted.has(norm(k)) && text(v)) return text(v)
  return ''
}

/** "Rosa Diaz", from a name field or first and last names, else the company. */
export function nameOf(fields: Fields): string {
  return pick(fields, ['name', 'fullName', 'displayName', 'customerName']) || [pick(fields, ['firstName', 'givenName', 'first']), pick(fields, ['lastName', 'familyName', 'surname', 'last'])].filter(Boolean).join(' ') || pick(fields, ['company', 'companyName', 'organisation', 'organization'])
}

/** The record in words: its name and email or key, else its key or id. */
export function recordLabel(fields: Fields | null | undefined, key?: string, id?: string): string {
  const f = fields ?? {}
  const name = nameOf(f)
  const email = pick(f, ['email', 'emailAddress', 'customerEmail'])
  const k = key ?? id ?? ''
  const tag = email || k
  return name && tag ? `${name} (${tag})` : name || tag
}
