/**
 * The checks `patchbay import` makes that need the connectors: a system Patchbay has,
 * settings its connector accepts, and, for a CSV file that already exists, every mapped
 * column being in the file. Without them a file was "Imported" and then failed at the
 * first run, or worse, the run added the missing column to the owner's file.
 */
import { access } from 'node:fs/promises'
import path from 'node:path'
import type { Connection, Side, Sync } from '../shared/domain'
import { csvSettingsProblems, fileFor, readCsvSettings } from './connectors/csv/settings'
import { secretsNamed } from './connectors/described/declaration'
import { readDescription } from './connectors/described/load'
import { describedSettingsSchema } from './connectors/described/settings'
import { settingsProblems } from './connectors/platform/settings'
import type { Connector } from './connectors/types'
import { PatchbayError } from './errors'

/** What the checks need to know: the connectors, and the connections a sync may use. */
export interface ImportContext {
  connectors: Record<string, Connector>
  /** The file's connections over the saved ones, by id. */
  connections: Map<string, Connection>
}

/** One `connections[i].…: why` line per connection the connectors would refuse. */
export function connectionProblems(connections: readonly Connection[], connectors: Record<string, Connector>): string[] {
  return connections.flatMap((c, i) => {
    if (!(c.system in connectors)) {
      return [`connections[${i}].system: "${c.system}" is not a system Patchbay can connect to; it has ${Object.keys(connectors).map((s) => `"${s}"`).join(', ')}`]
    }
    if (c.system === 'described-api') return settingsProblems(describedSettingsSchema, c.settings).map((p) => `connections[${i}].${p}`)
    return c.system === 'csv' ? csvSettingsProblems(c.settings).map((p) => `connections[${i}].${p}`) : []
  })
}

/**
 * A described API's secrets are named by its description, not by the import file, so its
 * connection always reads the keychain (`authKind: none` would open it without its key).
 */
export function withDescribedAuth(c: Connection): Connection {
  return c.system === 'described-api' && c.authKind === 'none' ? { ...c, authKind: 'api-key' } : c
}

/**
 * One `connections[i].settings.description: file: field: why` line per problem in the API
 * description a described connection names, and one per secret the description names that
 * the file's `secrets` leave out (when it gives any: a re-import may rely on the keychain).
 */
export async function describedApiProblems(connections: readonly (Connection & { secrets?: Record<string, string> })[]): Promise<string[]> {
  const problems: string[] = []
  for (const [i, c] of connections.entries()) {
    if (c.system !== 'described-api') continue
    const settings = describedSettingsSchema.safeParse(c.settings)
    if (!settings.success) continue
    const file = settings.data.description
    const reading = await readDescription(file, c.secrets)
    if (!reading.ok) {
      problems.push(...reading.problems.map((p) => `connections[${i}].settings.description: ${path.basename(file)}: ${p}`))
      continue
    }
    if (!c.secrets || Object.keys(c.secrets).length === 0) continue
    for (const s of secretsNamed(reading.description.auth)) {
      if (!c.secrets[s.name]) problems.push(`connections[${i}].secrets.${s.name}: ${path.basename(file)} names the secret "${s.name}" (its ${s.label}); give it here`)
    }
  }
  return problems
}

/** One `syncs[i].mapping[j].left: …` line per mapped column a CSV file that exists does not have. */
export async function mappedColumnProblems(syncs: readonly Sync[], ctx: ImportContext): Promise<string[]> {
  const problems: string[] = []
  for (const [i, sync] of syncs.entries()) {
    for (const side of ['left', 'right'] as const) {
      const connection = ctx.connections.get(sync[side].connectionId)
      const connector = connection && ctx.connectors[connection.system]
      if (!connection || !connector || connection.system !== 'csv' || csvSettingsProblems(connection.settings).length > 0) continue
      const where = `syncs[${i}].${side}`
      let file: string
      try {
        file = fileFor(readCsvSettings(connection), sync[side].object, connection.id)
      } catch (err) {
        if (!(err instanceof PatchbayError)) throw err
        problems.push(`${where}.object: ${err.message}`)
        continue
      }
      if (!(await exists(file))) continue
      let columns: string[]
      try {
        const session = await connector.open({ connection, secrets: {} })
        columns = (await session.object(sync[side].object).fields()).map((f) => f.name)
        await session.close?.()
      } catch (err) {
        if (!(err instanceof PatchbayError)) throw err
        problems.push(`${where}.object: ${err.message}`)
        continue
      }
      // A file with no header yet takes its columns from the first write.
      if (columns.length === 0) continue
      for (const { column, at } of mappedColumns(sync, side)) {
        if (columns.includes(column)) continue
        problems.push(
          `syncs[${i}].${at}: ${path.basename(file)} has no "${column}" column (it has ${columns.map((c) => `"${c}"`).join(', ')}); add the column to the file or map another one`
        )
      }
    }
  }
  return problems
}

/** The columns a sync reads and writes on one side (its fixed values included), with where each is named in the sync. */
function mappedColumns(sync: Sync, side: Side): { column: string; at: string }[] {
  return sync.mapping.flatMap((m, j) => {
    if (m.combine?.side === side) return m.combine.parts.map((column, k) => ({ column, at: `mapping[${j}].combine.parts[${k}]` }))
    const column = m[side]
    return column === undefined ? [] : [{ column, at: `mapping[${j}].${side}` }]
  }).concat((sync.fixed ?? []).flatMap((x, j) => (x.side === side ? [{ column: x.field, at: `fixed[${j}].field` }] : [])))
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file)
    return true
  } catch {
    return false
  }
}
