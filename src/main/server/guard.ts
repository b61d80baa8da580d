/**
 * Who may talk to the headless server: a caller on this machine that holds the access
 * token printed at start, from the server's own page. The token travels in the
 * Authorization header (calls) or as a WebSocket sub-protocol (events), never in a URL
 * the server sees, so it cannot end up in a log line or a Referer.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** The sub-protocol the event socket speaks; the token rides next to it as `token.<token>`. */
export const WS_PROTOCOL = 'patchbay'
const TOKEN_PREFIX = 'token.'

/** A fresh access token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Why a request was turned away, as an HTTP status and words for the caller. */
export type Refusal = { status: 401 | 403; code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string }

/** The checks, bound to one server's origin and token. */
export class Guard {
  private readonly token: Buffer

  constructor(
    token: string,
    /** e.g. http://127.0.0.1:41234 */
    readonly origin: string
  ) {
    this.token = Buffer.from(token)
  }

  /** The Host header must name us: a page on another name that resolves here (DNS rebinding) is refused. */
  checkHost(req: IncomingMessage): Refusal | null {
    return req.headers.host === new URL(this.origin).host ? null : forbidden('This server only answers to its own address.')
  }

  /**
   * A browser always says where a call or socket comes from; only our own page may use
   * the API. Tools without an Origin (scripts, curl) still need the token.
   */
  checkOrigin(req: IncomingMessage): Refusal | null {
    const origin = req.headers.origin
    if (origin === undefined) return null
    return origin === this.origin ? null : forbidden('Calls from other web pages are refused.')
  }

  /** The token from `Authorization: Bearer …`. */
  checkBearer(req: IncomingMessage): Refusal | null {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(req.headers.authorization ?? '')
    return m && this.matches(m[1]) ? null : unauthorized()
  }

  /** The token from the WebSocket sub-protocols (`patchbay`, `token.<token>`). */
  checkProtocols(req: IncomingMessage): Refusal | null {
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
    const given = offered.find((p) => p.startsWith(TOKEN_PREFIX))
    return offered.includes(WS_PROTOCOL) && given && this.matches(given.slice(TOKEN_PREFIX.length)) ? null : unauthorized()
  }

  private matches(candidate: string): boolean {
    const c = Buffer.from(candidate)
    return c.length === this.token.length && timingSafeEqual(c, this.token)
  }
}

function unauthorized(): Refusal {
  return { status: 401, code: 'UNAUTHORIZED', message: 'Open Patchbay from the address it printed when it started (it carries the access key).' }
}

function forbidden(message: string): Refusal {
  return { status: 403, code: 'FORBIDDEN', message }
}
