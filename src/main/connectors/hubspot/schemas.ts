/**
 * The shapes the connector expects from HubSpot, checked on every answer: a mismatch is
 * an ApiChangedError. Lenient where HubSpot documents optional fields and strict where
 * the connector depends on a field. (The contract tests check the wire format against
 * HubSpot's reference with schemas of their own, kept apart from these on purpose.)
 */
import { z } from 'zod'

/** A CRM record (HubSpot's SimplePublicObject): every property value is a string or null. */
export const crmRecordSchema = z.object({
  id: z.string().min(1),
  properties: z.record(z.string(), z.string().nullable()),
  createdAt: z.string().optional(),
  updatedAt: z.string(),
  archived: z.boolean().optional(),
  archivedAt: z.string().optional(),
  objectWriteTraceId: z.string().optional(),
  /** Batch upsert: true when the record was created. */
  new: z.boolean().optional()
})
export type CrmRecord = z.infer<typeof crmRecordSchema>

const nextPageSchema = z.object({ next: z.object({ after: z.string().min(1) }).optional() })

/** A page of `GET /crm/objects/{version}/{object}`. */
export const listPageSchema = z.object({ results: z.array(crmRecordSchema), paging: nextPageSchema.optional() })
export type ListPage = z.infer<typeof listPageSchema>

/** A page of `POST .../search`: the total counts every match, not only the 10,000 reachable. */
export const searchPageSchema = listPageSchema.extend({ total: z.number().int().nonnegative() })
export type SearchPage = z.infer<typeof searchPageSchema>

/** One entry of a batch answer's `errors` (HubSpot's StandardError). */
export const batchErrorSchema = z.object({
  status: z.string().optional(),
  category: z.string().optional(),
  message: z.string(),
  context: z.record(z.string(), z.array(z.string())).optional()
})
export type BatchError = z.infer<typeof batchErrorSchema>

/** The answer of a batch read, create, update or upsert (200, 201 or 207 Multi-Status). */
export const batchAnswerSchema = z.object({
  status: z.string(),
  results: z.array(crmRecordSchema),
  errors: z.array(batchErrorSchema).optional(),
  numErrors: z.number().int().optional()
})
export type BatchAnswer = z.infer<typeof batchAnswerSchema>

/** `GET /account-info/{version}/details`. */
export const accountDetailsSchema = z.object({
  portalId: z.number().int(),
  accountType: z.string().optional(),
  uiDomain: z.string().optional(),
  timeZone: z.string().optional(),
  dataHostingLocation: z.string().optional()
})

/** `GET /crm/properties/{version}/{object}`. */
export const propertiesSchema = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      label: z.string(),
      type: z.string(),
      fieldType: z.string(),
      hidden: z.boolean().optional(),
      calculated: z.boolean().optional(),
      modificationMetadata: z.object({ readOnlyValue: z.boolean() }).partial().optional()
    })
  )
})

/** HubSpot's error body (documented fields, all treated as optional as HubSpot advises). */
export const errorBodySchema = z
  .object({
    status: z.string(),
    message: z.string(),
    correlationId: z.string(),
    category: z.string(),
    policyName: z.string(),
    context: z.record(z.string(), z.array(z.string())),
    errors: z.array(z.object({ message: z.string() }).partial())
  })
  .partial()
