/** Salesforce's error bodies: an array of `{message, errorCode, fields?}` (REST API "Status Codes and Error Responses"). */

/** One entry of an error answer. */
export interface SfError {
  message: string
  errorCode: string
  fields?: string[]
}

/** One per-record error inside an sObject Collections answer (`statusCode`, not `errorCode`). */
export interface RecordProblem {
  statusCode: string
  message: string
  fields: string[]
}

/** A status with Salesforce's error array. */
export function fail(status: number, errorCode: string, message: string, fields?: string[]): { status: number; body: SfError[] } {
  return { status, body: [{ message, errorCode, ...(fields ? { fields } : {}) }] }
}

/** The 401 of a timed-out or unknown session. */
export const invalidSession = (): { status: number; body: SfError[] } => fail(401, 'INVALID_SESSION_ID', 'Session expired or invalid')

/** The 403 once the org's rolling 24-hour API allowance is used up. */
export const limitExceeded = (): { status: number; body: SfError[] } => fail(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.')
