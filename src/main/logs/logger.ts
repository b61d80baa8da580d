/**
 * The app's structured log: pino writing NDJSON into a size-rotated file, every line
 * scrubbed of secrets on its way out.
 *
 * Scrubbing happens in pino's `streamWrite` hook, on the finished line, rather than in
 * pino's `redact` option: `redact` takes fixed paths (`*.password` matches one level
 * only) and never sees the message or an error's stack, while a credential can sit
 * anywhere, and the vault may learn a new token (an OAuth refresh) after a child
 * logger's bindings were serialised. One choke point covers all of it, and
 * `Redactor.redactJsonLine` passes most lines through without parsing them.
 */
import pino from 'pino'
import { ConfigError } from '../errors'
import type { Redactor } from './redact'
import { RotatingFile } from './rotating-file'
import { logError } from './log-error'

/** A Patchbay logger: pino's, so children, levels and `isLevelEnabled` work as documented there. */
export type Logger = pino.Logger

/** Where and how much to log. */
export interface LoggerOptions {
  /** Folder for `patchbay.ndjson` and its rotated files; created when missing. */
  dir: string
  /** @default 'info' */
  level?: pino.LevelWithSilent
  /** Size at which the file is rotated. @default 5 MB (5 * 1024 * 1024) */
  maxBytes?: number
  /** Rotated files kept besides the one being written; older ones are deleted. @default 5 */
  maxFiles?: number
  /** Scrubs every line; give it the vault's secrets with `addSecret`. */
  redactor: Redactor
  /**
   * Told when lines could not be written (disk full, folder gone), once per outage.
   * @default a line on stderr
   */
  onWriteError?: (err: unknown) => void
}

/**
 * Opens the log in `dir`. Lines are written in batches within the same event-loop
 * turn; on a normal exit the last batch is written by an `exit` hook, and
 * `flushLogger` is there for code that wants to be sure earlier. One logger per
 * folder: two writers would rotate each other's files.
 */
export function createLogger(options: LoggerOptions): Logger {
  const { dir, level = 'info', maxBytes = 5 * 1024 * 1024, maxFiles = 5, redactor } = options
  if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new ConfigError(`Log file size must be a whole number of bytes, got ${maxBytes}.`)
  if (!Number.isInteger(maxFiles) || maxFiles < 0) throw new ConfigError(`Number of old log files to keep must be 0 or more, got ${maxFiles}.`)
  const onError = options.onWriteError ?? ((err: unknown) => reportWriteError(dir, err))
  const file = new RotatingFile({ dir, maxBytes, maxFiles, onError })
  return pino(
    {
      level,
      // No hostname: it says nothing on a one-machine app and leaks into shared logs.
      base: { pid: process.pid },
      serializers: { err: logError },
      hooks: { streamWrite: (line) => redactor.redactJsonLine(line) }
    },
    file
  )
}

/** A child logger whose every line carries the run's `syncId` and `runId`, so the UI can filter by run. */
export function runLogger(logger: Logger, ids: { syncId: string; runId: string }): Logger {
  return logger.child({ syncId: ids.syncId, runId: ids.runId })
}

/** Resolves once every line logged so far (by `logger` or any relative) is in the file. */
export function flushLogger(logger: Logger): Promise<void> {
  return new Promise((resolve, reject) => logger.flush((err) => (err ? reject(err) : resolve())))
}

/**
 * Writes what is queued and closes the file; later lines are dropped. For shutdown
 * and for tests, which must release the file before deleting its folder.
 */
export async function closeLogger(logger: Logger): Promise<void> {
  await flushLogger(logger)
  const stream = (logger as unknown as Record<symbol, unknown>)[pino.symbols.streamSym]
  if (stream instanceof RotatingFile) stream.close()
}

function reportWriteError(dir: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err)
  process.stderr.write(`Patchbay could not write its log in ${dir}: ${message}\n`)
}
