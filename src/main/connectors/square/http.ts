/**
 * Square's API as data (DESIGN.md §8): connect.squareup.com (or the sandbox, or the
 * `baseUrl` setting), the pinned `Square-Version` header, cursor paging (`cursor` in and
 * out, items under the object's plural), a polite pace (Square publishes no numbers and
 * answers 429 RATE_LIMITED without a wait, so the toolkit backs off), and Square's error
 * codes mapped to DESIGN §4 classes. `idempotency_key` travels in each write's body
 * (./objects.ts), not a header.
 */
import type { HttpDescription, PagingDescription, VendorErrorRule } from '../platform'
import { SQUARE_BASE_URLS, SQUARE_VERSION, type SquareSettings } from './settings'

/** A list's paging; `itemsPath` is the object's plural (`payments`, `refunds`…). */
export const squarePaging = (itemsPath: string): PagingDescription => ({ style: 'cursor', cursorPath: 'cursor', itemsPath, param: 'cursor' })

/** Square's error entry. */
interface SquareErrorEntry {
  category?: string
  code?: string
  detail?: string
  field?: string
}

/** Square's first error as words: its detail, code and field. */
export function squareVendorMessage(body: unknown): string | undefined {
  const first = (body as { errors?: SquareErrorEntry[] } | null)?.errors?.[0]
  if (!first || typeof first !== 'object') return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined
  const tags = [first.code, first.field && `field ${first.field}`].filter(Boolean).join(', ')
  return `${first.detail ?? first.code ?? 'no detail'}${tags ? ` [${tags}]` : ''}`
}

const RECONNECT = 'Reconnect Square in Connections: in the Square Developer Console open your app → Credentials and copy a new access token (or sign in again).'

/** Square's answers → DESIGN §4 classes; the first rule that matches wins, then the toolkit's table (429 backoff, 5xx transient). */
export const SQUARE_ERRORS: readonly VendorErrorRule<SquareSettings>[] = [
  { status: 401, codePath: 'errors.0.code', codes: ['ACCESS_TOKEN_REVOKED'], becomes: 'auth', message: 'Square says the access token was revoked{said}', hint: RECONNECT },
  { status: 401, codePath: 'errors.0.code', codes: ['ACCESS_TOKEN_EXPIRED'], becomes: 'auth', message: 'Square says the access token has expired{said}', hint: RECONNECT },
  { status: 401, becomes: 'auth', message: 'Square did not accept the access token (HTTP 401){said}', hint: RECONNECT },
  {
    status: 403,
    codePath: 'errors.0.code',
    codes: ['INSUFFICIENT_SCOPES'],
    becomes: 'auth',
    message: 'The Square access token may not do {request}{said}',
    hint: 'Give the app the permissions Square names (Payments, Orders, Customers and Disputes read) in the Square Developer Console, then paste a new token.'
  },
  { status: 429, becomes: 'rate-limit', message: 'Square asked Patchbay to slow down for {request}{said}', hint: 'Patchbay waits and tries again by itself.' },
  { status: 400, codePath: 'errors.0.code', codes: ['INVALID_CURSOR'], becomes: 'api-changed', message: 'Square did not accept the page marker it gave for {request}{said}' },
  { status: 400, becomes: 'record', message: 'Square refused {request}{said}' },
  { status: 404, becomes: 'record', message: 'Square has no such record for {request}{said}' }
]

/** Square's HTTP description. */
export const SQUARE_HTTP: HttpDescription<SquareSettings> = {
  baseUrl: ({ settings }) => settings.baseUrl ?? SQUARE_BASE_URLS[settings.environment],
  version: { value: SQUARE_VERSION, in: 'header', name: 'Square-Version' },
  paging: squarePaging('payments'),
  // Square publishes no limit; ten a second with four at once stays well clear of its 429s.
  limits: { windows: [{ requests: 10, everyMs: 1000 }], concurrency: 4 },
  message: squareVendorMessage,
  errors: SQUARE_ERRORS
}
