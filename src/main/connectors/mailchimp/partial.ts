/**
 * What Patchbay asks Mailchimp to send of a member: the fields the connector reads
 * (./schemas.ts) and nothing else. Mailchimp's partial responses (`fields`, dotted paths:
 * https://mailchimp.com/developer/marketing/docs/methods-parameters/) leave out the rest,
 * above all `_links`, which are most of a member's bytes and which Patchbay never follows.
 */

/** The member properties Patchbay reads, plus `list_id` which every member carries. */
const MEMBER = ['id', 'contact_id', 'email_address', 'status', 'merge_fields', 'tags', 'vip', 'language', 'last_changed', 'list_id'] as const

const under = (prefix: string): string[] => MEMBER.map((f) => `${prefix}.${f}`)

/** `fields` for one member (`GET`/`PUT …/members/{hash}`). */
export const MEMBER_FIELDS_PARAM = MEMBER.join(',')

/** `fields` for a page of `GET /lists/{list_id}/members`. */
export const PAGE_FIELDS_PARAM = [...under('members'), 'total_items', 'list_id'].join(',')

/** `fields` for the answer of batch subscribe, `POST /lists/{list_id}`. */
export const BATCH_FIELDS_PARAM = [...under('new_members'), ...under('updated_members'), 'errors', 'total_created', 'total_updated', 'error_count'].join(',')
