/**
 * How an error is written into a log line: the same plain data the UI and run
 * history use (`toErrorData`), plus what only a log reader needs: the vendor's own
 * words, the unexpected response of an `ApiChangedError` (DESIGN.md §4), and the
 * stack of an error we did not expect, which is a bug to be found.
 */
import { ApiChangedError, PatchbayError, toErrorData, type ErrorData } from '../errors'

/** A sample larger than this is kept as a cut-off string, so one odd response cannot bloat the log. */
const MAX_SAMPLE_CHARS = 4_000

/** An error as written into a log line. */
export interface LoggedError extends ErrorData {
  vendorMessage?: string
  sample?: unknown
  stack?: string
}

/** Turns anything thrown (or already plain `{code, message}` data) into a `LoggedError`. */
export function logError(err: unknown): LoggedError {
  if (isErrorData(err)) return err
  const data: LoggedError = toErrorData(err)
  if (err instanceof PatchbayError) {
    if (err.meta.vendorMessage !== undefined) data.vendorMessage = err.meta.vendorMessage
    if (err instanceof ApiChangedError) data.sample = capped(err.sample)
  } else if (err instanceof Error && err.stack !== undefined) {
    data.stack = err.stack
  }
  return dropUndefined(data)
}

function isErrorData(value: unknown): value is LoggedError {
  if (value === null || typeof value !== 'object' || value instanceof Error) return false
  const { code, message } = value as Record<string, unknown>
  return typeof code === 'string' && typeof message === 'string'
}

function capped(sample: unknown): unknown {
  let json: string | undefined
  try {
    json = JSON.stringify(sample)
  } catch {
    return '[sample could not be serialised]'
  }
  if (json === undefined || json.length <= MAX_SAMPLE_CHARS) return sample
  return `${json.slice(0, MAX_SAMPLE_CHARS)}… (${json.length} characters)`
}

function dropUndefined(data: LoggedError): LoggedError {
  for (const key of Object.keys(data) as (keyof LoggedError)[]) {
    if (data[key] === undefined) delete data[key]
  }
  return data
}
