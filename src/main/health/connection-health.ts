/**
 * A connection's health (DESIGN.md §5) from the errors its calls met lately, its rate
 * limit headroom and its sign-in. Pure; `now` is passed in so "lately" is testable.
 */
import type { Connection, ConnectionStatus } from '../../shared/domain'
import type { ErrorCode } from '../errors'
import { assertNever } from '../../shared/assert'
import { count, inDays, quoted } from './words'

/** 'ok' | 'degraded' | 'failing' | 'needs-reconnect', as in the domain model. */
export type ConnectionState = ConnectionStatus

/** An error a call on this connection ended with (after its own retries). */
export interface ConnectionError {
  code: ErrorCode
  /** Epoch ms. */
  at: number
}

/** Knobs of `connectionHealth`. */
export interface ConnectionHealthOptions {
  /**
   * How far back an error still counts as recent (ms).
   * @default 900_000 (15 minutes)
   */
  windowMs?: number
  /**
   * Recent transient errors (timeouts, 5xx, offline) that make a connection failing;
   * fewer make it degraded.
   * @default 3
   */
  failingAfter?: number
  /**
   * Share of the rate limit left below which a connection is degraded.
   * @default 0.1
   */
  lowHeadroom?: number
  /**
   * Days ahead of an OAuth refresh token's expiry that the summary starts warning.
   * @default 7
   */
  expiryWarnDays?: number
}

/** What `connectionHealth` reads. */
export interface ConnectionHealthInput {
  connection: Pick<Connection, 'id' | 'label'>
  recentErrors: readonly ConnectionError[]
  rateLimit: { remaining: number; limit: number } | null
  /** Set when an AuthError stopped a sync (DESIGN.md §4). */
  needsReconnect: boolean
  /** Epoch ms when the OAuth refresh token stops working, if the vendor says. */
  refreshTokenExpiresAt?: number
  /** Epoch ms. */
  now: number
  options?: ConnectionHealthOptions
}

/** A connection's health. */
export interface ConnectionHealth {
  connectionId: string
  label: string
  state: ConnectionState
  /** Share of the rate limit left, 0..1, or null when the vendor does not say. */
  headroom: number | null
  refreshTokenExpiresAt: number | null
  summary: string
}

/** The default expiry warning, shared with the alert rules. */
export const DEFAULT_EXPIRY_WARN_DAYS = 7

/** When a connection's sign-in runs out (epoch ms), from its stored `signInExpiresAt`; undefined when unknown or unreadable. */
export function signInExpiry(connection: Pick<Connection, 'signInExpiresAt'>): number | undefined {
  const at = connection.signInExpiresAt === undefined ? NaN : Date.parse(connection.signInExpiresAt)
  return Number.isFinite(at) ? at : undefined
}

/** Works out a connection's health. */
export function connectionHealth(input: ConnectionHealthInput): ConnectionHealth {
  const { connection, now, rateLimit } = input
  const o = input.options ?? {}
  const recent = input.recentErrors.filter((e) => now - e.at <= (o.windowMs ?? 900_000) && e.at <= now)
  const transient = recent.filter((e) => e.code === 'TRANSIENT').length
  const apiChanged = recent.some((e) => e.code === 'API_CHANGED')
  const rateLimited = recent.some((e) => e.code === 'RATE_LIMIT')
  const headroom = rateLimit === null || rateLimit.limit <= 0 ? null : Math.min(1, Math.max(0, rateLimit.remaining / rateLimit.limit))
  const expiresAt = input.refreshTokenExpiresAt ?? null
  const expired = expiresAt !== null && expiresAt <= now
  const nearLimit = rateLimited || (headroom !== null && headroom < (o.lowHeadroom ?? 0.1))

  let state: ConnectionState = 'ok'
  if (input.needsReconnect || expired) state = 'needs-reconnect'
  else if (apiChanged || transient >= (o.failingAfter ?? 3)) state = 'failing'
  else if (transient > 0 || nearLimit) state = 'degraded'

  const name = quoted(connection.label)
  const facts = { name, expired, apiChanged, transient, nearLimit, headroom }
  let summary = sentence(state, facts)
  const warnFrom = (o.expiryWarnDays ?? DEFAULT_EXPIRY_WARN_DAYS) * 86_400_000
  if (state !== 'needs-reconnect' && expiresAt !== null && expiresAt - now <= warnFrom) {
    summary += ` Its sign-in runs out ${inDays(expiresAt, now)}: reconnect before then to keep it working.`
  }
  return { connectionId: connection.id, label: connection.label, state, headroom, refreshTokenExpiresAt: expiresAt, summary }
}

interface Facts {
  name: string
  expired: boolean
  apiChanged: boolean
  transient: number
  nearLimit: boolean
  headroom: number | null
}

function sentence(state: ConnectionState, f: Facts): string {
  switch (state) {
    case 'needs-reconnect':
      return f.expired
        ? `The sign-in to ${f.name} ran out. Reconnect it to let its syncs run again.`
        : `Patchbay lost access to ${f.name}. Reconnect it to let its syncs run again.`
    case 'failing':
      return f.apiChanged
        ? `${f.name} answered in a way Patchbay does not recognise, so its syncs are stopped. Updating Patchbay usually fixes this.`
        : `${f.name} is not answering (${count(f.transient, 'error')} in the last few minutes). Patchbay keeps trying.`
    case 'degraded':
      if (f.nearLimit) {
        const left = f.headroom === null ? '' : ` (${Math.round(f.headroom * 100)}% left)`
        return `${f.name} is close to its usage limit${left}, so syncs may slow down.`
      }
      return `${f.name} had ${count(f.transient, 'hiccup')} lately; Patchbay tried again.`
    case 'ok':
      return `${f.name} is connected.`
    default:
      return assertNever(state, 'connection state')
  }
}
