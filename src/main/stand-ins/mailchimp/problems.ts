/**
 * Mailchimp's error bodies: RFC 7807 problem details served as
 * `application/problem+json` with `type`, `title`, `status`, `detail` and `instance`
 * (https://mailchimp.com/developer/marketing/docs/errors/), plus an `errors` array of
 * `{field, message}` when a resource fails validation.
 */
import { randomUUID } from 'node:crypto'

/** The type URL Mailchimp puts on every error. */
export const ERROR_TYPE = 'https://mailchimp.com/developer/marketing/docs/errors/'

/** A problem detail document. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance: string
  errors?: { field: string; message: string }[]
}

/** An error the fake answers with. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(`${problem.status} ${problem.title}: ${problem.detail}`)
  }
}

/** Builds a problem document. */
export function problem(status: number, title: string, detail: string, errors?: Problem['errors']): Problem {
  return { type: ERROR_TYPE, title, status, detail, instance: randomUUID(), ...(errors ? { errors } : {}) }
}

/** The problems of the error glossary the fake uses, worded as Mailchimp words them. */
export const problems = {
  apiKeyMissing: () => problem(401, 'API Key Missing', 'Your request did not include an API key.'),
  apiKeyInvalid: () => problem(401, 'API Key Invalid', "Your API key may be invalid, or you've attempted to access the wrong datacenter."),
  notFound: () => problem(404, 'Resource Not Found', 'The requested resource could not be found.'),
  methodNotAllowed: () => problem(405, 'Method Not Allowed', "The requested method and resource are not compatible. See the Allow header for this resource's available methods."),
  jsonParse: () => problem(400, 'JSON Parse Error', "We encountered an unspecified JSON parsing error."),
  invalid: (detail: string, errors?: Problem['errors']) => problem(400, 'Invalid Resource', detail, errors),
  fakeEmail: (email: string) => problem(400, 'Invalid Resource', `${email} looks fake or invalid, please enter a real email address.`),
  memberExists: (email: string) => problem(400, 'Member Exists', `${email} is already a list member. Use PUT to insert or update list members.`),
  forgotten: (email: string) =>
    problem(400, 'Forgotten Email Not Subscribed', `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`),
  compliance: (email: string) =>
    problem(400, 'Member In Compliance State', `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`),
  tooManyRequests: (limit: number) => problem(429, 'Too Many Requests', `You have exceeded the limit of ${limit} simultaneous connections.`),
  serverError: (status: number) =>
    problem(status, status === 503 ? 'Service Unavailable' : status === 502 ? 'Bad Gateway' : 'Internal Server Error', 'An unexpected internal error has occurred. Please contact Support for more information.')
}
