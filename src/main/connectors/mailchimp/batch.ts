/**
 * Batch subscribe, `POST /lists/{list_id}`: up to 500 members added or updated in one
 * synchronous call. With `update_existing: true` it is an upsert by email address, so
 * sending it again cannot create anyone twice, which is why the client may retry it.
 * Mailchimp answers 200 even when some members were refused; those come back in
 * `errors`, one per address, and become RecordErrors for just those records.
 */
import { RecordError } from '../../errors'
import type { MemberBody } from './fields'
import { BATCH_FIELDS_PARAM } from './partial'
import { batchResultSchema, type Member } from './schemas'
import type { MemberCalls } from './single'

/** Mailchimp's limit per batch subscribe call. */
export const BATCH_LIMIT = 500

/** One member in a batch, with the write it answers for. */
export interface BatchEntry {
  ref: string
  /** The address the member is sent under (lower-cased to pair the answer). */
  email: string
  body: MemberBody & { email_address: string }
}

/** What Mailchimp said about one entry. */
export type BatchAnswer = { ok: true; member: Member } | { ok: false; error: RecordError }

/**
 * Sends one batch (≤ 500 entries, no address twice). `syncTags` makes each member's tags
 * exactly those sent, which is only right when every entry carries its tags.
 */
export async function sendBatch(c: MemberCalls, entries: BatchEntry[], syncTags: boolean): Promise<Map<string, BatchAnswer>> {
  const result = await c.client.request({
    method: 'POST',
    url: `/lists/${c.listId}`,
    params: { fields: BATCH_FIELDS_PARAM },
    data: { members: entries.map((e) => e.body), update_existing: true, ...(syncTags ? { sync_tags: true } : {}) },
    schema: batchResultSchema,
    idempotent: true
  })
  const members = new Map<string, Member>()
  for (const m of [...result.new_members, ...result.updated_members]) members.set(m.email_address.trim().toLowerCase(), m)
  const errors = new Map<string, string>()
  for (const e of result.errors) {
    if (!e.email_address) continue
    const field = e.field ? ` (${e.field}${e.field_message ? `: ${e.field_message}` : ''})` : ''
    errors.set(e.email_address.trim().toLowerCase(), `${e.error ?? 'no reason given'}${field}`)
  }
  const answers = new Map<string, BatchAnswer>()
  for (const e of entries) {
    const member = members.get(e.email)
    const why = errors.get(e.email)
    if (why !== undefined) {
      answers.set(e.ref, { ok: false, error: new RecordError(`Mailchimp refused ${e.body.email_address}: ${why}`, { connectionId: c.connectionId, status: 400, vendorMessage: why }) })
    } else if (member) answers.set(e.ref, { ok: true, member })
    else {
      answers.set(e.ref, {
        ok: false,
        error: new RecordError(`Mailchimp did not say what became of ${e.body.email_address}`, { connectionId: c.connectionId, hint: 'Patchbay tries this record again on the next run.' })
      })
    }
  }
  return answers
}
