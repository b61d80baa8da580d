/**
 * Writing a batch to HubSpot with its batch endpoints (100 inputs each): updates through
 * `batch/update`, deletes through `batch/archive`, and creates through `batch/upsert` on
 * the object's unique key where it has one (contacts: email), which makes a create safe
 * to send twice, else through `batch/create`. Every input carries an `objectWriteTraceId`
 * so a 207 Multi-Status answer says which records failed. When HubSpot refuses a whole
 * batch for one bad record (400/409), the batch is split in halves until the bad record
 * stands alone, so it goes to Failures and the rest go through.
 */
import { RecordError } from '../../errors'
import type { WriteItem, WriteOutcome } from '../types'
import type { HubspotApi } from './api'
import { pairBatchAnswer, type SentInput } from './batch-answer'
import type { HubspotObjectSpec } from './objects'
import { toProperties } from './records'
import { batchAnswerSchema } from './schemas'

/** HubSpot's largest batch. */
export const HUBSPOT_BATCH = 100

type Kind = 'create' | 'upsert' | 'update' | 'archive'

/** Applies a batch and answers for each item, in order. */
export async function writeBatch(api: HubspotApi, spec: HubspotObjectSpec, items: WriteItem[]): Promise<WriteOutcome[]> {
  const groups: Record<Kind, SentInput[]> = { create: [], upsert: [], update: [], archive: [] }
  for (const item of items) {
    if (item.op === 'delete') {
      groups.archive.push({ ref: item.ref, id: item.id, properties: {} })
      continue
    }
    const properties = toProperties(item.fields, spec)
    if (item.op === 'update') groups.update.push({ ref: item.ref, id: item.id, properties })
    else {
      const key = spec.uniqueKey ? properties[spec.uniqueKey]?.trim() : undefined
      if (key) groups.upsert.push({ ref: item.ref, key, properties })
      else groups.create.push({ ref: item.ref, properties })
    }
  }
  const outcomes = new Map<string, WriteOutcome>()
  for (const kind of ['archive', 'update', 'upsert', 'create'] as const) {
    for (let i = 0; i < groups[kind].length; i += HUBSPOT_BATCH) {
      for (const o of await send(api, spec, kind, groups[kind].slice(i, i + HUBSPOT_BATCH))) outcomes.set(o.ref, o)
    }
  }
  return items.map((item) => outcomes.get(item.ref)!)
}

function bodyOf(kind: Kind, inputs: SentInput[], spec: HubspotObjectSpec): unknown {
  switch (kind) {
    case 'archive':
      return { inputs: inputs.map((i) => ({ id: i.id })) }
    case 'update':
      return { inputs: inputs.map((i) => ({ id: i.id, properties: i.properties, objectWriteTraceId: i.ref })) }
    case 'upsert':
      return { inputs: inputs.map((i) => ({ id: i.key, idProperty: spec.uniqueKey, properties: i.properties, objectWriteTraceId: i.ref })) }
    case 'create':
      return { inputs: inputs.map((i) => ({ properties: i.properties, associations: [], objectWriteTraceId: i.ref })) }
  }
}

/** Sends one batch; a whole-batch refusal is split until each bad record stands alone. */
async function send(api: HubspotApi, spec: HubspotObjectSpec, kind: Kind, inputs: SentInput[]): Promise<WriteOutcome[]> {
  if (inputs.length === 0) return []
  const url = `${api.objectPath(spec.type)}/batch/${kind}`
  try {
    if (kind === 'archive') {
      // 204 No Content: HubSpot archives what it can and says nothing per record.
      await api.general.request({ method: 'POST', url, data: bodyOf(kind, inputs, spec), idempotent: true })
      return inputs.map((i) => ({ ref: i.ref, ok: true as const, id: i.id! }))
    }
    const answer = await api.general.request({
      method: 'POST',
      url,
      data: bodyOf(kind, inputs, spec),
      schema: batchAnswerSchema,
      // Setting the same values again, or upserting by key, cannot apply twice; a create can.
      idempotent: kind !== 'create'
    })
    return pairBatchAnswer(inputs, answer, { uniqueKey: spec.uniqueKey, connectionId: api.connectionId })
  } catch (err) {
    if (!(err instanceof RecordError)) throw err
    if (inputs.length === 1) return [{ ref: inputs[0].ref, ok: false, error: new RecordError(err.message, { ...err.meta, recordId: inputs[0].id }) }]
    const half = Math.ceil(inputs.length / 2)
    return [...(await send(api, spec, kind, inputs.slice(0, half))), ...(await send(api, spec, kind, inputs.slice(half)))]
  }
}
