/**
 * The lowdb Adapter behind every document: `{ "schemaVersion": n, "data": T }` on
 * disk, upgraded through the migrations and checked with zod on the way in, backed up
 * and written atomically on the way out.
 */
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import { StoreError } from '../errors'
import { secretScrubber } from '../logs/redact'
import { rotateBackups } from './backups'
import { writeFileAtomic } from './atomic-file'
import { fsCode, storeErrorFromFs } from './fs-errors'
import { describeIssues } from './zod-issues'

/**
 * Upgrades a document's `data` from version n to n + 1.
 * It sees an older shape that no current type describes, hence `any`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Migration = (data: any) => any

/** How a document is checked, upgraded and backed up. */
export interface VersionedFileOptions<T> {
  schema: z.ZodType<T>
  /** The version this code writes. */
  version: number
  /** `migrations[n]` upgrades version n to n + 1. */
  migrations: Readonly<Record<number, Migration>>
  /** How many rotating backups to keep. */
  backups: number
  /** Indent the JSON so a person can read and diff it. */
  pretty: boolean
}

/** A file that exists but cannot be used; `reason` finishes the sentence "…because …" for the user. */
export class DamagedFileError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'DamagedFileError'
  }
}

/** A lowdb Adapter for one versioned JSON document. */
export class VersionedJsonFile<T> implements Adapter<T> {
  /** The version found on disk by the last `read` (null: no file), so the opener knows it migrated. */
  lastReadVersion: number | null = null

  constructor(
    readonly path: string,
    private readonly options: VersionedFileOptions<T>
  ) {}

  /** Reads the document; null when the file does not exist. Throws DamagedFileError, or StoreError for a newer version. */
  async read(): Promise<T | null> {
    this.lastReadVersion = null
    const text = await readText(this.path)
    if (text === null) return null
    const { data, version } = this.decode(text)
    this.lastReadVersion = version
    return data
  }

  /** Keeps the current file as the newest backup, then replaces it. */
  async write(data: T): Promise<void> {
    try {
      await rotateBackups(this.path, this.options.backups)
    } catch (err) {
      throw storeErrorFromFs(err, `keep a backup of ${basename(this.path)}`, this.path)
    }
    await this.replace(data)
  }

  /** Replaces the file without touching the backups: for recovery, where the current file is not worth keeping. */
  async replace(data: T): Promise<void> {
    const envelope = { schemaVersion: this.options.version, data }
    const text = this.options.pretty ? JSON.stringify(envelope, null, 2) : JSON.stringify(envelope)
    // No secret the keychain gave this process reaches a file (nor, through it, a backup).
    await writeFileAtomic(this.path, secretScrubber.redactKnown(text) + '\n')
  }

  /** Parses, upgrades and validates a file's text. Pure: also used to try each backup. */
  decode(text: string): { data: T; version: number } {
    const envelope = parseEnvelope(text)
    const { version, migrations, schema } = this.options
    const name = basename(this.path)
    if (envelope.schemaVersion > version) {
      throw new StoreError(
        `${name} was written by a newer version of Patchbay (file format ${envelope.schemaVersion}; this version understands up to ${version}). Patchbay has left it unchanged.`,
        { hint: 'Install the newest version of Patchbay. If you must use this older version, move the file elsewhere first and Patchbay will start without it.' }
      )
    }
    let data: unknown = envelope.data
    for (let from = envelope.schemaVersion; from < version; from++) {
      const migrate = migrations[from]
      // A missing step is a bug in Patchbay, not damage: leave the file alone rather than replace it.
      if (!migrate) throw new StoreError(`Patchbay cannot upgrade ${name} from file format ${from}: it has no upgrade step for that format.`)
      try {
        data = migrate(structuredClone(data))
      } catch (err) {
        throw new DamagedFileError(`it could not be upgraded from file format ${from} (${err instanceof Error ? err.message : String(err)})`)
      }
    }
    const checked = schema.safeParse(data)
    if (!checked.success) {
      const issues = describeIssues(checked.error, ['data'])
      const shown = issues.slice(0, 5).join('; ') + (issues.length > 5 ? `; and ${issues.length - 5} more` : '')
      throw new DamagedFileError(`its contents are not what Patchbay expects (${shown})`)
    }
    return { data: checked.data, version: envelope.schemaVersion }
  }
}

/** The file's text, or null when it does not exist. */
export async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if (fsCode(err) === 'ENOENT') return null
    throw storeErrorFromFs(err, `read ${basename(path)}`, path)
  }
}

function parseEnvelope(text: string): { schemaVersion: number; data: unknown } {
  if (text.trim() === '') throw new DamagedFileError('it is empty, which usually means the computer stopped while it was being saved')
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    const message = err instanceof Error ? err.message : ''
    // V8 says "Unexpected end of JSON input" or "Unterminated string" when the text simply stops.
    const cutOff = /end of JSON|Unterminated/i.test(message)
    throw new DamagedFileError(
      cutOff
        ? 'it stops part-way through, which usually means the computer or Patchbay stopped while it was being saved'
        : 'it contains unreadable data (part of it was overwritten or scrambled)'
    )
  }
  if (!isRecord(parsed) || !Number.isInteger(parsed.schemaVersion) || (parsed.schemaVersion as number) < 1 || !('data' in parsed)) {
    throw new DamagedFileError('it is missing the format marker Patchbay puts in every file it writes')
  }
  return { schemaVersion: parsed.schemaVersion as number, data: parsed.data }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
