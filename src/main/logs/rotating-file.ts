/**
 * The log's destination: appends lines to `patchbay.ndjson` and rotates it by size.
 *
 * Lines are collected in memory and written in one batch per event-loop turn (or
 * sooner once a batch reaches 64 KB), with synchronous writes. Synchronous because
 * that keeps rotation exact (no write in flight while files are renamed) and lets
 * the process `exit` hook, which cannot wait for callbacks, write the last batch;
 * batched so that 50,000 record lines cost a few hundred system calls, not 50,000.
 * A crash loses at most the lines of the current turn.
 */
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { logFileName, logFilesIn } from './files'

/** Flush early once this much is waiting, so a tight loop does not hold megabytes. */
const BATCH_BYTES = 64 * 1024

/** How the log files are kept. */
export interface RotatingFileOptions {
  dir: string
  /** A file is rotated before a line would take it past this size. */
  maxBytes: number
  /** Rotated files kept (`patchbay.1.ndjson` … `patchbay.<maxFiles>.ndjson`); older ones are deleted. */
  maxFiles: number
  /** Told when a batch could not be written; those lines are lost. */
  onError: (err: unknown) => void
}

const openFiles = new Set<RotatingFile>()
let exitHookInstalled = false

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // One listener for every log, so tests that create many do not trip the listener limit.
  process.on('exit', () => {
    for (const file of openFiles) file.flushSync()
  })
}

/** A size-rotated NDJSON file that pino writes into (it has `write` and `flush`). */
export class RotatingFile {
  private fd: number | null = null
  private size = 0
  private pending: string[] = []
  private pendingSizes: number[] = []
  private pendingBytes = 0
  private scheduled: NodeJS.Immediate | null = null
  private closed = false
  /** Set while writes fail, so a full disk is reported once, not once per batch. */
  private failing = false

  constructor(private readonly options: RotatingFileOptions) {
    mkdirSync(options.dir, { recursive: true })
    this.openActive()
    openFiles.add(this)
    installExitHook()
  }

  /** Queues one serialised line (ending in a newline). Lines written after `close` are dropped. */
  write(line: string): boolean {
    if (this.closed) return false
    const bytes = Buffer.byteLength(line)
    this.pending.push(line)
    this.pendingSizes.push(bytes)
    this.pendingBytes += bytes
    if (this.pendingBytes >= BATCH_BYTES) this.flushSync()
    else this.scheduled ??= setImmediate(() => this.flushSync())
    return true
  }

  /** Writes everything queued, then calls back (pino's `logger.flush` lands here). */
  flush(cb?: (err?: Error) => void): void {
    this.flushSync()
    if (cb) process.nextTick(cb)
  }

  /** Writes everything queued now, rotating as the size limit is reached. */
  flushSync(): void {
    if (this.scheduled) clearImmediate(this.scheduled)
    this.scheduled = null
    if (this.pending.length === 0) return
    const lines = this.pending
    const sizes = this.pendingSizes
    this.pending = []
    this.pendingSizes = []
    this.pendingBytes = 0
    try {
      let start = 0
      let bytes = 0
      for (let i = 0; i < lines.length; i++) {
        const used = this.size + bytes
        // A line longer than the limit still gets written, alone in its own file.
        if (used > 0 && used + sizes[i] > this.options.maxBytes) {
          this.append(lines.slice(start, i))
          this.rotate()
          start = i
          bytes = 0
        }
        bytes += sizes[i]
      }
      this.append(lines.slice(start))
      this.failing = false
    } catch (err) {
      // Reopen on the next batch: the folder may be back (or have space) by then.
      this.closeFd()
      if (!this.failing) this.options.onError(err)
      this.failing = true
    }
  }

  /** Writes what is queued and releases the file. */
  close(): void {
    this.flushSync()
    this.closeFd()
    this.closed = true
    openFiles.delete(this)
  }

  private append(lines: string[]): void {
    if (lines.length === 0) return
    if (this.fd === null) this.openActive()
    const fd = this.fd as number
    const buf = Buffer.from(lines.join(''))
    let written = 0
    while (written < buf.length) written += writeSync(fd, buf, written)
    this.size += buf.length
  }

  private rotate(): void {
    this.closeFd()
    const { dir, maxFiles } = this.options
    // Everything from maxFiles up goes, including leftovers from a larger earlier setting.
    for (const file of logFilesIn(dir, readdirSync(dir))) {
      if (file.index >= maxFiles) rmSync(file.path, { force: true })
    }
    for (let i = maxFiles - 1; i >= 0; i--) {
      try {
        renameSync(join(dir, logFileName(i)), join(dir, logFileName(i + 1)))
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      }
    }
    this.openActive()
  }

  private openActive(): void {
    this.fd = openSync(join(this.options.dir, logFileName(0)), 'a')
    this.size = fstatSync(this.fd).size
  }

  private closeFd(): void {
    if (this.fd === null) return
    const fd = this.fd
    this.fd = null
    try {
      closeSync(fd)
    } catch {
      // Already unusable; nothing left to save.
    }
  }
}
