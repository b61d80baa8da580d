/**
 * The csv connection's settings: where the files are and how to read each one.
 * Everything here is checked once when the connection opens, so a typo in a setting
 * stops the sync with a message naming the setting instead of failing half-way.
 */
import { existsSync } from 'node:fs'
import { homedir } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import type { Connection } from '../../../shared/domain'
import { ConfigError } from '../../errors'
import { readSettings, settingsProblems } from '../platform'
import { dropObjectName } from './drop-folder'
import { isKnownEncoding } from './encoding'

/** How one file (one object) is read and written. */
export interface CsvObjectOptions {
  /**
   * Column whose value is each row's id.
   * @default 'id'
   */
  keyColumn: string
  /**
   * Character between values: ',' or ';' (common in European Excel) or '\t', or 'auto'
   * to take the one the file's header line uses.
   * @default 'auto'
   */
  delimiter: string
  /**
   * The file's text encoding, an iconv-lite name ('utf-8', 'windows-1252', 'utf-16le'),
   * or 'auto' to decide it from the bytes (encoding.ts); the file is written back in it.
   * @default 'auto'
   */
  encoding: string
  /**
   * Largest batch one `write` call takes; each call is one rewrite of the file.
   * @default 5000
   */
  batchSize: number
  /**
   * Put before the number of an id Patchbay makes up for a new row whose key is not mapped.
   * @default ''
   */
  idPrefix: string
  /**
   * When the file does not exist on the first run, treat it as empty and create it on
   * the first write (with a header from the first written fields).
   * @default false
   */
  createIfMissing: boolean
  /**
   * For an .xlsx workbook: the sheet holding the list, by name or position (1 is the first).
   * @default the first sheet
   */
  sheet?: string | number
  /**
   * For an .xlsx workbook: the row holding the column names, counting from 1; the rows
   * below it are the records.
   * @default 1
   */
  headerRow: number
}

/** Where the connection's files are. */
export type CsvLocation =
  | { kind: 'file'; file: string }
  | { kind: 'folder'; folder: string }
  /** Exports another program drops into `folder`, matching `pattern`; read, then filed under processed/. */
  | { kind: 'drop'; folder: string; pattern: string; quietMs: number }

/** A csv connection's settings after checking. */
export interface CsvSettings {
  location: CsvLocation
  defaults: CsvObjectOptions
  objects: Record<string, Partial<CsvObjectOptions>>
}

const DELIMITER_WORDS: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' }

const delimiterSchema = z
  .string()
  .transform((d) => DELIMITER_WORDS[d.trim().toLowerCase()] ?? (d.trim().toLowerCase() === 'auto' ? 'auto' : d))
  .refine((d) => d === 'auto' || (d.length === 1 && !['"', '\r', '\n'].includes(d)), 'use "auto" or one character such as "," or ";" or "tab"')

const encodingSchema = z
  .string()
  .transform((e) => e.trim().toLowerCase())
  .refine((e) => e === 'auto' || isKnownEncoding(e), {
    error: (issue) => `Patchbay does not know the encoding "${String(issue.input)}": use "auto", "utf-8", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", "cp850" (DOS) or "macintosh"`
  })

const objectOptionsSchema = z.object({
  keyColumn: z.string().min(1, 'name the column that identifies each row').optional(),
  delimiter: delimiterSchema.optional(),
  encoding: encodingSchema.optional(),
  batchSize: z.number().int().min(1).max(100_000).optional(),
  idPrefix: z.string().optional(),
  createIfMissing: z.boolean().optional(),
  sheet: z.union([z.number().int().min(1, 'count sheets from 1'), z.string().min(1, 'name the sheet, or leave the setting out for the first one')]).optional(),
  headerRow: z.coerce.number({ error: 'give the row number of the column names, such as 1' }).int('give a whole row number, such as 1').min(1, 'rows count from 1').max(1_048_576, 'a sheet has no row that far down').optional()
})

const settingsSchema = objectOptionsSchema.extend({
  file: z.string().min(1).optional(),
  folder: z.string().min(1).optional(),
  dropFolder: z.string().min(1).optional(),
  pattern: z
    .string()
    .min(1)
    .refine((p) => !/[\\/]/.test(p), 'a file name pattern such as "sales-*.csv", without a folder')
    .refine((p) => /\.(csv|txt|tsv|xlsx)$/i.test(p), 'end the pattern with the exports\' extension: .csv, .txt, .tsv or .xlsx')
    .optional(),
  quietSeconds: z.coerce.number().int('a whole number of seconds').min(0, 'a number of seconds, 0 or more').max(3600, 'at most 3600 seconds (an hour)').optional(),
  objects: z.record(z.string(), objectOptionsSchema).optional()
})

/** How long an export must have been left alone before a drop folder reads it. @default 30 s */
const QUIET_SECONDS = 30

const ONE_PLACE = 'A csv connection needs either a "file" or a "folder" setting (or a "dropFolder" for exports dropped into a folder), exactly one of them'

const DEFAULTS: CsvObjectOptions = { keyColumn: 'id', delimiter: 'auto', encoding: 'auto', batchSize: 5000, idPrefix: '', createIfMissing: false, headerRow: 1 }

/** The settings as stored; the toolkit turns a wrong one into a ConfigError naming it. */
export const csvSettingsSchema = settingsSchema

