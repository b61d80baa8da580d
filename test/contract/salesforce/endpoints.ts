/**
 * Salesforce's REST API as the contract test knows it. Salesforce publishes no
 * machine-readable description of the sObject REST API (../shared/vendor-specs/salesforce/
 * SOURCE.md: its OpenAPI is a per-org beta), so these schemas are written by hand from the
 * REST API Developer Guide pages the stand-in's FIDELITY.md cites, one per endpoint:
 * `resources_query.htm`, `resources_getdeleted.htm`, `resources_sobject_describe.htm`,
 * `resources_limits.htm`, `resources_composite_sobjects_collections_{create,update,delete,upsert}.htm`,
 * `errorcodes.htm` (error arrays), and the OAuth web-server and refresh-token flow pages.
 */
import { z } from 'zod'
import type { EndpointContract } from '../check'

const V = String.raw`\/services\/data\/v66\.0`
const ID = z.string().regex(/^[a-zA-Z0-9]{18}$/, 'an 18-character Salesforce id')
const DATETIME = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/, 'Salesforce dateTime, e.g. 2026-12-06T04:10:06.000+0000')

/** `errorcodes.htm`: an array of `{message, errorCode, fields?}`. */
const errors = z.array(z.object({ message: z.string(), errorCode: z.string().regex(/^[A-Z_]+$/), fields: z.array(z.string()).optional() }).strict()).min(1)

/** A record in a query answer: `attributes {type, url}`, `Id`, the selected fields. */
const record = z.object({ attributes: z.object({ type: z.string(), url: z.string().regex(new RegExp(`^${V}/sobjects/\\w+/[a-zA-Z0-9]{18}$`)) }).strict(), Id: ID }).passthrough()

/** `resources_query.htm`: totalSize, done, nextRecordsUrl while not done, records. */
const queryPage = z
  .object({ totalSize: z.number().int().min(0), done: z.boolean(), nextRecordsUrl: z.string().regex(new RegExp(`^${V}/query/[\\w]+-\\d+$`)).optional(), records: z.array(record) })
  .strict()
  .refine((p) => p.done === (p.nextRecordsUrl === undefined), 'nextRecordsUrl is there exactly when done is false')

/** Collections' per-record result (`SaveResult` / `UpsertResult`); errors carry `statusCode`, not `errorCode`. */
const saveResult = z
  .object({ id: ID.nullable().optional(), success: z.boolean(), errors: z.array(z.object({ statusCode: z.string().regex(/^[A-Z_]+$/), message: z.string(), fields: z.array(z.string()) }).strict()), created: z.boolean().optional() })
  .strict()
  .refine((r) => r.success === (r.errors.length === 0), 'success exactly when errors is empty')

/** A record sent to a collection: `attributes.type`, field values, no system fields. */
const sentRecord = z
  .object({ attributes: z.object({ type: z.enum(['Contact', 'Lead', 'Account']) }).strict(), id: ID.optional() })
  .catchall(z.union([z.string(), z.number(), z.boolean(), z.null()]))
  .refine((r) => !['SystemModstamp', 'CreatedDate', 'LastModifiedDate', 'IsDeleted'].some((k) => k in r), 'system fields are never sent')
const collection = (withIds: boolean) =>
  z
    .object({ allOrNone: z.literal(false), records: z.array(sentRecord).min(1).max(200) })
    .strict()
    .refine((b) => b.records.every((r) => (r.id !== undefined) === withIds), withIds ? 'an update names each record id' : 'a create or upsert names no id')

const tokenAnswer = z
  .object({ access_token: z.string().min(1), refresh_token: z.string().optional(), signature: z.string().min(1), scope: z.string(), instance_url: z.url(), id: z.url(), token_type: z.literal('Bearer'), issued_at: z.string().regex(/^\d{13}$/) })
  .strict()
const oauthError = z.object({ error: z.string(), error_description: z.string() }).strict()
const form = (grant: RegExp) => z.string().regex(grant, 'a form body with the grant').refine((t) => new URLSearchParams(t).get('client_id') !== null, 'client_id is sent')

/** Every endpoint Patchbay reaches. */
export const SALESFORCE_ENDPOINTS: EndpointContract[] = [
  {
    name: 'token',
    method: 'POST',
    path: /^\/services\/oauth2\/token$/,
    request: form(/grant_type=(authorization_code|refresh_token)/),
    responses: { 200: tokenAnswer, 400: oauthError }
  },
  {
    name: 'query',
    method: 'GET',
    path: new RegExp(`^${V}/query$`),
    query: z.object({ q: z.string().regex(/^SELECT [\w, ]+ FROM (Contact|Lead|Account|Organization)( WHERE .+)?( ORDER BY [\w, ]+)?( LIMIT \d+)?$/) }).strict(),
    headers: ['authorization', 'sforce-query-options'],
    responses: { 200: queryPage, default: errors }
  },
  { name: 'query more', method: 'GET', path: new RegExp(`^${V}/query/[\\w]+-\\d+$`), query: z.object({}).strict(), headers: ['authorization'], responses: { 200: queryPage, default: errors } },
  {
    name: 'get deleted',
    method: 'GET',
    path: new RegExp(`^${V}/sobjects/(Contact|Lead|Account)/deleted/$`),
    query: z.object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }) }).strict(),
    headers: ['authorization'],
    responses: { 200: z.object({ deletedRecords: z.array(z.object({ id: ID, deletedDate: DATETIME }).strict()), earliestDateAvailable: DATETIME, latestDateCovered: DATETIME }).strict(), default: errors }
  },
  {
    name: 'describe',
    method: 'GET',
    path: new RegExp(`^${V}/sobjects/(Contact|Lead|Account)/describe$`),
    headers: ['authorization'],
    responses: { 200: z.object({ name: z.string(), fields: z.array(z.object({ name: z.string(), label: z.string(), type: z.string(), createable: z.boolean(), updateable: z.boolean(), nillable: z.boolean(), externalId: z.boolean() }).passthrough()) }).passthrough(), default: errors }
  },
  { name: 'collections create', method: 'POST', path: new RegExp(`^${V}/composite/sobjects$`), request: collection(false), headers: ['authorization'], responses: { 200: z.array(saveResult), default: errors } },
  { name: 'collections update', method: 'PATCH', path: new RegExp(`^${V}/composite/sobjects$`), request: collection(true), headers: ['authorization'], responses: { 200: z.array(saveResult), default: errors } },
  {
    name: 'collections delete',
    method: 'DELETE',
    path: new RegExp(`^${V}/composite/sobjects$`),
    query: z.object({ ids: z.string().regex(/^[a-zA-Z0-9]{18}(,[a-zA-Z0-9]{18}){0,199}$/), allOrNone: z.literal('false') }).strict(),
    headers: ['authorization'],
    responses: { 200: z.array(saveResult), default: errors }
  },
  {
    name: 'collections upsert',
    method: 'PATCH',
    path: new RegExp(`^${V}/composite/sobjects/(Contact|Lead|Account)/\\w+$`),
    request: collection(false),
    headers: ['authorization'],
    responses: { 200: z.array(saveResult.refine((r) => !r.success || r.created !== undefined, 'an upsert says whether it created')), default: errors }
  }
]
