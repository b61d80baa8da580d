/**
 * The csv connector: local CSV files and spreadsheet exports as a system, for the
 * legacy software that has no API but can export and import a file.
 *
 * Settings: `{ file: '/path/contacts.csv' }` (one object, "contacts") or
 * `{ folder: '/path' }` (each .csv file is an object named after it), with per-object
 * options under `objects[name]` over defaults at the top level (see `CsvObjectOptions`).
 */
import type { z } from 'zod'
import { defineConnector, type ConnectorDeclaration, type DeclaredConnector, type DeclaredSession } from '../platform'
import type { OpenContext } from '../types'
import { CsvObject } from './csv-object'
import { csvSettingsFrom, csvSettingsSchema, fileFor, isWorkbook, optionsFor, type CsvSettings } from './settings'
import { XlsxObject } from './xlsx-object'
import { DropObject } from './drop-object'
import { csvObjectNames, testCsvConnection } from './test-connection'

/** What a csv session keeps: the resolved settings and one adapter per file. */
interface CsvState {
  connectionId: string
  settings: CsvSettings
  objects: Map<string, CsvObject | XlsxObject | DropObject>
  note?: (level: 'info' | 'warn', msg: string) => void
}

/** CSV files, declared: no HTTP, no secrets; each file is an object. */
export const csvDeclaration: ConnectorDeclaration<z.infer<typeof csvSettingsSchema>, CsvState> = {
  system: 'csv',
  catalogue: {
    label: 'CSV file',
    category: 'files',
    kind: 'Spreadsheet or export',
    instructions: [
      'Export the list from your program as CSV (in Excel or Numbers: File → Save As → CSV), or use the Excel workbook (.xlsx) itself.',
      'Put the file somewhere it stays, such as a Documents folder, and copy its full path.',
      'Patchbay reads and writes the file in place; keep a copy if you are unsure.'
    ],
    inputs: [
      { name: 'file', label: 'Full path of the .csv or .xlsx file', secret: false, placeholder: '/home/you/Documents/customers.csv', help: 'Or a folder: every .csv and .xlsx file in it becomes something you can sync.' },
      { name: 'keyColumn', label: 'Column that identifies each row', secret: false, placeholder: 'id', help: 'Usually id, email or a reference number.' },
      {
        name: 'encoding',
        label: 'Text encoding (leave empty to detect)',
        secret: false,
        placeholder: 'auto',
        help: 'Patchbay works it out and says what it found after the test. If names look wrong, type the one your program uses: windows-1252, utf-8, utf-16le, iso-8859-1, or cp850 for an old DOS till.'
      },
      {
        name: 'delimiter',
        label: 'Separator between values (leave empty to detect)',
        secret: false,
        placeholder: 'auto',
        help: 'comma, semicolon or tab. Patchbay reads it from the first line and writes the file back with the same one.'
      },
      { name: 'sheet', label: 'Sheet (Excel workbooks; leave empty for the first)', secret: false, placeholder: 'Customers', help: 'The name of the sheet tab that holds the list, or its number counting from 1.' },
      { name: 'headerRow', label: 'Row with the column names (Excel workbooks)', secret: false, placeholder: '1', help: 'If the sheet has a title above the list, the number of the row with the column names.' }
    ],
    templates: ['form-to-crm', 'payments-ledger-csv', 'sales-ledger-csv', 'spreadsheet-crm']
  },
  auth: { kind: 'none', secrets: [] },
  settings: csvSettingsSchema,
  open: (ctx) => ({ connectionId: ctx.connection.id, settings: csvSettingsFrom(ctx.settings, ctx.connection.id), objects: new Map(), note: ctx.note }),
  test: (state) => testCsvConnection(state.settings, state.connectionId),
  objects: {
    file: {
      label: 'Rows of a file',
      key: 'keyColumn',
      // A crash between write and commit is reconciled by the key column (match key); the file is rewritten whole.
      idempotency: { by: 'rewrite' },
      build: (state, name) => {
        let object = state.objects.get(name)
        if (object === undefined) {
          const setup = { file: fileFor(state.settings, name, state.connectionId), options: optionsFor(state.settings, name), connectionId: state.connectionId, note: state.note }
          const { location } = state.settings
          object =
            location.kind === 'drop'
              ? new DropObject({ ...setup, folder: location.folder, pattern: location.pattern, quietMs: location.quietMs })
              : isWorkbook(setup.file)
                ? new XlsxObject(setup)
                : new CsvObject(setup)
          state.objects.set(name, object)
        }
        return object
      }
    }
  },
  // Every name is a file; fileFor says which names this connection cannot have.
  objectFor: () => 'file',
  listObjects: (state) => csvObjectNames(state.settings),
  dynamicObjects: true
}

/** A csv session, which can also say which objects (files) the connection has right now. */
export interface CsvSession extends DeclaredSession<CsvState> {
  object(name: string): CsvObject | XlsxObject | DropObject
}

/** Local CSV files as a system. Its objects depend on the connection: see `CsvSession.objectNames`. */
export const csvConnector: DeclaredConnector<z.infer<typeof csvSettingsSchema>, CsvState> = defineConnector(csvDeclaration)

/** Opens a session; throws a ConfigError when the settings are wrong. */
export async function openCsvSession(ctx: Pick<OpenContext, 'connection'>): Promise<CsvSession> {
  return (await csvConnector.open({ secrets: {}, ...ctx })) as CsvSession
}

export { CsvObject } from './csv-object'
export { XlsxObject } from './xlsx-object'
export { DropObject } from './drop-object'
export type { CsvObjectOptions, CsvSettings } from './settings'
