/** Real temp folders and a few shorthands for the csv connector tests. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import type { Connection } from '../../../src/shared/domain'
import { csvConnector, type CsvSession } from '../../../src/main/connectors/csv'
import type { ChangeFeed, ChangePage, ReadProblem, SourceRecord } from '../../../src/main/connectors/types'

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
})

/** A fresh folder, removed after the test. */
export async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'patchbay-csv-'))
  folders.push(dir)
  return dir
}

/** Writes `text` to `name` in a fresh folder and returns its path. */
export async function csvFile(text: string | Buffer, name = 'contacts.csv'): Promise<string> {
  const file = path.join(await tempFolder(), name)
  await writeFile(file, text)
  return file
}

export function connection(settings: Record<string, unknown>): Connection {
  return { id: 'files', system: 'csv', label: 'Files', authKind: 'none', scopes: [], status: 'ok', settings }
}

export async function openCsv(settings: Record<string, unknown>): Promise<CsvSession> {
  return (await csvConnector.open({ connection: connection(settings), secrets: {} })) as CsvSession
}

/** The object of a one-file connection. */
export async function openFile(file: string, settings: Record<string, unknown> = {}) {
  const session = await openCsv({ file, ...settings })
  return session.object(path.basename(file, '.csv'))
}

export interface Drained {
  pages: ChangePage[]
  records: SourceRecord[]
  problems: ReadProblem[]
  /** The cursor of the last page. */
  cursor: string | null
}

export async function drain(feed: ChangeFeed): Promise<Drained> {
  const pages: ChangePage[] = []
  for await (const page of feed.pages) pages.push(page)
  return {
    pages,
    records: pages.flatMap((p) => p.records),
    problems: pages.flatMap((p) => p.problems),
    cursor: pages.at(-1)?.cursor ?? null
  }
}

export const read = (file: string): Promise<string> => readFile(file, 'utf8')

/** Files in a folder other than the ones named, e.g. temp files left behind. */
export async function strayFiles(dir: string, expected: string[]): Promise<string[]> {
  return (await readdir(dir)).filter((name) => !expected.includes(name))
}
