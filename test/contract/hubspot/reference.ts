/**
 * HubSpot's wire format as zod schemas, written from HubSpot's reference and nothing
 * else: the components of the CRM OpenAPI files (2026-03: contacts.json, properties.json
 * in github.com/HubSpot/HubSpot-public-api-spec-collection) and, where the files are
 * silent or wrong, the guides named beside each schema. Objects are strict: a field the
 * reference does not list is a finding, in a request (the connector invented it) and in
 * a response (the fake invented it).
 *
 * Kept apart from src/main/connectors/hubspot/schemas.ts on purpose: that file says what
 * the connector can live with; this one says what HubSpot documents.
 */
import { z } from 'zod'

const dateTime = z.iso.datetime({ offset: true })
const context = z.record(z.string(), z.array(z.string()))
const links = z.record(z.string(), z.string())

// ---- records ----------------------------------------------------------------------

const ValueWithTimestamp = z.strictObject({
  sourceId: z.string().optional(),
  sourceLabel: z.string().optional(),
  sourceType: z.string(),
  timestamp: dateTime,
  updatedByUserId: z.number().int().optional(),
  value: z.string()
})

/** SimplePublicObject: property values are nullable strings. */
export const SimplePublicObject = z.strictObject({
  archived: z.boolean(),
  archivedAt: dateTime.optional(),
  createdAt: dateTime,
  id: z.string(),
  objectWriteTraceId: z.string().optional(),
  properties: z.record(z.string(), z.string().nullable()),
  propertiesWithHistory: z.record(z.string(), z.array(ValueWithTimestamp)).optional(),
  updatedAt: dateTime,
  url: z.string().optional()
})

const AssociatedId = z.strictObject({ id: z.string(), type: z.string() })
const NextPage = z.strictObject({ after: z.string(), link: z.string().optional() })
const PreviousPage = z.strictObject({ before: z.string(), link: z.string().optional() })
const ForwardPaging = z.strictObject({ next: NextPage.optional() })
const Paging = z.strictObject({ next: NextPage.optional(), prev: PreviousPage.optional() })

/** SimplePublicObjectWithAssociations (list and single reads). */
export const SimplePublicObjectWithAssociations = SimplePublicObject.extend({
  associations: z.record(z.string(), z.strictObject({ paging: Paging.optional(), results: z.array(AssociatedId) })).optional()
})

/** SimplePublicUpsertObject: `new` is required, and property values are plain strings (not nullable). */
export const SimplePublicUpsertObject = SimplePublicObject.extend({ new: z.boolean(), properties: z.record(z.string(), z.string()) })

/** CollectionResponseSimplePublicObjectWithAssociationsForwardPaging (GET list). */
export const ListResponse = z.strictObject({ paging: ForwardPaging.optional(), results: z.array(SimplePublicObjectWithAssociations) })

/** CollectionResponseWithTotalSimplePublicObject (search). */
export const SearchResponse = z.strictObject({ paging: Paging.optional(), results: z.array(SimplePublicObject), total: z.number().int() })

// ---- errors -----------------------------------------------------------------------

const ErrorDetail = z.strictObject({ code: z.string().optional(), context: context.optional(), in: z.string().optional(), message: z.string(), subCategory: z.string().optional() })

/** StandardError: one entry of a batch answer's `errors`. */
export const StandardError = z.strictObject({
  category: z.string(),
  context,
  errors: z.array(ErrorDetail),
  id: z.string().optional(),
  links,
  message: z.string(),
  status: z.string(),
  subCategory: z.object({}).optional()
})

/**
 * Error: every non-2xx answer (`default` in the files, content `*\/*`). `status: "error"`
 * is not in the files but is in the error-handling guide's example
 * (https://developers.hubspot.com/docs/api-reference/error-handling).
 */
export const ErrorBody = z.strictObject({
  category: z.string(),
  context: context.optional(),
  correlationId: z.uuid(),
  errors: z.array(ErrorDetail).optional(),
  links: links.optional(),
  message: z.string(),
  subCategory: z.string().optional(),
  status: z.literal('error').optional()
})

