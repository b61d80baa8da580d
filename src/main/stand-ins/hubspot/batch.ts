/**
 * The fake's batch endpoints (`POST /crm/objects/{version}/{object}/batch/{action}`),
 * after HubSpot's reference and error-handling guide:
 * - at most 100 inputs; more is a 400;
 * - read: ids or `idProperty` values; missing ones listed under `errors` (207);
 * - create/update/upsert: when every input carries an `objectWriteTraceId`, HubSpot
 *   answers 207 Multi-Status with the records made and one error per failed input
 *   (context `objectWriteTraceId`); without trace ids one bad input fails the whole batch
 *   (400 VALIDATION_ERROR, or 409 CONFLICT for an existing email) and nothing is written;
 * - update: unknown ids are listed under `errors` (OBJECT_NOT_FOUND, context `ids`);
 * - upsert: `idProperty` must be a unique property (contacts: email); repeated ids are a 400;
 * - archive: 204 No Content; unknown ids are ignored.
 */
import { errorBody, standardError, validationMessage, type PropertyProblem } from './errors'
import type { FakeStore } from './store'
import { batchEnvelope, propertyNames, recordView } from './views'

/** An answer the transport sends. */
export interface Answer {
  status: number
  body?: unknown
}

/** HubSpot's batch size limit. */
export const MAX_INPUTS = 100

type Input = { id?: unknown; idProperty?: unknown; properties?: unknown; objectWriteTraceId?: unknown }

const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, v === null ? '' : String(v)]))

/** Handles one batch call. */
export function handleBatch(store: FakeStore, type: string, action: string, body: Record<string, unknown>, query: URLSearchParams, multiStatus = true): Answer {
  const inputs = body.inputs as Input[] | undefined
  if (!Array.isArray(inputs)) return { status: 400, body: errorBody('VALIDATION_ERROR', 'Invalid input JSON: "inputs" is required') }
  if (inputs.length > MAX_INPUTS) return { status: 400, body: errorBody('VALIDATION_ERROR', `Batch input size ${inputs.length} exceeds the maximum of ${MAX_INPUTS}`) }
  const startedAt = store.now()
  switch (action) {
    case 'read':
      return read(store, type, body, inputs, query, startedAt)
    case 'archive':
      for (const i of inputs) {
        const rec = store.get(type, String(i.id))
        if (rec) store.archive(rec)
      }
      return { status: 204 }
    case 'create':
    case 'update':
    case 'upsert':
      return write(store, type, action, body, inputs, startedAt, multiStatus)
    default:
      return { status: 404, body: errorBody('OBJECT_NOT_FOUND', `Unknown batch action ${action}`) }
  }
}

function read(store: FakeStore, type: string, body: Record<string, unknown>, inputs: Input[], query: URLSearchParams, startedAt: number): Answer {
  const names = propertyNames(type, body.properties)
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined
  const archived = query.get('archived') === 'true'
  const results: unknown[] = []
  const missing: string[] = []
  for (const input of inputs) {
    const id = String(input.id)
    const rec = idProperty ? store.findUnique(type, idProperty, id) : store.get(type, id)
    if (rec && rec.archived === archived) results.push(recordView(rec, names))
    else missing.push(id)
  }
  const errors = missing.length
    ? [standardError('OBJECT_NOT_FOUND', `Could not get some ${type.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, { ids: missing })]
    : []
  return { status: errors.length ? 207 : 200, body: batchEnvelope(results, errors, startedAt, store.now()) }
}

/** One input checked: the record to write, or why not. */
type Checked = { input: Input; trace?: string; problem?: { category: string; message: string; status: number }; apply?: () => unknown }

function write(store: FakeStore, type: string, action: 'create' | 'update' | 'upsert', body: Record<string, unknown>, inputs: Input[], startedAt: number, allowMultiStatus: boolean): Answer {
  const names = propertyNames(type, body.properties)
  const def = store.def(type)!
  if (action === 'upsert') {
    const ids = inputs.map((i) => String(i.id ?? '').toLowerCase())
    const repeated = ids.filter((id, n) => ids.indexOf(id) !== n)
    if (repeated.length) return { status: 400, body: errorBody('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${[...new Set(repeated)].join(', ')}]. IDs must be unique`) }
    const bad = inputs.find((i) => i.idProperty !== undefined && i.idProperty !== def.unique)
    if (bad) return { status: 400, body: errorBody('VALIDATION_ERROR', `${String(bad.idProperty)} is not a unique property of ${type}`) }
  }
  const checked: Checked[] = inputs.map((input) => {
    const trace = typeof input.objectWriteTraceId === 'string' ? input.objectWriteTraceId : undefined
    const props = strings(input.properties)
    if (action === 'update') {
      const rec = store.get(type, String(input.id))
      if (!rec || rec.archived) return { input, trace, problem: { category: 'OBJECT_NOT_FOUND', message: `Object not found. objectId are usually numeric.`, status: 404 } }
      return guard(input, trace, store.validate(type, props, rec.id), () => recordView(store.update(rec, props), names, trace ? { objectWriteTraceId: trace } : {}))
    }
    if (action === 'upsert') {
      const key = def.unique ? String(input.id ?? '') : ''
      const existing = def.unique ? store.findUnique(type, def.unique, key) : undefined
      const all = def.unique ? { ...props, [def.unique]: key } : props
      const problems = store.validate(type, all, existing?.id)
      return guard(input, trace, problems, () =>
        existing
          ? recordView(store.update(existing, props), names, { new: false, ...(trace ? { objectWriteTraceId: trace } : {}) })
          : recordView(store.create(type, all), names, { new: true, ...(trace ? { objectWriteTraceId: trace } : {}) })
      )
    }
    return guard(input, trace, store.validate(type, props), () => recordView(store.create(type, props), names, trace ? { objectWriteTraceId: trace } : {}))
  })
  const multiStatus = allowMultiStatus && inputs.length > 0 && checked.every((c) => c.trace !== undefined)
  const failed = checked.filter((c) => c.problem)
  const notFound = failed.filter((c) => c.problem!.category === 'OBJECT_NOT_FOUND')
  if (!multiStatus && failed.length > notFound.length) {
    // Without trace ids HubSpot cannot say which input failed: the whole batch is refused.
    const first = failed.find((c) => c.problem!.category !== 'OBJECT_NOT_FOUND')!.problem!
    return { status: first.status, body: errorBody(first.category, first.message) }
  }
  const results = checked.filter((c) => c.apply).map((c) => c.apply!())
  const errors = multiStatus
    ? failed.map((c) => standardError(c.problem!.category, c.problem!.message, { objectWriteTraceId: [c.trace!] }))
    : notFound.length
      ? [standardError('OBJECT_NOT_FOUND', 'Could not find some objects. Check that ids are valid.', { ids: notFound.map((c) => String(c.input.id)) })]
      : []
  const okStatus = action === 'create' ? 201 : 200
  return { status: errors.length ? 207 : okStatus, body: batchEnvelope(results, errors, startedAt, store.now()) }
}

function guard(input: Input, trace: string | undefined, problems: PropertyProblem[], apply: () => unknown): Checked {
  if (problems.length === 0) return { input, trace, apply }
  const conflict = problems.find((p) => p.error === 'CONFLICT')
  if (conflict) return { input, trace, problem: { category: 'CONFLICT', message: conflict.message, status: 409 } }
  return { input, trace, problem: { category: 'VALIDATION_ERROR', message: validationMessage(problems), status: 400 } }
}
