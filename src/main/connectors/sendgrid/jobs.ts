/**
 * SendGrid's asynchronous jobs: an upsert or delete answers 202 with a `job_id`, and its
 * outcome is polled at `GET /v3/marketing/contacts/imports/{id}` (pending → completed,
 * errored or failed; twilio.com/docs/sendgrid/api-reference/contacts/import-contacts-status).
 * Exports likewise, at `…/exports/{id}`. Files (errors, exports) come from pre-signed links
 * fetched without the API key: the key never leaves for another host.
 */
import { parse } from 'csv-parse/sync'
import { ApiChangedError, TransientError } from '../../errors'
import type { HttpClient } from '../http'
import { exportSchema, exportStartSchema, jobSchema, type JobStatus } from './schemas'
import type { SendgridSettings } from './settings'

/** What waiting needs. */
export interface JobContext {
  client: HttpClient
  settings: Pick<SendgridSettings, 'pollMs' | 'jobWaitMs'>
  connectionId: string
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Polls until `check` says done, waiting `pollMs` at first and up to 10 s between checks; `waitFirst` waits before the first check. */
async function until<T>(ctx: JobContext, what: string, check: () => Promise<T | undefined>, waitFirst = false): Promise<T> {
  const started = Date.now()
  let wait = ctx.settings.pollMs
  if (waitFirst) await (ctx.sleep ?? pause)(wait)
  for (;;) {
    const done = await check()
    if (done !== undefined) return done
    if (Date.now() - started > ctx.settings.jobWaitMs) {
      throw new TransientError(`SendGrid is still working on ${what} after ${Math.round(ctx.settings.jobWaitMs / 60_000)} minutes`, {
        connectionId: ctx.connectionId,
        hint: 'Patchbay checks again at the next run; nothing is lost.'
      })
    }
    await (ctx.sleep ?? pause)(wait)
    wait = Math.min(10_000, Math.ceil(wait * 1.5))
  }
}

/** Waits for an import or delete job to finish and returns its last status. */
export function waitForJob(ctx: JobContext, jobId: string): Promise<JobStatus> {
  return until(ctx, 'an import', async () => {
    const job = await ctx.client.request({ url: `/v3/marketing/contacts/imports/${encodeURIComponent(jobId)}`, schema: jobSchema })
    return job.status === 'pending' ? undefined : job
    // A job just queued is never done yet: asking at once would only cost a call.
  }, true)
}

/** Fetches a pre-signed file, without the API key. */
async function download(ctx: JobContext, url: string, what: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(60_000) })
  } catch (err) {
    throw new TransientError(`Patchbay could not download ${what} from SendGrid`, { connectionId: ctx.connectionId, cause: err, hint: 'Patchbay tries again at the next run.' })
  }
  if (!res.ok) throw new TransientError(`SendGrid's ${what} could not be downloaded (HTTP ${res.status})`, { connectionId: ctx.connectionId, status: res.status, hint: 'Patchbay tries again at the next run.' })
  return res.text()
}

/** The per-record errors a job lists in its errors file, by lower-cased email. */
export async function jobErrors(ctx: JobContext, job: JobStatus): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  const url = job.results.errors_url
  if (!url) return out
  const text = await download(ctx, url, 'the list of contacts an import refused')
  let rows: Record<string, string>[]
  try {
    rows = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[]
  } catch (err) {
    throw new ApiChangedError("SendGrid's import errors file is not the CSV Patchbay knows", text.slice(0, 200), { connectionId: ctx.connectionId, cause: err })
  }
  for (const r of rows) {
    const email = (r.email ?? '').trim().toLowerCase()
    if (email) out.set(email, (r.error ?? r.errors ?? r.message ?? '').trim() || 'no reason given')
  }
  return out
}

/** Exports every contact as JSON, waits for the export, and returns each file's lines as parsed objects. */
export async function exportContacts(ctx: JobContext): Promise<unknown[]> {
  const { id } = await ctx.client.request({ method: 'POST', url: '/v3/marketing/contacts/exports', data: { file_type: 'json' }, schema: exportStartSchema, idempotent: true })
  const ready = await until(ctx, 'an export of your contacts', async () => {
    const e = await ctx.client.request({ url: `/v3/marketing/contacts/exports/${encodeURIComponent(id)}`, schema: exportSchema })
    if (e.status === 'failure') throw new TransientError(`SendGrid could not export your contacts${e.message ? `: ${e.message}` : ''}`, { connectionId: ctx.connectionId, hint: 'Patchbay tries again at the next run.' })
    return e.status === 'ready' ? e : undefined
  })
  const out: unknown[] = []
  for (const url of ready.urls) {
    const text = await download(ctx, url, 'the export of your contacts')
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      try {
        out.push(JSON.parse(line))
      } catch {
        throw new ApiChangedError("SendGrid's contact export is not the JSON Patchbay knows", line.slice(0, 200), { connectionId: ctx.connectionId })
      }
    }
  }
  return out
}
