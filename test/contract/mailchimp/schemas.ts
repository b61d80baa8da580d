/**
 * Mailchimp Marketing API 3.0 shapes, written from Mailchimp's reference
 * (https://mailchimp.com/developer/marketing/api/) and the SDK Mailchimp generates from
 * its API definition (mailchimp/mailchimp-marketing-typescript-sdk, files named per schema).
 * Deliberately independent of the connector's own schemas: these check what crosses the
 * wire, so the connector and the fake cannot agree on a mistake by sharing code.
 *
 * Request bodies are strict (a property the reference does not list is an error);
 * responses accept extra properties but type every documented one they carry.
 */
import { z } from 'zod'

/** "ISO 8601 time format: 2015-10-21T15:41:36+00:00" (list-members-info). */
export const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'ISO 8601 time such as 2015-10-21T15:41:36+00:00')
const timeOrEmpty = z.union([isoTime, z.literal('')])
const memberStatus = z.enum(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional', 'archived'])
const settableStatus = z.enum(['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'])
const address = z.object({ addr1: z.string(), addr2: z.string().optional(), city: z.string(), state: z.string(), zip: z.string(), country: z.string().optional() })
const mergeValue = z.union([z.string(), z.number(), address])
const httpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'])

/** A link object (every resource's `_links`). */
export const linkSchema = z.object({ rel: z.string(), href: z.string(), method: httpMethod, targetSchema: z.string().optional(), schema: z.string().optional() })

/** RFC 7807 problem detail (docs/errors). */
export const problemSchema = z.object({
  type: z.url(),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  detail: z.string(),
  instance: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional()
})

/** A list member (SDK src/api/types/ListMembers.ts). */
export const memberSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/, 'MD5 hex of the lower-cased address'),
  email_address: z.email(),
  unique_email_id: z.string().optional(),
  contact_id: z.string().optional(),
  full_name: z.string().optional(),
  web_id: z.number().int().optional(),
  email_type: z.string().optional(),
  status: memberStatus,
  consents_to_one_to_one_messaging: z.boolean().optional(),
  merge_fields: z.record(z.string(), mergeValue),
  interests: z.record(z.string(), z.boolean()).optional(),
  stats: z.object({ avg_open_rate: z.number().optional(), avg_click_rate: z.number().optional() }).optional(),
  ip_signup: z.string().optional(),
  timestamp_signup: timeOrEmpty.optional(),
  ip_opt: z.string().optional(),
  timestamp_opt: timeOrEmpty.optional(),
  member_rating: z.number().int().min(0).max(5).optional(),
  last_changed: isoTime,
  language: z.string().optional(),
  vip: z.boolean().optional(),
  email_client: z.string().optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), gmtoff: z.number().optional(), dstoff: z.number().optional(), country_code: z.string().optional(), timezone: z.string().optional(), region: z.string().optional() }).optional(),
  source: z.string().optional(),
  tags_count: z.number().int().min(0).optional(),
  tags: z.array(z.object({ id: z.number().int(), name: z.string() })).optional(),
  list_id: z.string(),
  _links: z.array(linkSchema).optional()
})

/** `GET /lists/{list_id}/members` query (SDK ListMembersListsRequest.ts). */
export const listMembersQuery = z.strictObject({
  fields: z.string().optional(),
  exclude_fields: z.string().optional(),
  count: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  email_type: z.string().optional(),
  status: memberStatus.optional(),
  since_timestamp_opt: isoTime.optional(),
  before_timestamp_opt: isoTime.optional(),
  since_last_changed: isoTime.optional(),
  before_last_changed: isoTime.optional(),
  unique_email_id: z.string().optional(),
  vip_only: z.enum(['true', 'false']).optional(),
  interest_category_id: z.string().optional(),
  interest_ids: z.string().optional(),
  interest_match: z.enum(['any', 'all', 'none']).optional(),
  sort_field: z.enum(['timestamp_opt', 'timestamp_signup', 'last_changed']).optional(),
  sort_dir: z.enum(['ASC', 'DESC']).optional(),
  since_last_campaign: z.enum(['true', 'false']).optional(),
  unsubscribed_since: isoTime.optional()
})

/** `GET /lists/{list_id}/members` answer (SDK ListMembersListsResponse.ts). */
export const memberPageSchema = z.object({ members: z.array(memberSchema), list_id: z.string(), total_items: z.number().int().min(0), _links: z.array(linkSchema).optional() })

