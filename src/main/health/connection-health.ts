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
   * Share of a daily API allowance used at which a connection is degraded (and told once).
   * @default 0.8
   */
  allowanceWarnShare?: number
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
  /** The vendor's daily API allowance as last reported (Salesforce), see `apiUsageOf`. */
  apiUsage?: { used: number; limit: number } | null
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
  /** The daily API allowance as last reported, when the vendor reports one. */
  apiUsage: { used: number; limit: number } | null
  /** True when that allowance is at or past the warning share (80%). */
  allowanceLow: boolean
  summary: string
}

/** The default expiry warning, shared with the alert rules. */
export const DEFAULT_EXPIRY_WARN_DAYS = 7

/** When a connection's sign-in runs out (epoch ms), from its stored `signInExpiresAt`; undefined when unknown or unreadable. */
export function signInExpiry(connection: Pick<Connection, 'signInExpiresAt'>): number | undefined {
  const at = connection.signInExpiresAt === undefined ? NaN : Date.parse(connection.signInExpiresAt)
  return Number.isFinite(at) ? at : undefined
}

/** Default share of a daily API allowance at which health warns. */
export const DEFAULT_ALLOWANCE_WARN_SHARE = 0.8

/** A connection's stored API usage while it still describes the last 24 hours; null otherwise. */
export function apiUsageOf(connection: Pick<Connection, 'apiUsage'>, now: number): { used: number; limit: number } | null {
  const u = connection.apiUsage
  if (!u) return null
  const at = Date.parse(u.at)
  return Number.isFinite(at) && now - at < 86_400_000 ? { used: u.used, limit: u.limit } : null
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
  const usage = input.apiUsage ?? null
  const allowanceLow = usage !== null && usage.limit > 0 && usage.used / usage.limit >= (o.allowanceWarnShare ?? DEFAULT_ALLOWANCE_WARN_SHARE)
  const nearLimit = rateLimited || (headroom !== null && headroom < (o.lowHeadroom ?? 0.1))

  let state: ConnectionState = 'ok'
  if (input.needsReconnect || expired) state = 'needs-reconnect'
  else if (apiChanged || transient >= (o.failingAfter ?? 3)) state = 'failing'
  else if (transient > 0 || nearLimit || allowanceLow) state = 'degraded'

  const name = quoted(connection.label)
  const facts = { name, expired, apiChanged, transient, nearLimit, headroom }
  let summary = sentence(state, facts)
  if (allowanceLow && state === 'degraded' && !nearLimit && transient === 0) summary = allowanceSentence(name, usage!)
  else if (usage !== null && state === 'ok') summary += ` ${usageWords(usage)} of its daily API allowance used.`
  const warnFrom = (o.expiryWarnDays ?? DEFAULT_EXPIRY_WARN_DAYS) * 86_400_000
  if (state !== 'needs-reconnect' && expiresAt !== null && expiresAt - now <= warnFrom) {
    summary += ` Its sign-in runs out ${inDays(expiresAt, now)}: reconnect before then to keep it working.`
  }
  return { connectionId: connection.id, label: connection.label, state, headroom, refreshTokenExpiresAt: expiresAt, apiUsage: usage, allowanceLow, summary }
}

/** "12,300 of 15,000 calls (82%)". */
export function usageWords(u: { used: number; limit: number }): string {
  return `${u.used.toLocaleString('en-US')} of ${u.limit.toLocaleString('en-US')} calls (${Math.floor((u.used / u.limit) * 100)}%)`
}

function allowanceSentence(name: string, u: { used: number; limit: number }): string {
  return `${name} has used ${usageWords(u)} of its daily API allowance. Patchbay holds its syncs before the allowance runs out, so your other apps keep working; it frees up over the next 24 hours.`
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
