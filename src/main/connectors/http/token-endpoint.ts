/**
 * The OAuth 2 token endpoint (RFC 6749 §4.1.3 code exchange, §6 refresh): a form POST
 * that answers JSON. Kept apart from the authorization dance so refresh can use it alone.
 */
import { z } from 'zod'
import { ApiChangedError, AuthError, type PatchbayError } from '../../errors'
import { axios } from './axios'
import { classifyHttpError, defaultVendorMessage } from './classify'
import { trimSample } from './redact'

/** Tokens as Patchbay keeps them in the keychain. */
export interface OAuthTokens {
  accessToken: string
  refreshToken?: string
  /** Epoch milliseconds when the access token expires; absent when the vendor gives no lifetime. */
  expiresAt?: number
  /**
   * Epoch milliseconds when the refresh token stops working (the sign-in runs out), when
   * the vendor says: `refresh_token_expires_in`, or Intuit's `x_refresh_token_expires_in`.
   * Not a secret; kept as connection metadata so the person is warned before it happens.
   */
  refreshExpiresAt?: number
  scope?: string
  tokenType?: string
}

/** Who we are to the token endpoint. */
export interface TokenEndpoint {
  system: string
  tokenUrl: string
  clientId: string
  /** Only for vendors whose app keys the user brought; never shipped inside Patchbay. */
  clientSecret?: string
  /**
   * How the secret travels (RFC 6749 §2.3.1): in the form body, or as HTTP Basic (QuickBooks).
   * @default 'body'
   */
  clientAuth?: 'body' | 'basic'
  /** @default 30_000 */
  timeoutMs?: number
  /** @default Date.now */
  now?: () => number
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // Some servers send the lifetime as a string.
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  // The refresh token's own lifetime in seconds: a few vendors send the standard-looking
  // name, Intuit its own (about 100 days, rolling); both optional.
  refresh_token_expires_in: z.coerce.number().positive().optional(),
  x_refresh_token_expires_in: z.coerce.number().positive().optional(),
  scope: z.string().optional()
})

let client: ReturnType<typeof axios.create> | undefined
/** Made at the first token request, not when the module loads. */
const http = (): ReturnType<typeof axios.create> => (client ??= axios.create({ adapter: 'http', validateStatus: () => true, maxRedirects: 0 }))

/** Posts one grant to the token endpoint and returns the tokens it grants. */
export async function requestTokens(ep: TokenEndpoint, grant: Record<string, string>, action: string): Promise<OAuthTokens> {
  const form = new URLSearchParams({ ...grant, client_id: ep.clientId })
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }
  if (ep.clientSecret !== undefined) {
    if ((ep.clientAuth ?? 'body') === 'basic') {
      const encode = (v: string): string => encodeURIComponent(v).replace(/%20/g, '+')
      headers.authorization = `Basic ${Buffer.from(`${encode(ep.clientId)}:${encode(ep.clientSecret)}`).toString('base64')}`
    } else form.set('client_secret', ep.clientSecret)
  }
  const ctx = { system: ep.system, request: `POST ${new URL(ep.tokenUrl).pathname}` }
  let res
  try {
    res = await http().post(ep.tokenUrl, form.toString(), { headers, timeout: ep.timeoutMs ?? 30_000 })
  } catch (err) {
    throw classifyHttpError(err, ctx)
  }
  if (res.status >= 400) {
    const error = classifyHttpError(res, ctx)
    // RFC 6749 §5.2: 400/401 with `invalid_grant` and friends means the grant is dead, whatever the status.
    if (res.status === 400 || res.status === 401) throw refused(ep.system, action, res.status, defaultVendorMessage(res.data), error)
    throw error
  }
  const parsed = tokenResponseSchema.safeParse(res.data)
  if (!parsed.success) {
    throw new ApiChangedError(`${ep.system}'s token endpoint answered in a shape Patchbay does not know`, trimSample(redactTokens(res.data)), {
      status: res.status
    })
  }
  const t = parsed.data
  const now = (ep.now ?? Date.now)()
  const refreshIn = t.refresh_token_expires_in ?? t.x_refresh_token_expires_in
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: t.expires_in === undefined ? undefined : now + t.expires_in * 1000,
    ...(refreshIn === undefined ? {} : { refreshExpiresAt: now + refreshIn * 1000 }),
    scope: t.scope,
    tokenType: t.token_type
  }
}

function refused(system: string, action: string, status: number, vendorMessage: string | undefined, cause: PatchbayError): AuthError {
  return new AuthError(`${system} refused to ${action}${vendorMessage ? `: ${vendorMessage}` : ''}`, {
    status,
    vendorMessage,
    cause,
    hint: `Reconnect ${system} in Connections`
  })
}

/** A token response that failed validation may still hold live tokens: never keep those in a sample. */
function redactTokens(body: unknown): unknown {
  if (body === null || typeof body !== 'object') return body
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, /token|secret/i.test(k) ? '[redacted]' : v]))
}
