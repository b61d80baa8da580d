/**
 * Checks exchanges with the SendGrid stand-in against SendGrid's own OpenAPI 3.1
 * descriptions (../shared/vendor-specs/sendgrid, twilio/sendgrid-oai): the request's path and
 * method must be an operation there, its query names declared parameters, its body valid
 * against the operation's request schema and the answer against the declared response, both
 * with one Ajv instance (JSON Schema 2020-12, as OpenAPI 3.1 uses; each fragment compiled
 * once). Pre-signed downloads (`/files/…`) are not part of the API and are checked apart.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020'
import type { Exchange } from '../../../src/main/stand-ins/recorder'
import { loadSpec } from '../openapi'
import { sharedPath } from '../../support/shared'

type Json = Record<string, unknown>

/** The description file that holds a path. */
export function specFor(path: string): string {
  const file = path.startsWith('/v3/marketing/field_definitions')
    ? 'tsg_mc_custom_fields_v3.json'
    : path.startsWith('/v3/marketing/lists')
      ? 'tsg_mc_lists_v3.json'
      : path.startsWith('/v3/marketing/contacts')
        ? 'tsg_mc_contacts_v3.json'
        : 'tsg_suppressions_v3.json'
  return sharedPath('vendor-specs', 'sendgrid', file)
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true })
const added = new Set<string>()

function operation(spec: Json, method: string, path: string): { template: string; op: Json; shared: Json[] } | undefined {
  const paths = spec.paths as Record<string, Json>
  const candidates = Object.keys(paths).filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
  // Literal segments beat parameters.
  candidates.sort((a, b) => b.split('{').length - a.split('{').length).reverse()
  for (const template of candidates) {
    const op = paths[template][method.toLowerCase()] as Json | undefined
    if (op) return { template, op, shared: (paths[template].parameters as Json[] | undefined) ?? [] }
  }
  return undefined
}

function deref(spec: Json, node: Json | undefined): Json | undefined {
  let n = node
  for (let i = 0; n && typeof n.$ref === 'string' && i < 10; i++) {
    n = (n.$ref as string).slice(2).split('/').reduce<unknown>((v, k) => (v as Json | undefined)?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], spec) as Json | undefined
  }
  return n
}

/** The validator of the schema at `file#pointer`, each description added to Ajv once. */
function compiled(ref: string): ValidateFunction {
  const file = ref.slice(0, ref.indexOf('#'))
  if (!added.has(file)) {
    ajv.addSchema(loadSpec(file), file)
    added.add(file)
  }
  const validate = ajv.getSchema(ref)
  if (!validate) throw new Error(`No schema at ${ref}`)
  return validate
}

const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

/**
 * Where the description contradicts itself, and the fake follows the rest of it: Delete
 * Contacts types `job_id` as an object, yet calls it "The deletion job ID", and Import Contacts
 * Status takes that id as a string in its path (the fake's FIDELITY.md notes it).
 */
const KNOWN_DEPARTURES = ['DELETE /v3/marketing/contacts → 202: /job_id: must be object']

/** Every way `e` departs from the description; empty when it keeps to it. */
export function checkExchange(e: Exchange): string[] {
  if (e.path.startsWith('/files/')) return 'authorization' in e.requestHeaders ? [`${e.path}: a pre-signed download was sent the API key`] : []
  const file = specFor(e.path)
  const spec = loadSpec(file)
  const found = operation(spec, e.method, e.path)
  const where = `${e.method} ${e.path}`
  if (!found) return [`${where}: no such operation in ${file.split('/').pop()}`]
  const out: string[] = []
  if (!/^Bearer /.test(e.requestHeaders.authorization ?? '')) out.push(`${where}: no bearer API key`)
  const declared = new Set([...found.shared, ...((found.op.parameters as Json[] | undefined) ?? [])].map((p) => deref(spec, p)).filter((p) => p?.in === 'query').map((p) => p!.name as string))
  for (const q of Object.keys(e.query)) if (!declared.has(q)) out.push(`${where}: query parameter "${q}" is not declared`)
  const body = deref(spec, found.op.requestBody as Json | undefined)
  if (e.requestBody !== undefined) {
    if (!body) out.push(`${where}: sends a body the operation does not take`)
    else {
      const paths = spec.paths as Record<string, Json>
      const raw = paths[found.template][e.method.toLowerCase()] as Json
      const ptr = typeof (raw.requestBody as Json).$ref === 'string' ? `${(raw.requestBody as Json).$ref as string}/content/application~1json/schema` : `#/${pointer('paths', found.template, e.method.toLowerCase(), 'requestBody', 'content', 'application/json', 'schema')}`
      const validate = compiled(`${file}${ptr}`)
      if (!validate(e.requestBody)) out.push(...(validate.errors ?? []).map((x) => `${where} request ${x.instancePath || '(body)'}: ${x.message}`))
    }
  } else if (body && (body.required as boolean | undefined)) out.push(`${where}: the operation requires a body`)
  if (e.status === null || e.fault === 'malformed' || e.responseBody === undefined) return out
  const responses = (found.op.responses ?? {}) as Json
  const key = [String(e.status), `${String(e.status)[0]}XX`, 'default'].find((k) => k in responses)
  let ptr: string
  if (key === undefined) {
    if (e.status < 400) return [...out, `${where}: status ${e.status} is not documented`]
    // SendGrid documents 401, 429 and 5xx for every endpoint on one page (how-to-use-the-sendgrid-v3-api/responses), not per operation.
    ptr = `${sharedPath('vendor-specs', 'sendgrid', 'tsg_suppressions_v3.json')}#/components/schemas/ErrorResponse`
  } else {
    const response = responses[key] as Json
    const base = typeof response.$ref === 'string' ? `${file}${response.$ref}` : `${file}#/${pointer('paths', found.template, e.method.toLowerCase(), 'responses', key)}`
    const content = deref(spec, response)?.content as Json | undefined
    if (!content?.['application/json']) return out
    ptr = `${base}/content/application~1json/schema`
  }
  const validate = compiled(ptr)
  if (!validate(e.responseBody)) out.push(...(validate.errors ?? []).map((x) => `${where} → ${e.status}: ${x.instancePath || '(body)'}: ${x.message}`).filter((m) => !KNOWN_DEPARTURES.includes(m)))
  return out
}

/** The problems of every exchange. */
export function checkExchanges(all: readonly Exchange[]): string[] {
  return all.flatMap(checkExchange)
}

/** "METHOD template" of an exchange, for coverage. */
export function operationOf(e: Exchange): string | undefined {
  if (e.path.startsWith('/files/')) return `GET ${e.path.replace(/[^/]+$/, '…')}`
  const found = operation(loadSpec(specFor(e.path)), e.method, e.path)
  return found ? `${e.method} ${found.template}` : undefined
}
