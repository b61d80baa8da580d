/**
 * Stripe's parameter encoding, for query strings and form bodies alike: nested objects
 * as `address[line1]`, arrays as `expand[0]` (what Stripe's own libraries send). Flat keys
 * are built here because the toolkit's query serializer writes arrays as repeated bare
 * names (`expand=a&expand=b`), which Stripe does not read as an array.
 */

/** A parameter value: scalars, arrays and nested objects; undefined is left out. */
export type StripeParam = string | number | boolean | null | undefined | StripeParam[] | { [k: string]: StripeParam }

/** Flattens nested params into Stripe's bracketed keys. `null` becomes '' (Stripe's "unset"). */
export function flattenParams(params: Record<string, StripeParam>): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (key: string, value: StripeParam): void => {
    if (value === undefined) return
    if (Array.isArray(value)) value.forEach((v, i) => walk(`${key}[${i}]`, v))
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(`${key}[${k}]`, v)
    else out[key] = value === null ? '' : String(value)
  }
  for (const [k, v] of Object.entries(params)) walk(k, v)
  return out
}

/** A form body for a POST, in a stable key order so the same write always sends the same bytes. */
export function formBody(params: Record<string, StripeParam>): URLSearchParams {
  const flat = flattenParams(params)
  return new URLSearchParams(Object.keys(flat).sort().map((k): [string, string] => [k, flat[k]]))
}