/** The 429 body of the usage guide (https://developers.hubspot.com/docs/guides/apps/api-usage/usage-details): no `category`. */
export const RateLimitBody = z.strictObject({
  status: z.literal('error'),
  message: z.string(),
  errorType: z.literal('RATE_LIMIT'),
  correlationId: z.uuid(),
  policyName: z.string(),
  requestId: z.string().optional()
})

// ---- batches ----------------------------------------------------------------------

const batchStatus = z.enum(['CANCELED', 'COMPLETE', 'PENDING', 'PROCESSING'])
const batchOf = <T extends z.ZodType>(result: T) =>
  z.strictObject({
    completedAt: dateTime,
    errors: z.array(StandardError).optional(),
    links: links.optional(),
    numErrors: z.number().int().optional(),
    requestedAt: dateTime.optional(),
    results: z.array(result),
    startedAt: dateTime,
    status: batchStatus
  })

/** BatchResponseSimplePublicObject (read, create, update; 207 adds numErrors and errors). */
export const BatchResponse = batchOf(SimplePublicObject)
/** BatchResponseSimplePublicUpsertObject. */
export const BatchUpsertResponse = batchOf(SimplePublicUpsertObject)

const MAX_BATCH = 100 // "batch … up to 100 records" (contacts guide)
const propertiesIn = z.record(z.string(), z.string())
const SimplePublicObjectId = z.strictObject({ id: z.string() })
const AssociationSpec = z.strictObject({ associationCategory: z.enum(['HUBSPOT_DEFINED', 'INTEGRATOR_DEFINED', 'USER_DEFINED', 'WORK']), associationTypeId: z.number().int() })

/** BatchReadInputSimplePublicObjectId: `properties` and `propertiesWithHistory` are required. */
export const BatchReadInput = z.strictObject({ idProperty: z.string().optional(), inputs: z.array(SimplePublicObjectId).max(MAX_BATCH), properties: z.array(z.string()), propertiesWithHistory: z.array(z.string()) })

/** BatchInputSimplePublicObjectBatchInputForCreate: `associations` is required on every input. */
export const BatchCreateInput = z.strictObject({
  inputs: z
    .array(z.strictObject({ associations: z.array(z.strictObject({ to: SimplePublicObjectId, types: z.array(AssociationSpec) })), objectWriteTraceId: z.string().optional(), properties: propertiesIn }))
    .max(MAX_BATCH)
})

/** BatchInputSimplePublicObjectBatchInput (update) and …Upsert: `id` and `properties` required. */
export const BatchUpdateInput = z.strictObject({
  inputs: z.array(z.strictObject({ id: z.string(), idProperty: z.string().optional(), objectWriteTraceId: z.string().optional(), properties: propertiesIn })).max(MAX_BATCH)
})
export const BatchUpsertInput = BatchUpdateInput

/** BatchInputSimplePublicObjectId (archive). */
export const BatchArchiveInput = z.strictObject({ inputs: z.array(SimplePublicObjectId).max(MAX_BATCH) })

// ---- search -----------------------------------------------------------------------

const Filter = z.strictObject({
  highValue: z.string().optional(),
  operator: z.enum(['BETWEEN', 'CONTAINS_TOKEN', 'EQ', 'GT', 'GTE', 'HAS_PROPERTY', 'IN', 'LT', 'LTE', 'NEQ', 'NOT_CONTAINS_TOKEN', 'NOT_HAS_PROPERTY', 'NOT_IN']),
  propertyName: z.string(),
  value: z.string().optional(),
  values: z.array(z.string()).optional()
})

/**
 * PublicObjectSearchRequest: all of after, filterGroups, limit, properties and sorts are
 * required. Limits from the search guide: 5 groups, 6 filters a group, 18 in all, limit ≤ 200,
 * one sort. `sorts` items are `{propertyName, direction}` as the guide shows; the files'
 * `string[]` is a known mistake (github.com/HubSpot/hubspot-api-nodejs/issues/14).
 */
