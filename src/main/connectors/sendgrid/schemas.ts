/**
 * The shapes Patchbay reads from SendGrid's v3 answers. Only what the connector uses is
 * checked; unknown keys are dropped. An answer without them is an ApiChangedError (thrown by
 * the HTTP client), never a silently empty record.
 */
import { z } from 'zod'

/** A contact (contact-details3). */
export const contactSchema = z.object({
  id: z.string().min(1),
  email: z.string().optional(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  phone_number: z.string().nullish(),
  address_line_1: z.string().nullish(),
  address_line_2: z.string().nullish(),
  city: z.string().nullish(),
  state_province_region: z.string().nullish(),
  postal_code: z.string().nullish(),
  country: z.string().nullish(),
  list_ids: z.array(z.string()).default([]),
  custom_fields: z.record(z.string(), z.union([z.string(), z.number(), z.null()])).default({}),
  created_at: z.string().optional(),
  updated_at: z.string().min(1)
})
export type Contact = z.infer<typeof contactSchema>

/** `202 { job_id }` of an upsert or a delete. */
export const jobStartSchema = z.object({ job_id: z.string().min(1) })

/** `GET /v3/marketing/contacts/imports/{id}` (contact-import). */
export const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'completed', 'errored', 'failed']),
  results: z
    .object({
      requested_count: z.number().optional(),
      created_count: z.number().optional(),
      updated_count: z.number().optional(),
      deleted_count: z.number().optional(),
      errored_count: z.number().optional(),
      errors_url: z.string().optional()
    })
    .default({})
})
export type JobStatus = z.infer<typeof jobSchema>

/** `POST /v3/marketing/contacts/search/emails`. */
export const byEmailSchema = z.object({ result: z.record(z.string(), z.object({ contact: contactSchema.optional(), error: z.string().optional() })) })

/** `POST /v3/marketing/contacts/batch`. */
export const batchSchema = z.object({ result: z.array(contactSchema) })

/** `POST /v3/marketing/contacts/exports`. */
export const exportStartSchema = z.object({ id: z.string().min(1) })

/** `GET /v3/marketing/contacts/exports/{id}`. */
export const exportSchema = z.object({ id: z.string(), status: z.enum(['pending', 'ready', 'failure']), urls: z.array(z.string()).default([]), message: z.string().optional() })

/** `GET /v3/marketing/field_definitions`. */
export const fieldDefsSchema = z.object({
  custom_fields: z.array(z.object({ id: z.string(), name: z.string(), field_type: z.string() })),
  reserved_fields: z.array(z.object({ name: z.string() }).loose()).default([])
})

/** `GET /v3/marketing/lists`. */
export const listsSchema = z.object({
  result: z.array(z.object({ id: z.string(), name: z.string(), contact_count: z.number().optional() })),
  _metadata: z.object({ next: z.string().optional() }).loose().optional()
})

/** `GET /v3/suppression/unsubscribes` and `/v3/suppression/bounces`. */
export const suppressionPageSchema = z.array(z.object({ email: z.string(), created: z.number() }).loose())

/** `GET /v3/asm/suppressions`. */
export const groupSuppressionsSchema = z.array(z.object({ email: z.string(), group_id: z.number(), created_at: z.number() }).loose())

/** `GET /v3/marketing/contacts/count`. */
export const countSchema = z.object({ contact_count: z.number() })

/** `POST /v3/asm/suppressions/global` and group suppressions: 201. */
export const suppressedSchema = z.object({ recipient_emails: z.array(z.string()) })