/** Body of `PUT /lists/{list_id}/members/{subscriber_hash}` (SDK UpsertMemberListsRequest.ts). */
export const upsertMemberBody = z.strictObject({
  email_address: z.email().optional(),
  status_if_new: settableStatus.optional(),
  status: settableStatus.optional(),
  email_type: z.enum(['html', 'text']).optional(),
  merge_fields: z.record(z.string(), mergeValue).optional(),
  interests: z.record(z.string(), z.boolean()).optional(),
  language: z.string().optional(),
  vip: z.boolean().optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  marketing_permissions: z.array(z.object({ marketing_permission_id: z.string(), enabled: z.boolean() })).optional(),
  ip_signup: z.string().optional(),
  timestamp_signup: timeOrEmpty.optional(),
  ip_opt: z.string().optional(),
  timestamp_opt: timeOrEmpty.optional(),
  tags: z.array(z.string()).optional()
})

/** Body of `POST /lists/{list_id}/members/{subscriber_hash}/tags` (SDK CreateMemberTagListsRequest.ts). */
export const memberTagsBody = z.strictObject({ tags: z.array(z.strictObject({ name: z.string().min(1), status: z.enum(['active', 'inactive']) })).min(1), is_syncing: z.boolean().optional() })

/** Body of batch subscribe, `POST /lists/{list_id}` (SDK BatchSubscribeOrUnsubscribeListsRequest.ts and its members item types). */
export const batchSubscribeBody = z.strictObject({
  members: z
    .array(
      z.strictObject({
        email_address: z.email(),
        email_type: z.enum(['html', 'text']).optional(),
        status: settableStatus.optional(),
        status_if_new: settableStatus.optional(),
        merge_fields: z.record(z.string(), mergeValue).optional(),
        interests: z.record(z.string(), z.boolean()).optional(),
        language: z.string().optional(),
        vip: z.boolean().optional(),
        location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
        ip_signup: z.string().optional(),
        timestamp_signup: timeOrEmpty.optional(),
        ip_opt: z.string().optional(),
        timestamp_opt: timeOrEmpty.optional(),
        tags: z.array(z.string()).optional()
      })
    )
    .min(1)
    .max(500),
  update_existing: z.boolean().optional(),
  sync_tags: z.boolean().optional()
})

/** Batch subscribe answer (SDK BatchSubscribeOrUnsubscribeListsResponse.ts). */
export const batchSubscribeAnswer = z.object({
  new_members: z.array(memberSchema),
  updated_members: z.array(memberSchema),
  errors: z.array(
    z.object({
      email_address: z.string(),
      error: z.string(),
      error_code: z.enum(['ERROR_CONTACT_EXISTS', 'ERROR_GENERIC']).optional(),
      field: z.string().optional(),
      field_message: z.string().optional()
    })
  ),
  total_created: z.number().int().min(0),
  total_updated: z.number().int().min(0),
  error_count: z.number().int().min(0),
  _links: z.array(linkSchema).optional()
})

/** `GET /ping` (api/ping). */
export const pingAnswer = z.object({ health_status: z.string() })

/** `GET /` (api/root). */
export const rootAnswer = z.object({ account_id: z.string(), login_id: z.string().optional(), account_name: z.string(), email: z.string().optional(), _links: z.array(linkSchema).optional() })

/** `GET /lists/{list_id}` (api/lists/get-list-info). */
export const listAnswer = z.object({ id: z.string(), web_id: z.number().int().optional(), name: z.string(), stats: z.object({ member_count: z.number().int() }).optional(), _links: z.array(linkSchema).optional() })

/** `GET /lists/{list_id}/merge-fields` (api/list-merges/list-merge-fields). */
export const mergeFieldsAnswer = z.object({
  merge_fields: z.array(
    z.object({
      merge_id: z.number().int(),
      tag: z.string().regex(/^[A-Z0-9_]+$/),
      name: z.string(),
      type: z.enum(['text', 'number', 'address', 'phone', 'date', 'url', 'imageurl', 'radio', 'dropdown', 'birthday', 'zip']),
      required: z.boolean(),
      default_value: z.string().optional(),
      public: z.boolean().optional(),
      display_order: z.number().int().optional(),
      list_id: z.string().optional()
    })
  ),
  list_id: z.string(),
  total_items: z.number().int().min(0)
})

/** Query of the merge-fields listing. */
export const mergeFieldsQuery = z.strictObject({ count: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional(), fields: z.string().optional(), exclude_fields: z.string().optional(), type: z.string().optional(), required: z.string().optional() })

/** A query that may only narrow the fields returned. */
export const fieldsQuery = z.strictObject({ fields: z.string().optional(), exclude_fields: z.string().optional() })
