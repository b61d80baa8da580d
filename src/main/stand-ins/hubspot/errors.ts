/**
 * HubSpot's error bodies as the fake sends them. Shapes from HubSpot's reference
 * (components `Error` and `StandardError` of the CRM OpenAPI files; the error-handling
 * guide, https://developers.hubspot.com/docs/api-reference/error-handling).
 */
import { randomUUID } from 'node:crypto'

/** A top-level error answer (`Error`): status, message, correlationId, category. */
export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra }
}

/** One entry of a batch answer's `errors` (`StandardError`). */
export function standardError(category: string, message: string, context: Record<string, string[]>): Record<string, unknown> {
  return { status: 'error', category, message, context, errors: [], links: {} }
}

/** A property that failed validation, as HubSpot lists them inside its message. */
export interface PropertyProblem {
  name: string
  error: string
  message: string
}

/** HubSpot's validation message: "Property values were not valid: [json list]". */
export function validationMessage(problems: PropertyProblem[]): string {
  const list = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name, localizedErrorMessage: p.message }))
  return `Property values were not valid: ${JSON.stringify(list)}`
}

/** 401 for a missing or unknown token. */
export const unauthenticated = (): Record<string, unknown> =>
  errorBody(
    'INVALID_AUTHENTICATION',
    'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview'
  )

/** 401 for a token that expired or was rotated. */
export const expired = (secondsAgo: number): Record<string, unknown> =>
  errorBody('EXPIRED_AUTHENTICATION', `The OAuth token used to make this call expired ${Math.max(1, Math.round(secondsAgo))} second(s) ago.`)

/** 429 bodies: the 10-second policy and search's per-second one. */
export const rateLimited = (policy: 'TEN_SECONDLY_ROLLING' | 'SECONDLY' | 'DAILY'): Record<string, unknown> => ({
  status: 'error',
  message: `You have reached your ${policy.toLowerCase()} limit.`,
  errorType: 'RATE_LIMIT',
  correlationId: randomUUID(),
  policyName: policy,
  requestId: randomUUID()
})
