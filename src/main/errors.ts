/**
 * The error classes of DESIGN.md §4. Each has a fixed `code`, the metadata a person
 * needs, and a `hint` saying what to do next; `toErrorData` turns any of them into
 * plain data for IPC, logs and run history.
 *
 * Every message is scrubbed of secrets when the error is made (`secretScrubber`: the
 * keychain's secrets by value, and credential shapes), because a vendor may echo our
 * key in its error body and an error travels everywhere: run history, Failures, the
 * CLI, the UI. Scrubbing here, once, keeps each of those from needing its own patch.
 */
import { secretScrubber } from './logs/redact'

/** What every Patchbay error carries besides its message. */
export interface ErrorMeta {
  connectionId?: string
  syncId?: string
  /** What the user can do about it, in their words. */
  hint?: string
  /** HTTP status or vendor code, when one exists. */
  status?: number
  /** The vendor's own message, verbatim. */
  vendorMessage?: string
  cause?: unknown
}

export type ErrorCode = 'AUTH' | 'RATE_LIMIT' | 'TRANSIENT' | 'RECORD' | 'CONFIG' | 'API_CHANGED' | 'STORE' | 'INTERNAL'

/** Base class: never thrown directly. */
export abstract class PatchbayError extends Error {
  abstract readonly code: ErrorCode
  readonly meta: ErrorMeta
  constructor(message: string, meta: ErrorMeta = {}) {
    super(secretScrubber.redactText(message), meta.cause === undefined ? undefined : { cause: meta.cause })
    this.name = new.target.name
    // `cause` stays as thrown: it only reaches the log, which scrubs every line.
    const { cause, ...rest } = meta
    this.meta = { ...(secretScrubber.redact(rest) as ErrorMeta), ...(cause === undefined ? {} : { cause }) }
  }
}

/** 401/403, a revoked or expired refresh token: stop and ask the user to reconnect. */
export class AuthError extends PatchbayError {
  readonly code = 'AUTH' as const
}

/** 429 or a vendor quota: wait, then go on. Never a failure by itself. */
export class RateLimitError extends PatchbayError {
  readonly code = 'RATE_LIMIT' as const
  constructor(message: string, readonly waitMs: number, meta: ErrorMeta = {}) {
    super(message, meta)
  }
}

/** 5xx, timeouts, resets, offline: retried with backoff, then the run fails. */
export class TransientError extends PatchbayError {
  readonly code = 'TRANSIENT' as const
}

/** The target refused one record: it goes to Failures and the run goes on. */
export class RecordError extends PatchbayError {
  readonly code = 'RECORD' as const
  constructor(message: string, meta: ErrorMeta & { line?: number; recordId?: string } = {}) {
    super(message, meta)
    this.line = meta.line
    this.recordId = meta.recordId
  }
  readonly line?: number
  readonly recordId?: string
}

/** A setting is wrong: refuse to start and say which one. */
export class ConfigError extends PatchbayError {
  readonly code = 'CONFIG' as const
}

/** The vendor answered in a shape we do not know. */
export class ApiChangedError extends PatchbayError {
  readonly code = 'API_CHANGED' as const
  constructor(message: string, sample: unknown, meta: ErrorMeta = {}) {
    super(message, meta)
    this.sample = secretScrubber.redact(sample)
  }
  /** The raw answer, scrubbed, for the log. */
  readonly sample: unknown
}

/** A local document could not be read or was repaired from a backup. */
export class StoreError extends PatchbayError {
  readonly code = 'STORE' as const
}

/** Plain-data form of an error, safe for IPC, logs and run history. */
export interface ErrorData {
  code: ErrorCode
  message: string
  hint?: string
  connectionId?: string
  syncId?: string
  status?: number
}

/** Turns anything thrown into `ErrorData`; unknown errors become `INTERNAL`. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof PatchbayError) {
    const { hint, connectionId, syncId, status } = err.meta
    return { code: err.code, message: err.message, hint, connectionId, syncId, status }
  }
  const environment = environmentError(err)
  if (environment) return { code: 'STORE', message: secretScrubber.redactText(environment.message), hint: environment.hint }
  const message = secretScrubber.redactText(err instanceof Error ? err.message : String(err))
  return { code: 'INTERNAL', message, hint: 'This is a bug in Patchbay. The log has the details.' }
}

/**
 * A file-system error that no code path turned into words is still the computer's state,
 * not a bug: a folder Patchbay may not write to, a file where a folder should be, a full disk.
 */
function environmentError(err: unknown): { message: string; hint: string } | undefined {
  const { code, path, syscall } = (err ?? {}) as { code?: unknown; path?: unknown; syscall?: unknown }
  const where = typeof path === 'string' ? path : 'a file or folder'
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return { message: `Patchbay is not allowed to write to ${where}.`, hint: 'Fix that folder\'s permissions, or choose a data folder you can write to with PATCHBAY_HOME.' }
    case 'EROFS':
      return { message: `Patchbay cannot write to ${where}: it is on a read-only disk.`, hint: 'Choose a data folder on a disk you can write to with PATCHBAY_HOME.' }
    case 'EEXIST':
      // Only a folder that cannot be made because a file has its name; other EEXISTs are races Patchbay should handle.
      if (syscall !== 'mkdir') return undefined
      return { message: `Patchbay needs a folder at ${where}, but a file is in the way.`, hint: 'Move that file away, or choose another data folder with PATCHBAY_HOME.' }
    case 'ENOTDIR':
      return { message: `Patchbay needs a folder at ${where}, but a file is in the way.`, hint: 'Move that file away, or choose another data folder with PATCHBAY_HOME.' }
    case 'ENOSPC':
    case 'EDQUOT':
      return { message: `Patchbay could not write to ${where}: the disk is full.`, hint: 'Free some space, then try again.' }
    default:
      return undefined
  }
}
