/**
 * Batch subscribe or unsubscribe, `POST /lists/{list_id}`
 * (https://mailchimp.com/developer/marketing/api/lists/batch-subscribe-or-unsubscribe/):
 * up to 500 members; existing ones are refused unless `update_existing`; `sync_tags`
 * replaces each member's tags; the answer is 200 with `new_members`, `updated_members`
 * and per-address `errors` (`ERROR_CONTACT_EXISTS` or `ERROR_GENERIC`).
 */
import { ProblemError, problems } from './problems'
import { link, memberJson } from './render'
import type { Route } from './route-types'
import type { MemberInput } from './store'

/** Mailchimp's limit per call. */
export const BATCH_MAX = 500

interface BatchError {
  email_address: string
  error: string
  error_code: 'ERROR_CONTACT_EXISTS' | 'ERROR_GENERIC'
  field?: string
  field_message?: string
}

/** `POST /lists/{list_id}`. */
export const batchSubscribe: Route = (req) => {
  const a = req.store.audience(req.params.list_id)
  const body = req.body as { members?: unknown; update_existing?: unknown; sync_tags?: unknown; skip_merge_validation?: unknown; skip_duplicate_check?: unknown } | null
  if (!body || !Array.isArray(body.members)) {
    throw new ProblemError(problems.invalid("The resource submitted could not be validated. For field-specific details, see the 'errors' array.", [{ field: 'members', message: 'Required property members was not present' }]))
  }
  if (body.members.length > BATCH_MAX) {
    throw new ProblemError(problems.invalid(`You can only add or update ${BATCH_MAX} members per request.`, [{ field: 'members', message: `At most ${BATCH_MAX} items` }]))
  }
  const opts = { replaceTags: body.sync_tags === true, skipMergeValidation: body.skip_merge_validation === true }
  const created: unknown[] = []
  const updated: unknown[] = []
  const errors: BatchError[] = []
  const seen = new Set<string>()
  for (const raw of body.members as MemberInput[]) {
    const email = String(raw?.email_address ?? '').trim()
    try {
      if (seen.has(email.toLowerCase())) {
        if (body.skip_duplicate_check === true) continue
        errors.push({ email_address: email, error: `${email} is a duplicate in this request`, error_code: 'ERROR_GENERIC' })
        continue
      }
      seen.add(email.toLowerCase())
      const existing = req.store.byAddress(a, email)
      if (existing && body.update_existing !== true) {
        errors.push({ email_address: email, error: `${email} is already a list member, do you want to update? please provide update_existing:true in the request body`, error_code: 'ERROR_CONTACT_EXISTS' })
      } else if (existing) {
        req.store.update(a, existing, { ...raw, email_address: undefined }, opts)
        updated.push(memberJson(req.base, a, existing))
      } else created.push(memberJson(req.base, a, req.store.create(a, raw, opts)))
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err
      const field = err.problem.errors?.[0]
      errors.push({ email_address: email, error: err.problem.detail, error_code: 'ERROR_GENERIC', ...(field ? { field: field.field, field_message: field.message } : {}) })
    }
  }
  return {
    status: 200,
    body: {
      new_members: created,
      updated_members: updated,
      errors,
      total_created: created.length,
      total_updated: updated.length,
      error_count: errors.length,
      _links: [link('self', `${req.base}/lists/${a.id}`), link('parent', `${req.base}/lists`)]
    }
  }
}
