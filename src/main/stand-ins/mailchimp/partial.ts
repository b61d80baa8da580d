/**
 * Partial responses (https://mailchimp.com/developer/marketing/docs/methods-parameters/,
 * "Partial responses"; every endpoint's `fields` and `exclude_fields` parameters: "A
 * comma-separated list of fields to return / to exclude. Reference parameters of
 * sub-objects with dot notation."). A path walks through arrays, so `members.email_address`
 * is the address of every member of a page and `members._links` their links.
 */

type Json = unknown

/** Dotted paths of a `fields`/`exclude_fields` value; empty when absent or blank. */
export function pathsOf(value: string | null): string[][] {
  if (!value) return []
  return value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.split('.'))
}

const isObject = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Keeps only what the paths name (a path that names an object keeps all of it). */
function pick(value: Json, paths: string[][]): Json {
  if (Array.isArray(value)) return value.map((v) => pick(v, paths))
  if (!isObject(value)) return value
  if (paths.some((p) => p.length === 0)) return value
  const out: Record<string, Json> = {}
  for (const [key, v] of Object.entries(value)) {
    const below = paths.filter((p) => p[0] === key).map((p) => p.slice(1))
    if (below.length) out[key] = pick(v, below)
  }
  return out
}

/** Removes what the paths name. */
function drop(value: Json, paths: string[][]): Json {
  if (Array.isArray(value)) return value.map((v) => drop(v, paths))
  if (!isObject(value)) return value
  const out: Record<string, Json> = {}
  for (const [key, v] of Object.entries(value)) {
    const below = paths.filter((p) => p[0] === key).map((p) => p.slice(1))
    if (below.some((p) => p.length === 0)) continue
    out[key] = below.length ? drop(v, below) : v
  }
  return out
}

/** A JSON answer cut down as the query's `fields` and `exclude_fields` ask. */
export function partialResponse(body: Json, query: URLSearchParams): Json {
  const keep = pathsOf(query.get('fields'))
  const without = pathsOf(query.get('exclude_fields'))
  let out = body
  if (keep.length) out = pick(out, keep)
  if (without.length) out = drop(out, without)
  return out
}
