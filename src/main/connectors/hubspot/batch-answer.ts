/**
 * Pairs a batch answer with the inputs that were sent: HubSpot answers 200/201 when all
 * went through and 207 Multi-Status when some did not, listing the records made and an
 * `errors` array. Results are paired by the `objectWriteTraceId` we sent with each input
 * (HubSpot's documented way to tell partial failures apart), falling back to the id, the
 * unique key, or equal properties; errors by the trace ids or record ids in their context.
 */
import type { WriteOutcome } from '../types'
import { RecordError } from '../../errors'
import { readableValidation } from './errors'
import type { BatchAnswer, BatchError, CrmRecord } from './schemas'

/** One input of a batch, as sent. */
export interface SentInput {
  /** The engine's ref, also sent as `objectWriteTraceId`. */
  ref: string
  /** The record's id, for updates and archives. */
  id?: string
  /** The value of the unique key, for upserts (HubSpot echoes it as the id in errors). */
  key?: string
  /** The properties sent. */
  properties: Record<string, string>
}

/** What the answer says about each input, in input order. */
export function pairBatchAnswer(inputs: SentInput[], answer: BatchAnswer, opts: { uniqueKey?: string; connectionId?: string }): WriteOutcome[] {
  const outcomes = new Map<string, WriteOutcome>()
  const open = new Map(inputs.map((i) => [i.ref, i]))
  const take = (input: SentInput, rec: CrmRecord): void => {
    outcomes.set(input.ref, { ref: input.ref, ok: true, id: rec.id })
    open.delete(input.ref)
  }
  for (const rec of answer.results) {
    const input = findInput(rec, open, opts.uniqueKey)
    if (input) take(input, rec)
  }
  const unclaimed: BatchError[] = []
  for (const error of answer.errors ?? []) {
    const named = namedInputs(error, open)
    if (named.length === 0) unclaimed.push(error)
    for (const input of named) fail(input, error)
  }
  // Errors that name no input can only belong to inputs that got no result.
  for (const input of [...open.values()]) {
    const error = unclaimed[0]
    if (error) fail(input, { ...error, message: unclaimed.map((e) => e.message).join(' / ') })
    else outcomes.set(input.ref, { ref: input.ref, ok: false, error: new RecordError('HubSpot did not say what became of this record', { connectionId: opts.connectionId, recordId: input.id }) })
  }
  return inputs.map((i) => outcomes.get(i.ref)!)

  function fail(input: SentInput, error: BatchError): void {
    const message = `HubSpot refused it${error.category ? ` (${error.category})` : ''}: ${readableValidation(error.message)}`
    outcomes.set(input.ref, { ref: input.ref, ok: false, error: new RecordError(message, { connectionId: opts.connectionId, recordId: input.id, vendorMessage: error.message }) })
    open.delete(input.ref)
  }
}

function findInput(rec: CrmRecord, open: Map<string, SentInput>, uniqueKey: string | undefined): SentInput | undefined {
  if (rec.objectWriteTraceId && open.has(rec.objectWriteTraceId)) return open.get(rec.objectWriteTraceId)
  const candidates = [...open.values()]
  const byId = candidates.find((i) => i.id !== undefined && i.id === rec.id)
  if (byId) return byId
  const key = uniqueKey ? rec.properties[uniqueKey]?.toLowerCase() : undefined
  const byKey = key ? candidates.find((i) => i.key !== undefined && i.key.toLowerCase() === key) : undefined
  if (byKey) return byKey
  return candidates.find((i) => i.id === undefined && Object.entries(i.properties).every(([k, v]) => (rec.properties[k] ?? '') === v))
}

function namedInputs(error: BatchError, open: Map<string, SentInput>): SentInput[] {
  const context = error.context ?? {}
  const traces = new Set(context.objectWriteTraceId ?? [])
  const ids = new Set([...(context.ids ?? []), ...(context.id ?? [])])
  return [...open.values()].filter((i) => traces.has(i.ref) || (i.id !== undefined && ids.has(i.id)) || (i.key !== undefined && ids.has(i.key)))
}
