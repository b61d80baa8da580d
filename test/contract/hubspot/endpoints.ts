/**
 * HubSpot's endpoints the connector uses, each with its documented query, request body
 * and responses (from ./reference.ts). Statuses: 200/201 from the OpenAPI files (which
 * list batch create as 200; HubSpot answers 201, as its batch create reference shows),
 * 207 from the error-handling guide's multi-status section, 429 from the usage guide,
 * and `default` (every other error) as the files' `Error`.
 */
import type { EndpointContract } from '../check'
import * as ref from './reference'

const V = '2026-03'
const objects = `^/crm/objects/${V}/(contacts|companies)`
const errors = { '429': ref.RateLimitBody, default: ref.ErrorBody }
const headers = ['authorization']

/** The contract of HubSpot's CRM API as Patchbay uses it. */
export const HUBSPOT_ENDPOINTS: EndpointContract[] = [
  { name: 'account details', method: 'GET', path: new RegExp(`^/account-info/${V}/details$`), query: ref.NoQuery, headers, responses: { '200': ref.AccountDetails, ...errors } },
  { name: 'properties', method: 'GET', path: new RegExp(`^/crm/properties/${V}/(contacts|companies)$`), query: ref.ListQuery.pick({ archived: true }), headers, responses: { '200': ref.PropertiesResponse, ...errors } },
  { name: 'list', method: 'GET', path: new RegExp(`${objects}$`), query: ref.ListQuery, headers, responses: { '200': ref.ListResponse, ...errors } },
  { name: 'search', method: 'POST', path: new RegExp(`${objects}/search$`), query: ref.NoQuery, request: ref.SearchRequest, headers, responses: { '200': ref.SearchResponse, ...errors } },
  { name: 'batch read', method: 'POST', path: new RegExp(`${objects}/batch/read$`), query: ref.BatchReadQuery, request: ref.BatchReadInput, headers, responses: { '200': ref.BatchResponse, '207': ref.BatchResponse, ...errors } },
  { name: 'batch create', method: 'POST', path: new RegExp(`${objects}/batch/create$`), query: ref.NoQuery, request: ref.BatchCreateInput, headers, responses: { '200': ref.BatchResponse, '201': ref.BatchResponse, '207': ref.BatchResponse, ...errors } },
  { name: 'batch update', method: 'POST', path: new RegExp(`${objects}/batch/update$`), query: ref.NoQuery, request: ref.BatchUpdateInput, headers, responses: { '200': ref.BatchResponse, '207': ref.BatchResponse, ...errors } },
  { name: 'batch upsert', method: 'POST', path: new RegExp(`${objects}/batch/upsert$`), query: ref.NoQuery, request: ref.BatchUpsertInput, headers, responses: { '200': ref.BatchUpsertResponse, '207': ref.BatchUpsertResponse, ...errors } },
  { name: 'batch archive', method: 'POST', path: new RegExp(`${objects}/batch/archive$`), query: ref.NoQuery, request: ref.BatchArchiveInput, headers, responses: { '204': null, ...errors } }
]
