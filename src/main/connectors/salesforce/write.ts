/**
 * Writing a batch to Salesforce through sObject Collections (200 records a call, with
 * `allOrNone: false` so one refused record never stops the rest): deletes with DELETE,
 * updates with PATCH, creates with POST, or with PATCH on `/{Type}/{ExternalIdField}` when
 * the owner named an external-id field and the record has a value for it (an upsert: sent
 * twice, it still makes one record). Each record's `errors[]` becomes its RecordError.
 */
import { z } from 'zod'
import { ApiChangedError, RecordError } from '../../errors'
import type { WriteItem, WriteOutcome } from '../types'
import type { SalesforceApi } from './api'
import type { SObjectSpec } from './objects'
import { toSalesforce } from './records'
import { COLLECTION_MAX } from './vendor'

/** One record's result in a collections answer. */
const resultSchema = z.object({
  id: z.string().nullable().optional(),
  success: z.boolean(),
  errors: z.array(z.object({ statusCode: z.string(), message: z.string(), fields: z.array(z.string()).optional() })),
  created: z.boolean().optional()
})
const answerSchema = z.array(resultSchema)
type Result = z.infer<typeof resultSchema>

/** What the owner does about each refusal, by Salesforce's status code. */
const HINTS: Record<string, (fields: string[]) => string> = {
  REQUIRED_FIELD_MISSING: (f) => `Salesforce requires ${f.join(' and ') || 'a field'} on every record: fill it in on the other side, or map a field to it.`,
  INVALID_EMAIL_ADDRESS: () => 'Correct the email address on the other side; the next run sends it again.',
  DUPLICATES_DETECTED: () => "Salesforce's duplicate rules matched an existing record. Merge the two in Salesforce, or relax the rule, then run the sync again.",
  DUPLICATE_VALUE: (f) => `Another Salesforce record already has this ${f.join(', ') || 'value'}, which must be unique.`,
  DUPLICATE_EXTERNAL_ID: (f) => `More than one record has this ${f.join(', ') || 'external id'}; make it unique, then run the sync again.`,
  FIELD_CUSTOM_VALIDATION_EXCEPTION: () => 'A validation rule in Salesforce refused the record. Change the record so it passes, or ask your Salesforce admin about the rule.',
  INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: (f) => `${f.join(', ') || 'A picklist'} only takes the values set up in Salesforce; use one of them.`,
  STRING_TOO_LONG: (f) => `${f.join(', ') || 'A value'} is longer than Salesforce allows for that field; shorten it.`
}

function refused(api: SalesforceApi, spec: SObjectSpec, r: Result, recordId: string | undefined): RecordError {
  const first = r.errors[0] ?? { statusCode: 'UNKNOWN', message: 'no reason given', fields: [] }
  const fields = first.fields ?? []
  const message = `Salesforce refused this ${spec.noun}: ${r.errors.map((e) => e.message).join('; ') || first.message} (${first.statusCode})`
  return new RecordError(message, { connectionId: api.connectionId, recordId, vendorMessage: first.message, hint: HINTS[first.statusCode]?.(fields) ?? 'Fix the record and run the sync again.' })
}

type Sent = { ref: string; id?: string; record: Record<string, unknown> }

/** Applies a batch and answers for each item, in order. */
export async function writeBatch(api: SalesforceApi, spec: SObjectSpec, items: WriteItem[]): Promise<WriteOutcome[]> {
  const ext = api.settings.externalIds[spec.name]
  const groups: Record<'delete' | 'update' | 'upsert' | 'create', Sent[]> = { delete: [], update: [], upsert: [], create: [] }
  for (const item of items) {
    if (item.op === 'delete') groups.delete.push({ ref: item.ref, id: item.id, record: {} })
    else {
      const record: Record<string, unknown> = { attributes: { type: spec.type }, ...toSalesforce(item.fields) }
      if (item.op === 'update') groups.update.push({ ref: item.ref, id: item.id, record: { ...record, id: item.id } })
      else if (ext && record[ext] !== null && record[ext] !== undefined && String(record[ext]).trim() !== '') groups.upsert.push({ ref: item.ref, record })
      else groups.create.push({ ref: item.ref, record })
    }
  }
  const outcomes = new Map<string, WriteOutcome>()
  for (const kind of ['delete', 'update', 'upsert', 'create'] as const) {
    for (let i = 0; i < groups[kind].length; i += COLLECTION_MAX) {
      const chunk = groups[kind].slice(i, i + COLLECTION_MAX)
      const results = await send(api, spec, kind, chunk, ext)
      if (results.length !== chunk.length) throw new ApiChangedError(`Salesforce answered ${results.length} results for ${chunk.length} records`, results, { connectionId: api.connectionId })
      chunk.forEach((sent, n) => {
        const r = results[n]
        // Deleting what is already gone is what was asked.
        const alreadyGone = kind === 'delete' && r.errors.some((e) => e.statusCode === 'ENTITY_IS_DELETED' || e.statusCode === 'INVALID_CROSS_REFERENCE_KEY')
        if (r.success || alreadyGone) outcomes.set(sent.ref, { ref: sent.ref, ok: true, id: r.id ?? sent.id! })
        else outcomes.set(sent.ref, { ref: sent.ref, ok: false, error: refused(api, spec, r, sent.id) })
      })
    }
  }
  return items.map((item) => outcomes.get(item.ref)!)
}

function send(api: SalesforceApi, spec: SObjectSpec, kind: 'delete' | 'update' | 'upsert' | 'create', chunk: Sent[], ext: string | undefined): Promise<Result[]> {
  const url = `${api.root}/composite/sobjects`
  switch (kind) {
    case 'delete':
      return api.request({ method: 'DELETE', url, params: { ids: chunk.map((s) => s.id).join(','), allOrNone: false }, schema: answerSchema })
    case 'update':
      // Setting the same values twice changes nothing: safe to repeat.
      return api.request({ method: 'PATCH', url, data: { allOrNone: false, records: chunk.map((s) => s.record) }, schema: answerSchema, idempotent: true })
    case 'upsert':
      return api.request({ method: 'PATCH', url: `${url}/${spec.type}/${ext}`, data: { allOrNone: false, records: chunk.map((s) => s.record) }, schema: answerSchema, idempotent: true })
    case 'create':
      // A create repeated after a lost answer would make a second record: never retried blindly.
      return api.request({ method: 'POST', url, data: { allOrNone: false, records: chunk.map((s) => s.record) }, schema: answerSchema, idempotent: false })
  }
}