export const SearchRequest = z
  .strictObject({
    after: z.string(),
    filterGroups: z.array(z.strictObject({ filters: z.array(Filter).max(6) })).max(5),
    limit: z.number().int().min(1).max(200),
    properties: z.array(z.string()),
    query: z.string().max(3000).optional(),
    sorts: z.array(z.strictObject({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']) })).max(1)
  })
  .refine((r) => r.filterGroups.reduce((n, g) => n + g.filters.length, 0) <= 18, 'at most 18 filters in all')

// ---- queries ----------------------------------------------------------------------

const booleanParam = z.enum(['true', 'false'])

/** Query of `GET /crm/objects/{version}/{objectType}`; limit ≤ 100 per the contacts guide. */
export const ListQuery = z.strictObject({
  after: z.string().optional(),
  archived: booleanParam.optional(),
  associations: z.union([z.string(), z.array(z.string())]).optional(),
  limit: z
    .string()
    .regex(/^\d+$/)
    .refine((v) => Number(v) >= 1 && Number(v) <= 100, 'between 1 and 100')
    .optional(),
  properties: z.union([z.string(), z.array(z.string())]).optional(),
  propertiesWithHistory: z.union([z.string(), z.array(z.string())]).optional()
})

/** Query of batch read. */
export const BatchReadQuery = z.strictObject({ archived: booleanParam.optional() })

/** Query of endpoints that take none. */
export const NoQuery = z.strictObject({})

// ---- account and properties -------------------------------------------------------

/** PortalInformationResponse of `GET /account-info/{version}/details`. */
export const AccountDetails = z.strictObject({
  accountType: z.enum(['APP_DEVELOPER', 'DEVELOPER_TEST', 'SANDBOX', 'STANDARD']),
  additionalCurrencies: z.array(z.string()),
  companyCurrency: z.string(),
  dataHostingLocation: z.string(),
  portalId: z.number().int(),
  timeZone: z.string(),
  uiDomain: z.string(),
  utcOffset: z.string(),
  utcOffsetMilliseconds: z.number().int()
})

const Option = z.strictObject({ description: z.string().optional(), displayOrder: z.number().int().optional(), hidden: z.boolean(), label: z.string(), value: z.string() })

/** Property (properties.json, 2026-03). */
export const Property = z.strictObject({
  archived: z.boolean().optional(),
  archivedAt: dateTime.optional(),
  calculated: z.boolean().optional(),
  calculationFormula: z.string().optional(),
  createdAt: dateTime.optional(),
  createdUserId: z.string().optional(),
  currencyPropertyName: z.string().optional(),
  dataSensitivity: z.enum(['highly_sensitive', 'non_sensitive', 'sensitive']).optional(),
  dateDisplayHint: z.enum(['absolute', 'absolute_with_relative', 'time_since', 'time_until']).optional(),
  description: z.string(),
  displayOrder: z.number().int().optional(),
  externalOptions: z.boolean().optional(),
  fieldType: z.string(),
  formField: z.boolean().optional(),
  groupName: z.string(),
  hasUniqueValue: z.boolean().optional(),
  hidden: z.boolean().optional(),
  hubspotDefined: z.boolean().optional(),
  label: z.string(),
  modificationMetadata: z.strictObject({ archivable: z.boolean(), readOnlyDefinition: z.boolean(), readOnlyOptions: z.boolean().optional(), readOnlyValue: z.boolean() }).optional(),
  name: z.string(),
  numberDisplayHint: z.enum(['currency', 'duration', 'formatted', 'percentage', 'probability', 'unformatted']).optional(),
  options: z.array(Option),
  referencedObjectType: z.string().optional(),
  sensitiveDataCategories: z.array(z.string()).optional(),
  showCurrencySymbol: z.boolean().optional(),
  type: z.string(),
  updatedAt: dateTime.optional(),
  updatedUserId: z.string().optional()
})

/** CollectionResponseProperty. */
export const PropertiesResponse = z.strictObject({ paging: Paging.optional(), results: z.array(Property) })