/** Checks a connection's settings; throws a ConfigError naming the setting that is wrong. */
export function readCsvSettings(connection: Pick<Connection, 'id' | 'settings'>): CsvSettings {
  return csvSettingsFrom(readSettings(settingsSchema, connection, 'CSV file'), connection.id)
}

/** The checked settings with the location resolved; throws a ConfigError for a missing, doubled or relative path. */
export function csvSettingsFrom(parsed: z.infer<typeof settingsSchema>, connectionId: string): CsvSettings {
  const meta = { connectionId }
  const { file, folder, dropFolder, pattern, quietSeconds, objects, ...defaults } = parsed
  if ([file, folder, dropFolder].filter((v) => v !== undefined).length !== 1) {
    throw new ConfigError(ONE_PLACE, {
      ...meta,
      hint: 'Set "file" to one .csv or .xlsx file, "folder" to a folder whose files are each an object, or "dropFolder" and "pattern" for the newest exports matching a name.'
    })
  }
  if ((dropFolder === undefined) !== (pattern === undefined)) {
    throw new ConfigError(dropFolder === undefined ? 'The "pattern" setting is for a drop folder: set "dropFolder" too' : 'A drop folder needs a "pattern" naming its exports, such as "sales-*.csv"', {
      ...meta,
      hint: 'Set both "dropFolder" (the folder the exports land in) and "pattern" (their names, with * for the part that changes).'
    })
  }
  const location: CsvLocation =
    file !== undefined
      ? { kind: 'file', file: absolutePath(file, 'file', meta) }
      : folder !== undefined
        ? { kind: 'folder', folder: absolutePath(folder, 'folder', meta) }
        : { kind: 'drop', folder: absolutePath(dropFolder!, 'dropFolder', meta), pattern: pattern!, quietMs: (quietSeconds ?? QUIET_SECONDS) * 1000 }
  return { location, defaults: { ...DEFAULTS, ...stripUndefined(defaults) }, objects: objects ?? {} }
}

/**
 * What `readCsvSettings` would refuse, one `settings.…: why` line per problem, without
 * throwing: for checking a connection before it is saved (`patchbay import`).
 */
export function csvSettingsProblems(settings: unknown): string[] {
  const problems = settingsProblems(settingsSchema, settings)
  if (problems.length > 0) return problems
  const { file, folder, dropFolder, pattern } = settingsSchema.parse(settings ?? {})
  if ([file, folder, dropFolder].filter((v) => v !== undefined).length !== 1) return [`settings: ${ONE_PLACE.replace(/^A/, 'a')}`]
  if ((dropFolder === undefined) !== (pattern === undefined)) return ['settings: a drop folder needs both "dropFolder" and "pattern"']
  const [setting, value] = file !== undefined ? ['file', file] : folder !== undefined ? ['folder', folder] : ['dropFolder', dropFolder as string]
  if (!path.isAbsolute(expandHome(value))) return [`settings.${setting}: must be a full path (starting with / or a drive letter, or ~ for your home folder), not "${value}"`]
  return []
}

/** The options for one object: its own settings over the connection's defaults. */
export function optionsFor(settings: CsvSettings, object: string): CsvObjectOptions {
  return { ...settings.defaults, ...stripUndefined(settings.objects[object] ?? {}) }
}

/** The object a single-file connection offers: the file's name without its extension. */
export function objectNameOf(file: string): string {
  return path.basename(file, path.extname(file))
}

/** The file behind an object; throws a ConfigError for an object this connection does not have. */
export function fileFor(settings: CsvSettings, object: string, connectionId?: string): string {
  const { location } = settings
  if (location.kind === 'file') {
    const own = objectNameOf(location.file)
    if (object !== own) {
      throw new ConfigError(`This csv connection has one file, ${path.basename(location.file)}, so its only object is "${own}", not "${object}"`, {
        connectionId,
        hint: `Pick "${own}" as the object, or set the connection's "folder" setting to use every .csv file in a folder.`
      })
    }
    return location.file
  }
  if (location.kind === 'drop') {
    const own = dropObjectName(location.pattern)
    if (object !== own) {
      throw new ConfigError(`This drop folder's only object is "${own}" (the exports matching ${location.pattern}), not "${object}"`, {
        connectionId,
        hint: `Pick "${own}" as the object.`
      })
    }
    return location.folder
  }
  if (object === '' || object === '.' || object === '..' || /[\\/]/.test(object)) {
    throw new ConfigError(`"${object}" is not a file name in ${location.folder}`, {
      connectionId,
      hint: 'Pick an object named after a .csv or .xlsx file in the folder, without the ".csv" or ".xlsx".'
    })
  }
  const csv = path.join(location.folder, `${object}.csv`)
  const xlsx = path.join(location.folder, `${object}.xlsx`)
  return !existsSync(csv) && existsSync(xlsx) ? xlsx : csv
}

/** True for a workbook, which is read with exceljs rather than as text. */
export function isWorkbook(file: string): boolean {
  return /\.xlsx$/i.test(file)
}

function absolutePath(value: string, setting: string, meta: { connectionId: string }): string {
  const expanded = expandHome(value)
  if (!path.isAbsolute(expanded)) {
    throw new ConfigError(`The csv connection's "${setting}" setting must be a full path, not "${value}"`, {
      ...meta,
      hint: `Choose the ${setting} again so Patchbay stores its full path.`
    })
  }
  return path.normalize(expanded)
}

function expandHome(value: string): string {
  return value === '~' || value.startsWith('~/') ? path.join(homedir(), value.slice(1)) : value
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
