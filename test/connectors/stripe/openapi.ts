/**
 * Checks the connector's *requests* against Stripe's spec3.yaml: query strings and form
 * bodies against the operation's parameters and request body. Responses go through the
 * shared harness (test/contract/openapi.ts), which checks responses only. The 4 MB spec
 * is parsed once; OpenAPI's `nullable` is rewritten into JSON Schema for ajv, which
 * coerces Stripe's form strings to the declared types.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import Ajv, { type ValidateFunction } from 'ajv'
import { parse } from 'yaml'

/** Where CI clones the shared specs: beside the repo. */
export const STRIPE_SPEC = path.resolve(import.meta.dirname, '../../../../shared/vendor-specs/stripe/spec3.yaml')

type Json = Record<string, unknown>

interface Operation {
  parameters?: Array<{ name: string; in: string; schema: Json; required?: boolean }>
  requestBody?: { content?: Record<string, { schema?: Json }> }
  responses: Record<string, { content?: Record<string, { schema?: Json }> }>
}

/** A parsed spec with compiled request validators, cached per file. */
export interface OpenApiChecker {
  /** The spec's path template a concrete path belongs to, e.g. `/v1/customers/{customer}`. */
  templateOf(method: string, urlPath: string): string | undefined
  /** Problems with a request's query parameters and form body; empty when they conform. */
  checkRequest(method: string, urlPath: string, query: Json, form: Json): string[]
  readonly version: string
}

/** OpenAPI 3.0 `nullable` → JSON Schema; drops vendor extensions ajv would trip on. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema)
  if (node === null || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node as Json)) {
    if (k.startsWith('x-') || k === 'nullable' || k === 'description') continue
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)])) : toJsonSchema(v)
  }
  if ((node as Json).nullable !== true) return out
  if (typeof out.type === 'string' && !out.enum) return { ...out, type: [out.type, 'null'] }
  if (Array.isArray(out.enum)) return { anyOf: [out, { type: 'null' }] }
  return { anyOf: [out, { type: 'null' }] }
}

const cache = new Map<string, OpenApiChecker>()

/** Loads (once) and returns a checker for the spec at `file`. */
export function openApiChecker(file: string = STRIPE_SPEC): OpenApiChecker {
  const cached = cache.get(file)
  if (cached) return cached
  const spec = parse(readFileSync(file, 'utf8')) as { info: { version: string }; paths: Record<string, Record<string, Operation>>; components: Json }
  const doc = { $id: 'spec.json', components: { schemas: toJsonSchema((spec.components as Json).schemas) } }
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, coerceTypes: 'array' })
  ajv.addSchema(doc)
  const compiled = new Map<string, ValidateFunction>()
  const templates = Object.keys(spec.paths).map((t) => ({ t, re: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`), fixed: t.split('{').length }))
  // A literal segment beats a placeholder: /v1/customers/search before /v1/customers/{customer}.
  templates.sort((a, b) => a.fixed - b.fixed)

  function compile(key: string, schema: unknown): ValidateFunction {
    let fn = compiled.get(key)
    if (!fn) {
      const rewritten = JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\//g, '"spec.json#/components/'))
      fn = ajv.compile(rewritten)
      compiled.set(key, fn)
    }
    return fn
  }

  function operation(method: string, urlPath: string): { template: string; op: Operation } | undefined {
    const m = method.toLowerCase()
    for (const { t, re } of templates) if (re.test(urlPath) && spec.paths[t][m]) return { template: t, op: spec.paths[t][m] }
    return undefined
  }

  const words = (fn: ValidateFunction, where: string): string[] => (fn.errors ?? []).slice(0, 5).map((e) => `${where}${e.instancePath} ${e.message}`)

  const checker: OpenApiChecker = {
    version: spec.info.version,
    templateOf: (method, urlPath) => operation(method, urlPath)?.template,
    checkRequest(method, urlPath, query, form) {
      const found = operation(method, urlPath)
      if (!found) return [`no operation ${method} ${urlPath} in the spec`]
      const problems: string[] = []
      const declared = new Map((found.op.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p]))
      for (const [name, value] of Object.entries(query)) {
        const p = declared.get(name)
        if (!p) {
          problems.push(`query parameter ${name} is not in ${method} ${found.template}`)
          continue
        }
        // Wrapped in an object so coercion can replace the value in place.
        const fn = compile(`${method} ${found.template} ?${name}`, { type: 'object', properties: { v: p.schema } })
        if (!fn({ v: structuredClone(value) })) problems.push(...words(fn, `query ${name}`))
      }
      const bodySchema = found.op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema
      if (Object.keys(form).length > 0) {
        if (!bodySchema) problems.push(`${method} ${found.template} takes no body`)
        else {
          const fn = compile(`${method} ${found.template} body`, bodySchema)
          if (!fn(structuredClone(form))) problems.push(...words(fn, 'body'))
        }
      }
      return problems
    }
  }
  cache.set(file, checker)
  return checker
}
