/** The fake's answers in SendGrid's shapes (contact-details3, contact-import, error bodies). */
import { RESERVED_TEXT, type Job, type SendgridStore, type StoredContact } from './store'

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** A contact as the read endpoints give it: reserved fields as "" when empty, custom fields by name. */
export function renderContact(store: SendgridStore, c: StoredContact, base: string): Record<string, unknown> {
  const custom: Record<string, string | number> = {}
  for (const [id, v] of Object.entries(c.custom)) {
    const def = store.fields.get(id)
    if (def) custom[def.name] = v
  }
  return {
    id: c.id,
    email: c.email,
    ...Object.fromEntries(RESERVED_TEXT.map((f) => [f, c.reserved[f] ?? ''])),
    alternate_emails: [],
    list_ids: [...c.listIds],
    segment_ids: [],
    custom_fields: custom,
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
    _metadata: { self: `${base}/v3/marketing/contacts/${c.id}` }
  }
}

/** An import job's status (contact-import), with `errors_url` when records failed. */
export function renderJob(job: Job, fileBase: string): Record<string, unknown> {
  const results: Record<string, unknown> = { requested_count: job.requested, created_count: job.created, updated_count: job.updated, deleted_count: job.deleted, errored_count: job.errors.length }
  if (job.errors.length > 0) results.errors_url = `${fileBase}/import-errors/${job.id}.csv`
  return {
    id: job.id,
    status: job.status,
    job_type: job.type,
    results,
    started_at: iso(job.startedAt),
    ...(job.finishedAt === undefined ? {} : { finished_at: iso(job.finishedAt) })
  }
}

/** The errors file of a job: CSV with the record's email and SendGrid's reason. */
export function renderErrorsFile(job: Job): string {
  const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
  return ['email,error', ...job.errors.map((e) => `${cell(e.email)},${cell(e.message)}`)].join('\n') + '\n'
}

/** SendGrid's error body: `{ errors: [{ field, message }] }`. */
export function errorBody(message: string, field: string | null = null): { errors: { field: string | null; message: string }[] } {
  return { errors: [{ field, message }] }
}

export { iso }
