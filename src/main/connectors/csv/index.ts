/**
 * The csv connector: local CSV files and spreadsheet exports as a system, for the
 * legacy software that has no API but can export and import a file.
 *
 * Settings: `{ file: '/path/contacts.csv' }` (one object, "contacts") or
 * `{ folder: '/path' }` (each .csv file is an object named after it), with per-object
 * options under `objects[name]` over defaults at the top level (see `CsvObjectOptions`).
 */
import type { Connector, ConnectorSession, OpenContext } from '../types'
import { CsvObject } from './csv-object'
import { fileFor, optionsFor, readCsvSettings } from './settings'
import { csvObjectNames, testCsvConnection } from './test-connection'

/** A csv session, which can also say which objects (files) the connection has right now. */
export interface CsvSession extends ConnectorSession {
  object(name: string): CsvObject
  /** Object names: the file's name, or the .csv files now in the folder. */
  objectNames(): Promise<string[]>
}

/** Opens a session; throws a ConfigError when the settings are wrong. */
export async function openCsvSession(ctx: Pick<OpenContext, 'connection'>): Promise<CsvSession> {
  const connectionId = ctx.connection.id
  const settings = readCsvSettings(ctx.connection)
  const objects = new Map<string, CsvObject>()
  return {
    object(name) {
      let object = objects.get(name)
      if (object === undefined) {
        object = new CsvObject({ file: fileFor(settings, name, connectionId), options: optionsFor(settings, name), connectionId })
        objects.set(name, object)
      }
      return object
    },
    test: () => testCsvConnection(settings, connectionId),
    objectNames: () => csvObjectNames(settings)
  }
}

/** Local CSV files as a system. Its objects depend on the connection: see `CsvSession.objectNames`. */
export const csvConnector: Connector = {
  system: 'csv',
  label: 'CSV files',
  objects: [],
  open: openCsvSession
}

export { CsvObject } from './csv-object'
export type { CsvObjectOptions, CsvSettings } from './settings'
