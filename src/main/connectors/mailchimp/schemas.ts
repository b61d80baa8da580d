/**
 * The shapes Patchbay reads from Mailchimp Marketing API 3.0 responses. Only what the
 * connector uses is checked; unknown keys are dropped. A response without these fields
 * is an ApiChangedError (thrown by the HTTP client), never a silently empty record.
 */
import { z } from 'zod'

/** Statuses a list member can have (API reference, List members → status). */
export const memberStatus = z.enum(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'])

/** An address merge field's value; Mailchimp sends "" when the address is empty. */
const addressValue = z.object({
  addr1: z.string().nullish(),
  addr2: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  zip: z.string().nullish(),
  country: z.string().nullish()
})

/** One merge field value: text, number, date text or an address. */
export const mergeValue = z.union([z.string(), z.number(), z.null(), addressValue])

/** A list member as the connector reads it. */
export const memberSchema = z.object({
  /** MD5 of the lower-cased email address; changes when the address changes. */
  id: z.string().min(1),
  /** Stable across email changes; every member endpoint accepts it in place of the hash. */
  contact_id: z.string().min(1).optional(),
  email_address: z.string(),
  status: memberStatus,
  merge_fields: z.record(z.string(), mergeValue).default({}),
  tags: z.array(z.object({ id: z.number().optional(), name: z.string() })).default([]),
  tags_count: z.number().optional(),
  vip: z.boolean().optional(),
  language: z.string().nullish(),
  last_changed: z.string().min(1)
})
export type Member = z.infer<typeof memberSchema>

/** A page of `GET /lists/{list_id}/members`. */
export const memberPageSchema = z.object({
  members: z.array(memberSchema),
  total_items: z.number().int().min(0)
})
export type MemberPage = z.infer<typeof memberPageSchema>

/** The answer of batch subscribe, `POST /lists/{list_id}`. */
export const batchResultSchema = z.object({
  new_members: z.array(memberSchema).default([]),
  updated_members: z.array(memberSchema).default([]),
  errors: z
    .array(
      z.object({
        email_address: z.string().optional(),
        error: z.string().optional(),
        error_code: z.string().optional(),
        field: z.string().nullish(),
        field_message: z.string().nullish()
      })
    )
    .default([]),
  error_count: z.number().optional()
})
export type BatchResult = z.infer<typeof batchResultSchema>

/** `GET /lists/{list_id}/merge-fields`. */
export const mergeFieldsSchema = z.object({
  merge_fields: z.array(z.object({ tag: z.string(), name: z.string(), type: z.string(), required: z.boolean().optional() })),
  total_items: z.number().optional()
})

/** `GET /ping`. */
export const pingSchema = z.object({ health_status: z.string() })

/** `GET /` (API root): the account. */
export const rootSchema = z.object({ account_name: z.string(), account_id: z.string().optional() })

/** `GET /lists/{list_id}`, as much as "Test connection" shows. */
export const listSchema = z.object({ id: z.string(), name: z.string(), stats: z.object({ member_count: z.number() }).partial().optional() })
