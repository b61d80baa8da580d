/**
 * SendGrid's HTTP side as data: the API key as a bearer token, the root per region, the
 * per-endpoint limits it announces in `X-RateLimit-Limit/Remaining/Reset` (Unix seconds;
 * twilio.com/docs/sendgrid/api-reference/how-to-use-the-sendgrid-v3-api/rate-limits), and its
 * `{"errors":[{"field","message"}]}` bodies mapped to DESIGN §4 classes.
 */
import { AuthError } from '../../errors'
import type { AuthDeclaration, HttpDescription, PagingDescription } from '../platform'
import { sendgridBaseUrl, type SendgridSettings } from './settings'

const RECONNECT = 'In SendGrid open Settings → API Keys, create a key with Full Access to Marketing and Suppressions, and reconnect SendGrid in Patchbay with it.'

/** The API key travels as `Authorization: Bearer SG.…`. */
export const SENDGRID_AUTH: AuthDeclaration = {
  kind: 'api-key',
  secrets: [{ name: 'apiKey', pasted: true }],
  key: 'apiKey',
  sendAs: { header: 'Authorization', prefix: 'Bearer ' },
  looksLike: { pattern: /^SG\.[\w-]+\.[\w-]+$/, problem: 'A SendGrid API key starts with "SG." and has two dots; copy the whole key as SendGrid showed it once.' }
}

/**
 * The suppression lists (`/v3/suppression/unsubscribes`, `…/bounces`): `limit` (at most 500) and
 * `offset`; the answer is a bare array, which ./consent.ts hands over as `items`.
 */
export const SUPPRESSION_PAGING: PagingDescription = { style: 'offset', itemsPath: 'items', start: 0, maxCount: 500, offsetParam: 'offset', countParam: 'limit' }

/**
 * Marketing lists (`/v3/marketing/lists`): `page_size` and `page_token`; the next page is a URL in
 * `_metadata.next`, whose `page_token` ./contacts.ts hands over as `page_token`.
 */
export const LISTS_PAGING: PagingDescription = { style: 'cursor', cursorPath: 'page_token', itemsPath: 'result', param: 'page_token' }

/** An AuthError when `key` is not shaped like a SendGrid API key (`SG.<id>.<secret>`). */
export function checkKeyShape(key: string | undefined, connectionId: string): void {
  const shape = SENDGRID_AUTH.kind === 'api-key' ? SENDGRID_AUTH.looksLike : undefined
  if (!key) throw new AuthError('No API key is stored for SendGrid', { connectionId, hint: RECONNECT })
  if (shape && !shape.pattern.test(key.trim())) throw new AuthError(`That is not a SendGrid API key. ${shape.problem}`, { connectionId, hint: RECONNECT })
}

/** SendGrid's messages: every `errors[].message`, with its field when it names one. */
export function sendgridMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: unknown } | null)?.errors
  if (!Array.isArray(errors)) return undefined
  const said = errors
    .map((e: { field?: unknown; message?: unknown }) => (typeof e?.message === 'string' ? (typeof e.field === 'string' && e.field ? `${e.field}: ${e.message}` : e.message) : ''))
    .filter(Boolean)
  return said.length ? said.join('; ') : undefined
}

/** SendGrid's API as data. */
export const SENDGRID_HTTP: HttpDescription<SendgridSettings> = {
  baseUrl: ({ settings }) => sendgridBaseUrl(settings),
  limits: {
    // SendGrid publishes no fixed numbers: each endpoint has its own window, announced in the headers.
    // Pacing follows them (hold when none remain, until the reset they name) instead of a guessed window.
    windows: [],
    concurrency: 4,
    headers: { remaining: 'X-RateLimit-Remaining', limit: 'X-RateLimit-Limit', reset: 'X-RateLimit-Reset', resetUnit: 'epoch-seconds' }
  },
  message: sendgridMessage,
  errors: [
    { status: 401, becomes: 'auth', message: 'SendGrid did not accept the API key (HTTP 401){said}', hint: RECONNECT },
    { status: 403, becomes: 'auth', message: 'The SendGrid API key may not do this (HTTP 403){said}', hint: RECONNECT }
  ]
}
