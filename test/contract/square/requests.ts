/**
 * Checks a request against Square's api.json: the path is an operation of the
 * description, every query parameter is one it declares (with a value of its type and
 * enum), and a JSON body matches the operation's request body schema. Responses go
 * through the shared harness (../openapi.ts).
 */
import Ajv, { type ValidateFunction } from 'ajv'
import { loadSpec } from '../openapi'

type Json = Record<string, unknown>
interface Operation {
  parameters?: Array<{ name: string; in: string; schema: Json }>
  requestBody?: { content?: Record<string, { schema?: Json }> }
}

/** OpenAPI 3.0 → JSON Schema for ajv: drops vendor extensions and descriptions. */
function clean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(clean)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node as Json)) {
    if (k.startsWith('x-') || k === 'description' || k === 'nullable') continue
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, clean(s)])) : clean(v)
  }
  return out
}

/** A checker for the description at `file`. */
export function requestChecker(file: string): (method: string, path: string, query: Record<string, string | string[]>, body: unknown) => string[] {
  const spec = loadSpec(file) as { paths: Record<string, Record<string, Operation>>; components: Json }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: 'array' })
  ajv.addSchema({ $id: 'square.json', components: { schemas: clean((spec.components as Json).schemas) } })
  const compiled = new Map<string, ValidateFunction>()
  const compile = (key: string, schema: unknown) => {
    let fn = compiled.get(key)
    if (!fn) compiled.set(key, (fn = ajv.compile(JSON.parse(JSON.stringify(clean(schema)).replace(/"#\/components\//g, '"square.json#/components/')))))
    return fn
  }
  const templates = Object.keys(spec.paths)
    .map((t) => ({ t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`), fixed: t.split('/').filter((s) => s && !s.startsWith('{')).length }))
    .sort((a, b) => b.fixed - a.fixed)
  const words = (fn: ValidateFunction, where: string) => (fn.errors ?? []).slice(0, 5).map((e) => `${where}${e.instancePath} ${e.message}`)
  return (method, path, query, body) => {
    const m = method.toLowerCase()
    const found = templates.find(({ t, re }) => re.test(path) && spec.paths[t][m])
    if (!found) return [`no operation ${method} ${path} in api.json`]
    const op = spec.paths[found.t][m]
    const problems: string[] = []
    const declared = new Map((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]))
    for (const [name, value] of Object.entries(query)) {
      const p = declared.get(name)
      if (!p) {
        problems.push(`query parameter ${name} is not in ${method} ${found.t}`)
        continue
      }
      const fn = compile(`${m} ${found.t} ?${name}`, { type: 'object', properties: { v: p.schema } })
      if (!fn({ v: structuredClone(value) })) problems.push(...words(fn, `query ${name}`))
    }
    const schema = op.requestBody?.content?.['application/json']?.schema
    if (body !== undefined) {
      if (!schema) problems.push(`${method} ${found.t} takes no body`)
      else {
        const fn = compile(`${m} ${found.t} body`, schema)
        if (!fn(structuredClone(body))) problems.push(...words(fn, 'body'))
      }
    }
    return problems
  }
}
