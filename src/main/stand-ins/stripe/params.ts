/**
 * Stripe's parameter syntax, read the way Stripe reads it: `a[b]=1` is a nested object,
 * `a[]=x` and `a[0]=x` are arrays. Used for query strings and form bodies alike.
 */

/** A parsed parameter value. */
export type ParamValue = string | ParamValue[] | { [k: string]: ParamValue }
export type Params = Record<string, ParamValue>

function keyPath(raw: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(raw)
  if (!m) return [raw]
  const rest = [...m[2].matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1])
  return [m[1], ...rest]
}

/** Objects whose keys are all indexes become arrays. */
function arrays(value: ParamValue): ParamValue {
  if (typeof value === 'string' || Array.isArray(value)) return Array.isArray(value) ? value.map(arrays) : value
  const keys = Object.keys(value)
  const entries = Object.entries(value).map(([k, v]) => [k, arrays(v)] as const)
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) return entries.sort((a, b) => Number(a[0]) - Number(b[0])).map(([, v]) => v)
  return Object.fromEntries(entries)
}

/** Parses `application/x-www-form-urlencoded` pairs into nested params. */
export function parseParams(search: URLSearchParams): Params {
  const root: Record<string, ParamValue> = {}
  for (const [rawKey, value] of search) {
    const path = keyPath(rawKey)
    let node: Record<string, ParamValue> = root
    for (let i = 0; i < path.length; i++) {
      const k = path[i]
      const last = i === path.length - 1
      if (k === '') {
        // `a[]=x`: append to the array at the parent key.
        continue
      }
      const nextIsPush = path[i + 1] === ''
      if (last) node[k] = value
      else if (nextIsPush) {
        const arr = Array.isArray(node[k]) ? (node[k] as ParamValue[]) : []
        arr.push(value)
        node[k] = arr
        break
      } else {
        if (typeof node[k] !== 'object' || Array.isArray(node[k])) node[k] = {}
        node = node[k] as Record<string, ParamValue>
      }
    }
  }
  return arrays(root) as Params
}

/** A param as text, or undefined. */
export function str(p: Params, name: string): string | undefined {
  const v = p[name]
  return typeof v === 'string' ? v : undefined
}

/** A canonical string of params, for comparing an idempotent retry with its original. */
export function canonical(p: ParamValue): string {
  if (typeof p === 'string') return JSON.stringify(p)
  if (Array.isArray(p)) return `[${p.map(canonical).join(',')}]`
  return `{${Object.keys(p).sort().map((k) => `${JSON.stringify(k)}:${canonical(p[k])}`).join(',')}}`
}
