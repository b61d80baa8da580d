/**
 * What the engine asks of a system. A connector opens a session for one connection;
 * the session hands out one `ObjectAdapter` per object (contacts, invoices, rows of a file).
 * Record-level refusals come back as `WriteOutcome`s; anything that stops the whole
 * call (auth, a dead network after retries, an unknown response shape) is thrown as
 * one of the classes in `../errors`.
 *
 * This file imports nothing from `./http`: the HTTP toolkit depends on these types, never
 * the other way round (the log entry and retry decision live here for that reason).
 */
import type { Connection, Fields } from '../../shared/domain'
import type { RecordError } from '../errors'
import type { RecoveryNotice } from '../store/document'

/** A record as the system returns it, in the system's own field names. */
export interface SourceRecord {
  /** The system's id for the record. */
  id: string
  fields: Fields
  /** ISO time of the last change on the system, used by the `newest` policy. */
  updatedAt?: string
  /** True when the system reports the record as deleted (a tombstone). */
  deleted?: boolean
}

/** A row or record the system gave us that could not be read. */
export interface ReadProblem {
  message: string
  /** 1-based line in a file, when the source is a file. */
  line?: number
  recordId?: string
  key?: string
}

/** One page of changes, and the cursor that is valid once this page is committed. */
export interface ChangePage {
  records: SourceRecord[]
  problems: ReadProblem[]
  /** Cursor to resume after this page; `null` when the system has no cursor to give yet. */
  cursor: string | null
}

/** The changes since a cursor. */
export interface ChangeFeed {
  /**
   * True when the feed lists every live record (a full scan): a linked record that is
   * absent was deleted. False for incremental feeds, which report deletes as tombstones.
   */
  complete: boolean
  /** How many records the feed will yield, when the system says so (for progress). */
  total?: number
  pages: AsyncIterable<ChangePage>
}

/** One write in a batch; `ref` lets the engine pair each outcome with its plan entry. */
export type WriteItem =
  | { op: 'create'; ref: string; fields: Fields }
  | { op: 'update'; ref: string; id: string; fields: Fields }
  | { op: 'delete'; ref: string; id: string }

export type WriteOutcome =
  | { ref: string; ok: true; id: string; fields?: Fields }
  | { ref: string; ok: false; error: RecordError }

/** A field a system offers, for mapping suggestions. */
export interface FieldInfo {
  name: string
  label?: string
  type?: 'string' | 'number' | 'boolean' | 'date' | 'email' | 'phone'
}

/** One kind of record on a system. */
export interface ObjectAdapter {
  /** Field names and types, for the mapping editor. */
  fields(): Promise<FieldInfo[]>
  /** Everything changed since `cursor`; `null` means from the beginning (a full scan). */
  listChanged(cursor: string | null): Promise<ChangeFeed>
  /** Current state of records by id (missing ids are absent from the result). */
  get(ids: string[]): Promise<SourceRecord[]>
  /**
   * Records whose `field` equals one of `values` after `normalise`; used to match new
   * records and to reconcile create intents left by a crash.
   */
  findByKey(field: string, values: string[], normalise: (v: unknown) => string): Promise<SourceRecord[]>
  /** Applies a batch; no item is applied twice. Order of outcomes follows `items`. */
  write(items: WriteItem[]): Promise<WriteOutcome[]>
  /** Largest batch `write` accepts. */
  readonly maxBatch: number
  /**
   * The cursor to store after this run's writes, when the adapter can tell that nobody
   * else changed the data since it was read (so our own writes are not read back).
   * `undefined` keeps the cursor from the pull.
   */
  cursorAfterWrites?(): Promise<string | undefined>
}

/** The result of a "Test connection" click. */
export interface ConnectionTest {
  ok: boolean
  accountName?: string
  message: string
}

/** A connection opened for use. */
export interface ConnectorSession {
  object(name: string): ObjectAdapter
  test(): Promise<ConnectionTest>
  close?(): Promise<void>
}

/** What a connector needs from its surroundings to open a session. */
export interface OpenContext {
  connection: Connection
  /** Secrets read from the keychain for this connection (never persisted elsewhere). */
  secrets: Record<string, string>
  /** Folder for the connector's own private state, if it needs any. */
  dataDir?: string
  /**
   * Where the connector's HTTP client reports each request (method, URL, status, time),
   * already scrubbed of secrets; the service writes it to the run log.
   */
  log?: (entry: HttpLogEntry) => void
  /** Tells the run log something the owner may want to know (e.g. leftover files cleaned up). */
  note?: (level: 'info' | 'warn', msg: string) => void
  /** A file in `dataDir` was damaged and repaired on opening: logged and told with the service's repair notices. */
  noteRecovery?: (notice: RecoveryNotice) => void
  /** Writes changed secrets back to the keychain (OAuth vendors that rotate refresh tokens). */
  saveSecrets?(patch: Record<string, string>): Promise<void>
  /**
   * Records when the sign-in (the OAuth refresh token) stops working, epoch ms, as the
   * vendor said with its last token response. Not a secret: it is kept on the connection
   * (`signInExpiresAt`) so health can warn ahead and the UI can say "expires in N days".
   */
  noteSignInExpiry?(expiresAt: number): Promise<void>
  /**
   * Records the vendor's daily API allowance as an answer stated it (used, limit), as
   * non-secret connection metadata (`apiUsage`) that health reads.
   */
  noteApiUsage?(usage: { used: number; limit: number }): Promise<void>
}

/** The code for one system. */
export interface Connector {
  system: string
  label: string
  objects: string[]
  open(ctx: OpenContext): Promise<ConnectorSession>
}

/** What the HTTP toolkit does about one failure (logged with the exchange). */
export interface RetryDecision {
  retry: boolean
  /** Why, in words fit for a log line. */
  reason: string
  /** How long to wait before the next attempt; 0 when not retrying. */
  waitMs: number
}

/** One logged HTTP exchange; secrets are already scrubbed. */
export interface HttpLogEntry {
  event: 'http'
  system: string
  connectionId?: string
  method: string
  /** Full URL with secret query values redacted. */
  url: string
  /** HTTP status, or null when no response came back. */
  status: number | null
  /** Time from sending to the end of the response. */
  ms: number
  /** 1-based attempt of this request. */
  attempt: number
  /** Request headers, with credentials redacted. */
  headers: Record<string, string>
  error?: { code: string; message: string }
  /** What happens next after a failure. */
  retry?: RetryDecision
  /** A trimmed sample of a body that did not match the expected shape. */
  sample?: string
}
