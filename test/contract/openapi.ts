/**
 * Checks a response against a vendor's own OpenAPI description (the files in
 * ../shared/vendor-specs beside the repository), with an OpenAPI validator from npm
 * (openapi-response-validator, on Ajv). The description is parsed once per file (YAML
 * or JSON); only the schemas the operation's response reaches through `$ref` are handed
 * to the validator, because Stripe's description is 4 MB and compiling all of it for one
 * path would take seconds. Validators are cached per operation and status.
 *
 *   validateAgainstOpenApi(sharedPath('vendor-specs', 'stripe', 'spec3.yaml'), 'GET', '/v1/customers/cus_123', 200, body)
 */
import { readFileSync } from 'node:fs'
import OpenAPIResponseValidator, { type OpenAPIResponseValidatorError } from 'openapi-response-validator'
import { parse as parseYaml } from 'yaml'

/** The outcome of one check. */
export interface OpenApiCheck {
  valid: boolean
  /** "path: message" lines from the validator, empty when valid. */
  errors: string[]
  /** The description's path template that matched, e.g. `/v1/customers/{customer}`. */
  template: string
  /** The response key used: the status, its `2XX` family, or `default`. */
  responseKey: string
}

type Json = Record<string, unknown>

const specs = new Map<string, Json>()
const validators = new Map<string, OpenAPIResponseValidator>()

/** The parsed description, read once per file. */
export function loadSpec(specPath: string): Json {
  let spec = specs.get(specPath)
  if (!spec) {
    const text = readFileSync(specPath, 'utf8')
    spec = (/\.ya?ml$/i.test(specPath) ? parseYaml(text, { maxAliasCount: -1 }) : JSON.parse(text)) as Json
    specs.set(specPath, spec)
  }
  return spec
}

/** Validates `body` as the `status` response of `method path` in the description at `specPath`. */
export function validateAgainstOpenApi(specPath: string, method: string, path: string, status: number, body: unknown): OpenApiCheck {
  const spec = loadSpec(specPath)
  const { template, operation } = findOperation(spec, method, path)
  const responses = (operation.responses ?? {}) as Record<string, unknown>
  const family = `${String(status)[0]}XX`
  const responseKey = [String(status), family, 'default'].find((k) => k in responses)
  if (!responseKey) throw new Error(`${method.toUpperCase()} ${template} declares no ${status} response (it has ${Object.keys(responses).join(', ')})`)
  const cacheKey = `${specPath}|${method.toLowerCase()} ${template}|${responseKey}`
  let validator = validators.get(cacheKey)
  if (!validator) {
    const response = resolve(spec, responses[responseKey]) as Json
    // The validator reads OpenAPI 3 `content` as well as v2 `schema`; its types only name the latter.
    validator = new OpenAPIResponseValidator({ responses: { [responseKey]: response as never }, components: reachableComponents(spec, response) as never })
    validators.set(cacheKey, validator)
  }
  const problem = validator.validateResponse(responseKey === 'default' || responseKey === family ? responseKey : status, body)
  const errors = ((problem?.errors ?? []) as OpenAPIResponseValidatorError[]).map((e) => `${e.path || '(body)'}: ${e.message}`)
  return { valid: errors.length === 0, errors, template, responseKey }
}

/** The operation whose path template matches `path` (a concrete path or the template itself). */
function findOperation(spec: Json, method: string, path: string): { template: string; operation: Json } {
  const paths = (spec.paths ?? {}) as Record<string, Json>
  const bare = path.split('?')[0]
  const templates = Object.keys(paths)
  // Literal segments beat parameters: /v1/customers/search before /v1/customers/{customer}.
  const ranked = templates
    .filter((t) => t === bare || templateRegex(t).test(bare))
    .sort((a, b) => (a === bare ? -1 : b === bare ? 1 : literalScore(b) - literalScore(a)))
  const template = ranked[0]
  const operation = template ? (paths[template][method.toLowerCase()] as Json | undefined) : undefined
  if (!template || !operation) throw new Error(`The description has no ${method.toUpperCase()} ${bare}`)
  return { template, operation }
}

function templateRegex(template: string): RegExp {
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')
  return new RegExp(`^${pattern}$`)
}

function literalScore(template: string): number {
  return template.split('/').filter((s) => s !== '' && !s.startsWith('{')).length
}

/** Follows a local `$ref` (`#/components/...`). */
function resolve(spec: Json, node: unknown): unknown {
  let current = node as Json | undefined
  for (let hops = 0; current && typeof current.$ref === 'string' && hops < 20; hops++) current = pointer(spec, current.$ref)
  return current
}

function pointer(spec: Json, ref: string): Json | undefined {
  if (!ref.startsWith('#/')) throw new Error(`Only local $refs are supported, not ${ref}`)
  let value: unknown = spec
  for (const raw of ref.slice(2).split('/')) value = (value as Json | undefined)?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')]
  return value as Json | undefined
}

/** The components a node reaches through `$ref`, transitively, in the shape `components` has. */
function reachableComponents(spec: Json, root: unknown): Json {
  const out: Record<string, Json> = {}
  const seen = new Set<string>()
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) stack.push(...node)
    else if (node && typeof node === 'object') {
      const ref = (node as Json).$ref
      if (typeof ref === 'string' && ref.startsWith('#/components/') && !seen.has(ref)) {
        seen.add(ref)
        const [, , section, name] = ref.split('/')
        const target = pointer(spec, ref)
        if (target) {
          ;(out[section] ??= {})[name] = target
          stack.push(target)
        }
      }
      for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value)
    }
  }
  return out
}
